package dev.floe.broker.catalog;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Catalog change notifications through PostgreSQL LISTEN/NOTIFY on one channel: whoever changes ownership, broker
 * states or WAL moves notifies in the same transaction (delivered at commit), and every broker reacts at once
 * instead of at its next poll. Polling stays the safety net: a notification lost with a dropped connection only
 * delays a reaction until the next round.
 */
public final class CatalogEvents implements AutoCloseable {
    public static final String CHANNEL = "floe_catalog";
    private static final Logger log = LoggerFactory.getLogger(CatalogEvents.class);

    private final Catalog catalog;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private Thread thread;

    public CatalogEvents(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Notifies every listening broker when the surrounding transaction commits. */
    public static void publish(Connection c, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, kind);
            ps.execute();
        }
    }

    /**
     * Runs {@code task} on {@code executor} after a notification. Coalesced: notifications arriving while a run is
     * queued add nothing, so a burst of changes costs one run (which then sees all of them).
     */
    public void subscribe(ExecutorService executor, Runnable task) {
        AtomicBoolean queued = new AtomicBoolean();
        listeners.add(() -> {
            if (queued.compareAndSet(false, true)) {
                try {
                    executor.execute(() -> {
                        queued.set(false);
                        task.run();
                    });
                } catch (RuntimeException e) {
                    queued.set(false); // executor shut down: the broker is stopping
                }
            }
        });
    }

    public synchronized void start() {
        thread = new Thread(this::listen, "catalog-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        while (!closed) {
            try (Connection c = catalog.dedicatedConnection(); Statement st = c.createStatement()) {
                st.execute("listen " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                fire(); // anything that changed while we were not listening
                while (!closed) {
                    PGNotification[] received = pg.getNotifications(1000);
                    if (received != null && received.length > 0) {
                        fire();
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    log.warn("catalog notifications interrupted ({}); listening again in 1 s", e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void fire() {
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
