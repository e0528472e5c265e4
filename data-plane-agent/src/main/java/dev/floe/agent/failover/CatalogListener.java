package dev.floe.agent.failover;

import dev.floe.agent.provider.CatalogConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one cluster catalog's notification channel ({@code LISTEN floe_catalog}, the channel the brokers notify
 * in the same transaction as each change) on a connection of its own, and calls back as soon as a WAL move or a broker
 * changed, so the failover watcher acts at once instead of at its next poll. Also calls back after every (re)connect,
 * for whatever changed while it was not listening. Polling stays the safety net: a notification lost with a dropped
 * connection only delays the reaction to the next round.
 */
public final class CatalogListener implements AutoCloseable {

    static final String CHANNEL = "floe_catalog";
    /** What the watcher acts on; partition ownership and topic changes are frequent and none of its business. */
    static final Set<String> WAKING = Set.of("wal_moves", "brokers");
    /** How long one wait for notifications lasts: the bound on noticing {@link #close}. */
    private static final int WAIT_MS = 1000;
    /**
     * A connection silently cut (no reset reaches us) would wait forever without failing, so an idle one is checked
     * with a query this often; a failed check reconnects.
     */
    private static final long CHECK_EVERY_MS = 15_000;
    private static final long RECONNECT_AFTER_MS = 1000;
    private static final Logger log = LoggerFactory.getLogger(CatalogListener.class);

    private final String name;
    private final CatalogConnection catalog;
    private final Runnable onChange;
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param name     for the thread and the log (the cluster id)
     * @param onChange called on the listener's thread; must return quickly (hand the work to another thread)
     */
    public CatalogListener(String name, CatalogConnection catalog, Runnable onChange) {
        this.name = name;
        this.catalog = catalog;
        this.onChange = onChange;
    }

    public CatalogConnection catalog() {
        return catalog;
    }

    /** Pure: whether notifications with these payloads concern the failover watcher. */
    static boolean wakes(List<String> payloads) {
        return payloads.stream().anyMatch(WAKING::contains);
    }

    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::listen, "catalog-listener-" + name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void listen() {
        boolean interrupted = false; // said once per outage: the catalog may be away for long
        while (!closed) {
            try (Connection c = catalog.open(); Statement st = c.createStatement()) {
                st.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                if (interrupted) {
                    log.info("{}: listening to catalog notifications again", name);
                    interrupted = false;
                }
                onChange.run();
                long checked = System.nanoTime();
                while (!closed) {
                    PGNotification[] received = pg.getNotifications(WAIT_MS);
                    if (received != null && wakes(Arrays.stream(received).map(PGNotification::getParameter).toList())) {
                        onChange.run();
                    }
                    if (System.nanoTime() - checked > CHECK_EVERY_MS * 1_000_000) {
                        st.execute("SELECT 1");
                        checked = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    if (!interrupted) {
                        log.warn("{}: catalog notifications interrupted ({}); trying again every {} ms, polling "
                                + "meanwhile", name, e.getMessage(), RECONNECT_AFTER_MS);
                        interrupted = true;
                    }
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT_AFTER_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
