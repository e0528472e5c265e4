package dev.floe.broker.catalog;

import org.apache.kafka.common.Uuid;

import java.util.Map;

/** A topic with its explicitly set configs (defaults are not stored). */
public record TopicInfo(Uuid id, String name, int partitionCount, boolean internal, Map<String, String> configs) {
}
