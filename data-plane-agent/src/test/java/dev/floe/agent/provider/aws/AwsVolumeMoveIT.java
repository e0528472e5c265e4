package dev.floe.agent.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.ProviderException;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.WalVolumes;
import dev.floe.agent.provider.WalVolumes.RecoveryAttachment;
import dev.floe.agent.reconcile.ClusterLocks;
import dev.floe.agent.reconcile.ClusterRecords;
import dev.floe.agent.reconcile.ProvisionCluster;
import dev.floe.agent.reconcile.ReconcileContext;
import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.RecordingSink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;

/**
 * Crash failover's WAL volume move on the aws provider, against moto: a dead broker's EBS volume goes to a healthy
 * broker in its availability zone and, once recovered, on to the dead broker's replacement. moto completes attaches
 * and detaches at once, so these tests show which EC2 calls are made and in what order, not the waiting that real
 * AWS needs (the provider polls until each change is done, with a deadline).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsVolumeMoveIT {

    @TempDir
    static Path dir;
    private MotoCloud cloud;
    private WalVolumes volumes;
    private ProvisionCluster provision;

    @BeforeAll
    void start() throws Exception {
        cloud = MotoCloud.start(dir);
        volumes = cloud.provider.volumes();
        ClusterRecords records = new ClusterRecords(new StateDirectory(dir.resolve("state")));
        provision = new ProvisionCluster(new ClusterLocks(), records, new RecordingSink(), MotoCloud.NO_BROKER_SOFTWARE,
                new JdbcCatalogObservations(), Duration.ZERO, Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        cloud.close();
    }

    @Test
    void movesADeadBrokersVolumeToAHealthyBrokerInItsZone() {
        String cluster = "a0000000-0000-4000-8000-000000000001";
        reconcile(cluster, 3);
        BrokerInstance dead = instance(cluster, 1);
        BrokerInstance target = instance(cluster, 3); // zone-a, like node 1
        Volume wal = volume(cluster, 1);
        die(dead);

        RecoveryAttachment attached = volumes.attachForRecovery(wal, target);

        assertThat(attached.walPath()).isEqualTo("/var/lib/floe/recovery/" + wal.id());
        assertThat(attached.volume().attachedTo()).isEqualTo(target.instanceId());
        assertThat(attachment(wal)).satisfies(a -> {
            assertThat(a.instanceId()).isEqualTo(target.instanceId());
            assertThat(a.device()).isEqualTo("/dev/sdg");
            assertThat(a.state()).isEqualTo(VolumeAttachmentState.ATTACHED);
        });
        assertThat(devices(dead)).doesNotContainValue(wal.id());
        assertThat(devices(target)).containsEntry("/dev/sdf", volume(cluster, 3).id())
                .containsEntry("/dev/sdg", wal.id());
    }

    @Test
    void movingAVolumeAlreadyOnTheTargetAgainChangesNothing() {
        String cluster = "a0000000-0000-4000-8000-000000000002";
        reconcile(cluster, 3);
        BrokerInstance dead = instance(cluster, 1);
        BrokerInstance target = instance(cluster, 3);
        Volume wal = volume(cluster, 1);
        die(dead);
        RecoveryAttachment first = volumes.attachForRecovery(wal, target);
        VolumeAttachment before = attachment(wal);

        // The watcher may call again after a crash, with the volume as it saw it before the move.
        RecoveryAttachment again = volumes.attachForRecovery(wal, target);

        assertThat(again).isEqualTo(first);
        assertThat(attachment(wal)).isEqualTo(before); // the same attachment: same device, same attach time
    }

    @Test
    void eachRecoveryVolumeOnOneTargetGetsADeviceOfItsOwn() {
        String cluster = "a0000000-0000-4000-8000-000000000003";
        reconcile(cluster, 5); // zone-a: nodes 1, 3, 5
        BrokerInstance target = instance(cluster, 3);
        die(instance(cluster, 1));
        die(instance(cluster, 5));

        volumes.attachForRecovery(volume(cluster, 1), target);
        volumes.attachForRecovery(volume(cluster, 5), target);

        assertThat(devices(target)).containsEntry("/dev/sdf", volume(cluster, 3).id())
                .containsEntry("/dev/sdg", volume(cluster, 1).id())
                .containsEntry("/dev/sdh", volume(cluster, 5).id());
    }

    @Test
    void refusesATargetInAnotherZoneAndLeavesTheVolumeWhereItWas() {
        String cluster = "a0000000-0000-4000-8000-000000000004";
        reconcile(cluster, 3);
        BrokerInstance dead = instance(cluster, 1);
        BrokerInstance otherZone = instance(cluster, 2); // zone-b
        Volume wal = volume(cluster, 1);
        die(dead);

        assertThatThrownBy(() -> volumes.attachForRecovery(wal, otherZone))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo("VolumeInOtherZone");
                    assertThat(e.getMessage()).contains("EBS volumes are zonal", wal.id(), otherZone.instanceId(),
                            availabilityZone("zone-a"), availabilityZone("zone-b"));
                });
        assertThat(attachment(wal)).satisfies(a -> {
            assertThat(a.instanceId()).isEqualTo(dead.instanceId());
            assertThat(a.device()).isEqualTo("/dev/sdf");
        });
    }

    @Test
    void aMissingVolumeOrTargetInstanceIsNamedInTheError() {
        String cluster = "a0000000-0000-4000-8000-000000000005";
        reconcile(cluster, 3);
        BrokerInstance target = instance(cluster, 3);
        Volume wal = volume(cluster, 1);
        Volume missingVolume = new Volume("vol-0000000000000dead", "floe-gone-wal-9", cluster, 9, "zone-a", null,
                "vol-0000000000000dead");
        BrokerInstance missingTarget = new BrokerInstance("i-0000000000000dead", cluster, 3, "zone-a", "10.0.0.9",
                9092, BrokerInstance.State.RUNNING, "instance running", "i-0000000000000dead");

        assertThatThrownBy(() -> volumes.attachForRecovery(missingVolume, target))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo("VolumeNotFound");
                    assertThat(e.getMessage()).contains("vol-0000000000000dead");
                });
        assertThatThrownBy(() -> volumes.attachForRecovery(wal, missingTarget))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo("InstanceNotFound");
                    assertThat(e.getMessage()).contains("i-0000000000000dead");
                });
        assertThat(attachment(wal).instanceId()).isEqualTo(instance(cluster, 1).instanceId());
    }

    @Test
    void theDeadBrokersReplacementTakesItsRecoveredVolumeFromTheRecoveringBroker() {
        String cluster = "a0000000-0000-4000-8000-000000000006";
        reconcile(cluster, 3);
        BrokerInstance dead = instance(cluster, 1);
        BrokerInstance recovering = instance(cluster, 3);
        Volume wal = volume(cluster, 1);
        die(dead);
        volumes.attachForRecovery(wal, recovering);

        // No broker runs on moto, so the catalog has none of the broker's tables and EnsureBrokers may relaunch node 1
        // at once (when it may is RelaunchPolicyTest's business): it detaches the volume from the recovering broker.
        ClusterStatus status = reconcile(cluster, 3);

        assertThat(status.conditions()).anySatisfy(c -> {
            assertThat(c.type()).isEqualTo("Reconciled");
            assertThat(c.status()).isEqualTo("True");
        });
        BrokerInstance replacement = instance(cluster, 1);
        assertThat(replacement.instanceId()).isNotEqualTo(dead.instanceId());
        assertThat(attachment(wal)).satisfies(a -> {
            assertThat(a.instanceId()).isEqualTo(replacement.instanceId());
            assertThat(a.device()).isEqualTo("/dev/sdf");
        });
        assertThat(devices(recovering)).doesNotContainValue(wal.id())
                .containsEntry("/dev/sdf", volume(cluster, 3).id());
        assertThat(cloud.ec2.describeInstances(r -> r.instanceIds(dead.instanceId())).reservations().get(0)
                .instances().get(0).state().name()).isEqualTo(InstanceStateName.TERMINATED);
    }

    private ClusterStatus reconcile(String cluster, int brokers) {
        return provision.reconcile(new ReconcileContext(cloud.environment, MotoCloud.cluster(cluster, 1, brokers),
                cloud.provider));
    }

    /** The instance stops without letting go of its WAL volume, as a failed machine does. */
    private void die(BrokerInstance instance) {
        cloud.ec2.stopInstances(r -> r.instanceIds(instance.instanceId()).force(true));
    }

    private BrokerInstance instance(String cluster, int node) {
        return cloud.provider.instances().describe(cluster).stream().filter(i -> i.nodeId() == node).findFirst()
                .orElseThrow();
    }

    private Volume volume(String cluster, int node) {
        return volumes.list(cluster).stream().filter(v -> v.nodeId() == node).findFirst().orElseThrow();
    }

    /** The volume's one attachment, as EC2 reports it. */
    private VolumeAttachment attachment(Volume volume) {
        var attachments = cloud.ec2.describeVolumes(r -> r.volumeIds(volume.id())).volumes().get(0).attachments();
        assertThat(attachments).hasSize(1);
        return attachments.get(0);
    }

    /** Device name → volume id of the instance's block device mappings. */
    private Map<String, String> devices(BrokerInstance instance) {
        return cloud.ec2.describeInstances(r -> r.instanceIds(instance.instanceId())).reservations().get(0).instances()
                .get(0).blockDeviceMappings().stream()
                .collect(Collectors.toMap(InstanceBlockDeviceMapping::deviceName, m -> m.ebs().volumeId()));
    }

    private String availabilityZone(String zone) {
        String subnet = cloud.environment.subnets().get(zone);
        return cloud.ec2.describeSubnets(r -> r.subnetIds(subnet)).subnets().get(0).availabilityZone();
    }
}
