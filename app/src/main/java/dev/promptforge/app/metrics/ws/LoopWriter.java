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
 * chunk at a time, so that the loop reads its sockets and runs its other tasks between the chunks, and each chunk in
 * a turn given by the {@link WriteTurns} shared by all the loops' writers.
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
    private final WriteTurns turns;
    private final Queue<Runnable> writes = new ConcurrentLinkedQueue<>();
    /** Set while this writer has writes: it is waiting for its turn or writing. */
    private final AtomicBoolean active = new AtomicBoolean();

    LoopWriter(EventExecutor loop, WriteTurns turns) {
        this.loop = loop;
        this.turns = turns;
    }

    /** Queues a write; it runs on the loop after every write queued before it. */
    @Override
    public void execute(Runnable write) {
        writes.add(write);
        if (active.compareAndSet(false, true)) {
            turns.ask(this);
        }
    }

    /**
     * This writer's turn has come: one chunk on the loop. {@code afterChunk}: the turn is handed on at the end of a
     * chunk, which may be on this loop.
     */
    void start(boolean afterChunk) {
        try {
            if (afterChunk && loop.inEventLoop()) {
                // scheduled, not executed: a scheduled task runs after the loop's next look at its sockets
                loop.schedule(this::drain, 0, TimeUnit.NANOSECONDS);
            } else {
                loop.execute(this::drain);
            }
        } catch (RejectedExecutionException e) {
            // the loop is shutting down with the server: its sockets are closing, nothing is left to write to
            writes.clear();
            active.set(false);
            turns.done(this, false);
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < CHUNK; i++) {
                Runnable w = writes.poll();
                if (w == null) {
                    break;
                }
                try {
                    w.run();
                } catch (RuntimeException e) {
                    LOG.error("live metrics: a write failed", e);
                }
            }
        } finally {
            // even after an Error: a turn not handed back would stop every loop's live writes
            boolean more = !writes.isEmpty();
            if (!more) {
                active.set(false);
                // a write queued after the last poll and before the flag was cleared saw this writer active: take it
                more = !writes.isEmpty() && active.compareAndSet(false, true);
            }
            turns.done(this, more);
        }
    }
}
