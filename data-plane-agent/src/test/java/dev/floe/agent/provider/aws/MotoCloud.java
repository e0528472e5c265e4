package dev.floe.agent.provider.aws;

import dev.floe.agent.controlplane.CatalogSettings;
import dev.floe.agent.controlplane.ClusterSpec;
import dev.floe.agent.controlplane.DesiredCluster;
import dev.floe.agent.controlplane.EnvironmentSpec;
import dev.floe.agent.controlplane.ListenerSpec;
import dev.floe.agent.health.BrokerHealth;
import dev.floe.agent.health.ClusterHealthCheck;
import dev.floe.agent.support.MotoServer;
import dev.floe.agent.support.Specs;
import dev.floe.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the aws provider's ITs run against: moto's server (real EC2, S3 and IAM API calls, no AWS account), the
 * customer's PostgreSQL for catalogs, SDK clients to look at the result, and an environment whose zones
 * {@code zone-a} and {@code zone-b} are subnets in two different availability zones.
 */
final class MotoCloud implements AutoCloseable {

    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("testing", "testing"));

    /**
     * moto launches no machines, so no broker ever answers: brokers are reported down, as a real cloud would
     * while instances boot. (Connecting to moto's made-up private addresses would leave this machine.)
     */
    static final ClusterHealthCheck NO_BROKER_SOFTWARE = (brokers, catalog) -> brokers.stream()
            .map(b -> new BrokerHealth(b.nodeId(), false, "instance booting", 0)).toList();

    final Ec2Client ec2;
    final S3Client s3;
    final IamClient iam;
    final AwsProvider provider;
    final EnvironmentSpec environment;
    private final MotoServer moto;
    private final EmbeddedPostgres customerPostgres;

    private MotoCloud(MotoServer moto, EmbeddedPostgres customerPostgres) {
        this.moto = moto;
        this.customerPostgres = customerPostgres;
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(KEYS)
                .build();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(KEYS)
                .forcePathStyle(true).build();
        iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(KEYS)
                .build();
        String ami = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        // moto's default VPC has one subnet per availability zone.
        List<String> subnets = ec2.describeSubnets().subnets().stream().map(s -> s.subnetId()).sorted().toList();
        provider = provider(moto.endpoint(), ami);
        environment = new EnvironmentSpec("prod", "aws", "us-east-1", "123456789012", null,
                Map.of("zone-a", subnets.get(0), "zone-b", subnets.get(1)),
                new CatalogSettings(customerPostgres.jdbcUrl("postgres"), "postgres", null));
    }

    static MotoCloud start(Path dir) throws Exception {
        MotoServer moto = MotoServer.start(dir.resolve("moto.log"));
        EmbeddedPostgres customerPostgres = EmbeddedPostgres.builder().dataDirectory(dir.resolve("customer-pg"))
                .port(0).start();
        return new MotoCloud(moto, customerPostgres);
    }

    static AwsProvider provider(URI endpoint, String ami) {
        return new AwsProvider(new AwsSettings("us-east-1", endpoint, "testing", "testing", ami,
                "https://artifacts.example/floe-broker.jar", null, null));
    }

    /** A cluster "payments" whose brokers go round robin over zone-a and zone-b: odd node ids in zone-a. */
    static DesiredCluster cluster(String id, long generation, int brokers) {
        return new DesiredCluster(id, "payments", generation, false, "op-" + generation, Specs.STANDARD,
                new ClusterSpec(brokers, "m7g.large", List.of("zone-a", "zone-b"), 20, "gp3", 1000L,
                        new ListenerSpec(9092, true)));
    }

    String customerJdbcUrl() {
        return customerPostgres.jdbcUrl("postgres");
    }

    @Override
    public void close() throws Exception {
        provider.close();
        ec2.close();
        s3.close();
        iam.close();
        customerPostgres.close();
        moto.close();
    }
}
