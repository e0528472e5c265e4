package dev.floe.agent.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.support.CatalogDatabase;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's listener on a real catalog: it calls back once it listens, on every notification about WAL moves or
 * brokers and on no other, listens again after its connection is cut, and stops when closed.
 */
class CatalogListenerIT {

    @TempDir
    static Path dir;
    private static CatalogDatabase db;

    @BeforeAll
    static void startCatalog() {
        db = CatalogDatabase.start(dir.resolve("pg"));
    }

    @AfterAll
    static void stopCatalog() {
        db.close();
    }

    @Test
    void callsBackWhenItListensAndForEachWalMoveOrBrokerChangeButNoOther() throws Exception {
        Semaphore calls = new Semaphore(0);
        try (CatalogListener listener = new CatalogListener("c1", db.connection(), calls::release)) {
            listener.start();
            assertThat(calls.tryAcquire(10, TimeUnit.SECONDS)).as("called once listening").isTrue();

            db.sql("select pg_notify('floe_catalog', 'ownership')");
            db.sql("select pg_notify('other_channel', 'wal_moves')");
            assertThat(calls.tryAcquire(1500, TimeUnit.MILLISECONDS)).as("no call for other changes").isFalse();

            db.sql("select pg_notify('floe_catalog', 'wal_moves')");
            assertThat(calls.tryAcquire(5, TimeUnit.SECONDS)).as("called for a WAL move").isTrue();
            db.sql("select pg_notify('floe_catalog', 'brokers')");
            assertThat(calls.tryAcquire(5, TimeUnit.SECONDS)).as("called for a broker").isTrue();
        }
    }

    @Test
    void listensAgainAfterItsConnectionIsCutAndStopsWhenClosed() throws Exception {
        Semaphore calls = new Semaphore(0);
        CatalogListener listener = new CatalogListener("c2", db.connection(), calls::release);
        listener.start();
        assertThat(calls.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

        db.sql("select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN floe_catalog'");

        assertThat(calls.tryAcquire(10, TimeUnit.SECONDS)).as("called again once listening again").isTrue();
        db.sql("select pg_notify('floe_catalog', 'wal_moves')");
        assertThat(calls.tryAcquire(5, TimeUnit.SECONDS)).as("notifications reach it again").isTrue();

        listener.close();
        Thread.sleep(1500); // its wait for notifications ends within a second
        calls.drainPermits();
        db.sql("select pg_notify('floe_catalog', 'wal_moves')");
        assertThat(calls.tryAcquire(1500, TimeUnit.MILLISECONDS)).as("no call once closed").isFalse();
    }
}
