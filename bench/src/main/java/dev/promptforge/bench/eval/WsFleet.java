package dev.promptforge.bench.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many WebSocket client connections on one selector thread: a minimal RFC 6455 client (HTTP/1.1 upgrade with
 * {@code Sec-WebSocket-Accept} checked, masked client frames, unmasked server frames of any length, fragmented
 * messages, ping answered by pong, close handshake). Every text message is decoded and handed to its
 * {@link Listener} on the selector thread, stamped with the time its last byte was read.
 *
 * <p>Why not {@code java.net.http}: with 1,000 subscribers its selector and executor threads spent about 60% of the
 * load generator's CPU per update outside the kernel's socket reads (async-profiler: selector hand-offs, executor
 * wake-ups, and G1 refinement of the per-message objects), on the same 2 cores as the server being measured.
 * Thread-safe: {@link #connect} and {@link Conn#sendText}/{@link Conn#close}/{@link Conn#abort} may be called from any
 * thread; they hand their work to the selector thread.
 */
final class WsFleet {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int NORMAL_CLOSURE = 1000;

    /** What a connection reports; called on the selector thread. */
    interface Listener {
        void onOpen(Conn conn);

        void onText(Conn conn, String text, long nanos);

        void onClose(int code, String reason);

        void onError(Throwable e);
    }

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** The least time between two passes over the ready sockets; 0: a pass as soon as any is ready. */
    private final long passNanos;

    /**
     * {@code passMillis}: the least time between two passes over the ready connections (0: read as soon as any is
     * ready). A few milliseconds let one wake-up of the thread read many sockets instead of one or two; each message
     * is still stamped when it is read, so the batching counts in the measured latency.
     */
    WsFleet(int passMillis) {
        this.passNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(passMillis);
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread thread = new Thread(this::loop, "ws-fleet");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a connection to {@code uri} (ws://host:port/path); the listener hears {@code onOpen} once upgraded. */
    Conn connect(URI uri, Listener listener) {
        Conn c = new Conn(uri, listener);
        run(c::start);
        return c;
    }

    private void run(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void loop() {
        while (true) {
            try {
                long nextPass = System.nanoTime() + passNanos;
                selector.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    try {
                        if (key.isValid() && key.isConnectable()) {
                            c.connected();
                        }
                        if (key.isValid() && key.isWritable()) {
                            c.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            c.read();
                        }
                    } catch (IOException | RuntimeException e) {
                        c.fail(e);
                    }
                }
                selector.selectedKeys().clear();
                long wait = nextPass - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One connection; its state is the selector thread's own. */
    final class Conn {
        private final URI uri;
        private final Listener listener;
        private final String key;
        private SocketChannel channel;
        private SelectionKey selectionKey;
        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        private boolean upgraded;
        private byte[] fragments = new byte[0];
        private int fragmentLength;
        private volatile boolean outputClosed;
        private volatile boolean inputClosed;

        private Conn(URI uri, Listener listener) {
            this.uri = uri;
            this.listener = listener;
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            this.key = Base64.getEncoder().encodeToString(nonce);
        }

        boolean isOutputClosed() {
            return outputClosed;
        }

        boolean isInputClosed() {
            return inputClosed;
        }

        /** Sends one text message (a single masked frame). */
        void sendText(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            run(() -> send(0x1, payload));
        }

        /** Starts the close handshake with code 1000. */
        void close(String reason) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + r.length];
            payload[0] = (byte) (NORMAL_CLOSURE >> 8);
            payload[1] = (byte) NORMAL_CLOSURE;
            System.arraycopy(r, 0, payload, 2, r.length);
            outputClosed = true;
            run(() -> send(0x8, payload));
        }

        /** Closes the socket without a handshake. */
        void abort() {
            outputClosed = true;
            run(() -> shut());
        }

        private void start() {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                selectionKey = channel.register(selector, SelectionKey.OP_CONNECT, this);
                if (channel.connect(new InetSocketAddress(uri.getHost(), uri.getPort()))) {
                    connected();
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        private void connected() throws IOException {
            channel.finishConnect();
            String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            selectionKey.interestOps(SelectionKey.OP_READ);
            queue(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        }

        /** A masked frame with {@code opcode} and {@code payload}; masks the payload in place. */
        private void send(int opcode, byte[] payload) {
            if (channel == null || !channel.isOpen()) {
                return;
            }
            int n = payload.length;
            ByteBuffer b = ByteBuffer.allocate(14 + n);
            b.put((byte) (0x80 | opcode));
            if (n < 126) {
                b.put((byte) (0x80 | n));
            } else if (n < 65536) {
                b.put((byte) (0x80 | 126)).putShort((short) n);
            } else {
                b.put((byte) (0x80 | 127)).putLong(n);
            }
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            b.put(mask);
            for (int i = 0; i < n; i++) {
                b.put((byte) (payload[i] ^ mask[i & 3]));
            }
            b.flip();
            queue(b);
        }

        private void queue(ByteBuffer b) {
            out.add(b);
            try {
                flush();
            } catch (IOException e) {
                fail(e);
            }
        }

        private void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                channel.write(b);
                if (b.hasRemaining()) {
                    selectionKey.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (selectionKey.isValid()) {
                selectionKey.interestOps(SelectionKey.OP_READ);
            }
        }

        private void read() throws IOException {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            int n = channel.read(in);
            long now = System.nanoTime();
            if (n < 0) {
                inputClosed = true;
                shut();
                if (upgraded) {
                    listener.onClose(1006, "connection closed without a close frame");
                } else {
                    listener.onError(new IOException("connection closed during the upgrade"));
                }
                return;
            }
            in.flip();
            if (!upgraded && !upgrade()) {
                in.compact();
                return;
            }
            while (upgraded && frame(now)) {
                // every complete frame in the buffer
            }
            in.compact();
        }

        /** Reads the upgrade response once complete; false while more bytes are needed. */
        private boolean upgrade() throws IOException {
            int end = -1;
            for (int i = in.position(); i + 3 < in.limit(); i++) {
                if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                    end = i + 4;
                    break;
                }
            }
            if (end < 0) {
                return false;
            }
            byte[] head = new byte[end - in.position()];
            in.get(head);
            String response = new String(head, StandardCharsets.US_ASCII);
            if (!response.startsWith("HTTP/1.1 101") || !response.toLowerCase(java.util.Locale.ROOT)
                    .contains("sec-websocket-accept: " + accept().toLowerCase(java.util.Locale.ROOT))) {
                throw new IOException("upgrade refused: " + response.lines().findFirst().orElse(""));
            }
            upgraded = true;
            listener.onOpen(this);
            return true;
        }

        private String accept() {
            try {
                byte[] d = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
                return Base64.getEncoder().encodeToString(d);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Handles one frame if the buffer holds all of it; false when more bytes are needed. */
        private boolean frame(long now) throws IOException {
            int p = in.position();
            int avail = in.remaining();
            if (avail < 2) {
                return false;
            }
            int b0 = in.get(p) & 0xff;
            int b1 = in.get(p + 1) & 0xff;
            if ((b1 & 0x80) != 0) {
                throw new IOException("the server masked a frame");
            }
            long len = b1 & 0x7f;
            int head = 2;
            if (len == 126) {
                if (avail < 4) {
                    return false;
                }
                len = in.getShort(p + 2) & 0xffff;
                head = 4;
            } else if (len == 127) {
                if (avail < 10) {
                    return false;
                }
                len = in.getLong(p + 2);
                head = 10;
            }
            if (len > Integer.MAX_VALUE - 64) {
                throw new IOException("frame too large: " + len);
            }
            if (avail < head + len) {
                if (in.capacity() < head + len) {
                    ByteBuffer bigger = ByteBuffer.allocate((int) (head + len));
                    bigger.put(in);
                    bigger.flip();
                    in = bigger;
                }
                return false;
            }
            byte[] payload = new byte[(int) len];
            in.position(p + head);
            in.get(payload);
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            switch (opcode) {
                case 0x0, 0x1 -> text(payload, fin, now);
                case 0x8 -> {
                    inputClosed = true;
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    String reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    if (!outputClosed) {
                        outputClosed = true;
                        send(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                    }
                    shut();
                    listener.onClose(code, reason);
                    return false;
                }
                case 0x9 -> send(0xA, payload);
                case 0xA -> {
                }
                default -> throw new IOException("unknown opcode " + opcode);
            }
            return true;
        }

        private void text(byte[] payload, boolean fin, long now) {
            if (fin && fragmentLength == 0) {
                listener.onText(this, new String(payload, StandardCharsets.UTF_8), now);
                return;
            }
            if (fragments.length < fragmentLength + payload.length) {
                fragments = java.util.Arrays.copyOf(fragments, Math.max(2 * fragments.length,
                        fragmentLength + payload.length));
            }
            System.arraycopy(payload, 0, fragments, fragmentLength, payload.length);
            fragmentLength += payload.length;
            if (fin) {
                String text = new String(fragments, 0, fragmentLength, StandardCharsets.UTF_8);
                fragmentLength = 0;
                listener.onText(this, text, now);
            }
        }

        private void fail(Throwable e) {
            boolean wasOpen = !inputClosed;
            inputClosed = true;
            outputClosed = true;
            shut();
            if (wasOpen) {
                listener.onError(e);
            }
        }

        private void shut() {
            inputClosed = true;
            if (selectionKey != null) {
                selectionKey.cancel();
            }
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
