package dev.floe.broker.catalog;

import dev.floe.broker.traffic.TrafficSample;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Broker registrations and leases. */
public final class CatalogBrokers {
    private final Catalog catalog;
    private final String walVolumeId;
    private final String launchId;
    /** This process's incarnation once registered; renewals are valid for it only. */
    private volatile long incarnation = -1;

    public CatalogBrokers(Catalog catalog) {
        this(catalog, null, null);
    }

    /**
     * @param walVolumeId the provider's id of this broker's WAL volume (null: not launched by an agent)
     * @param launchId    the agent's id of this process launch, so it can fence exactly this process when it sees it
     *                    dead (docs/failover.md); null when not launched by an agent
     */
    public CatalogBrokers(Catalog catalog, String walVolumeId, String launchId) {
        this.catalog = catalog;
        this.walVolumeId = walVolumeId;
        this.launchId = launchId;
    }

    /**
     * Takes a lease in the given state: RECOVERING while replaying the WAL (not served), then UP. Each
     * call starts a fresh incarnation, so a fenced earlier process of this node id stays fenced.
     */
    public void register(int nodeId, String host, int port, String zone, long leaseMs, String state) {
        incarnation = catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into brokers (node_id, host, port, zone, state, wal_clean, lease_expires_at, started_at,
                                         incarnation, wal_volume_id, launch_id, fenced_at, fence_reason)
                    values (?, ?, ?, ?, ?, false, now() + make_interval(secs => ?), now(), nextval('broker_incarnations'), ?, ?,
                            null, null)
                    on conflict (node_id) do update set host = excluded.host, port = excluded.port, zone = excluded.zone,
                      state = excluded.state, wal_clean = false, lease_expires_at = excluded.lease_expires_at, started_at = now(),
                      incarnation = excluded.incarnation, wal_volume_id = excluded.wal_volume_id, launch_id = excluded.launch_id,
                      fenced_at = null, fence_reason = null,
                      bytes_in_total = 0, bytes_out_total = 0, bytes_in_per_sec = 0, bytes_out_per_sec = 0,
                      traffic_sampled_at = null
                    returning incarnation""")) {
                ps.setInt(1, nodeId);
                ps.setString(2, host);
                ps.setInt(3, port);
                ps.setString(4, zone);
                ps.setString(5, state);
                ps.setDouble(6, leaseMs / 1000.0);
                ps.setString(7, walVolumeId);
                ps.setString(8, launchId);
                long registered;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    registered = rs.getLong(1);
                }
                CatalogEvents.publish(c, "brokers");
                return registered;
            }
        });
    }

    /**
     * Extends this incarnation's lease. Returns false when the controller fenced it (or a newer process
     * of the node registered): this process must stop serving at once, it cannot commit anything any more.
     */
    public boolean renew(int nodeId, long leaseMs) {
        long mine = incarnation;
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update brokers set lease_expires_at = now() + make_interval(secs => ?)
                    where node_id = ? and incarnation = ? and state <> 'FENCED'""")) {
                ps.setDouble(1, leaseMs / 1000.0);
                ps.setInt(2, nodeId);
                ps.setLong(3, mine);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** {@link #renew(int, long)} that also reports this process's traffic in the same statement. */
    public boolean renew(int nodeId, long leaseMs, TrafficSample traffic) {
        long mine = incarnation;
        return catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update brokers set lease_expires_at = now() + make_interval(secs => ?),
                      bytes_in_total = ?, bytes_out_total = ?, bytes_in_per_sec = ?, bytes_out_per_sec = ?,
                      traffic_sampled_at = now()
                    where node_id = ? and incarnation = ? and state <> 'FENCED'""")) {
                ps.setDouble(1, leaseMs / 1000.0);
                ps.setLong(2, traffic.bytesInTotal());
                ps.setLong(3, traffic.bytesOutTotal());
                ps.setDouble(4, traffic.bytesInPerSec());
                ps.setDouble(5, traffic.bytesOutPerSec());
                ps.setInt(6, nodeId);
                ps.setLong(7, mine);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public long incarnation() {
        return incarnation;
    }

    public void setState(int nodeId, String state, boolean walClean) {
        catalog.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("update brokers set state = ?, wal_clean = ? where node_id = ? and state <> 'FENCED'")) {
                ps.setString(1, state);
                ps.setBoolean(2, walClean);
                ps.setInt(3, nodeId);
                ps.executeUpdate();
            }
            CatalogEvents.publish(c, "brokers");
            return null;
        });
    }

    public List<BrokerInfo> list() {
        return catalog.read(c -> {
            List<BrokerInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    """
                    select node_id, host, port, zone, state, wal_clean, lease_expires_at > now(), incarnation, wal_volume_id
                    from brokers order by node_id""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BrokerInfo(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                            rs.getBoolean(6), rs.getBoolean(7), rs.getLong(8), rs.getString(9)));
                }
            }
            return out;
        });
    }
}
