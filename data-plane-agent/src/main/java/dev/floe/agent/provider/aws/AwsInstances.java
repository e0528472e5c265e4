package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.BrokerInstances;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.ExitedLaunch;
import dev.floe.agent.provider.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/** Brokers as EC2 instances, found again by their cluster tag; the broker starts from user data. */
final class AwsInstances implements BrokerInstances {

    private static final String DEFAULT_INSTANCE_TYPE = "m7g.large";
    /**
     * A stop reaches {@code stopped} seconds after it began, and the lease fences a silent broker within seconds too,
     * so looking more often than this would spend API calls for nothing.
     */
    private static final Duration EXITED_LOOK_INTERVAL = Duration.ofSeconds(2);

    private final Ec2Client ec2;
    private final AwsSettings settings;

    AwsInstances(Ec2Client ec2, AwsSettings settings) {
        this.ec2 = ec2;
        this.settings = settings;
    }

    @Override
    public List<BrokerInstance> describe(String clusterId) {
        return AwsErrors.call("DescribeInstances", () -> ec2.describeInstancesPaginator(r -> r.filters(
                        AwsTags.cluster(clusterId),
                        Filter.builder().name("instance-state-name")
                                .values("pending", "running", "stopping", "stopped").build()))
                .reservations().stream()
                .flatMap(r -> r.instances().stream())
                .map(i -> toBroker(clusterId, i))
                .sorted(Comparator.comparingInt(BrokerInstance::nodeId))
                .toList());
    }

    /**
     * Instances that are {@code stopped} or {@code terminated}: their operating system has shut down, so no broker
     * process runs on them any more. Never {@code stopping} or {@code shutting-down}, while the broker may still run and
     * acknowledge writes. Brokers are launched without hibernation, so a stopped instance kept no process in memory
     * that could resume. The launch id is the instance id ({@code FLOE_LAUNCH_ID}, see {@link UserData}).
     */
    @Override
    public List<ExitedLaunch> exited(String clusterId) {
        return AwsErrors.call("DescribeInstances", () -> ec2.describeInstancesPaginator(r -> r.filters(
                        AwsTags.cluster(clusterId),
                        Filter.builder().name("instance-state-name").values("stopped", "terminated").build()))
                .reservations().stream()
                .flatMap(r -> r.instances().stream())
                .filter(i -> AwsTags.value(i.tags(), AwsTags.NODE_ID) != null)
                .map(AwsInstances::toExited)
                .toList());
    }

    /** Each look is a DescribeInstances call from the account's shared EC2 budget, and EC2 takes seconds to stop. */
    @Override
    public Duration exitedLookInterval() {
        return EXITED_LOOK_INTERVAL;
    }

    @Override
    public BrokerInstance launch(BrokerLaunch launch) {
        require(settings.amiId(), "floe.agent.aws.ami-id");
        require(settings.brokerArtifactUrl(), "floe.agent.aws.broker-artifact-url");
        BrokerSpec spec = launch.broker();
        Map<String, String> tags = new LinkedHashMap<>(spec.tags());
        tags.put(AwsTags.LISTENER_PORT, Integer.toString(spec.listenerPort()));
        tags.put(AwsTags.ZONE, spec.zone());
        String userData = UserData.script(launch, launch.volume().id(), settings.brokerArtifactUrl());
        RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                .imageId(settings.amiId())
                .instanceType(spec.instanceType() == null ? DEFAULT_INSTANCE_TYPE : spec.instanceType())
                .minCount(1)
                .maxCount(1)
                .subnetId(spec.subnetId())
                .iamInstanceProfile(p -> p.name(launch.identity().instanceProfileName()))
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)))
                .metadataOptions(m -> m.httpTokens(software.amazon.awssdk.services.ec2.model.HttpTokensState.REQUIRED))
                .tagSpecifications(AwsTags.spec(ResourceType.INSTANCE, tags));
        if (settings.securityGroupIds() != null && !settings.securityGroupIds().isBlank()) {
            request.securityGroupIds(Arrays.stream(settings.securityGroupIds().split(",")).map(String::trim).toList());
        }
        if (settings.keyName() != null && !settings.keyName().isBlank()) {
            request.keyName(settings.keyName());
        }
        Instance instance = AwsErrors.call("RunInstances", () -> ec2.runInstances(request.build())).instances().get(0);
        return toBroker(spec.clusterId(), instance);
    }

    @Override
    public void terminate(BrokerInstance instance) {
        try {
            AwsErrors.run("TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(instance.instanceId())));
        } catch (ProviderException e) {
            if (!(e.getCause() instanceof software.amazon.awssdk.core.exception.SdkException sdk)
                    || !"InvalidInstanceID.NotFound".equals(AwsErrors.code(sdk))) {
                throw e;
            }
        }
    }

    private static BrokerInstance toBroker(String clusterId, Instance i) {
        String node = AwsTags.value(i.tags(), AwsTags.NODE_ID);
        String port = AwsTags.value(i.tags(), AwsTags.LISTENER_PORT);
        InstanceStateName state = i.state() == null ? InstanceStateName.PENDING : i.state().name();
        BrokerInstance.State mapped = switch (state) {
            case RUNNING -> BrokerInstance.State.RUNNING;
            case PENDING -> BrokerInstance.State.PENDING;
            default -> BrokerInstance.State.STOPPED;
        };
        return new BrokerInstance(i.instanceId(), clusterId, node == null ? 0 : Integer.parseInt(node),
                AwsTags.value(i.tags(), AwsTags.ZONE), i.privateIpAddress(),
                port == null ? 9092 : Integer.parseInt(port), mapped, "instance " + state,
                i.instanceId()); // the user data makes the instance id its broker's launch id
    }

    /** The evidence names the state and, where EC2 gives one, why: "instance i-… is stopped (Client.…)". */
    private static ExitedLaunch toExited(Instance i) {
        String reason = i.stateReason() == null || i.stateReason().message() == null ? ""
                : " (" + i.stateReason().message() + ")";
        return new ExitedLaunch(Integer.parseInt(AwsTags.value(i.tags(), AwsTags.NODE_ID)), i.instanceId(),
                "instance " + i.instanceId() + " is " + i.state().nameAsString() + reason);
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ProviderException("AgentMisconfigured", key + " is not set", false, null);
        }
    }
}
