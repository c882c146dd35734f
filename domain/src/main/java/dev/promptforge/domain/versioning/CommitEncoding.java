package dev.promptforge.domain.versioning;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The canonical byte encoding of a commit, whose SHA-256 is the commit id. Layout in
 * {@code docs/storage-format.md}: a version line, then one line per field in a fixed order; free text (names,
 * author, message) is length-prefixed in UTF-8 bytes so no value can imitate another field; parents are sorted.
 */
public final class CommitEncoding {
    static final String HEADER = "promptforge-commit 1\n";

    private CommitEncoding() {
    }

    public static byte[] encode(PromptName prompt, List<CommitId> parents, String contentHash, long contentLength,
            String config, String author, Instant committedAt, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + message.length());
        write(out, HEADER);
        writeText(out, "prompt", prompt.value());
        parents.stream().sorted().forEach(p -> write(out, "parent " + p.hex() + "\n"));
        write(out, "content sha256:" + contentHash + " " + contentLength + "\n");
        if (config == null) {
            write(out, "config none\n");
        } else {
            write(out, "config sha256:" + Sha256.hex(config.getBytes(StandardCharsets.UTF_8)) + "\n");
        }
        writeText(out, "author", author);
        write(out, "time " + committedAt.toEpochMilli() + "\n");
        writeText(out, "message", message);
        return out.toByteArray();
    }

    private static void writeText(ByteArrayOutputStream out, String field, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        write(out, field + " " + bytes.length + ":");
        out.writeBytes(bytes);
        write(out, "\n");
    }

    private static void write(ByteArrayOutputStream out, String ascii) {
        out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
