package dev.floe.controlplane.operation.engine;

import java.util.function.Function;

/**
 * Runs one kind of engine step. It runs inside the transaction that records its outcome, so its database effects
 * and the step's completion commit together; it must be idempotent, because a step whose engine died is run again.
 */
public interface StepHandler {

    /** The step name this handler runs; engines claim only steps they have a handler for. */
    String name();

    StepOutcome execute(StepContext context);

    /** The handler of the steps named {@code name}, running {@code body}. */
    static StepHandler of(String name, Function<StepContext, StepOutcome> body) {
        return new StepHandler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public StepOutcome execute(StepContext context) {
                return body.apply(context);
            }
        };
    }
}
