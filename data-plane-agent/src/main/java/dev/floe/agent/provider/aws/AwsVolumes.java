package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.ProviderException;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.VolumeSpec;
import dev.floe.agent.provider.WalVolumes;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * WAL volumes as encrypted EBS volumes in the broker's availability zone, attached as {@code /dev/sdf}; on failover a
 * dead broker's volume is attached to a healthy broker in the same zone for recovery (docs/failover.md).
 */
final class AwsVolumes implements WalVolumes {

    private static final Duration BOOT_WAIT = Duration.ofSeconds(120);
    private static final Duration DETACH_WAIT = Duration.ofSeconds(120);
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(60);

    private final Ec2Client ec2;
    private final AwsSubnets subnets;
    private final Ec2States states;

    AwsVolumes(Ec2Client ec2, AwsSubnets subnets, Ec2States states) {
        this.ec2 = ec2;
        this.subnets = subnets;
        this.states = states;
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
        states.awaitRunning(instance.instanceId(), BOOT_WAIT);
        AwsErrors.run("AttachVolume", () -> ec2.attachVolume(r -> r.volumeId(volume.id())
                .instanceId(instance.instanceId()).device(EbsDeviceNames.OWN_WAL)));
        return withAttachment(volume, instance.instanceId());
    }

    /**
     * Detaches the volume from whichever instance holds it now (a {@link Volume} read before a failover names the
     * instance it left), and does nothing to a volume already detached, so a step that runs again after a crash does
     * not trip over EC2's {@code IncorrectState}.
     */
    @Override
    public Volume detach(Volume volume, boolean force) {
        Ec2States.currentAttachment(states.volume(volume.id()))
                .filter(a -> force || a.state() != VolumeAttachmentState.DETACHING)
                .ifPresent(a -> detach(volume.id(), a, force));
        states.awaitAvailable(volume.id(), DETACH_WAIT);
        return withAttachment(volume, null);
    }

    /**
     * Force-detaches the volume from the dead broker's instance and attaches it to the target's at a device name the
     * target does not use; its user data mounts it at {@link UserData#recoveryWalDir} (never formatting it). EBS
     * volumes are zonal, so a target in another availability zone is refused before anything moves.
     */
    @Override
    public RecoveryAttachment attachForRecovery(Volume volume, BrokerInstance target) {
        var ebs = states.volume(volume.id());
        Instance instance = states.instance(target.instanceId());
        String volumeZone = ebs.availabilityZone();
        String targetZone = instance.placement().availabilityZone();
        if (!volumeZone.equals(targetZone)) {
            throw new ProviderException("VolumeInOtherZone", "EBS volumes are zonal: WAL volume " + volume.id()
                    + " of node " + volume.nodeId() + " is in " + volumeZone + " but the target instance "
                    + target.instanceId() + " (node " + target.nodeId() + ") is in " + targetZone
                    + "; only a broker in " + volumeZone + " can recover it", false, null);
        }
        if (instance.state().name() != InstanceStateName.RUNNING) {
            throw new ProviderException("TargetNotRunning", "target instance " + target.instanceId() + " (node "
                    + target.nodeId() + ") is " + instance.state().nameAsString(), true, null);
        }
        RecoveryAttachment attachment = new RecoveryAttachment(withAttachment(volume, target.instanceId()),
                UserData.recoveryWalDir(volume.id()));
        var current = Ec2States.currentAttachment(ebs);
        if (current.filter(a -> target.instanceId().equals(a.instanceId())
                && a.state() != VolumeAttachmentState.DETACHING).isPresent()) {
            states.awaitAttached(volume.id(), target.instanceId(), ATTACH_WAIT); // a repeated call: already there
            return attachment;
        }
        if (current.isPresent()) {
            // Whoever holds it (the dead instance, or the earlier target of a retargeted move) must let go, and a
            // dead instance can neither unmount nor flush: only a forced detach is sure to work.
            detach(volume.id(), current.get(), true);
            states.awaitAvailable(volume.id(), DETACH_WAIT);
        }
        List<String> inUse = instance.blockDeviceMappings().stream().map(m -> m.deviceName()).toList();
        String device = EbsDeviceNames.freeRecoveryDevice(inUse).orElseThrow(() -> new ProviderException(
                "NoFreeDeviceName", "target instance " + target.instanceId() + " uses every device name from "
                + "/dev/sdg to /dev/sdz: " + inUse, true, null));
        AwsErrors.run("AttachVolume", () -> ec2.attachVolume(r -> r.volumeId(volume.id())
                .instanceId(target.instanceId()).device(device)));
        states.awaitAttached(volume.id(), target.instanceId(), ATTACH_WAIT);
        return attachment;
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

    /** Names the instance and device it leaves, as EC2 expects them (and moto requires them). */
    private void detach(String volumeId, VolumeAttachment from, boolean force) {
        AwsErrors.run("DetachVolume", () -> ec2.detachVolume(r -> r.volumeId(volumeId)
                .instanceId(from.instanceId()).device(from.device()).force(force)));
    }

    private static Volume toVolume(String clusterId, software.amazon.awssdk.services.ec2.model.Volume v) {
        String node = AwsTags.value(v.tags(), AwsTags.NODE_ID);
        // A volume still detaching (or busy) is not free yet: it counts as attached to that instance.
        String attachedTo = Ec2States.currentAttachment(v).map(VolumeAttachment::instanceId).orElse(null);
        return new Volume(v.volumeId(), AwsTags.value(v.tags(), "Name"), clusterId,
                node == null ? 0 : Integer.parseInt(node), AwsTags.value(v.tags(), AwsTags.ZONE), attachedTo,
                v.volumeId());
    }

    private static Volume withAttachment(Volume v, String instanceId) {
        return new Volume(v.id(), v.name(), v.clusterId(), v.nodeId(), v.zone(), instanceId, v.location());
    }
}
