package dev.floe.agent.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.Condition;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.EnvironmentSpec;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.reconcile.ClusterLocks;
import dev.floe.agent.reconcile.ClusterPlanner;
import dev.floe.agent.reconcile.ClusterRecords;
import dev.floe.agent.reconcile.ProvisionCluster;
import dev.floe.agent.reconcile.ReconcileContext;
import dev.floe.agent.reconcile.TeardownCluster;
import dev.floe.agent.state.StateDirectory;
import dev.floe.agent.support.RecordingSink;
import dev.floe.agent.support.Specs;
import dev.floe.agent.support.ThrottlingServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import tools.jackson.databind.JsonNode;

/** The aws provider against moto's server mode: real EC2, S3 and IAM API calls, no AWS account. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsProviderIT {

    private static final String CLUSTER = "b0b0cafe-0000-4000-8000-000000000007";

    @TempDir
    static Path dir;
    private MotoCloud cloud;
    private Ec2Client ec2;
    private S3Client s3;
    private IamClient iam;
    private EnvironmentSpec environment;
    private RecordingSink sink;
    private ProvisionCluster provision;
    private TeardownCluster teardown;

    @BeforeAll
    void start() throws Exception {
        cloud = MotoCloud.start(dir);
        ec2 = cloud.ec2;
        s3 = cloud.s3;
        iam = cloud.iam;
        environment = cloud.environment;
        sink = new RecordingSink();
        StateDirectory state = new StateDirectory(dir.resolve("state"));
        provision = new ProvisionCluster(new ClusterLocks(), new ClusterRecords(state), sink,
                MotoCloud.NO_BROKER_SOFTWARE, new JdbcCatalogObservations(), Duration.ZERO, Clock.systemUTC());
        teardown = new TeardownCluster(new ClusterLocks(), new ClusterRecords(state), sink, Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        cloud.close();
    }

    private static DesiredCluster cluster(String id, long generation, int brokers) {
        return MotoCloud.cluster(id, generation, brokers);
    }

    private ClusterStatus reconcile(EnvironmentSpec env, DesiredCluster cluster) {
        ReconcileContext context = new ReconcileContext(env, cluster, cloud.provider);
        return cluster.deleting() ? teardown.reconcile(context) : provision.reconcile(context);
    }

    private List<Instance> liveInstances(String clusterId) {
        return ec2.describeInstances(r -> r.filters(
                        Filter.builder().name("tag:floe:cluster-id").values(clusterId).build(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    private List<Volume> volumes(String clusterId) {
        return ec2.describeVolumes(r -> r.filters(Filter.builder().name("tag:floe:cluster-id").values(clusterId)
                .build())).volumes();
    }

    private static String tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }

    private static Condition condition(ClusterStatus status, String type) {
        return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void provisionsTaggedLeastPrivilegeResourcesOnceAndDeletesThemAll() throws Exception {
        ClusterStatus status = reconcile(environment, cluster(CLUSTER, 1, 3));
        assertThat(status.phase()).isEqualTo("PROVISIONING");
        assertThat(condition(status, "Reconciled").status()).isEqualTo("True");
        assertThat(condition(status, "Ready").reason()).isEqualTo("BrokersStarting");

        // Instances: one per broker, tagged, spread over the two subnets, launched with the broker role.
        List<Instance> instances = liveInstances(CLUSTER);
        assertThat(instances).hasSize(3);
        assertThat(instances).allSatisfy(i -> {
            assertThat(tag(i.tags(), "floe:managed-by")).isEqualTo("floe-agent");
            assertThat(tag(i.tags(), "Name")).startsWith("floe-b0b0cafe0000-broker-");
            assertThat(i.iamInstanceProfile().arn()).endsWith("floe-broker-b0b0cafe0000");
        });
        assertThat(instances.stream().map(i -> tag(i.tags(), "floe:node-id")).sorted()).containsExactly("1", "2", "3");
        assertThat(instances.stream().map(Instance::subnetId).distinct()).containsExactlyInAnyOrderElementsOf(
                environment.subnets().values());

        // Volumes: encrypted gp3, tagged, each attached to its own broker; user data mounts exactly that volume.
        List<Volume> volumes = volumes(CLUSTER);
        assertThat(volumes).hasSize(3).allSatisfy(v -> {
            assertThat(v.encrypted()).isTrue();
            assertThat(v.size()).isEqualTo(20);
            assertThat(v.volumeTypeAsString()).isEqualTo("gp3");
            assertThat(v.attachments()).hasSize(1);
        });
        Map<String, String> instanceOfNode = instances.stream()
                .collect(Collectors.toMap(i -> tag(i.tags(), "floe:node-id"), Instance::instanceId));
        for (Volume v : volumes) {
            String node = tag(v.tags(), "floe:node-id");
            assertThat(v.attachments().get(0).instanceId()).isEqualTo(instanceOfNode.get(node));
            String userData = ec2.describeInstanceAttribute(r -> r.instanceId(instanceOfNode.get(node))
                    .attribute("userData")).userData().value();
            assertThat(new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8))
                    .contains(v.volumeId().replace("-", "")).contains("FLOE_BROKER_NODE_ID='" + node + "'");
        }

        // Bucket: encrypted, public access blocked, orphans expire, tagged.
        String bucket = ClusterPlanner.bucketName("payments", CLUSTER);
        assertThat(s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
        var block = s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.blockPublicPolicy(), block.ignorePublicAcls(),
                block.restrictPublicBuckets())).containsOnly(true);
        var rule = s3.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules().get(0);
        assertThat(rule.expiration().days()).isEqualTo(ClusterPlanner.ORPHAN_EXPIRATION_DAYS);
        assertThat(rule.filter().prefix()).isEqualTo("orphans/");
        assertThat(s3.getBucketTagging(r -> r.bucket(bucket)).tagSet())
                .anyMatch(t -> t.key().equals("floe:cluster-id") && t.value().equals(CLUSTER));

        // IAM: the role is assumable by EC2 only and may touch this cluster's bucket and nothing else.
        String roleName = "floe-broker-b0b0cafe0000";
        String trust = URLDecoder.decode(iam.getRole(r -> r.roleName(roleName)).role().assumeRolePolicyDocument(),
                StandardCharsets.UTF_8);
        assertThat(trust).contains("ec2.amazonaws.com");
        String policy = URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(roleName)
                .policyName(BrokerPolicy.POLICY_NAME)).policyDocument(), StandardCharsets.UTF_8);
        JsonNode statements = StateDirectory.mapper().readTree(policy).get("Statement");
        List<String> resources = statements.valueStream().map(s -> s.get("Resource").asString()).toList();
        assertThat(resources).containsExactlyInAnyOrder("arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*");
        assertThat(policy).doesNotContain("\"*\"").doesNotContain("s3:*");
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName(roleName)).instanceProfile().roles())
                .extracting(r -> r.roleName()).containsExactly(roleName);
        assertThat(databaseExists(ClusterPlanner.databaseName(CLUSTER))).isTrue();

        // A second pass changes nothing.
        reconcile(environment, cluster(CLUSTER, 1, 3));
        assertThat(liveInstances(CLUSTER)).extracting(Instance::instanceId)
                .containsExactlyInAnyOrderElementsOf(instances.stream().map(Instance::instanceId).toList());
        assertThat(volumes(CLUSTER)).extracting(Volume::volumeId)
                .containsExactlyInAnyOrderElementsOf(volumes.stream().map(Volume::volumeId).toList());
        assertThat(iam.listRoles(r -> r.pathPrefix("/floe/")).roles()).hasSize(1);

        // Delete removes all of it.
        ClusterStatus deleted = reconcile(environment, Specs.deleting(cluster(CLUSTER, 1, 3), 2, "op-delete"));
        assertThat(deleted.deleted()).isTrue();
        assertThat(liveInstances(CLUSTER)).isEmpty();
        assertThat(volumes(CLUSTER)).isEmpty();
        assertThat(bucketExists(bucket)).isFalse();
        assertThat(roleExists(roleName)).isFalse();
        assertThat(iam.listInstanceProfiles().instanceProfiles()).noneMatch(p -> p.instanceProfileName().equals(roleName));
        assertThat(databaseExists(ClusterPlanner.databaseName(CLUSTER))).isFalse();
    }

    @Test
    void aMissingSubnetFailsWithAClearConditionBeforeAnythingIsCreated() throws Exception {
        String id = "deadbeef-0000-4000-8000-0000000000ff";
        EnvironmentSpec broken = new EnvironmentSpec("prod", "aws", "us-east-1", null, null,
                Map.of("zone-a", "subnet-0000000000deadbee", "zone-b", environment.subnets().get("zone-b")),
                environment.catalog());
        ClusterStatus status = reconcile(broken, cluster(id, 1, 3));
        assertThat(status.phase()).isEqualTo("FAILED");
        Condition ready = condition(status, "Ready");
        assertThat(ready.reason()).isEqualTo("SubnetNotFound");
        assertThat(ready.message()).contains("subnet-0000000000deadbee");
        assertThat(liveInstances(id)).isEmpty();
        assertThat(volumes(id)).isEmpty();
        assertThat(bucketExists(ClusterPlanner.bucketName("payments", id))).isFalse();
        assertThat(roleExists("floe-broker-deadbeef0000")).isFalse();
        assertThat(databaseExists(ClusterPlanner.databaseName(id))).isFalse();
    }

    @Test
    void throttlingEndsInARetryingConditionNotACrash() {
        try (ThrottlingServer throttling = new ThrottlingServer();
             AwsProvider throttled = MotoCloud.provider(throttling.endpoint(), "ami-12345678")) {
            ClusterStatus status = new ProvisionCluster(new ClusterLocks(),
                    new ClusterRecords(new StateDirectory(dir.resolve("throttled"))), sink, MotoCloud.NO_BROKER_SOFTWARE,
                    new JdbcCatalogObservations(), Duration.ZERO, Clock.systemUTC())
                    .reconcile(new ReconcileContext(environment, cluster("feedface-0000-4000-8000-0000000000aa", 1, 3),
                            throttled));
            assertThat(status.phase()).isEqualTo("PROVISIONING");
            Condition ready = condition(status, "Ready");
            assertThat(ready.reason()).isEqualTo("Throttled");
            assertThat(ready.message()).contains("RequestLimitExceeded");
            assertThat(throttling.calls()).isGreaterThan(1); // the SDK retried before giving the pass up
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean bucketExists(String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        }
    }

    private boolean roleExists(String role) {
        try {
            iam.getRole(r -> r.roleName(role));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }

    private boolean databaseExists(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(cloud.customerJdbcUrl(), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            return rs.next();
        }
    }
}
