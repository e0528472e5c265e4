package dev.floe.broker.controller;

import dev.floe.broker.catalog.Catalog;
import dev.floe.broker.catalog.CatalogBrokers;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.CatalogWalMoves;
import dev.floe.broker.catalog.TopicInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.PartitionInfo;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The in-cluster controller. Whoever holds a session-level PostgreSQL advisory lock is controller;
 * the lock dies with its connection, so a crashed controller is replaced at once; a paused one is displaced once
 * its broker lease lapses.
 * Each round it assigns unowned partitions to live brokers and evens out partition counts.
 */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    public static final String GROUP_SLOTS_TOPIC = "__consumer_offsets";

    private final Catalog catalog;
    private final CatalogTopics topics;
    private final CatalogBrokers brokers;
    private final CatalogWalMoves moves;
    private final int nodeId;
    private final long lockKey;
    private final int coordinatorSlots;
    private final ScheduledExecutorService executor;
    private Connection lockConnection;
    private volatile boolean active;

    public Controller(Catalog catalog, CatalogTopics topics, CatalogBrokers brokers, CatalogWalMoves moves, int nodeId,
                      String clusterId, int coordinatorSlots, ScheduledExecutorService executor) {
        this.catalog = catalog;
        this.topics = topics;
        this.brokers = brokers;
        this.moves = moves;
        this.nodeId = nodeId;
        this.lockKey = ("floe-controller/" + clusterId).hashCode();
        this.coordinatorSlots = coordinatorSlots;
        this.executor = executor;
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::round, 0, 1000, TimeUnit.MILLISECONDS);
    }

    public boolean isActive() {
        return active;
    }

    private void round() {
        try {
            if (!active) {
                tryAcquire();
            } else if (!lockStillHeld()) {
                log.warn("lost the controller lock");
                release();
            }
            if (active) {
                ensureGroupSlots();
                failover();
                assign();
            }
        } catch (Throwable e) {
            log.warn("controller round failed", e);
        }
    }

    private void tryAcquire() throws SQLException {
        if (lockConnection == null) {
            lockConnection = catalog.dedicatedConnection();
        }
        displaceStaleController();
        try (PreparedStatement ps = lockConnection.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, lockKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                active = rs.getBoolean(1);
            }
        }
        if (active) {
            try (PreparedStatement ps = lockConnection.prepareStatement("""
                    insert into cluster_controller (singleton, node_id, since) values (1, ?, now())
                    on conflict (singleton) do update set node_id = excluded.node_id, since = now()""")) {
                ps.setInt(1, nodeId);
                ps.executeUpdate();
            }
            log.info("node {} is now the controller", nodeId);
        }
    }

    /**
     * A paused controller process keeps its session, and with it the lock, alive: it would never be fenced and
     * nobody else could take over. So when the node on record as controller let its lease lapse, was fenced, or
     * has registered again since it took the lock (a newer process of that node), its session is ended.
     */
    private void displaceStaleController() throws SQLException {
        try (PreparedStatement ps = lockConnection.prepareStatement("""
                select l.pid, pg_terminate_backend(l.pid)
                  from pg_locks l
                 where l.locktype = 'advisory' and l.granted and l.objsubid = 1
                   and l.database = (select oid from pg_database where datname = current_database())
                   and l.classid::bigint = ? and l.objid::bigint = ?
                   and exists (select 1 from cluster_controller c join brokers b on b.node_id = c.node_id
                                where b.lease_expires_at < now() or b.fenced_at is not null
                                   or b.started_at > c.since)""")) {
            ps.setLong(1, lockKey >>> 32);
            ps.setLong(2, lockKey & 0xFFFFFFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    log.warn("ended the session (backend {}) of a controller whose lease lapsed", rs.getLong(1));
                }
            }
        }
    }

    private boolean lockStillHeld() {
        try {
            return lockConnection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void release() {
        active = false;
        try {
            if (lockConnection != null) {
                lockConnection.close();
            }
        } catch (SQLException ignored) {
            // the connection is gone either way, and with it the lock
        }
        lockConnection = null;
    }

    private void ensureGroupSlots() {
        boolean exists = topics.list().stream().map(TopicInfo::name).anyMatch(GROUP_SLOTS_TOPIC::equals);
        if (!exists) {
            try {
                topics.create(GROUP_SLOTS_TOPIC, coordinatorSlots, Map.of(), true,
                        PartitionAssigner.spread(coordinatorSlots, brokers.list(), List.of()));
            } catch (CatalogTopics.TopicExistsException ignored) {
                // another controller generation made it first
            }
        }
    }

    /** Fences lapsed brokers and asks for their WAL volumes to be moved (docs/failover.md). */
    private void failover() {
        for (FailoverPlanner.Action a : FailoverPlanner.plan(brokers.list(), moves.open())) {
            if (a instanceof FailoverPlanner.Fence f) {
                if (moves.fence(f.nodeId(), f.incarnation())) {
                    log.warn("failover: node {} (incarnation {}) lost its lease: fenced", f.nodeId(), f.incarnation());
                }
            } else if (a instanceof FailoverPlanner.RequestMove m) {
                if (moves.request(m.failedNode(), m.incarnation(), m.volumeId(), m.target())) {
                    log.warn("failover: WAL volume {} of node {} requested for node {}", m.volumeId(), m.failedNode(), m.target());
                }
            } else if (a instanceof FailoverPlanner.Retarget r && moves.retarget(r.moveId(), r.target())) {
                log.warn("failover: WAL move {} retargeted to node {}", r.moveId(), r.target());
            }
        }
    }

    private void assign() {
        // Coordinator slots and data partitions are balanced separately, so each spreads evenly.
        Set<Uuid> internal = topics.list().stream().filter(TopicInfo::internal).map(TopicInfo::id).collect(Collectors.toSet());
        List<PartitionInfo> all = topics.partitions();
        List<BrokerInfo> live = brokers.list();
        List<PartitionAssigner.Decision> decisions = new ArrayList<>();
        decisions.addAll(PartitionAssigner.plan(all.stream().filter(p -> internal.contains(p.topicId())).toList(), live));
        decisions.addAll(PartitionAssigner.plan(all.stream().filter(p -> !internal.contains(p.topicId())).toList(), live));
        for (PartitionAssigner.Decision d : decisions) {
            if (d.move()) {
                topics.requestMove(d.topicId(), d.partition(), d.expectedEpoch(), d.target());
            } else if (topics.assign(d.topicId(), d.partition(), d.expectedEpoch(), d.target())) {
                log.info("assigned {}-{} to node {}", d.topicId(), d.partition(), d.target());
            }
        }
    }

    @Override
    public void close() {
        release();
    }
}
