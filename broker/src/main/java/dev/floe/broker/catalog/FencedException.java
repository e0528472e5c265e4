package dev.floe.broker.catalog;

import org.apache.kafka.common.TopicIdPartition;

/** A commit named a partition epoch that is no longer current: another broker owns the partition now. */
public class FencedException extends CatalogException {
    private final TopicIdPartition partition;

    public FencedException(TopicIdPartition partition) {
        super("fenced on " + partition);
        this.partition = partition;
    }

    public TopicIdPartition partition() {
        return partition;
    }
}
