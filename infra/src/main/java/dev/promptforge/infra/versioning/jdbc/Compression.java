package dev.promptforge.infra.versioning.jdbc;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** zlib (with its Adler-32 check) for stored payloads; payloads that do not shrink are stored as they are. */
final class Compression {
    static final String NONE = "none";
    static final String DEFLATE = "deflate";

    /** One per thread: creating an Inflater allocates native zlib state, which dominated reading long chains. */
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private Compression() {
    }

    record Packed(String method, byte[] bytes) {
    }

    static Packed pack(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 16);
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            byte[] packed = out.toByteArray();
            return packed.length < raw.length ? new Packed(DEFLATE, packed) : new Packed(NONE, raw);
        } finally {
            deflater.end();
        }
    }

    /** The original bytes; throws {@link DataFormatException} when the stream is damaged or not {@code length} long. */
    static byte[] unpack(String method, byte[] stored) throws DataFormatException {
        if (NONE.equals(method)) {
            return stored;
        }
        if (!DEFLATE.equals(method)) {
            throw new DataFormatException("unknown compression '" + method + "'");
        }
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setInput(stored);
        ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
        byte[] buf = new byte[16384];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                throw new DataFormatException("truncated stream");
            }
            out.write(buf, 0, n);
        }
        if (inflater.getRemaining() > 0) {
            throw new DataFormatException("trailing bytes after the stream");
        }
        return out.toByteArray();
    }
}
