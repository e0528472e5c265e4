package dev.floe.broker.log;

import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.FencedException;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.RangeInfo;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.config.BrokerConfig;
import dev.floe.broker.config.TopicConfigs;
import dev.floe.broker.objectstore.ObjectFormat;
import dev.floe.broker.objectstore.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Background care of the bucket. Per owned partition: retention (ranges leave the catalog first) and
 * compaction (runs of small ranges rewritten into one object). Cluster-wide, on the controller:
 * deleting objects no range references any more, and objects never committed at all (orphans of a
 * crash between upload and commit).
 */
public final class Housekeeping {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final long COMPACTED_TARGET_BYTES = 16L * 1024 * 1024;

    private final LogManager logs;
    private final CatalogStorage storage;
    private final ObjectStore store;
    private final TopicConfigs topicConfigs;
    private final MetadataCache metadata;
    private final BrokerConfig config;

    public Housekeeping(LogManager logs, CatalogStorage storage, ObjectStore store, TopicConfigs topicConfigs,
                        MetadataCache metadata, BrokerConfig config) {
        this.logs = logs;
        this.storage = storage;
        this.store = store;
        this.topicConfigs = topicConfigs;
        this.metadata = metadata;
        this.config = config;
    }

    /** Retention, then compaction, for every partition this broker owns. */
    public void ownedPartitions() {
        for (PartitionLog p : logs.all()) {
            try {
                TopicInfo topic = metadata.current().topicsById().get(p.partition().topicId());
                if (topic == null) {
                    continue;
                }
                applyRetention(p, topic);
                compact(p);
            } catch (FencedException e) {
                log.info("skipping housekeeping of {}: ownership moved", p.partition());
            } catch (Throwable e) {
                log.warn("housekeeping of {} failed", p.partition(), e);
            }
        }
    }

    void applyRetention(PartitionLog p, TopicInfo topic) {
        long retentionMs = topicConfigs.longValue(topic.configs(), TopicConfigs.RETENTION_MS);
        long retentionBytes = topicConfigs.longValue(topic.configs(), TopicConfigs.RETENTION_BYTES);
        List<RangeInfo> ranges = storage.ranges(p.partition().topicId(), p.partition().partition());
        long total = 0;
        for (RangeInfo r : ranges) {
            total += r.length();
        }
        long newStart = p.logStartOffset();
        long now = System.currentTimeMillis();
        // Like Kafka's active segment, the newest range always stays: a partition never empties itself.
        for (RangeInfo r : ranges.subList(0, Math.max(0, ranges.size() - 1))) {
            boolean expired = retentionMs >= 0 && r.maxTimestamp() >= 0 && r.maxTimestamp() < now - retentionMs;
            boolean overSize = retentionBytes >= 0 && total > retentionBytes;
            if (!expired && !overSize) {
                break;
            }
            newStart = r.endOffset();
            total -= r.length();
        }
        if (newStart > p.logStartOffset()) {
            storage.truncateBefore(p.partition(), config.nodeId(), p.epoch(), newStart);
            p.advanceLogStart(newStart);
            log.info("retention moved the start of {} to {}", p.partition(), newStart);
        }
    }

    /** Merges consecutive small ranges of one partition into a single object. */
    void compact(PartitionLog p) {
        List<RangeInfo> ranges = storage.ranges(p.partition().topicId(), p.partition().partition());
        List<RangeInfo> run = new ArrayList<>();
        long bytes = 0;
        // Fresh data is still read from memory and may be trimmed by retention soon: let it settle first.
        long settled = System.currentTimeMillis() - config.compactionMinAgeMs();
        for (RangeInfo r : ranges) {
            boolean small = r.length() < config.compactionSmallObjectBytes() && r.maxTimestamp() < settled;
            boolean contiguous = run.isEmpty() || run.get(run.size() - 1).endOffset() == r.baseOffset();
            if (small && contiguous && bytes + r.length() <= COMPACTED_TARGET_BYTES) {
                run.add(r);
                bytes += r.length();
                continue;
            }
            if (run.size() >= 2) {
                break;
            }
            run.clear();
            bytes = 0;
            if (small) {
                run.add(r);
                bytes = r.length();
            }
        }
        if (run.size() < 2) {
            return;
        }
        List<ByteBuffer> parts = new ArrayList<>();
        long maxTs = -1;
        for (RangeInfo r : run) {
            parts.add(store.get(r.objectKey(), r.position(), r.length()));
            maxTs = Math.max(maxTs, r.maxTimestamp());
        }
        RangeInfo first = run.get(0);
        long end = run.get(run.size() - 1).endOffset();
        ObjectFormat.IndexEntry entry = new ObjectFormat.IndexEntry(first.topicId(), first.partition(), first.baseOffset(), end, 0, bytes, maxTs);
        String key = ObjectKeys.newDataObject(config.nodeId());
        long size = store.put(key, ObjectFormat.parts(parts, List.of(entry)));
        RangeInfo merged = new RangeInfo(first.topicId(), first.partition(), first.baseOffset(), end, key, 0, bytes, maxTs);
        storage.replaceRanges(p.partition(), config.nodeId(), p.epoch(), run, merged, size);
        log.info("compacted {} ranges of {} into {}", run.size(), p.partition(), key);
    }

    /** Producer ids unused this long are forgotten, like Kafka's producer.id.expiration.ms. */
    private static final long PRODUCER_EXPIRY_MS = 24L * 3600 * 1000;

    /** Controller only: deletes unreferenced objects and orphans older than the grace period. */
    public void collectGarbage() {
        try {
            storage.expireProducers(PRODUCER_EXPIRY_MS);
            List<String> unreferenced = storage.unreferencedObjects(config.orphanGraceMs(), 1000);
            if (!unreferenced.isEmpty()) {
                store.delete(unreferenced);
                for (String key : unreferenced) {
                    storage.deleteObjectRow(key);
                }
                log.info("deleted {} unreferenced objects", unreferenced.size());
            }
            Instant cutoff = Instant.now().minusMillis(config.orphanGraceMs());
            List<String> old = new ArrayList<>();
            for (ObjectStore.Listed o : store.list(ObjectKeys.DATA_PREFIX, 10_000)) {
                if (o.lastModified().isBefore(cutoff)) {
                    old.add(o.key());
                }
            }
            if (!old.isEmpty()) {
                Set<String> known = storage.knownObjects(old);
                List<String> orphans = old.stream().filter(k -> !known.contains(k)).toList();
                if (!orphans.isEmpty()) {
                    store.delete(orphans);
                    log.info("deleted {} orphaned objects", orphans.size());
                }
            }
        } catch (Throwable e) {
            log.warn("garbage collection failed", e);
        }
    }
}
