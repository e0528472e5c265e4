package dev.floe.broker.log;

import dev.floe.broker.catalog.PartitionCommit.ProducerRow;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idempotent-producer state of one partition: per producer id its epoch and last five batches.
 * This is where the sequence invariant lives: within an epoch a producer's batches arrive with
 * consecutive sequence numbers; a batch seen before is a retry and gets its original offsets.
 */
public final class ProducerStateTable {
    static final int MAX_BATCHES = 5;

    public record BatchMeta(int firstSeq, int lastSeq, long baseOffset, long lastOffset) {
    }

    /** Outcome of checking one batch: an error, a duplicate (with the original), or fine to append. */
    public record Check(Errors error, BatchMeta duplicateOf) {
        static final Check OK = new Check(Errors.NONE, null);
    }

    private static final class Entry {
        short epoch;
        final ArrayDeque<BatchMeta> batches = new ArrayDeque<>();

        Entry copy() {
            Entry e = new Entry();
            e.epoch = epoch;
            e.batches.addAll(batches);
            return e;
        }
    }

    private final Map<Long, Entry> entries = new HashMap<>();

    public Check check(long producerId, short epoch, int firstSeq, int lastSeq) {
        Entry e = entries.get(producerId);
        if (e == null) {
            return Check.OK; // a producer new to this partition may start at any sequence (e.g. after expiry)
        }
        if (epoch < e.epoch) {
            return new Check(Errors.INVALID_PRODUCER_EPOCH, null);
        }
        if (epoch > e.epoch) {
            return firstSeq == 0 ? Check.OK : new Check(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, null);
        }
        for (BatchMeta b : e.batches) {
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return new Check(Errors.NONE, b);
            }
        }
        BatchMeta last = e.batches.peekLast();
        if (last != null && firstSeq != nextSequence(last.lastSeq())) {
            return new Check(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, null);
        }
        return Check.OK;
    }

    public void update(long producerId, short epoch, BatchMeta batch) {
        Entry e = entries.computeIfAbsent(producerId, k -> new Entry());
        if (epoch != e.epoch) {
            e.batches.clear();
            e.epoch = epoch;
        }
        e.batches.addLast(batch);
        while (e.batches.size() > MAX_BATCHES) {
            e.batches.removeFirst();
        }
    }

    private static int nextSequence(int seq) {
        return seq == Integer.MAX_VALUE ? 0 : seq + 1;
    }

    public ProducerStateTable copy() {
        ProducerStateTable t = new ProducerStateTable();
        entries.forEach((k, v) -> t.entries.put(k, v.copy()));
        return t;
    }

    public ProducerRow row(long producerId) {
        Entry e = entries.get(producerId);
        StringBuilder sb = new StringBuilder();
        for (BatchMeta b : e.batches) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(b.firstSeq()).append(':').append(b.lastSeq()).append(':').append(b.baseOffset()).append(':').append(b.lastOffset());
        }
        return new ProducerRow(e.epoch, sb.toString());
    }

    public static ProducerStateTable fromRows(Map<Long, ProducerRow> rows) {
        ProducerStateTable t = new ProducerStateTable();
        rows.forEach((pid, row) -> {
            Entry e = new Entry();
            e.epoch = row.epoch();
            if (!row.batches().isEmpty()) {
                for (String part : row.batches().split(";")) {
                    String[] f = part.split(":");
                    e.batches.add(new BatchMeta(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
                }
            }
            t.entries.put(pid, e);
        });
        return t;
    }

    public int size() {
        return entries.size();
    }
}
