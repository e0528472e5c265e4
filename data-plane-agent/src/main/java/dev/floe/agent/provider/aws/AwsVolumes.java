package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.ProviderException;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.VolumeSpec;
import dev.floe.agent.provider.WalVolumes;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** WAL volumes as encrypted EBS volumes in the broker's availability zone, attached as {@code /dev/sdf}. */
final class AwsVolumes implements WalVolumes {

    static final String DEVICE = "/dev/sdf";
    private static final Duration DETACH_WAIT = Duration.ofSeconds(120); // also bounds the wait for a running instance

    private final Ec2Client ec2;
    private final AwsSubnets subnets;

    AwsVolumes(Ec2Client ec2, AwsSubnets subnets) {
        this.ec2 = ec2;
        this.subnets = subnets;
    }

    @Override
    public List<Volume> list(String clusterId) {
        return AwsErrors.call("DescribeVolumes", () -> ec2.describeVolumesPaginator(r -> r.filters(
                        AwsTags.cluster(clusterId),
                        Filter.builder().name("status").values("creating", "available", "in-use").build()))
                .volumes().stream()
                .map(v -> toVolume(clusterId, v))
                .sorted(Comparator.comparingInt(Volume::nodeId))
                .toList());
    }

    @Override
    public Volume create(VolumeSpec spec) {
        String zone = subnets.availabilityZone(spec.subnetId());
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        tags.put(AwsTags.ZONE, spec.zone());
        var created = AwsErrors.call("CreateVolume", () -> ec2.createVolume(r -> r
                .availabilityZone(zone)
                .size(spec.sizeGiB())
                .volumeType(VolumeType.fromValue(spec.type()))
                .encrypted(true)
                .tagSpecifications(AwsTags.spec(ResourceType.VOLUME, tags))));
        return new Volume(created.volumeId(), spec.name(), spec.clusterId(), spec.nodeId(), spec.zone(), null,
                created.volumeId());
    }

    @Override
    public Volume attach(Volume volume, BrokerInstance instance) {
        // EC2 refuses to attach to a pending instance; a fresh broker is pending for a few seconds.
        awaitRunning(instance.instanceId());
        AwsErrors.run("AttachVolume", () -> ec2.attachVolume(r -> r.volumeId(volume.id())
                .instanceId(instance.instanceId()).device(DEVICE)));
        return withAttachment(volume, instance.instanceId());
    }

    @Override
    public Volume detach(Volume volume, boolean force) {
        AwsErrors.run("DetachVolume", () -> ec2.detachVolume(r -> r.volumeId(volume.id()).force(force)));
        awaitAvailable(volume.id());
        return withAttachment(volume, null);
    }

    /**
     * The EC2 half (force-detach from the dead instance, attach to the target) fits this method, but the target
     * instance does not mount a second WAL volume yet, so the move is refused with a reason instead of half done.
     */
    @Override
    public RecoveryAttachment attachForRecovery(Volume volume, BrokerInstance target) {
        throw new ProviderException("Unsupported", "WAL volume moves are not implemented for the aws provider yet",
                false, null);
    }

    @Override
    public void delete(Volume volume) {
        try {
            AwsErrors.run("DeleteVolume", () -> ec2.deleteVolume(r -> r.volumeId(volume.id())));
        } catch (ProviderException e) {
            if (!(e.getCause() instanceof software.amazon.awssdk.core.exception.SdkException sdk)
                    || !"InvalidVolume.NotFound".equals(AwsErrors.code(sdk))) {
                throw e;
            }
        }
    }

    private void awaitRunning(String instanceId) {
        Instant deadline = Instant.now().plus(DETACH_WAIT);
        while (Instant.now().isBefore(deadline)) {
            var state = AwsErrors.call("DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(instanceId)))
                    .reservations().stream().flatMap(r -> r.instances().stream())
                    .map(i -> i.state().name()).findFirst().orElse(null);
            if (state == InstanceStateName.RUNNING) {
                return;
            }
            if (state != InstanceStateName.PENDING) {
                throw new ProviderException("InstanceGone", "instance " + instanceId + " is " + state
                        + " before its WAL volume could be attached", true, null);
            }
            sleep();
        }
        throw new ProviderException("NotReadyYet", "instance " + instanceId + " still pending after "
                + DETACH_WAIT.toSeconds() + " s", true, null);
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted", "interrupted while waiting on EC2", true, e);
        }
    }

    private void awaitAvailable(String volumeId) {
        Instant deadline = Instant.now().plus(DETACH_WAIT);
        while (Instant.now().isBefore(deadline)) {
            var volumes = AwsErrors.call("DescribeVolumes", () -> ec2.describeVolumes(r -> r.volumeIds(volumeId)))
                    .volumes();
            if (volumes.isEmpty() || volumes.get(0).state() == VolumeState.AVAILABLE) {
                return;
            }
            sleep();
        }
        throw new ProviderException("NotReadyYet", "volume " + volumeId + " still attached after "
                + DETACH_WAIT.toSeconds() + " s", true, null);
    }

    private static Volume toVolume(String clusterId, software.amazon.awssdk.services.ec2.model.Volume v) {
        String node = AwsTags.value(v.tags(), AwsTags.NODE_ID);
        String attachedTo = v.attachments().stream()
                .filter(a -> a.state() == VolumeAttachmentState.ATTACHED || a.state() == VolumeAttachmentState.ATTACHING)
                .map(a -> a.instanceId()).findFirst().orElse(null);
        return new Volume(v.volumeId(), AwsTags.value(v.tags(), "Name"), clusterId,
                node == null ? 0 : Integer.parseInt(node), AwsTags.value(v.tags(), AwsTags.ZONE), attachedTo,
                v.volumeId());
    }

    private static Volume withAttachment(Volume v, String instanceId) {
        return new Volume(v.id(), v.name(), v.clusterId(), v.nodeId(), v.zone(), instanceId, v.location());
    }
}
