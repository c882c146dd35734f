package dev.promptforge.bench.eval;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Realistic evaluation events as NDJSON, like a CI suite's results file: id, case, two or three metrics
 * (accuracy, f1, sometimes relevance), passed, latencyMs, tokensIn/Out, cost, model and a time. Also the same
 * values as columns for the raw-SQLite ceiling.
 */
final class EventGen {
    static final String[] MODELS = {"gpt-4o-mini", "claude-3-5-haiku", "llama-3.1-70b-instruct"};

    private EventGen() {
    }

    /** One event's values; {@link #metricsJson} is the server's stored form of the metrics (FlatJson). */
    record Row(String clientId, String caseId, double accuracy, double f1, double relevance, boolean passed,
            double latencyMs, long tokensIn, long tokensOut, double cost, String model, long atMs) {
        String metricsJson() {
            StringBuilder sb = new StringBuilder(64).append("{\"accuracy\":").append(accuracy).append(",\"f1\":")
                    .append(f1);
            if (relevance >= 0) {
                sb.append(",\"relevance\":").append(relevance);
            }
            return sb.append('}').toString();
        }
    }

    static Row row(String idPrefix, long index, long atMs, SplittableRandom rnd) {
        double accuracy = rnd.nextInt(10_001) / 10_000.0;
        return new Row(idPrefix + index, "case-" + (index % 2_000), accuracy, rnd.nextInt(10_001) / 10_000.0,
                rnd.nextBoolean() ? rnd.nextInt(10_001) / 10_000.0 : -1, accuracy >= 0.3,
                (1_000 + rnd.nextInt(40_000)) / 10.0, 50 + rnd.nextInt(4_000), 5 + rnd.nextInt(1_200),
                (1_000 + rnd.nextInt(30_000)) / 1_000_000.0, MODELS[(int) (index % MODELS.length)], atMs);
    }

    static void line(StringBuilder sb, Row r) {
        sb.append("{\"id\":\"").append(r.clientId()).append("\",\"case\":\"").append(r.caseId())
                .append("\",\"metrics\":").append(r.metricsJson())
                .append(",\"passed\":").append(r.passed())
                .append(",\"latencyMs\":").append(r.latencyMs())
                .append(",\"tokensIn\":").append(r.tokensIn())
                .append(",\"tokensOut\":").append(r.tokensOut())
                .append(",\"cost\":").append(r.cost())
                .append(",\"model\":\"").append(r.model())
                .append("\",\"at\":\"").append(Instant.ofEpochMilli(r.atMs())).append("\"}\n");
    }

    /**
     * {@code n} events with ids {@code idPrefix + (first + i)}; event i at {@code atStart + i * stepMs} plus a
     * jitter in [0, jitterMs) (so a batch is roughly time-ordered, as results arrive).
     */
    static byte[] batch(String idPrefix, long first, int n, long atStart, double stepMs, long jitterMs,
            SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(n * 240);
        for (int i = 0; i < n; i++) {
            long at = atStart + (long) (i * stepMs) + (jitterMs > 0 ? rnd.nextLong(jitterMs) : 0);
            line(sb, row(idPrefix, first + i, at, rnd));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
