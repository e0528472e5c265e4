package dev.floe.agent.provider;

import java.util.Map;

/** {@code subnetId} pins the volume to the availability zone of its broker's subnet (null locally). */
public record VolumeSpec(String name, String clusterId, int nodeId, String zone, String subnetId, int sizeGiB,
        String type, Map<String, String> tags) {

    public long sizeBytes() {
        return (long) sizeGiB << 30;
    }

    /** The broker's WAL file: 90% of the volume, because the filesystem on it takes its own share. */
    public long walFileBytes() {
        return sizeBytes() / 10 * 9;
    }
}
