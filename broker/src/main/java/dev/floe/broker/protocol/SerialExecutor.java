package dev.floe.broker.protocol;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs one connection's request handlers one after another on a shared pool, so requests of a
 * connection take effect in the order sent (an idempotent producer's in-flight batches rely on it),
 * while their slow parts (fsync, long poll) overlap.
 */
final class SerialExecutor implements Executor {
    private final Executor backing;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor backing) {
        this.backing = backing;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
        if (!running) {
            running = true;
            backing.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
