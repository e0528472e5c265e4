package dev.floe.agent.provider.aws;

import java.net.URI;

/** How the aws provider reaches AWS and what it launches brokers from (see {@code floe.agent.aws.*}). */
public record AwsSettings(String region, URI endpoint, String accessKeyId, String secretAccessKey, String amiId,
        String brokerArtifactUrl, String securityGroupIds, String keyName) {

    @Override
    public String toString() {
        return "AwsSettings[" + region + ", endpoint=" + endpoint + ", ami=" + amiId + "]";
    }
}
