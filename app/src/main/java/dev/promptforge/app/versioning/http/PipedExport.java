package dev.promptforge.app.versioning.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed answer body written by another thread: the reader (the server sending the body) gets the writer's
 * bytes as they come, and a failure of the writer as an {@link IOException} of its next read, so the server ends the
 * answer at once (a {@code Writable} that threw mid-stream left the connection open until the idle timeout, 300 s).
 * A reader that stops (client gone) or never starts stops the writer: it gives up once no chunk was taken for
 * {@link #STALL_SECONDS}, or at once when the reader closes the stream.
 */
final class PipedExport extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(PipedExport.class);
    private static final byte[] END = new byte[0];
    static final int CHUNK_BYTES = 64 * 1024;
    static final long STALL_SECONDS = 120;

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
    private volatile Throwable failure;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int pos;

    private PipedExport() {
    }

    /** Starts {@code writer} on {@code executor}, writing into the returned stream. */
    static PipedExport start(Executor executor, String what, Consumer<OutputStream> writer) {
        PipedExport in = new PipedExport();
        executor.execute(() -> {
            try (OutputStream out = new BufferedOutputStream(in.sink(), CHUNK_BYTES)) {
                writer.accept(out);
            } catch (RuntimeException | IOException | Error e) {
                if (!in.closed) {
                    LOG.error("{} failed while streaming; the answer is cut short", what, e);
                }
                in.failure = e;
            }
            in.offer(END);
        });
        return in;
    }

    private OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0 && !offer(Arrays.copyOfRange(b, off, off + len))) {
                    throw new IOException("the reader of the stream went away");
                }
            }
        };
    }

    /** Queues a chunk; false when the reader closed the stream or took nothing for {@link #STALL_SECONDS}. */
    private boolean offer(byte[] chunk) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_SECONDS);
        try {
            while (!closed) {
                if (chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Whether bytes are ready in {@code current}; false at the end; the writer's failure as an IOException. */
    private boolean fill() throws IOException {
        while (pos == current.length) {
            if (current == END) {
                if (failure != null) {
                    throw new IOException("the stream failed: " + failure.getMessage(), failure);
                }
                return false;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the stream", e);
            }
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        chunks.clear();
    }
}
