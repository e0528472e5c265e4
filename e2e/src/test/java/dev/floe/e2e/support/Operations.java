package dev.floe.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/** Follows the control plane's operations and cluster status the way a user would, printing progress. */
public final class Operations {

    private static final Duration LIMIT = Duration.ofMinutes(4);
    private final Api api;
    private final Agent agent;

    public Operations(Api api, Agent agent) {
        this.api = api;
        this.agent = agent;
    }

    /** Follows an operation until it ends, printing its steps as they appear; it must succeed. */
    public JsonNode awaitSucceeded(String operationId) {
        Instant deadline = Instant.now().plus(LIMIT);
        Set<String> printed = new HashSet<>();
        while (Instant.now().isBefore(deadline)) {
            JsonNode operation = api.get("/api/v1/operations/" + operationId);
            for (JsonNode step : operation.path("steps")) {
                String line = operation.get("type").asText() + " " + step.path("name").asText() + " "
                        + step.path("state").asText();
                if (printed.add(line)) {
                    System.out.println(line);
                }
            }
            String state = operation.get("state").asText();
            if (state.equals("SUCCEEDED")) {
                return operation;
            }
            assertThat(state).as("operation %s: %s\n%s", operationId, operation, agent.logTail())
                    .isIn("PENDING", "RUNNING");
            sleep(500);
        }
        throw new AssertionError("operation " + operationId + " did not finish within " + LIMIT + "\n"
                + api.get("/api/v1/operations/" + operationId) + "\n" + agent.logTail());
    }

    /** Waits for phase RUNNING with exactly {@code brokers} brokers up; returns the bootstrap servers. */
    public String awaitRunningWith(String clusterId, int brokers) {
        Instant deadline = Instant.now().plus(LIMIT);
        JsonNode cluster = null;
        while (Instant.now().isBefore(deadline)) {
            cluster = api.get("/api/v1/clusters/" + clusterId);
            JsonNode status = cluster.path("status");
            long up = 0;
            for (JsonNode broker : status.path("brokers")) {
                up += "UP".equals(broker.path("state").asText()) ? 1 : 0;
            }
            if ("RUNNING".equals(status.path("phase").asText()) && up == brokers
                    && status.path("brokers").size() == brokers) {
                return status.get("bootstrapServers").asText();
            }
            sleep(500);
        }
        throw new AssertionError("cluster not RUNNING with " + brokers + " brokers: " + cluster + "\n" + agent.logTail());
    }

    /** Waits until {@code condition} holds. */
    public void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what + "\n" + agent.logTail());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
