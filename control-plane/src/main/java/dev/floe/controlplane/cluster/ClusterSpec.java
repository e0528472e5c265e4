package dev.floe.controlplane.cluster;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What a cluster should look like. {@code walType}, {@code retentionMs} and {@code listener} may be left out: the
 * tier's WAL type, 7 days and port 9092 with topic auto-creation are used.
 */
public record ClusterSpec(
        @NotNull @Min(1) @Max(100) Integer brokerCount,
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,40}", message = "must be an instance type such as m7g.large")
        String instanceType,
        @NotEmpty @Size(max = 3) List<@NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}",
                message = "zone names are lower-case letters, digits and dashes") String> zones,
        @NotNull @Min(1) @Max(16384) Integer walVolumeSizeGiB,
        @Pattern(regexp = "gp3|io2|local", message = "must be gp3, io2 or local") String walType,
        @Min(value = -1, message = "must be -1 (forever) or a positive number of milliseconds") Long retentionMs,
        @Valid Listener listener) {

    public static final long DEFAULT_RETENTION_MS = 604_800_000L;

    /** The Kafka listener the brokers open. */
    public record Listener(@NotNull @Min(1024) @Max(65535) Integer port, @NotNull Boolean autoCreateTopics) {
    }

    /** The spec with every optional value filled in. */
    public ClusterSpec withDefaults(String tierWalType) {
        return new ClusterSpec(brokerCount, instanceType, zones, walVolumeSizeGiB,
                walType == null ? tierWalType : walType,
                retentionMs == null ? DEFAULT_RETENTION_MS : retentionMs,
                listener == null ? new Listener(9092, true) : listener);
    }
}
