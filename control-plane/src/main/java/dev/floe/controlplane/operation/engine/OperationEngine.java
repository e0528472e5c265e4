package dev.floe.controlplane.operation.engine;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the engine steps of operations, persistently and safely with any number of instances on one database:
 * <ul>
 *   <li>a step is claimed with {@code FOR UPDATE SKIP LOCKED} and a lease (owner, token, expiry) that a heartbeat
 *       extends while the step runs;</li>
 *   <li>the handler runs in the transaction that records its outcome, which first re-locks the step and checks the
 *       lease token, so a step's effects commit at most once even if two engines ever held it;</li>
 *   <li>a step whose engine died (lease expired) is claimed again by any engine, counting the lost attempt;</li>
 *   <li>failed attempts are retried with exponential backoff, a step past its timeout or out of attempts fails the
 *       operation with the reason.</li>
 * </ul>
 * Steps of one operation run in order; an engine claims only steps it has a handler for.
 */
public final class OperationEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OperationEngine.class);

    private static final String CLAIM = """
            WITH candidate AS (
                SELECT s.id, o.type, o.target_type, o.target_id, o.environment_id, o.generation
                FROM operation_step s JOIN operation o ON o.id = s.operation_id
                WHERE s.kind = 'ENGINE' AND s.name = ANY (?) AND o.state IN ('PENDING', 'RUNNING')
                  AND ((s.state = 'PENDING' AND s.next_attempt_at <= now())
                       OR (s.state = 'RUNNING' AND s.lease_expires_at < now()))
                  AND NOT EXISTS (SELECT 1 FROM operation_step earlier
                                  WHERE earlier.operation_id = s.operation_id AND earlier.kind = 'ENGINE'
                                    AND earlier.position < s.position AND earlier.state <> 'SUCCEEDED')
                ORDER BY s.next_attempt_at
                LIMIT ?
                FOR UPDATE OF s SKIP LOCKED)
            UPDATE operation_step s SET
                attempts = CASE WHEN s.state = 'RUNNING' THEN s.attempts + 1 ELSE s.attempts END,
                state = 'RUNNING', lease_owner = ?, lease_token = gen_random_uuid(),
                lease_expires_at = now() + ? * interval '1 millisecond',
                started_at = coalesce(s.started_at, now()),
                deadline_at = coalesce(s.deadline_at, now() + s.timeout_seconds * interval '1 second')
            FROM candidate WHERE s.id = candidate.id
            RETURNING s.id, s.operation_id, s.name, s.attempts, s.max_attempts, s.lease_token, s.timeout_seconds,
                      candidate.type, candidate.target_type, candidate.target_id, candidate.environment_id,
                      candidate.generation""";

    /** A step this engine holds. */
    record Claim(UUID stepId, UUID operationId, String step, int attempts, int maxAttempts, UUID leaseToken,
                 int timeoutSeconds, String operationType, String targetType, UUID targetId, UUID environmentId,
                 Long generation) {
        StepContext context() {
            return new StepContext(operationId, stepId, step, operationType, targetType, targetId, environmentId,
                    generation, attempts, maxAttempts);
        }
    }

    private final String instanceId;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Map<String, StepHandler> handlers;
    private final EngineProperties properties;
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private volatile boolean running;

    public OperationEngine(String instanceId, JdbcTemplate jdbc, TransactionTemplate transactions,
            List<StepHandler> handlers, EngineProperties properties) {
        this.instanceId = instanceId;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.handlers = handlers.stream().collect(Collectors.toMap(StepHandler::name, Function.identity()));
        this.properties = properties;
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("floe-engine-" + instanceId + "-poll"));
        this.workers = Executors.newFixedThreadPool(properties.workers(), daemon("floe-engine-" + instanceId));
    }

    public String instanceId() {
        return instanceId;
    }

    public void start() {
        running = true;
        long poll = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::pollSafely, 0, poll, TimeUnit.MILLISECONDS);
        long beat = Math.max(properties.lease().toMillis() / 3, 100);
        scheduler.scheduleWithFixedDelay(this::heartbeatSafely, beat, beat, TimeUnit.MILLISECONDS);
        log.info("operations engine {} started with handlers {}", instanceId, handlers.keySet());
    }

    /**
     * Stops at once, like a crash: running handlers are interrupted and their transactions roll back; the steps stay
     * leased until the lease expires and any engine (this one after a restart, or another) takes them over.
     */
    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("operations engine {} stopped", instanceId);
    }

    private void pollSafely() {
        try {
            int free = properties.workers() - inFlight.size();
            if (running && free > 0 && !handlers.isEmpty()) {
                for (Claim claim : claim(free)) {
                    inFlight.add(claim.stepId());
                    workers.execute(() -> execute(claim));
                }
            }
        } catch (RuntimeException e) {
            log.warn("engine {} could not claim steps: {}", instanceId, e.toString());
        }
    }

    List<Claim> claim(int limit) {
        return transactions.execute(status -> {
            List<Claim> claims = jdbc.query(connection -> {
                PreparedStatement statement = connection.prepareStatement(CLAIM);
                Array names = connection.createArrayOf("text", handlers.keySet().toArray());
                statement.setArray(1, names);
                statement.setInt(2, limit);
                statement.setString(3, instanceId);
                statement.setLong(4, properties.lease().toMillis());
                return statement;
            }, (rs, n) -> new Claim(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                    rs.getInt(4), rs.getInt(5), rs.getObject(6, UUID.class), rs.getInt(7), rs.getString(8),
                    rs.getString(9), rs.getObject(10, UUID.class), rs.getObject(11, UUID.class),
                    (Long) rs.getObject(12)));
            for (Claim claim : claims) {
                jdbc.update("""
                        UPDATE operation SET state = 'RUNNING', started_at = coalesce(started_at, now())
                        WHERE id = ? AND state = 'PENDING'""", claim.operationId());
            }
            return claims;
        });
    }

    private void execute(Claim claim) {
        try {
            transactions.executeWithoutResult(status -> {
                Boolean pastDeadline = lockIfStillOurs(claim);
                if (pastDeadline == null) {
                    log.info("engine {} lost step {} of operation {} before running it", instanceId, claim.step(),
                            claim.operationId());
                    return;
                }
                StepOutcome outcome;
                if (pastDeadline) {
                    outcome = StepOutcome.fail("did not finish within " + Duration.ofSeconds(claim.timeoutSeconds()));
                } else if (claim.attempts() >= claim.maxAttempts()) {
                    outcome = StepOutcome.fail("gave up after " + claim.attempts()
                            + " attempts (the last one was lost with its engine)");
                } else {
                    outcome = handlers.get(claim.step()).execute(claim.context());
                }
                record(claim, outcome);
            });
        } catch (RuntimeException e) {
            if (!running) {
                return; // stopping: leave the lease to expire, another engine resumes the step
            }
            log.warn("step {} of operation {} failed: {}", claim.step(), claim.operationId(), e.toString());
            try {
                transactions.executeWithoutResult(status -> {
                    if (lockIfStillOurs(claim) != null) {
                        record(claim, StepOutcome.retry(describe(e)));
                    }
                });
            } catch (RuntimeException again) {
                log.warn("could not record the failure of step {}: {}", claim.step(), again.toString());
            }
        } finally {
            inFlight.remove(claim.stepId());
        }
    }

    /** Locks the step if this claim still holds it; returns whether its deadline passed, or null if it was lost. */
    private Boolean lockIfStillOurs(Claim claim) {
        List<Boolean> rows = jdbc.query("""
                SELECT s.deadline_at <= now() FROM operation_step s JOIN operation o ON o.id = s.operation_id
                WHERE s.id = ? AND s.lease_token = ? AND s.state = 'RUNNING' AND o.state IN ('PENDING', 'RUNNING')
                FOR UPDATE OF s""",
                (rs, n) -> rs.getBoolean(1), claim.stepId(), claim.leaseToken());
        return rows.isEmpty() ? null : rows.get(0);
    }

    private void record(Claim claim, StepOutcome outcome) {
        if (outcome instanceof StepOutcome.Done done) {
            succeed(claim, done.message());
        } else if (outcome instanceof StepOutcome.Wait wait) {
            jdbc.update("""
                    UPDATE operation_step SET state = 'PENDING', message = ?,
                           next_attempt_at = now() + ? * interval '1 millisecond',
                           lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
                    WHERE id = ? AND lease_token = ?""",
                    wait.message(), wait.recheckAfter().toMillis(), claim.stepId(), claim.leaseToken());
        } else if (outcome instanceof StepOutcome.Retry retry) {
            int failed = claim.attempts() + 1;
            if (failed >= claim.maxAttempts()) {
                fail(claim, "gave up after " + failed + " attempts: " + retry.reason(), failed);
                return;
            }
            Duration backoff = properties.backoff(failed);
            jdbc.update("""
                    UPDATE operation_step SET state = 'PENDING', attempts = ?, message = ?,
                           next_attempt_at = now() + ? * interval '1 millisecond',
                           lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
                    WHERE id = ? AND lease_token = ?""",
                    failed, "attempt " + failed + " of " + claim.maxAttempts() + " failed: " + retry.reason()
                            + "; retrying in " + backoff,
                    backoff.toMillis(), claim.stepId(), claim.leaseToken());
        } else if (outcome instanceof StepOutcome.Fail fail) {
            fail(claim, fail.reason(), claim.attempts());
        }
    }

    private void succeed(Claim claim, String message) {
        jdbc.update("""
                UPDATE operation_step SET state = 'SUCCEEDED', message = ?, finished_at = now(),
                       lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
                WHERE id = ? AND lease_token = ?""", message, claim.stepId(), claim.leaseToken());
        int finished = jdbc.update("""
                UPDATE operation SET state = 'SUCCEEDED', finished_at = now()
                WHERE id = ? AND state = 'RUNNING'
                  AND NOT EXISTS (SELECT 1 FROM operation_step WHERE operation_id = ? AND kind = 'ENGINE'
                                  AND state <> 'SUCCEEDED')""", claim.operationId(), claim.operationId());
        if (finished == 1) {
            log.info("operation {} {} succeeded", claim.operationType(), claim.operationId());
        }
    }

    private void fail(Claim claim, String reason, int attempts) {
        jdbc.update("""
                UPDATE operation_step SET state = 'FAILED', attempts = ?, message = ?, finished_at = now(),
                       lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL
                WHERE id = ? AND lease_token = ?""", attempts, reason, claim.stepId(), claim.leaseToken());
        jdbc.update("""
                UPDATE operation SET state = 'FAILED', error = ?, finished_at = now()
                WHERE id = ? AND state IN ('PENDING', 'RUNNING')""",
                "step " + claim.step() + " failed: " + reason, claim.operationId());
        log.warn("operation {} {} failed in step {}: {}", claim.operationType(), claim.operationId(), claim.step(),
                reason);
    }

    private void heartbeatSafely() {
        try {
            if (inFlight.isEmpty()) {
                return;
            }
            // steps locked by a running handler are skipped: the lock already keeps other engines away
            jdbc.update(connection -> {
                PreparedStatement statement = connection.prepareStatement("""
                        UPDATE operation_step SET lease_expires_at = now() + ? * interval '1 millisecond'
                        WHERE id IN (SELECT id FROM operation_step WHERE id = ANY (?) AND lease_owner = ?
                                     AND state = 'RUNNING' FOR UPDATE SKIP LOCKED)""");
                statement.setLong(1, properties.lease().toMillis());
                statement.setArray(2, connection.createArrayOf("uuid", inFlight.toArray()));
                statement.setString(3, instanceId);
                return statement;
            });
        } catch (RuntimeException e) {
            log.warn("engine {} heartbeat failed: {}", instanceId, e.toString());
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

}
