package dev.promptforge.domain.versioning;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lowercase hex. Stateless and thread-safe. */
public final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(digest(bytes));
    }

    public static byte[] digest(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    /** A fresh SHA-256 digest, for hashing input that comes in pieces. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Completes {@code digest} and returns its hash as lowercase hex. */
    public static String hex(MessageDigest digest) {
        return HEX.formatHex(digest.digest());
    }
}
