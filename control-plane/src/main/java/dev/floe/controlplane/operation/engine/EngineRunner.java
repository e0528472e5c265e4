package dev.floe.controlplane.operation.engine;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs this instance's engine with every {@link StepHandler} bean, from start-up until shutdown. */
@Component
class EngineRunner implements SmartLifecycle {

    private final EngineProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final List<StepHandler> handlers;
    private OperationEngine engine;

    EngineRunner(EngineProperties properties, JdbcTemplate jdbc, TransactionTemplate transactions,
            List<StepHandler> handlers) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.handlers = handlers;
    }

    @Override
    public synchronized void start() {
        if (properties.enabled() && engine == null) {
            String instance = ManagementFactory.getRuntimeMXBean().getName() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            engine = new OperationEngine(instance, jdbc, transactions, handlers, properties);
            engine.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return engine != null;
    }
}
