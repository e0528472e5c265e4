package dev.floe.agent.config;

import dev.floe.agent.provider.Provider;
import dev.floe.agent.provider.aws.AwsProvider;
import dev.floe.agent.provider.aws.AwsSettings;
import dev.floe.agent.provider.local.LocalProvider;
import dev.floe.agent.state.StateDirectory;

/** Picks the provider adapter named by {@code floe.agent.provider}. */
public final class ProviderFactory {

    private ProviderFactory() {
    }

    public static Provider create(AgentProperties properties, StateDirectory state) {
        return switch (properties.provider()) {
            case "local" -> new LocalProvider(state, properties.local().brokerJar(), properties.local().javaCommand(),
                    properties.local().brokerJvmOptions(), properties.local().host(), properties.local().stopTimeout());
            case "aws" -> new AwsProvider(new AwsSettings(properties.aws().region(), properties.aws().endpoint(),
                    properties.aws().accessKeyId(), properties.aws().secretAccessKey(), properties.aws().amiId(),
                    properties.aws().brokerArtifactUrl(), properties.aws().securityGroupIds(),
                    properties.aws().keyName()));
            default -> throw new IllegalArgumentException("floe.agent.provider must be 'local' or 'aws', was '"
                    + properties.provider() + "'");
        };
    }
}
