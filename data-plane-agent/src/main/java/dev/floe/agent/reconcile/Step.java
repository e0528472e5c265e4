package dev.floe.agent.reconcile;

/** One small idempotent piece of reconciliation. Running it again after a crash must do nothing harmful. */
public interface Step {

    /** The name reported in operation step events, e.g. {@code ensureBucket}. */
    String name();

    /** Brings one aspect of the world in line with the plan; returns a sentence for the step event. */
    String apply(ReconcileContext context);
}
