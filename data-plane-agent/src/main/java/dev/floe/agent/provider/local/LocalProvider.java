package dev.floe.agent.provider.local;

import dev.floe.agent.provider.BrokerIdentities;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.Buckets;
import dev.floe.agent.provider.CatalogDatabases;
import dev.floe.agent.provider.Provider;
import dev.floe.agent.provider.S3Buckets;
import dev.floe.agent.provider.WalVolumes;
import dev.floe.agent.state.StateDirectory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Everything on this machine: broker processes, directory volumes, a local S3 server and an embedded PostgreSQL. */
public final class LocalProvider implements Provider {

    private final LocalServices services;
    private final LocalCatalogs catalogs;
    private final LocalIdentities identities;
    private final LocalVolumes volumes;
    private final LocalBrokers brokers;
    private S3Client s3;
    private Buckets buckets;

    /**
     * @param brokerJar the broker jar ({@code java -jar}); the broker launch contract is in the environment
     * @param java the java launcher used for brokers and the S3 server
     */
    public LocalProvider(StateDirectory state, Path brokerJar, String java, String brokerJvmOptions, String host,
            Duration stopTimeout) {
        String launcher = java == null || java.isBlank() ? JavaCommand.defaultJava() : java;
        PortAllocator ports = new PortAllocator(state);
        this.services = new LocalServices(state, ports, launcher);
        this.catalogs = new LocalCatalogs(services);
        this.identities = new LocalIdentities(services);
        this.volumes = new LocalVolumes(state);
        List<String> command = new ArrayList<>();
        command.add(launcher);
        if (brokerJvmOptions != null && !brokerJvmOptions.isBlank()) {
            command.addAll(Arrays.asList(brokerJvmOptions.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(brokerJar.toAbsolutePath().toString());
        this.brokers = new LocalBrokers(state, ports, command, brokerJar.toAbsolutePath(), host, stopTimeout);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public CatalogDatabases catalogs() {
        return catalogs;
    }

    @Override
    public synchronized Buckets buckets() {
        // Every use checks (and if needed restarts) the S3 server: it is its own process and may have been stopped.
        String endpoint = services.s3Endpoint();
        if (buckets == null) {
            LocalServices.S3Credentials credentials = services.s3Credentials();
            s3 = S3Client.builder()
                    .endpointOverride(URI.create(endpoint))
                    .region(Region.of(LocalServices.S3_REGION))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(credentials.accessKey(), credentials.secretKey())))
                    .build();
            buckets = new S3Buckets(s3, LocalServices.S3_REGION, endpoint, true);
        }
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
        return brokers;
    }

    /**
     * Stops everything this provider runs on the machine (brokers, then the S3 server and PostgreSQL) but keeps all
     * data, ports and records: the next agent start brings every cluster back as it was.
     */
    public void stopLocal() {
        brokers.stopAll();
        services.close();
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
