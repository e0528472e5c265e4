package dev.floe.controlplane.operation.engine;

/**
 * Runs one kind of engine step. It runs inside the transaction that records its outcome, so its database effects
 * and the step's completion commit together; it must be idempotent, because a step whose engine died is run again.
 */
public interface StepHandler {

    /** The step name this handler runs; engines claim only steps they have a handler for. */
    String name();

    StepOutcome execute(StepContext context);
}
