package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.CatalogBrokers;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.log.LogManager;
import dev.floe.broker.log.PartitionLog;
import dev.floe.broker.log.Uploader;
import dev.floe.broker.traffic.TrafficCounters;
import dev.floe.broker.traffic.TrafficWindow;
import org.apache.kafka.common.TopicIdPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This broker's side of the cluster: keeps its lease alive, refreshes the metadata snapshot, and
 * makes the partitions and coordinator slots it serves match what the catalog says it owns.
 * A partition whose epoch moved on is dropped at once (fenced); one the controller asks to move is
 * uploaded and handed over.
 */
public final class Membership {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);
    private final int nodeId;
    private final String host;
    private final int port;
    private final String zone;
    private final long leaseMs;
    private final CatalogBrokers brokers;
    private final CatalogTopics topics;
    private final MetadataCache metadata;
    private final LogManager logs;
    private final Uploader uploader;
    private final GroupCoordinator groups;
    private final ScheduledExecutorService executor;
    /** Whether the controller may hand our WAL to another broker (we were launched with a volume id). */
    private final boolean walMovable;
    private volatile boolean draining;
    private final TrafficCounters traffic;
    /** Rates over the last minute: long enough to smooth bursts, short enough that a balancer sees shifts. */
    private final TrafficWindow trafficWindow = new TrafficWindow(60_000);
    /** Exit status of a process that found itself fenced. */
    public static final int FENCED_EXIT_CODE = 75;

    public Membership(int nodeId, String host, int port, String zone, long leaseMs, CatalogBrokers brokers, CatalogTopics topics,
                      MetadataCache metadata, LogManager logs, Uploader uploader, GroupCoordinator groups,
                      ScheduledExecutorService executor, boolean walMovable, TrafficCounters traffic) {
        this.walMovable = walMovable;
        this.traffic = traffic;
        this.nodeId = nodeId;
        this.host = host;
        this.port = port;
        this.zone = zone;
        this.leaseMs = leaseMs;
        this.brokers = brokers;
        this.topics = topics;
        this.metadata = metadata;
        this.logs = logs;
        this.uploader = uploader;
        this.groups = groups;
        this.executor = executor;
    }

    public void start() {
        long started = System.nanoTime();
        brokers.register(nodeId, host, port, zone, leaseMs, "UP");
        logs.leaseRenewed(started, leaseMs);
        trafficWindow.sample(started, traffic.bytesIn(), traffic.bytesOut());
        sync();
        long period = Math.max(200, Math.min(1000, leaseMs / 5));
        executor.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long started = System.nanoTime();
            if (brokers.renew(nodeId, leaseMs, trafficWindow.sample(started, traffic.bytesIn(), traffic.bytesOut()))) {
                logs.leaseRenewed(started, leaseMs);
            } else {
                fenced();
            }
            sync();
        } catch (Throwable e) {
            log.warn("membership round failed", e);
        }
    }

    /**
     * The controller retired this incarnation (its lease lapsed, e.g. the process was paused) and its WAL
     * may already be in another broker's hands. Nothing may be served or written any more, so the process
     * stops at once without touching its WAL; the agent starts a fresh member when the WAL is recovered.
     */
    private void fenced() {
        if (!walMovable) {
            // Without a volume id nobody else can recover our WAL, so our partitions were not reassigned:
            // rejoin as a fresh incarnation and go on (commits in between were refused, nothing was lost).
            log.warn("node {} was fenced (incarnation {}); its WAL cannot be moved, so it rejoins", nodeId, brokers.incarnation());
            long started = System.nanoTime();
            brokers.register(nodeId, host, port, zone, leaseMs, "UP");
            logs.leaseRenewed(started, leaseMs);
            return;
        }
        log.error("node {} was fenced by the controller (incarnation {}): stopping without serving anything more",
                nodeId, brokers.incarnation());
        Runtime.getRuntime().halt(FENCED_EXIT_CODE);
    }

    /** Aligns served partitions with the catalog now (also called right after topic changes). */
    public synchronized void sync() {
        ClusterSnapshot s = metadata.refresh();
        Set<TopicIdPartition> seen = new HashSet<>();
        Set<Integer> slots = new HashSet<>();
        for (Map.Entry<TopicIdPartition, PartitionInfo> e : s.partitions().entrySet()) {
            TopicIdPartition tp = e.getKey();
            PartitionInfo info = e.getValue();
            TopicInfo topic = s.topicsById().get(tp.topicId());
            boolean mine = info.owner() != null && info.owner() == nodeId && !draining;
            if (topic.internal()) {
                if (mine && info.moveTo() != null && s.broker(info.moveTo()) != null && s.broker(info.moveTo()).serving()) {
                    // Group state is in memory and offsets in the catalog: members simply rejoin at the new coordinator.
                    groups.setSlotOwned(tp.partition(), false);
                    topics.assign(tp.topicId(), tp.partition(), info.epoch(), info.moveTo());
                } else if (mine) {
                    slots.add(tp.partition());
                }
                continue;
            }
            seen.add(tp);
            PartitionLog current = logs.get(tp);
            if (current != null && (!mine || current.epoch() != info.epoch())) {
                if (info.owner() != null && info.owner() == nodeId && draining) {
                    continue; // we are handing it over ourselves
                }
                log.info("{} is no longer ours at epoch {} (catalog: owner {} epoch {})", tp, current.epoch(), info.owner(), info.epoch());
                dropFenced(tp);
                current = null;
            }
            if (mine && current == null) {
                logs.load(tp, info);
            } else if (mine && info.moveTo() != null) {
                BrokerInfo target = s.broker(info.moveTo());
                if (target != null && target.serving()) {
                    handOver(tp, info.epoch(), info.moveTo());
                }
            }
        }
        for (PartitionLog p : logs.all()) {
            if (!seen.contains(p.partition())) {
                dropFenced(p.partition()); // topic deleted
            }
        }
        for (int slot = 0; slot < Math.max(1, slotCount(s)); slot++) {
            groups.setSlotOwned(slot, slots.contains(slot));
        }
    }

    private int slotCount(ClusterSnapshot s) {
        TopicInfo t = s.topicsByName().get(Controller.GROUP_SLOTS_TOPIC);
        return t == null ? 0 : t.partitionCount();
    }

    private void dropFenced(TopicIdPartition tp) {
        uploader.relinquish(tp, () -> { });
    }

    private void handOver(TopicIdPartition tp, int epoch, int target) {
        log.info("handing {} over to node {}", tp, target);
        uploader.relinquish(tp, () -> topics.assign(tp.topicId(), tp.partition(), epoch, target));
    }

    /**
     * Graceful shutdown: stop taking partitions, upload and release every partition and slot, then
     * record that our WAL is clean so the controller may reassign right away.
     */
    public synchronized void drain() {
        draining = true;
        if (!brokers.renew(nodeId, leaseMs)) { // the uploads below commit under our lease
            fenced();
        }
        brokers.setState(nodeId, "DRAINING", false);
        ClusterSnapshot s = metadata.refresh();
        uploader.relinquishAll(p -> topics.assign(p.partition().topicId(), p.partition().partition(), p.epoch(), null));
        TopicInfo slotsTopic = s.topicsByName().get(Controller.GROUP_SLOTS_TOPIC);
        if (slotsTopic != null) {
            for (int slot : groups.ownedSlots()) {
                groups.setSlotOwned(slot, false);
                PartitionInfo info = s.partition(slotsTopic, slot);
                if (info != null && info.owner() != null && info.owner() == nodeId) {
                    topics.assign(slotsTopic.id(), slot, info.epoch(), null);
                }
            }
        }
        uploader.uploadAll();
        brokers.setState(nodeId, "STOPPED", true);
    }
}
