package dev.floe.agent.provider;

/** A WAL volume as the provider sees it; {@code attachedTo} is the instance id or null. */
public record Volume(String id, String name, String clusterId, int nodeId, String zone, String attachedTo,
        String location) {
}
