package dev.floe.broker.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.floe.broker.catalog.CatalogTopics.uuid;

/**
 * Partition moves that are not failovers, each recorded with the rebalance it belongs to so people can follow it:
 * planned by the controller's balancer, asked for by an admin (AlterPartitionReassignments), or made by a broker
 * draining before it stops. A move is a request to the owner ({@code partitions.move_to}); the owner uploads what
 * the bucket lacks and completes it by handing the partition to the target at the next epoch.
 */
public final class CatalogMoves {
    private final Catalog catalog;

    public CatalogMoves(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Move {@code partition} (as read, with its owner and epoch) to {@code target}. */
    public record MoveRequest(PartitionInfo partition, String topicName, int target) {
    }

    /** A move still waiting for its owner's hand-over. */
    public record OpenMove(long moveId, long rebalanceId, PartitionKey partition, String topicName, int fromNode, int toNode,
                           int fromEpoch) {
    }

    /**
     * Records a rebalance and asks each owner to hand over. A partition whose owner or epoch changed since it was
     * read, or that is already moving, is skipped. Returns the moves requested; when none could be, nothing is
     * recorded.
     */
    public List<MoveRequest> plan(String trigger, String summary, int plannedBy, List<MoveRequest> moves) {
        return catalog.inTransaction(c -> {
            long rebalanceId;
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into rebalances (trigger, summary, planned_by) values (?, ?, ?) returning rebalance_id")) {
                ps.setString(1, trigger);
                ps.setString(2, summary);
                ps.setInt(3, plannedBy);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rebalanceId = rs.getLong(1);
                }
            }
            List<MoveRequest> requested = new ArrayList<>();
            for (MoveRequest m : moves) {
                if (request(c, rebalanceId, m)) {
                    requested.add(m);
                }
            }
            if (requested.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("delete from rebalances where rebalance_id = ?")) {
                    ps.setLong(1, rebalanceId);
                    ps.executeUpdate();
                }
            } else {
                CatalogEvents.publish(c, "ownership");
            }
            return requested;
        });
    }

    private static boolean request(Connection c, long rebalanceId, MoveRequest m) throws SQLException {
        PartitionInfo p = m.partition();
        try (PreparedStatement ps = c.prepareStatement("""
                update partitions set move_to = ?
                where topic_id = ? and partition = ? and epoch = ? and owner_node = ? and move_to is null""")) {
            ps.setInt(1, m.target());
            ps.setObject(2, uuid(p.topicId()));
            ps.setInt(3, p.partition());
            ps.setInt(4, p.epoch());
            ps.setInt(5, p.owner());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into partition_moves (rebalance_id, topic_id, topic_name, partition, from_node, to_node, from_epoch)
                values (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setLong(1, rebalanceId);
            ps.setObject(2, uuid(p.topicId()));
            ps.setString(3, m.topicName());
            ps.setInt(4, p.partition());
            ps.setInt(5, p.owner());
            ps.setInt(6, m.target());
            ps.setInt(7, p.epoch());
            ps.executeUpdate();
        }
        return true;
    }

    /** A hand-over the owner finished: {@code target} takes the partition from {@code epoch}; null target: nobody. */
    public record Completion(PartitionKey partition, int epoch, Integer target) {
    }

    /**
     * The owner handed partitions over: each target owns its partition from the next epoch (null: nobody, the
     * controller assigns it), and the partition's open move, if any, is DONE. One transaction and one notification for
     * all of them. The epoch guard makes a hand-over that lost a race do nothing; returns those that took effect.
     */
    public List<Completion> completeAll(List<Completion> completions) {
        if (completions.isEmpty()) {
            return List.of();
        }
        return catalog.inTransaction(c -> {
            List<Completion> done = new ArrayList<>();
            for (Completion completion : completions) {
                if (complete(c, completion)) {
                    done.add(completion);
                }
            }
            if (!done.isEmpty()) {
                CatalogEvents.publish(c, "ownership");
            }
            return done;
        });
    }

    private static boolean complete(Connection c, Completion completion) throws SQLException {
        PartitionKey key = completion.partition();
        Integer target = completion.target();
        try (PreparedStatement ps = c.prepareStatement("""
                update partitions set owner_node = ?, epoch = epoch + 1, move_to = null
                where topic_id = ? and partition = ? and epoch = ?""")) {
            if (target == null) {
                ps.setNull(1, Types.INTEGER);
            } else {
                ps.setInt(1, target);
            }
            ps.setObject(2, uuid(key.topicId()));
            ps.setInt(3, key.partition());
            ps.setInt(4, completion.epoch());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                update partition_moves set state = case when to_node = ? then 'DONE' else 'CANCELLED' end,
                  completed_at = now(),
                  message = case when to_node = ? then null
                                 when ? then 'released without a target'
                                 else 'handed to node ' || ? || ' instead' end
                where topic_id = ? and partition = ? and state = 'REQUESTED'""")) {
            int node = target == null ? -1 : target;
            ps.setInt(1, node);
            ps.setInt(2, node);
            ps.setBoolean(3, target == null);
            ps.setInt(4, node);
            ps.setObject(5, uuid(key.topicId()));
            ps.setInt(6, key.partition());
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * Cancels moves that can no longer happen: the partition is gone or changed hands another way, its owner or its
     * target stopped serving, or the owner did not hand over within {@code timeoutMs}. The request is withdrawn
     * from the partition (guarded by its epoch) and the move records why. Returns how many were cancelled.
     */
    public int cancelStale(long timeoutMs) {
        return catalog.inTransaction(c -> {
            List<Object[]> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select m.move_id, m.topic_id, m.partition, m.from_epoch, m.to_node,
                      case when p.topic_id is null then 'the topic was deleted'
                           when p.epoch <> m.from_epoch or p.move_to is distinct from m.to_node
                             then 'the partition changed hands another way'
                           when not coalesce(t.state = 'UP' and t.lease_expires_at > now(), false)
                             then 'target node ' || m.to_node || ' stopped serving'
                           when not coalesce(f.state in ('UP', 'DRAINING') and f.lease_expires_at > now(), false)
                             then 'owner node ' || m.from_node || ' stopped serving'
                           when m.requested_at < now() - make_interval(secs => ?)
                             then 'owner node ' || m.from_node || ' did not hand over in time'
                      end
                    from partition_moves m
                    left join partitions p on p.topic_id = m.topic_id and p.partition = m.partition
                    left join brokers f on f.node_id = m.from_node
                    left join brokers t on t.node_id = m.to_node
                    where m.state = 'REQUESTED'""")) {
                ps.setDouble(1, timeoutMs / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(6) != null) {
                            stale.add(new Object[]{rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getInt(4),
                                    rs.getInt(5), rs.getString(6)});
                        }
                    }
                }
            }
            for (Object[] s : stale) {
                withdraw(c, (UUID) s[1], (int) s[2], (int) s[3], (int) s[4]);
                cancel(c, (long) s[0], (String) s[5]);
            }
            if (!stale.isEmpty()) {
                CatalogEvents.publish(c, "ownership");
            }
            return stale.size();
        });
    }

    /** An admin withdrew a reassignment (AlterPartitionReassignments without replicas). False when none was open. */
    public boolean cancelByAdmin(PartitionKey key) {
        return catalog.inTransaction(c -> {
            OpenMove open = null;
            for (OpenMove m : open(c)) {
                if (m.partition().equals(key)) {
                    open = m;
                }
            }
            if (open == null) {
                return false;
            }
            withdraw(c, uuid(key.topicId()), key.partition(), open.fromEpoch(), open.toNode());
            cancel(c, open.moveId(), "cancelled by an admin");
            CatalogEvents.publish(c, "ownership");
            return true;
        });
    }

    private static void withdraw(Connection c, UUID topic, int partition, int epoch, int target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update partitions set move_to = null where topic_id = ? and partition = ? and epoch = ? and move_to = ?")) {
            ps.setObject(1, topic);
            ps.setInt(2, partition);
            ps.setInt(3, epoch);
            ps.setInt(4, target);
            ps.executeUpdate();
        }
    }

    private static void cancel(Connection c, long moveId, String why) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update partition_moves set state = 'CANCELLED', completed_at = now(), message = ? where move_id = ? and state = 'REQUESTED'")) {
            ps.setString(1, why);
            ps.setLong(2, moveId);
            ps.executeUpdate();
        }
    }

    /** A rebalance whose moves all ended is SUCCEEDED, at the time its last move ended. */
    public int finishRebalances() {
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update rebalances r set state = 'SUCCEEDED',
                      completed_at = coalesce((select max(m.completed_at) from partition_moves m where m.rebalance_id = r.rebalance_id), now())
                    where r.state = 'RUNNING'
                      and not exists (select 1 from partition_moves m where m.rebalance_id = r.rebalance_id and m.state = 'REQUESTED')""")) {
                return ps.executeUpdate();
            }
        });
    }

    /** Partitions whose last move ended within {@code ms}: traffic balancing leaves them alone for a while. */
    public Set<PartitionKey> movedWithin(long ms) {
        return catalog.read(c -> {
            Set<PartitionKey> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select distinct topic_id, partition from partition_moves
                    where state = 'DONE' and completed_at > now() - make_interval(secs => ?)""")) {
                ps.setDouble(1, ms / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PartitionKey(uuid(rs.getObject(1, UUID.class)), rs.getInt(2)));
                    }
                }
            }
            return out;
        });
    }

    /** Whether a rebalance of this trigger was planned within {@code ms} (the cluster-wide cool-down). */
    public boolean plannedWithin(String trigger, long ms) {
        return catalog.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select exists (select 1 from rebalances where trigger = ? and planned_at > now() - make_interval(secs => ?))")) {
                ps.setString(1, trigger);
                ps.setDouble(2, ms / 1000.0);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    public List<OpenMove> open() {
        return catalog.read(CatalogMoves::open);
    }

    private static List<OpenMove> open(Connection c) throws SQLException {
        List<OpenMove> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select move_id, rebalance_id, topic_id, partition, topic_name, from_node, to_node, from_epoch
                from partition_moves where state = 'REQUESTED' order by move_id""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new OpenMove(rs.getLong(1), rs.getLong(2), new PartitionKey(uuid(rs.getObject(3, UUID.class)), rs.getInt(4)),
                        rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getInt(8)));
            }
        }
        return out;
    }
}
