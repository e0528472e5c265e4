package dev.floe.controlplane.environment;

import java.time.Duration;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The revision of an environment's desired state. Every change an agent must see bumps it in the same transaction;
 * long polls wake up on a local signal after commit, and re-read the database every second so that a change made
 * by another control-plane instance is seen too.
 */
@Component
public class DesiredStateChanges {

    private static final long RECHECK_MILLIS = 1000;

    private final JdbcTemplate jdbc;
    private final Object signal = new Object();

    DesiredStateChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void bump(UUID environmentId) {
        jdbc.update("UPDATE environment SET revision = revision + 1 WHERE id = ?", environmentId);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                synchronized (signal) {
                    signal.notifyAll();
                }
            }
        });
    }

    public long revision(UUID environmentId) {
        Long revision = jdbc.queryForObject("SELECT revision FROM environment WHERE id = ?", Long.class,
                environmentId);
        return revision == null ? 0 : revision;
    }

    /** Waits until the revision is greater than {@code seen} or {@code wait} has passed; returns the revision. */
    public long awaitAfter(UUID environmentId, long seen, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long revision = revision(environmentId);
        while (revision <= seen) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                break;
            }
            synchronized (signal) {
                signal.wait(Math.min(remainingMillis, RECHECK_MILLIS));
            }
            revision = revision(environmentId);
        }
        return revision;
    }
}
