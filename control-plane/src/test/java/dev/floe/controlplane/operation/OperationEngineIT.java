package dev.floe.controlplane.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.operation.engine.EngineProperties;
import dev.floe.controlplane.operation.engine.OperationEngine;
import dev.floe.controlplane.operation.engine.StepContext;
import dev.floe.controlplane.operation.engine.StepHandler;
import dev.floe.controlplane.operation.engine.StepOutcome;
import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine on the real database, with engines made here next to the service's own. Step names are unique to
 * each test, so the service's engine (which has no handler for them) never touches these operations.
 */
class OperationEngineIT extends ControlPlaneIT {

    @Autowired
    Operations operations;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void anOperationInterruptedMidStepByACrashIsResumedByTheNextEngineAndFinishes() throws Exception {
        String slow = unique("slow");
        String after = unique("after");
        CountDownLatch entered = new CountDownLatch(1);
        Map<String, AtomicInteger> completedBy = new ConcurrentHashMap<>();
        UUID operation = start(List.of(slow, after));

        OperationEngine first = engine("first", Duration.ofSeconds(1), handler(slow, context -> {
            entered.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(10)); // ends only by the crash
            } catch (InterruptedException e) {
                throw new IllegalStateException("crashed", e);
            }
            return StepOutcome.done("never");
        }));
        first.start();
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        first.close(); // the crash: the handler's transaction rolls back, the lease is left to expire
        assertThat(stepRow(operation, slow)).containsEntry("state", "RUNNING")
                .containsEntry("lease_owner", first.instanceId());

        OperationEngine restarted = engine("restarted", Duration.ofSeconds(1),
                handler(slow, context -> {
                    completedBy.computeIfAbsent(slow, k -> new AtomicInteger()).incrementAndGet();
                    return StepOutcome.done("resumed after " + context.attempts() + " lost attempt(s)");
                }),
                handler(after, context -> {
                    completedBy.computeIfAbsent(after, k -> new AtomicInteger()).incrementAndGet();
                    return StepOutcome.done("after");
                }));
        try {
            restarted.start();
            awaitState(operation, "SUCCEEDED");
        } finally {
            restarted.close();
        }

        assertThat(completedBy.get(slow).get()).isEqualTo(1);
        assertThat(completedBy.get(after).get()).isEqualTo(1);
        assertThat(stepRow(operation, slow)).containsEntry("state", "SUCCEEDED").containsEntry("attempts", 1)
                .containsEntry("message", "resumed after 1 lost attempt(s)");
    }

    @Test
    void twoEnginesOnOneDatabaseNeverRunTheSameStepTwice() throws Exception {
        String[] names = {unique("one"), unique("two"), unique("three")};
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, String> ranOn = new ConcurrentHashMap<>();
        List<UUID> started = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            started.add(start(List.of(names)));
        }
        Function<String, StepHandler[]> counting = engineName -> java.util.Arrays.stream(names)
                .map(name -> handler(name, context -> {
                    runs.computeIfAbsent(context.stepId().toString(), k -> new AtomicInteger()).incrementAndGet();
                    ranOn.put(context.stepId().toString(), engineName);
                    Fixtures.sleep(5);
                    return StepOutcome.done("ok");
                })).toArray(StepHandler[]::new);
        OperationEngine a = engine("a", Duration.ofSeconds(30), counting.apply("a"));
        OperationEngine b = engine("b", Duration.ofSeconds(30), counting.apply("b"));
        try {
            a.start();
            b.start();
            for (UUID operation : started) {
                awaitState(operation, "SUCCEEDED");
            }
        } finally {
            a.close();
            b.close();
        }

        assertThat(runs).hasSize(30 * names.length);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }

    @Test
    void aFailingStepIsRetriedWithBackoffAndThenFailsTheOperationWithTheReason() {
        String flaky = unique("flaky");
        AtomicInteger calls = new AtomicInteger();
        UUID operation = start(List.of(flaky));
        OperationEngine engine = engine("retry", Duration.ofSeconds(30), handler(flaky, context -> {
            calls.incrementAndGet();
            return StepOutcome.retry("the cloud said no (" + context.attempts() + ")");
        }));
        try {
            engine.start();
            awaitState(operation, "FAILED");
        } finally {
            engine.close();
        }

        assertThat(calls.get()).isEqualTo(3);
        Map<String, Object> row = jdbc.queryForMap("SELECT error FROM operation WHERE id = ?", operation);
        assertThat((String) row.get("error")).isEqualTo("step " + flaky
                + " failed: gave up after 3 attempts: the cloud said no (2)");
    }

    @Test
    void aStepThatOutlivesItsTimeoutFailsTheOperation() {
        String waiting = unique("waiting");
        UUID operation = start(List.of(waiting), Duration.ofSeconds(1));
        OperationEngine engine = engine("timeout", Duration.ofSeconds(30), handler(waiting,
                context -> StepOutcome.waitFor(Duration.ofMillis(200), "still waiting")));
        try {
            engine.start();
            awaitState(operation, "FAILED");
        } finally {
            engine.close();
        }
        assertThat(jdbc.queryForObject("SELECT error FROM operation WHERE id = ?", String.class, operation))
                .isEqualTo("step " + waiting + " failed: did not finish within PT1S");
    }

    private UUID start(List<String> steps) {
        return start(steps, Duration.ofMinutes(5));
    }

    private UUID start(List<String> steps, Duration timeout) {
        return transactions.execute(status -> operations.start(OperationType.CREATE_CLUSTER, "engine-test", UUID.randomUUID(), null,
                null, steps.stream().map(name -> new StepPlan(name, 3, timeout)).toList()).id());
    }

    private OperationEngine engine(String name, Duration lease, StepHandler... handlers) {
        EngineProperties properties = new EngineProperties(true, Duration.ofMillis(50), 4, lease,
                Duration.ofMillis(100), Duration.ofMillis(400));
        return new OperationEngine(name + "-" + UUID.randomUUID().toString().substring(0, 4), jdbc, transactions,
                List.of(handlers), properties);
    }

    private static StepHandler handler(String name, Function<StepContext, StepOutcome> body) {
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

    private Map<String, Object> stepRow(UUID operation, String step) {
        return jdbc.queryForMap("SELECT state, lease_owner, attempts, message FROM operation_step "
                + "WHERE operation_id = ? AND name = ?", operation, step);
    }

    private void awaitState(UUID operation, String state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String current = null;
        while (System.nanoTime() < deadline) {
            current = jdbc.queryForObject("SELECT state FROM operation WHERE id = ?", String.class, operation);
            if (state.equals(current)) {
                return;
            }
            Fixtures.sleep(50);
        }
        throw new AssertionError("operation " + operation + " is " + current + ", expected " + state);
    }
}
