package dev.promptforge.app.metrics.ws;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks one at a time, in the order given, on a shared pool (never the event loop), with a
 * bounded queue. Thread-safe.
 */
final class SerialWorker {
    private static final Logger LOG = LoggerFactory.getLogger(SerialWorker.class);
    private final Executor pool;
    private final int capacity;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    SerialWorker(Executor pool, int capacity) {
        this.pool = pool;
        this.capacity = capacity;
    }

    /** Queues a task; false when {@code capacity} tasks are already waiting. */
    boolean offer(Runnable task) {
        synchronized (this) {
            if (queue.size() >= capacity) {
                return false;
            }
            queue.add(task);
            if (running) {
                return true;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                queue.clear();
                running = false;
            }
            return false;
        }
        return true;
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = queue.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("live metrics: a connection task failed", e);
            }
        }
    }
}
