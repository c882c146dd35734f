package dev.promptforge.app.metrics.ws;

import io.netty.util.concurrent.EventExecutor;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of the live connections on one Netty event loop: queued in order and made on that loop by one task, a
 * few at a time, so that the loop reads its sockets and runs its other tasks between the chunks.
 *
 * <p>Why: a flusher pass hands every subscriber its update at once. Written as one Netty task per message from the
 * flusher thread, a pass queued about 330 writes on each event loop, and Netty runs all queued tasks before it reads
 * again; an HTTP request or response on the same loop (the event ingestion this server exists for) waited behind
 * all of them. Here the wait is one chunk; the connection's messages keep their order, as every write of a
 * connection goes through the one writer of its loop. Thread-safe.
 */
final class LoopWriter implements Executor {
    /** Writes per turn of the loop: ~30 us each (a socket write), so other work waits about 1 ms at most. */
    static final int CHUNK = 32;
    private static final Logger LOG = LoggerFactory.getLogger(LoopWriter.class);

    private final EventExecutor loop;
    private final Queue<Runnable> writes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopWriter(EventExecutor loop) {
        this.loop = loop;
    }

    /** Queues a write; it runs on the loop after every write queued before it. */
    @Override
    public void execute(Runnable write) {
        writes.add(write);
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down with the server: its sockets are closing, nothing is left to write to
                writes.clear();
                scheduled.set(false);
            }
        }
    }

    private void drain() {
        for (int i = 0; i < CHUNK; i++) {
            Runnable w = writes.poll();
            if (w == null) {
                scheduled.set(false);
                // a write queued after the poll and before the flag was cleared found the task still scheduled
                if (writes.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                w.run();
            } catch (RuntimeException e) {
                LOG.error("live metrics: a write failed", e);
            }
        }
        // scheduled, not executed: a scheduled task runs after the loop's next look at its sockets
        loop.schedule(this::drain, 0, TimeUnit.NANOSECONDS);
    }
}
