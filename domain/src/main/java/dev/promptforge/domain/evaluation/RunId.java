package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * The id of an evaluation run: {@code run_} then 26 Crockford base32 characters of a ULID (48 bits of
 * millisecond time, 80 random bits), so ids sort by creation time.
 */
public record RunId(String value) implements Comparable<RunId> {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final java.util.regex.Pattern VALID = java.util.regex.Pattern.compile("run_[0-9A-HJKMNP-TV-Z]{26}");

    public RunId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw InvalidInput.field("evaluation.invalid-run-id", "run", "a run id looks like run_01J...(26 characters)");
        }
    }

    public static RunId next(Instant now) {
        StringBuilder sb = new StringBuilder("run_");
        long time = now.toEpochMilli();
        for (int i = 9; i >= 0; i--) {
            sb.append(ALPHABET.charAt((int) ((time >>> (5 * i)) & 31)));
        }
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(32)));
        }
        return new RunId(sb.toString());
    }

    @Override
    public int compareTo(RunId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
