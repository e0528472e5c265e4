package dev.floe.broker.controller;

import dev.floe.broker.catalog.CatalogBrokers;
import dev.floe.broker.catalog.CatalogMoves;
import dev.floe.broker.catalog.CatalogTables;
import dev.floe.broker.catalog.CatalogTraffic;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.log.LogManager;
import dev.floe.broker.log.PartitionLog;
import dev.floe.broker.log.Uploader;
import dev.floe.broker.metrics.BrokerMetrics;
import dev.floe.broker.traffic.PartitionRates;
import dev.floe.broker.traffic.TrafficCounters;
import dev.floe.broker.traffic.TrafficWindow;
import org.apache.kafka.common.TopicIdPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This broker's side of the cluster: keeps its lease alive (on a thread that does nothing else, so no catalog work can
 * delay a renewal), refreshes the metadata snapshot, and makes the partitions and coordinator slots it serves match
 * what the catalog says it owns, every renewal period and at once when the catalog notifies a change. A partition whose epoch moved on is dropped at once (fenced); one the
 * controller asks to move is uploaded and handed over, off the lease thread. Every few seconds it reports what
 * traffic each of its partitions carries, for the balancer.
 */
public final class Membership {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);
    /** Exit status of a process that found itself fenced. */
    public static final int FENCED_EXIT_CODE = 75;
    /** Partition traffic is written every this many membership rounds (about every 5 s). */
    private static final int TRAFFIC_EVERY_TICKS = 5;

    /** Who this broker is, as it registers. {@code walMovable}: launched with a volume id the controller may move. */
    public record Identity(int nodeId, String host, int port, String zone, long leaseMs, boolean walMovable) {
    }

    private final Identity me;
    private final CatalogBrokers brokers;
    private final CatalogMoves moves;
    private final CatalogTraffic trafficTable;
    private final MetadataCache metadata;
    private final LogManager logs;
    private final Uploader uploader;
    private final GroupCoordinator groups;
    private final ScheduledExecutorService executor;
    private final ScheduledExecutorService leaseThread;
    private final ExecutorService handOvers;
    private final TrafficCounters traffic;
    private final BrokerMetrics metrics;
    /** Rates over the last minute: long enough to smooth bursts, short enough that a balancer sees shifts. */
    private final TrafficWindow trafficWindow = new TrafficWindow(60_000);
    private final PartitionRates partitionRates = new PartitionRates(60_000);
    /** Partitions being handed over right now, so a sync in the meantime does not start them again. */
    private final Set<TopicIdPartition> handingOver = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    private int ticks;

    /**
     * @param executor    runs ownership syncs and traffic reports
     * @param leaseThread renews the lease and nothing else
     * @param handOvers   uploads and hands over partitions the controller moves away
     */
    public Membership(Identity me, CatalogTables tables, MetadataCache metadata, LogManager logs, Uploader uploader,
                      GroupCoordinator groups, ScheduledExecutorService executor, ScheduledExecutorService leaseThread,
                      ExecutorService handOvers, TrafficCounters traffic, BrokerMetrics metrics) {
        this.me = me;
        this.brokers = tables.brokers();
        this.moves = tables.moves();
        this.trafficTable = tables.traffic();
        this.metadata = metadata;
        this.logs = logs;
        this.uploader = uploader;
        this.groups = groups;
        this.executor = executor;
        this.leaseThread = leaseThread;
        this.handOvers = handOvers;
        this.traffic = traffic;
        this.metrics = metrics;
        tables.events().subscribe(executor, this::syncQuietly);
    }

    public void start() {
        long started = System.nanoTime();
        brokers.register(me.nodeId(), me.host(), me.port(), me.zone(), me.leaseMs(), "UP");
        logs.leaseRenewed(started, me.leaseMs());
        trafficWindow.sample(started, traffic.bytesIn(), traffic.bytesOut());
        sync();
        long period = Math.max(200, Math.min(1000, me.leaseMs() / 5));
        leaseThread.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            long started = System.nanoTime();
            if (brokers.renew(me.nodeId(), me.leaseMs(), trafficWindow.sample(started, traffic.bytesIn(), traffic.bytesOut()))) {
                logs.leaseRenewed(started, me.leaseMs());
            } else {
                fenced();
            }
        } catch (Throwable e) {
            log.warn("lease renewal failed; retrying", e);
        }
    }

    private void round() {
        try {
            sync();
            if (++ticks % TRAFFIC_EVERY_TICKS == 0) {
                reportTraffic(System.nanoTime());
            }
        } catch (Throwable e) {
            log.warn("membership round failed", e);
        }
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (Throwable e) {
            log.warn("ownership sync after a catalog notification failed; the next lease round retries", e);
        }
    }

    /**
     * The controller retired this incarnation (its lease lapsed, e.g. the process was paused) and its WAL
     * may already be in another broker's hands. Nothing may be served or written any more, so the process
     * stops at once without touching its WAL; the agent starts a fresh member when the WAL is recovered.
     */
    private void fenced() {
        if (!me.walMovable()) {
            // Without a volume id nobody else can recover our WAL, so our partitions were not reassigned:
            // rejoin as a fresh incarnation and go on (commits in between were refused, nothing was lost).
            log.warn("node {} was fenced (incarnation {}); its WAL cannot be moved, so it rejoins", me.nodeId(), brokers.incarnation());
            long started = System.nanoTime();
            brokers.register(me.nodeId(), me.host(), me.port(), me.zone(), me.leaseMs(), "UP");
            logs.leaseRenewed(started, me.leaseMs());
            return;
        }
        log.error("node {} was fenced by the controller (incarnation {}): stopping without serving anything more",
                me.nodeId(), brokers.incarnation());
        Runtime.getRuntime().halt(FENCED_EXIT_CODE);
    }

    /** Aligns served partitions with the catalog now (also called right after topic changes). */
    public synchronized void sync() {
        ClusterSnapshot s = metadata.refresh();
        Set<TopicIdPartition> seen = new HashSet<>();
        Set<Integer> slots = new HashSet<>();
        Map<TopicIdPartition, Target> leaving = new HashMap<>();
        Map<TopicIdPartition, PartitionInfo> arriving = new HashMap<>();
        for (Map.Entry<TopicIdPartition, PartitionInfo> e : s.partitions().entrySet()) {
            TopicIdPartition tp = e.getKey();
            PartitionInfo info = e.getValue();
            TopicInfo topic = s.topicsById().get(tp.topicId());
            boolean mine = info.owner() != null && info.owner() == me.nodeId() && !draining;
            boolean movingToServing = info.moveTo() != null && s.broker(info.moveTo()) != null && s.broker(info.moveTo()).serving();
            if (topic.internal()) {
                if (mine && movingToServing) {
                    // Group state is in memory and offsets in the catalog: members simply rejoin at the new coordinator.
                    groups.setSlotOwned(tp.partition(), false);
                    complete(List.of(new CatalogMoves.Completion(PartitionKey.of(info), info.epoch(), info.moveTo())));
                } else if (mine) {
                    slots.add(tp.partition());
                }
                continue;
            }
            seen.add(tp);
            if (handingOver.contains(tp)) {
                continue;
            }
            PartitionLog current = logs.get(tp);
            if (current != null && (!mine || current.epoch() != info.epoch())) {
                if (info.owner() != null && info.owner() == me.nodeId() && draining) {
                    continue; // we are handing it over ourselves
                }
                log.info("{} is no longer ours at epoch {} (catalog: owner {} epoch {})", tp, current.epoch(), info.owner(), info.epoch());
                dropFenced(tp);
                current = null;
            }
            if (mine && current == null) {
                arriving.put(tp, info);
            } else if (mine && movingToServing) {
                leaving.put(tp, new Target(info.epoch(), info.moveTo()));
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
        if (!arriving.isEmpty()) {
            logs.loadAll(arriving);
        }
        if (!leaving.isEmpty()) {
            handOver(leaving);
        }
    }

    private record Target(int epoch, Integer node) {
    }

    private int slotCount(ClusterSnapshot s) {
        TopicInfo t = s.topicsByName().get(Controller.GROUP_SLOTS_TOPIC);
        return t == null ? 0 : t.partitionCount();
    }

    private void dropFenced(TopicIdPartition tp) {
        uploader.relinquish(tp, () -> { });
    }

    /**
     * Hands partitions to their targets on the hand-over thread, all in one upload: stop appends, upload what the
     * bucket lacks, then give each to its target at the next epoch. The lease thread keeps renewing meanwhile.
     */
    private void handOver(Map<TopicIdPartition, Target> leaving) {
        handingOver.addAll(leaving.keySet());
        try {
            handOvers.execute(() -> {
                try {
                    long started = System.nanoTime();
                    List<CatalogMoves.Completion> released = new ArrayList<>();
                    uploader.relinquish(leaving.keySet(), p -> released.add(completion(p, leaving.get(p.partition()).node())));
                    complete(released);
                    log.info("handed {} partitions over in {} ms: {}", leaving.size(), (System.nanoTime() - started) / 1_000_000,
                            describe(leaving));
                } catch (Throwable e) {
                    log.warn("handing over {} failed; the controller will ask again", leaving.keySet(), e);
                } finally {
                    handingOver.removeAll(leaving.keySet());
                }
            });
        } catch (RuntimeException e) {
            handingOver.removeAll(leaving.keySet()); // stopping: drain hands everything over
        }
    }

    private static CatalogMoves.Completion completion(PartitionLog p, Integer target) {
        return new CatalogMoves.Completion(new PartitionKey(p.partition().topicId(), p.partition().partition()), p.epoch(), target);
    }

    /** Gives released partitions to their targets in one catalog transaction (one notification wakes them all). */
    private void complete(List<CatalogMoves.Completion> released) {
        List<CatalogMoves.Completion> done = moves.completeAll(released);
        done.stream().filter(c -> c.target() != null).forEach(c -> metrics.handedOver());
        if (done.size() < released.size()) {
            log.warn("{} of {} partitions changed hands while they were being handed over", released.size() - done.size(),
                    released.size());
        }
    }

    private static String describe(Map<TopicIdPartition, Target> leaving) {
        List<String> out = new ArrayList<>();
        leaving.forEach((tp, t) -> out.add(tp.topic() + "-" + tp.partition() + "->" + t.node()));
        return String.join(", ", out);
    }

    private void reportTraffic(long nowNanos) {
        Set<TopicIdPartition> served = new HashSet<>();
        logs.all().forEach(p -> served.add(p.partition()));
        traffic.track(served);
        Map<PartitionKey, CatalogTraffic.Rates> rates = new HashMap<>();
        partitionRates.sample(nowNanos, traffic.partitions()).forEach((tp, r) ->
                rates.put(new PartitionKey(tp.topicId(), tp.partition()), new CatalogTraffic.Rates(r.in(), r.out())));
        trafficTable.report(me.nodeId(), rates);
    }

    /**
     * Graceful shutdown: stop taking partitions, give every partition and coordinator slot to the serving broker
     * the placement rules choose (one upload for all of them first), then record that our WAL is clean. Partitions
     * given to us while we drained are handed on too. With no other broker serving, they are released to the
     * controller of whoever starts next.
     */
    public synchronized void drain() {
        draining = true;
        if (!brokers.renew(me.nodeId(), me.leaseMs())) { // the uploads below commit under our lease
            fenced();
        }
        brokers.setState(me.nodeId(), "DRAINING", false);
        for (int round = 0; round < 3; round++) {
            ClusterSnapshot s = metadata.refresh();
            List<PartitionInfo> ours = s.partitions().values().stream()
                    .filter(p -> p.owner() != null && p.owner() == me.nodeId()).toList();
            if (ours.isEmpty()) {
                break;
            }
            TopicInfo slotsTopic = s.topicsByName().get(Controller.GROUP_SLOTS_TOPIC);
            Map<PartitionKey, Integer> targets = PartitionAssigner.newHomes(s, ours);
            recordDrain(s, ours, targets);
            Set<TopicIdPartition> data = new HashSet<>();
            List<CatalogMoves.Completion> released = new ArrayList<>();
            for (Map.Entry<TopicIdPartition, PartitionInfo> e : s.partitions().entrySet()) {
                PartitionInfo p = e.getValue();
                if (p.owner() == null || p.owner() != me.nodeId()) {
                    continue;
                }
                if (slotsTopic != null && p.topicId().equals(slotsTopic.id())) {
                    groups.setSlotOwned(p.partition(), false);
                    released.add(new CatalogMoves.Completion(PartitionKey.of(p), p.epoch(), targets.get(PartitionKey.of(p))));
                } else if (logs.owns(e.getKey())) {
                    data.add(e.getKey());
                } else {
                    // not loaded yet: nothing of it is ours to upload, it is simply passed on
                    released.add(new CatalogMoves.Completion(PartitionKey.of(p), p.epoch(), targets.get(PartitionKey.of(p))));
                }
            }
            uploader.relinquish(data, p -> released.add(completion(p, targets.get(new PartitionKey(p.partition().topicId(),
                    p.partition().partition())))));
            complete(released);
        }
        uploader.uploadAll();
        brokers.setState(me.nodeId(), "STOPPED", true);
    }

    /** Records the drain as a rebalance (so it shows with the other moves) and tells the balancer not to interfere. */
    private void recordDrain(ClusterSnapshot s, List<PartitionInfo> ours, Map<PartitionKey, Integer> targets) {
        if (targets.isEmpty()) {
            log.warn("draining node {}: no other broker serves; its {} partitions are released unowned", me.nodeId(), ours.size());
            return;
        }
        List<CatalogMoves.MoveRequest> requests = new ArrayList<>();
        for (PartitionInfo p : ours) {
            Integer target = targets.get(PartitionKey.of(p));
            TopicInfo topic = s.topicsById().get(p.topicId());
            if (target != null && topic != null && p.moveTo() == null) {
                requests.add(new CatalogMoves.MoveRequest(p, topic.name(), target));
            }
        }
        Map<Integer, Integer> perTarget = new TreeMap<>();
        targets.values().forEach(t -> perTarget.merge(t, 1, Integer::sum));
        String summary = "node " + me.nodeId() + " is stopping: its " + ours.size() + " partitions move to " + perTarget;
        List<CatalogMoves.MoveRequest> requested = moves.plan("DRAIN", summary, me.nodeId(), requests);
        requested.forEach(r -> metrics.movePlanned("DRAIN"));
        log.info("drain: {}", summary);
    }
}
