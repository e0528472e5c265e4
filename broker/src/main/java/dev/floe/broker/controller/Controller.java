package dev.floe.broker.controller;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.Catalog;
import dev.floe.broker.catalog.CatalogBrokers;
import dev.floe.broker.catalog.CatalogEvents;
import dev.floe.broker.catalog.CatalogMoves;
import dev.floe.broker.catalog.CatalogTables;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.CatalogTraffic;
import dev.floe.broker.catalog.CatalogWalMoves;
import dev.floe.broker.catalog.PartitionInfo;
import dev.floe.broker.catalog.PartitionKey;
import dev.floe.broker.catalog.TopicInfo;
import dev.floe.broker.config.BalanceConfig;
import dev.floe.broker.metrics.BrokerMetrics;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The in-cluster controller. Whoever holds a session-level PostgreSQL advisory lock is controller;
 * the lock dies with its connection, so a crashed controller is replaced at once; a paused one is displaced once
 * its broker lease lapses.
 * A round runs every {@link #ROUND_MS} and whenever the catalog notifies a change: it fences brokers whose lease lapsed
 * and asks for their WAL volumes to be moved (failover), gives partitions without a serving owner to live brokers,
 * and balances partitions over zones, counts and traffic ({@link BalancePlanner}), recording every move.
 */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);
    public static final String GROUP_SLOTS_TOPIC = "__consumer_offsets";

    private final Catalog catalog;
    private final CatalogTopics topics;
    private final CatalogBrokers brokers;
    private final CatalogWalMoves walMoves;
    private final CatalogMoves moves;
    private final CatalogTraffic traffic;
    private final CatalogEvents events;
    private final int nodeId;
    private final long lockKey;
    private final int coordinatorSlots;
    private final BalanceConfig balance;
    private final BrokerMetrics metrics;
    private final ScheduledExecutorService executor;
    /** Lease lapses are noticed by polling (they are not catalog writes); everything else also by notification. */
    static final long ROUND_MS = 500;
    private Connection lockConnection;
    private volatile boolean active;

    public Controller(Catalog catalog, CatalogTables tables, int nodeId, String clusterId, int coordinatorSlots, BalanceConfig balance,
                      BrokerMetrics metrics, ScheduledExecutorService executor) {
        this.catalog = catalog;
        this.topics = tables.topics();
        this.brokers = tables.brokers();
        this.walMoves = tables.walMoves();
        this.moves = tables.moves();
        this.traffic = tables.traffic();
        this.events = tables.events();
        this.nodeId = nodeId;
        this.lockKey = ("floe-controller/" + clusterId).hashCode();
        this.coordinatorSlots = coordinatorSlots;
        this.balance = balance;
        this.metrics = metrics;
        this.executor = executor;
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::round, 0, ROUND_MS, TimeUnit.MILLISECONDS);
        events.subscribe(executor, this::round);
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
                balance();
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
                        PartitionAssigner.spread(null, coordinatorSlots, brokers.list(), List.of()));
            } catch (CatalogTopics.TopicExistsException ignored) {
                // another controller generation made it first
            }
        }
    }

    /** Fences lapsed brokers and asks for their WAL volumes to be moved (docs/failover.md). */
    private void failover() {
        for (FailoverPlanner.Action a : FailoverPlanner.plan(brokers.list(), walMoves.open(), walMoves.failedIncarnations())) {
            if (a instanceof FailoverPlanner.Fence f) {
                if (walMoves.fence(f.nodeId(), f.incarnation())) {
                    metrics.fenced();
                    log.warn("failover: node {} (incarnation {}) lost its lease: fenced", f.nodeId(), f.incarnation());
                }
            } else if (a instanceof FailoverPlanner.RequestMove m) {
                if (walMoves.request(m.failedNode(), m.incarnation(), m.volumeId(), m.target())) {
                    log.warn("failover: WAL volume {} of node {} requested for node {}", m.volumeId(), m.failedNode(), m.target());
                }
            } else if (a instanceof FailoverPlanner.Retarget r && walMoves.retarget(r.moveId(), r.target())) {
                log.warn("failover: WAL move {} retargeted to node {}", r.moveId(), r.target());
            }
        }
    }

    /**
     * Places partitions without a serving owner and balances the rest (docs/balancing.md). Coordinator slots and data
     * partitions are balanced separately, so each spreads evenly; traffic counts for data partitions only.
     */
    private void balance() {
        int cancelled = moves.cancelStale(balance.moveTimeoutMs());
        if (cancelled > 0) {
            log.warn("balance: cancelled {} partition moves that could not complete", cancelled);
        }
        moves.finishRebalances();
        List<TopicInfo> topicList = topics.list();
        Map<Uuid, String> names = topicList.stream().collect(Collectors.toMap(TopicInfo::id, TopicInfo::name));
        Set<Uuid> internal = topicList.stream().filter(TopicInfo::internal).map(TopicInfo::id).collect(Collectors.toSet());
        List<PartitionInfo> all = topics.partitions();
        List<BrokerInfo> live = brokers.list();
        BalancePlanner.Settings settings = new BalancePlanner.Settings(balance.bytesThreshold(), balance.minBytesPerSec(),
                balance.maxMovesPerRound());
        Function<Uuid, String> name = id -> names.getOrDefault(id, id.toString());
        List<PartitionInfo> slots = all.stream().filter(p -> internal.contains(p.topicId())).toList();
        List<PartitionInfo> data = all.stream().filter(p -> !internal.contains(p.topicId())).toList();
        apply(BalancePlanner.plan(slots, live, Map.of(), Set.of(), false, balance.enabled(), settings, name), name);
        boolean bytesAllowed = balance.enabled() && !moves.plannedWithin(BalancePlanner.Trigger.BYTES.name(), balance.bytesCooldownMs());
        Map<PartitionKey, Double> rates = balance.enabled() ? traffic.totals() : Map.of();
        Set<PartitionKey> coolingDown = bytesAllowed ? moves.movedWithin(balance.partitionCooldownMs()) : Set.of();
        apply(BalancePlanner.plan(data, live, rates, coolingDown, bytesAllowed, balance.enabled(), settings, name), name);
    }

    private void apply(BalancePlanner.Plan plan, Function<Uuid, String> name) {
        List<CatalogTopics.Assignment> assignments = plan.assignments().stream()
                .map(a -> new CatalogTopics.Assignment(a.partition().topicId(), a.partition().partition(), a.partition().epoch(),
                        a.target()))
                .toList();
        List<CatalogTopics.Assignment> assigned = topics.assignAll(assignments);
        if (!assigned.isEmpty()) {
            log.info("assigned {}", assigned.stream().map(a -> name.apply(a.topicId()) + "-" + a.partition() + "->" + a.owner())
                    .collect(Collectors.joining(", ")));
        }
        for (BalancePlanner.Proposal proposal : plan.proposals()) {
            List<CatalogMoves.MoveRequest> requests = new ArrayList<>();
            for (BalancePlanner.Move m : proposal.moves()) {
                requests.add(new CatalogMoves.MoveRequest(m.partition(), name.apply(m.partition().topicId()), m.to()));
            }
            List<CatalogMoves.MoveRequest> requested = moves.plan(proposal.trigger().name(), proposal.summary(), nodeId, requests);
            requested.forEach(r -> metrics.movePlanned(proposal.trigger().name()));
            if (!requested.isEmpty()) {
                log.info("rebalance ({}): {}; moving {}", proposal.trigger(), proposal.summary(), describe(requested));
            }
        }
    }

    private static String describe(List<CatalogMoves.MoveRequest> moves) {
        return moves.stream().map(m -> m.topicName() + "-" + m.partition().partition() + " " + m.partition().owner() + "->" + m.target())
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        release();
    }
}
