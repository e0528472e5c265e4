package dev.floe.agent.controlplane;

import java.time.Instant;

/** A readable fact about a cluster, Kubernetes-style: type, True/False, a reason word and a sentence. */
public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {

    public static Condition of(String type, boolean status, String reason, String message, Instant now) {
        return new Condition(type, status ? "True" : "False", reason, message, now);
    }
}
