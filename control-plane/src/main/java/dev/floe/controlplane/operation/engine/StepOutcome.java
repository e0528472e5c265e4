package dev.floe.controlplane.operation.engine;

import java.time.Duration;

/** What became of one execution of a step. */
public sealed interface StepOutcome {

    /** The step is done; the operation moves on. */
    record Done(String message) implements StepOutcome {
    }

    /** Nothing wrong, the awaited condition does not hold yet: check again later (not a failed attempt). */
    record Wait(Duration recheckAfter, String message) implements StepOutcome {
    }

    /** This attempt failed; try again after a backoff unless the attempts are used up. */
    record Retry(String reason) implements StepOutcome {
    }

    /** The step cannot succeed; the operation fails now. */
    record Fail(String reason) implements StepOutcome {
    }

    static StepOutcome done(String message) {
        return new Done(message);
    }

    static StepOutcome waitFor(Duration recheckAfter, String message) {
        return new Wait(recheckAfter, message);
    }

    static StepOutcome retry(String reason) {
        return new Retry(reason);
    }

    static StepOutcome fail(String reason) {
        return new Fail(reason);
    }
}
