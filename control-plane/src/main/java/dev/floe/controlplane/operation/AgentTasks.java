package dev.floe.controlplane.operation;

import dev.floe.controlplane.operation.engine.StepHandler;
import dev.floe.controlplane.operation.engine.StepOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Imperative steps the control plane asks the agent to perform (promote a standby, for example). Such a step is an
 * engine step named {@code agent-task:<task>}: while it is the operation's current step, the agent sees it in the
 * desired state's {@code pendingSteps}, and the step completes when the agent reports {@code <task>} SUCCEEDED.
 */
public final class AgentTasks {

    public static final String PREFIX = "agent-task:";

    private AgentTasks() {
    }

    public static StepPlan plan(String task, int maxAttempts, Duration timeout) {
        return new StepPlan(PREFIX + task, maxAttempts, timeout);
    }

    /** The engine handler that waits for the agent's report of {@code task}. */
    public static StepHandler handler(String task, JdbcTemplate jdbc, Duration recheck) {
        return StepHandler.of(PREFIX + task, context -> {
            List<Map<String, Object>> reported = jdbc.queryForList("""
                    SELECT state, message FROM operation_step
                    WHERE operation_id = ? AND kind = 'AGENT' AND name = ?""", context.operationId(), task);
            if (reported.isEmpty()) {
                return StepOutcome.waitFor(recheck, "waiting for the agent to perform " + task);
            }
            String state = (String) reported.get(0).get("state");
            Object message = reported.get(0).get("message");
            return switch (StepState.valueOf(state)) {
                case SUCCEEDED -> StepOutcome.done("agent performed " + task + (message == null ? "" : ": " + message));
                case FAILED -> StepOutcome.retry("agent step " + task + " failed: " + message);
                default -> StepOutcome.waitFor(recheck, "agent is performing " + task);
            };
        });
    }
}
