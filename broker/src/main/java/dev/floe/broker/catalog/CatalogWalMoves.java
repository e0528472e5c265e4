package dev.floe.broker.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The failover half of the catalog: fencing brokers whose lease lapsed and the {@code wal_moves}
 * requests. The controller writes REQUESTED, the agent ATTACHED, the target broker RECOVERED.
 */
public final class CatalogWalMoves {
    private static final String COLUMNS =
            "move_id, failed_node, failed_incarnation, volume_id, target_node, state, attached_path";
    private final Catalog catalog;

    public CatalogWalMoves(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Retires one incarnation: from now on it can neither renew nor commit. Guarded by the lease still
     * being lapsed, so a broker that renewed in the meantime is left alone.
     */
    public boolean fence(int nodeId, long incarnation) {
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update brokers set state = 'FENCED', fenced_at = now(), fence_reason = 'lease lapsed'
                    where node_id = ? and incarnation = ? and state <> 'FENCED' and lease_expires_at <= now()""")) {
                ps.setInt(1, nodeId);
                ps.setLong(2, incarnation);
                return notifyIf(c, ps.executeUpdate() == 1, "brokers");
            }
        });
    }

    /**
     * Asks for a move; does nothing when one is already in flight for that node, or unless that very
     * incarnation is fenced with a WAL not yet clean (a broker that renewed in time is never moved).
     */
    public boolean request(int failedNode, long incarnation, String volumeId, int target) {
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into wal_moves (failed_node, failed_incarnation, volume_id, target_node, state)
                    select ?, ?, ?, ?, 'REQUESTED' where exists (
                      select 1 from brokers where node_id = ? and incarnation = ? and state = 'FENCED' and not wal_clean)
                    on conflict (failed_node) where state in ('REQUESTED', 'ATTACHED') do nothing""")) {
                ps.setInt(1, failedNode);
                ps.setLong(2, incarnation);
                ps.setString(3, volumeId);
                ps.setInt(4, target);
                ps.setInt(5, failedNode);
                ps.setLong(6, incarnation);
                return notifyIf(c, ps.executeUpdate() == 1, "wal_moves");
            }
        });
    }

    /** The target died before finishing: the volume goes to another broker, attached afresh. */
    public boolean retarget(long moveId, int newTarget) {
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update wal_moves set target_node = ?, state = 'REQUESTED', attached_path = null, attached_at = null,
                      message = 'target ' || target_node || ' is gone; moving to ' || ?
                    where move_id = ? and state in ('REQUESTED', 'ATTACHED')""")) {
                ps.setInt(1, newTarget);
                ps.setInt(2, newTarget);
                ps.setLong(3, moveId);
                return notifyIf(c, ps.executeUpdate() == 1, "wal_moves");
            }
        });
    }

    public List<WalMove> open() {
        return query("select " + COLUMNS + " from wal_moves where state in ('REQUESTED', 'ATTACHED') order by move_id", -1);
    }

    /** Incarnations whose move the agent gave up on (FAILED): the node is restarted on its own volume instead. */
    public Set<Long> failedIncarnations() {
        return catalog.read(c -> {
            Set<Long> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("select distinct failed_incarnation from wal_moves where state = 'FAILED'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    /** Open moves (REQUESTED or ATTACHED) whose volume is coming or came to {@code target}. */
    public List<WalMove> openTo(int target) {
        return query("select " + COLUMNS + " from wal_moves where state in ('REQUESTED', 'ATTACHED') and target_node = ? order by move_id",
                target);
    }

    /**
     * The target replayed and committed the WAL: the move is done, the failed incarnation's WAL is clean, and its
     * partitions go to {@code successors} (epoch-guarded), all at one instant, so no controller round stands between
     * the recovery and the partitions being writable again. Returns the assignments that took effect, or null when
     * the move was no longer this target's to finish.
     */
    public List<CatalogTopics.Assignment> markRecovered(WalMove move, int target, String message,
                                                        List<CatalogTopics.Assignment> successors) {
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update wal_moves set state = 'RECOVERED', recovered_at = now(), message = ?
                    where move_id = ? and target_node = ? and state = 'ATTACHED'""")) {
                ps.setString(1, message);
                ps.setLong(2, move.moveId());
                ps.setInt(3, target);
                if (ps.executeUpdate() == 0) {
                    return null;
                }
            }
            boolean stillFenced;
            try (PreparedStatement ps = c.prepareStatement("""
                    update brokers set wal_clean = true
                    where node_id = ? and incarnation = ? and state = 'FENCED'""")) {
                ps.setInt(1, move.failedNode());
                ps.setLong(2, move.failedIncarnation());
                stillFenced = ps.executeUpdate() == 1;
            }
            notifyIf(c, true, "wal_moves");
            // A newer incarnation of the node owns what it registered since; only the fenced one's partitions move.
            return stillFenced ? CatalogTopics.assign(c, successors) : List.<CatalogTopics.Assignment>of();
        });
    }

    /** Recovery hit an error: the move stays ATTACHED (retried) and says why. */
    public void note(long moveId, String message) {
        catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update wal_moves set message = ? where move_id = ?")) {
                ps.setString(1, message);
                ps.setLong(2, moveId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Tells listening brokers (the controller) when something changed, so the next step happens at once. */
    private static boolean notifyIf(Connection c, boolean changed, String kind) throws SQLException {
        if (changed) {
            CatalogEvents.publish(c, kind);
        }
        return changed;
    }

    private List<WalMove> query(String sql, int target) {
        return catalog.read(c -> {
            List<WalMove> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (target >= 0) {
                    ps.setInt(1, target);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    private static WalMove row(ResultSet rs) throws SQLException {
        return new WalMove(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                rs.getString(7));
    }
}
