package dev.floe.agent.failover;

import dev.floe.agent.provider.CatalogConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The agent's side of fencing (docs/failover.md): it retires, in the broker catalog, exactly the incarnation that one
 * launch of a broker process registered, once the agent has seen that process exit. The brokers' controller then asks
 * for the WAL move at once, as for a broker whose lease lapsed.
 */
public class LaunchFences {

    static final String REASON = "process exited (seen by the agent)";
    /** The channel the brokers listen on: they react to the change at once instead of at their next poll. */
    static final String NOTIFY = "select pg_notify('floe_catalog', 'brokers')";

    /** What a fence attempt found. */
    public enum Outcome {
        /** The launch's incarnation was serving and is fenced now. */
        FENCED,
        /** Nothing to do, now or later: that launch's row is gone, replaced by a newer launch, stopped or fenced. */
        NOTHING_TO_FENCE,
        /** The catalog predates launch ids (an older broker registered there): the lease path is the only one. */
        UNSUPPORTED
    }

    /**
     * Guarded by the launch id, so only the incarnation of the dead process is touched, never one a newer process of
     * the node registered; and by the state, so a broker that stopped cleanly (STOPPED) or was fenced already keeps
     * its record. {@link SQLException} means the catalog could not tell: try again.
     */
    public Outcome fence(CatalogConnection catalog, int nodeId, String launchId) throws SQLException {
        try (Connection c = catalog.open()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    update brokers set state = 'FENCED', fenced_at = now(), fence_reason = ?
                    where node_id = ? and launch_id = ? and state in ('UP', 'RECOVERING', 'DRAINING')""")) {
                ps.setString(1, REASON);
                ps.setInt(2, nodeId);
                ps.setString(3, launchId);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return Outcome.NOTHING_TO_FENCE;
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute(NOTIFY); // delivered on commit, with the fence
            }
            c.commit();
            return Outcome.FENCED;
        } catch (SQLException e) {
            if ("42703".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                return Outcome.UNSUPPORTED; // no launch_id / fence_reason column (or no brokers table) yet
            }
            throw e;
        }
    }
}
