package dev.floe.broker.log;

import java.util.UUID;

/** Names of objects in the bucket; the prefix lets the collector list only Floe's own data objects. */
public final class ObjectKeys {
    public static final String DATA_PREFIX = "data/";

    private ObjectKeys() {
    }

    public static String newDataObject(int nodeId) {
        // The random part first spreads keys over S3 partitions; node and time help a human reading a listing.
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return DATA_PREFIX + random + "-n" + nodeId + "-" + System.currentTimeMillis() + ".obj";
    }
}
