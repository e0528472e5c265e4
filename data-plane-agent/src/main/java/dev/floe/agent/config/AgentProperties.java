package dev.floe.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the agent is configured with ({@code floe.agent.*}); README.md lists each key with its default.
 *
 * @param controlPlaneUrl base URL of the control plane (the agent only calls out)
 * @param bootstrapToken one-time token; needed only until the first successful registration
 * @param stateDir credentials (0600), cluster records, port allocations, local resources
 * @param provider {@code local} or {@code aws}
 * @param pollWait how long one desired-state long poll may be held by the control plane
 * @param heartbeatInterval how often the agent says it is alive when nothing else is sent
 * @param requestTimeout timeout of one ordinary control-plane call
 * @param backoffInitial first retry delay when the control plane is unreachable
 * @param backoffMax cap of the retry delay
 * @param awaitReadyTimeout how long one reconcile pass waits for brokers to become healthy
 * @param replacementTimeout how long a crashed broker may take to come UP again once its WAL is recovered before its
 *                           REPLACE_BROKER operation is reported FAILED
 * @param hostname reported to the control plane; defaults to this machine's name
 */
@ConfigurationProperties("floe.agent")
public record AgentProperties(
        @DefaultValue("http://127.0.0.1:8080") URI controlPlaneUrl,
        String bootstrapToken,
        @DefaultValue(".floe/agent") Path stateDir,
        @DefaultValue("local") String provider,
        @DefaultValue("30s") Duration pollWait,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("15s") Duration requestTimeout,
        @DefaultValue("1s") Duration backoffInitial,
        @DefaultValue("30s") Duration backoffMax,
        @DefaultValue("60s") Duration awaitReadyTimeout,
        @DefaultValue("5m") Duration replacementTimeout,
        String hostname,
        @DefaultValue Local local,
        @DefaultValue Aws aws) {

    /**
     * @param brokerJar the broker's executable jar, relative to the working directory unless absolute
     * @param javaCommand the {@code java} launcher for brokers; defaults to the agent's own JVM
     * @param brokerJvmOptions extra JVM options for each broker, space separated
     * @param host the address brokers listen on and advertise
     * @param stopTimeout how long a broker gets to stop after SIGTERM before SIGKILL
     */
    public record Local(
            @DefaultValue("broker/target/floe-broker.jar") Path brokerJar,
            String javaCommand,
            @DefaultValue("-Xmx512m") String brokerJvmOptions,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("20s") Duration stopTimeout) {
    }

    /**
     * @param region AWS region of the environment (the desired state's region wins when set)
     * @param endpoint override for every AWS API (moto in tests, VPC endpoints in locked-down accounts)
     * @param accessKeyId static credentials; empty uses the default AWS credential chain (instance profile)
     * @param secretAccessKey static credentials' secret
     * @param amiId the broker machine image (Amazon Linux 2023 with Java 17, or any image with Java 17)
     * @param brokerArtifactUrl where the broker instance's user data downloads the broker jar from
     * @param securityGroupIds broker security groups, comma separated
     * @param keyName optional EC2 key pair for brokers
     */
    public record Aws(
            @DefaultValue("us-east-1") String region,
            URI endpoint,
            String accessKeyId,
            String secretAccessKey,
            String amiId,
            String brokerArtifactUrl,
            String securityGroupIds,
            String keyName) {
    }
}
