package dev.floe.agent.failover;

import dev.floe.agent.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the agent does after a failed attempt at a requested WAL move (docs/failover.md): give up on a move that cannot
 * succeed, so the dead broker can be restarted on its own volume instead of waiting for it forever, or try again after
 * a back-off that doubles from 1 s to 30 s. Without the back-off a move that keeps failing would cost several cloud
 * calls a second, and EC2 throttles such describe storms for the whole account, slowing every other move too. Attempts
 * are counted per move and target: a move the controller retargets starts afresh.
 */
public final class MoveAttempts {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    /**
     * EC2 is eventually consistent, so a volume may be unknown for a few seconds after it was created; but a WAL volume
     * is as old as its broker, so one still missing after this many attempts (about 15 s) was deleted.
     */
    static final int VOLUME_NOT_FOUND_ATTEMPTS = 5;

    /** After a failed attempt: how many attempts failed so far, and whether to give up or when to try again. */
    public record Outcome(int failures, boolean giveUp, Duration retryIn) {
    }

    private record Key(String clusterId, long moveId, int targetNode) {
        static Key of(String clusterId, WalMoveRequests.Request r) {
            return new Key(clusterId, r.moveId(), r.targetNode());
        }
    }

    private record Failures(int count, Instant retryAt) {
    }

    private final Clock clock;
    private final Map<Key, Failures> failures = new ConcurrentHashMap<>();

    public MoveAttempts(Clock clock) {
        this.clock = clock;
    }

    /**
     * Whether a failure ends the move. Permanent: every {@link ProviderException} the provider marks not retryable,
     * since only a person changing something could make that attempt work — {@code VolumeInOtherZone} (an EBS volume
     * never attaches in another zone, and the controller chose that target because no broker of the volume's zone
     * served), {@code AccessDenied} (the agent's IAM policy), an {@code AwsApiError} EC2 answered with a client error
     * (the same request is refused the same way again); and {@code VolumeNotFound} once it persisted (see
     * {@link #VOLUME_NOT_FOUND_ATTEMPTS}). Everything else passes: the target not running or gone (the controller
     * retargets a move whose target stops serving), throttling, timeouts of a slow detach or attach, no free device
     * name (recovery volumes leave as their brokers are replaced), errors reaching the cloud.
     */
    static boolean permanent(RuntimeException failure, int failures) {
        if (!(failure instanceof ProviderException e)) {
            return false;
        }
        if (!e.retryable()) {
            return true;
        }
        return "VolumeNotFound".equals(e.reason()) && failures >= VOLUME_NOT_FOUND_ATTEMPTS;
    }

    /** Whether the move may be attempted now: never failed, or its back-off has passed. */
    public boolean due(String clusterId, WalMoveRequests.Request request) {
        Failures f = failures.get(Key.of(clusterId, request));
        return f == null || !clock.instant().isBefore(f.retryAt());
    }

    public Outcome failed(String clusterId, WalMoveRequests.Request request, RuntimeException failure) {
        Key key = Key.of(clusterId, request);
        int count = failures.getOrDefault(key, new Failures(0, null)).count() + 1;
        if (permanent(failure, count)) {
            failures.remove(key);
            return new Outcome(count, true, Duration.ZERO);
        }
        Duration delay = delay(count);
        failures.put(key, new Failures(count, clock.instant().plus(delay)));
        return new Outcome(count, false, delay);
    }

    public void succeeded(String clusterId, WalMoveRequests.Request request) {
        failures.remove(Key.of(clusterId, request));
    }

    /** Forgets the moves of the cluster that are no longer requested (attached, failed, or retargeted). */
    public void retainOnly(String clusterId, Collection<WalMoveRequests.Request> requested) {
        Set<Key> open = requested.stream().map(r -> Key.of(clusterId, r)).collect(Collectors.toSet());
        failures.keySet().removeIf(k -> k.clusterId().equals(clusterId) && !open.contains(k));
    }

    /** Forgets every move of the cluster (it is no longer followed). */
    public void forget(String clusterId) {
        failures.keySet().removeIf(k -> k.clusterId().equals(clusterId));
    }

    private static Duration delay(int failures) {
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(failures - 1, 10));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
