package dev.floe.controlplane.tier;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The changeable part of a tier, as clients send it. */
public record TierSettings(
        @Size(max = 500) String description,
        @NotNull @Min(0) Integer rpoSeconds,
        @NotNull @Min(0) Integer rtoSeconds,
        @NotNull @Min(1) @Max(1000) Integer minBrokers,
        @NotNull @Min(1) @Max(3) Integer zonesRequired,
        @NotNull Boolean drRequired,
        @Min(1) @Max(3650) Integer drillIntervalDays,
        @NotBlank @Pattern(regexp = "gp3|io2|local", message = "must be gp3, io2 or local") String walType) {
}
