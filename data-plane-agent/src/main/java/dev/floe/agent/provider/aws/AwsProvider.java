package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.BrokerIdentities;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.Buckets;
import dev.floe.agent.provider.CatalogDatabases;
import dev.floe.agent.provider.Provider;
import dev.floe.agent.provider.S3Buckets;
import dev.floe.agent.provider.WalVolumes;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Brokers on EC2, WAL volumes on EBS, the log in S3, broker identity in IAM, catalogs on the customer's PostgreSQL. */
public final class AwsProvider implements Provider {

    private final Ec2Client ec2;
    private final S3Client s3;
    private final IamClient iam;
    private final AwsSubnets subnets;
    private final AwsInstances instances;
    private final AwsVolumes volumes;
    private final S3Buckets buckets;
    private final AwsIdentities identities;
    private final AwsCatalogs catalogs = new AwsCatalogs();

    public AwsProvider(AwsSettings settings) {
        Region region = Region.of(settings.region());
        AwsCredentialsProvider credentials = settings.accessKeyId() == null || settings.accessKeyId().isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(),
                        settings.secretAccessKey()));
        var ec2Builder = Ec2Client.builder().region(region).credentialsProvider(credentials);
        var s3Builder = S3Client.builder().region(region).credentialsProvider(credentials);
        // IAM is global; its endpoint lives in aws-global.
        var iamBuilder = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials);
        if (settings.endpoint() != null) {
            ec2Builder.endpointOverride(settings.endpoint());
            s3Builder.endpointOverride(settings.endpoint()).forcePathStyle(true);
            iamBuilder.endpointOverride(settings.endpoint());
        }
        this.ec2 = ec2Builder.build();
        this.s3 = s3Builder.build();
        this.iam = iamBuilder.build();
        this.subnets = new AwsSubnets(ec2);
        this.instances = new AwsInstances(ec2, settings);
        this.volumes = new AwsVolumes(ec2, subnets, new Ec2States(ec2));
        // Brokers use the regional default endpoint unless an override (VPC endpoint, test server) is configured.
        this.buckets = new S3Buckets(s3, settings.region(),
                settings.endpoint() == null ? null : settings.endpoint().toString(), false);
        this.identities = new AwsIdentities(iam);
    }

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public void preflight(List<BrokerSpec> brokers) {
        brokers.stream().map(BrokerSpec::subnetId).distinct().forEach(subnets::availabilityZone);
    }

    @Override
    public CatalogDatabases catalogs() {
        return catalogs;
    }

    @Override
    public Buckets buckets() {
        return buckets;
    }

    @Override
    public BrokerIdentities identities() {
        return identities;
    }

    @Override
    public WalVolumes volumes() {
        return volumes;
    }

    @Override
    public BrokerInstances instances() {
        return instances;
    }

    @Override
    public void close() {
        ec2.close();
        s3.close();
        iam.close();
    }
}
