package dev.floe.controlplane.environment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** Where an environment lives; the provider-specific rules are checked by {@link EnvironmentRules}. */
public record EnvironmentSettings(
        @NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}", message = "must be a region name such as eu-west-1") String region,
        @Pattern(regexp = "[0-9]{12}", message = "must be a 12-digit AWS account id") String cloudAccountId,
        @Pattern(regexp = "vpc-[0-9a-f]{8,17}", message = "must be a VPC id such as vpc-0a1b2c3d") String vpcId,
        @Size(max = 6) Map<@Pattern(regexp = "[a-z0-9-]{1,40}", message = "zone names are lower-case") String,
                @Pattern(regexp = "subnet-[0-9a-z-]{1,40}", message = "must be a subnet id such as subnet-0a1b2c3d") String> subnets,
        @Valid Catalog catalog) {

    /** The cluster catalog database; empty means the agent provisions one itself. */
    public record Catalog(
            @Pattern(regexp = "jdbc:postgresql://.+", message = "must be a jdbc:postgresql:// URL") String jdbcUrl,
            @Size(max = 100) String username,
            @Size(max = 500) String passwordSecretRef) {
    }
}
