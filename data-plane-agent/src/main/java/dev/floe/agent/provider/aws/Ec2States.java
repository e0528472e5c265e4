package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * Reads the current state of one EBS volume or instance, and waits (bounded) for the changes EC2 makes after a call
 * returns: a boot, an attach or a detach takes seconds on AWS, so every wait polls until a deadline.
 */
final class Ec2States {

    private static final Duration POLL = Duration.ofMillis(500);

    private final Ec2Client ec2;

    Ec2States(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The volume as EC2 sees it now; a missing one fails with {@code VolumeNotFound} (see {@link AwsErrors}). */
    Volume volume(String volumeId) {
        return AwsErrors.call("DescribeVolumes", () -> ec2.describeVolumes(r -> r.volumeIds(volumeId))).volumes()
                .get(0);
    }

    /** The instance as EC2 sees it now; a missing one fails with {@code InstanceNotFound}. */
    Instance instance(String instanceId) {
        return AwsErrors.call("DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(instanceId)))
                .reservations().get(0).instances().get(0);
    }

    /** The attachment a volume has in any state short of detached: attaching, attached, busy or detaching. */
    static Optional<VolumeAttachment> currentAttachment(Volume volume) {
        return volume.attachments().stream().filter(a -> a.state() != VolumeAttachmentState.DETACHED).findFirst();
    }

    /** A fresh instance may be unknown to DescribeInstances for a moment (EC2 is eventually consistent). */
    void awaitRunning(String instanceId, Duration timeout) {
        Optional<Instance> running = await(timeout, () -> visibleInstance(instanceId), found -> found.map(i -> {
            InstanceStateName state = i.state().name();
            if (state != InstanceStateName.RUNNING && state != InstanceStateName.PENDING) {
                throw new ProviderException("InstanceGone", "instance " + instanceId + " is " + state
                        + " before its WAL volume could be attached", true, null);
            }
            return state == InstanceStateName.RUNNING;
        }).orElse(false));
        if (running == null) {
            throw new ProviderException("NotReadyYet", "instance " + instanceId + " still pending after "
                    + timeout.toSeconds() + " s", true, null);
        }
    }

    private Optional<Instance> visibleInstance(String instanceId) {
        try {
            return Optional.of(instance(instanceId));
        } catch (ProviderException e) {
            if ("InstanceNotFound".equals(e.reason())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    void awaitAvailable(String volumeId, Duration timeout) {
        if (await(timeout, () -> volume(volumeId), v -> v.state() == VolumeState.AVAILABLE) == null) {
            throw new ProviderException("VolumeDetachTimedOut", "volume " + volumeId + " is still "
                    + describe(volume(volumeId)) + " " + timeout.toSeconds() + " s after it was detached; "
                    + "trying again later", true, null);
        }
    }

    void awaitAttached(String volumeId, String instanceId, Duration timeout) {
        Predicate<Volume> attached = v -> currentAttachment(v)
                .filter(a -> instanceId.equals(a.instanceId()) && a.state() == VolumeAttachmentState.ATTACHED)
                .isPresent();
        if (await(timeout, () -> volume(volumeId), attached) == null) {
            throw new ProviderException("VolumeAttachTimedOut", "volume " + volumeId + " is still "
                    + describe(volume(volumeId)) + " " + timeout.toSeconds() + " s after it was attached to "
                    + instanceId + "; trying again later", true, null);
        }
    }

    /** For messages: "available", or "in-use (detaching, instance i-…, /dev/sdf)". */
    static String describe(Volume volume) {
        return volume.stateAsString() + currentAttachment(volume)
                .map(a -> " (" + a.stateAsString() + ", instance " + a.instanceId() + ", " + a.device() + ")")
                .orElse("");
    }

    /** Polls until {@code done} holds and returns that state, or null once {@code timeout} passed. */
    private static <T> T await(Duration timeout, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T state = probe.get();
            if (done.test(state)) {
                return state;
            }
            if (!Instant.now().isBefore(deadline)) {
                return null;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("Interrupted", "interrupted while waiting on EC2", true, e);
            }
        }
    }
}
