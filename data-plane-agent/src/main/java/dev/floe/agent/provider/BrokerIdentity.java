package dev.floe.agent.provider;

/**
 * {@code accessKey}/{@code secretKey} are set only where brokers need static keys (the local S3 server);
 * on AWS brokers use the instance profile and these are null.
 */
public record BrokerIdentity(String roleArn, String instanceProfileName, String accessKey, String secretKey) {

    @Override
    public String toString() {
        return "BrokerIdentity[" + roleArn + ", " + instanceProfileName + "]";
    }
}
