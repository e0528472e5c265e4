package dev.floe.agent.provider;

import java.util.Map;

public record IdentitySpec(String roleName, String instanceProfileName, String bucketName, Map<String, String> tags) {
}
