package dev.floe.controlplane.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Who may do what: admin ⊃ operator ⊃ viewer for people and tools; agent for a data-plane agent of one environment. */
public enum Role {
    ADMIN, OPERATOR, VIEWER, AGENT;

    /** The name used in tokens and the API ({@code admin}, {@code operator}, …). */
    @JsonValue
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromClaim(String value) {
        return Arrays.stream(values()).filter(role -> role.claimValue().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role '" + value
                        + "'; roles are admin, operator, viewer and agent"));
    }
}
