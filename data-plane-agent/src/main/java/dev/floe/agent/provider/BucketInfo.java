package dev.floe.agent.provider;

/** Where brokers find the bucket; {@code endpoint} is null for the cloud's default endpoint. */
public record BucketInfo(String name, String endpoint, String region) {
}
