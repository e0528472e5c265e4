package dev.floe.controlplane.environment;

import dev.floe.controlplane.api.ApiException;

/** The rules that depend on the provider: AWS needs an account, a VPC and subnets; local needs none of them. */
final class EnvironmentRules {

    private EnvironmentRules() {
    }

    static void check(String provider, EnvironmentSettings settings) {
        if ("aws".equals(provider)) {
            if (settings.cloudAccountId() == null) {
                throw ApiException.invalid("settings.cloudAccountId", "is required for provider aws");
            }
            if (settings.vpcId() == null) {
                throw ApiException.invalid("settings.vpcId", "is required for provider aws");
            }
            if (settings.subnets() == null || settings.subnets().isEmpty()) {
                throw ApiException.invalid("settings.subnets", "needs at least one zone with its subnet for provider aws");
            }
        }
    }
}
