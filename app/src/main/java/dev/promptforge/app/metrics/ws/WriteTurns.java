package dev.promptforge.app.metrics.ws;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Turns for the {@link LoopWriter}s of the event loops: at most {@code concurrency} of them write at once, a chunk per
 * turn, the others wait in line. So the fan-out of live updates takes at most that many cores at any moment, however
 * many loops its sockets are spread over, and the threads ingesting events always have the rest.
 *
 * <p>Why: with every loop writing its share of a look at the same moment, all the cores of a 2-core server were busy
 * with socket writes for about a millisecond, sixteen times per flush interval, and the ingest thread, woken by the
 * next request, waited for a core each time (bench/live.sh: with 1,000 subscribers the event loops waited for a CPU as
 * long as they ran, and the ingest thread's wait for a CPU rose from 0.01-0.07 s to 0.2-1.3 s per phase). A turn is
 * one chunk ({@link LoopWriter#CHUNK} writes, about a millisecond), so a loop's other work (an HTTP request) still
 * waits one chunk at most. Thread-safe.
 */
final class WriteTurns {
    private final int concurrency;
    /** Guarded by this. */
    private int writing;
    /** Writers with writes waiting for a turn, in the order they asked; guarded by this. */
    private final Queue<LoopWriter> waiting = new ArrayDeque<>();

    WriteTurns(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /** The default: a quarter of the cores, at least one. */
    static int defaultConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
    }

    /** A writer has writes: it starts at once when fewer than {@code concurrency} are writing, or waits its turn. */
    void ask(LoopWriter writer) {
        synchronized (this) {
            if (writing >= concurrency) {
                waiting.add(writer);
                return;
            }
            writing++;
        }
        writer.start(false);
    }

    /** A writer ends its turn; {@code more}: it still has writes, and gets back in line behind the others. */
    void done(LoopWriter writer, boolean more) {
        LoopWriter next;
        synchronized (this) {
            if (more) {
                waiting.add(writer);
            }
            next = waiting.poll();
            if (next == null) {
                writing--;
                return;
            }
        }
        next.start(true);
    }

    /** Writers writing now, for tests. */
    synchronized int writing() {
        return writing;
    }
}
