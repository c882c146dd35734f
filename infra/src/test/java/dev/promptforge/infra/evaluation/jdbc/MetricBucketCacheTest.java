package dev.promptforge.infra.evaluation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.EvaluationEvent;
import dev.promptforge.domain.evaluation.MetricAggregation;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-through bucket cache of {@link JdbcMetricStore} against buckets recomputed in a fresh file. */
class MetricBucketCacheTest {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final MetricName ACCURACY = new MetricName("accuracy");
    private static final List<Scope> SCOPES = List.of(
            Scope.run(RunId.next(Instant.parse("2026-03-01T00:00:00Z"))), Scope.parse("prompt:p"));
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private final DDSketchQuantiles sketches = new DDSketchQuantiles(0.01);

    @TempDir
    Path dir;

    @Test
    void cachedBucketsEqualARecomputationAfterARollbackAndTwoWritesInOneTransaction() throws Exception {
        Random random = new Random(11);
        List<EvaluationEvent> first = events("a", 300, random);
        List<EvaluationEvent> rolledBack = events("b", 300, random);
        List<EvaluationEvent> second = events("c", 200, random);
        List<EvaluationEvent> third = events("d", 200, random);
        Files.createDirectories(dir.resolve("cached"));
        Files.createDirectories(dir.resolve("fresh"));
        try (SqliteTestDatabase cachedDb = SqliteTestDatabase.migratedIn(dir.resolve("cached"));
                SqliteTestDatabase freshDb = SqliteTestDatabase.migratedIn(dir.resolve("fresh"))) {
            JdbcMetricStore store = new JdbcMetricStore(cachedDb.db, sketches);
            MetricAggregation aggregation = new MetricAggregation(store, sketches);
            cachedDb.db.inTransaction(() -> add(aggregation, aggregation.summarise(first, T0)));
            assertThatThrownBy(() -> cachedDb.db.inTransaction(() -> {
                add(aggregation, aggregation.summarise(rolledBack, T0));
                throw new IllegalStateException("fails after the buckets were written");
            })).isInstanceOf(IllegalStateException.class);
            // two batches in one transaction: the second must merge into the first's uncommitted buckets
            cachedDb.db.inTransaction(() -> {
                add(aggregation, aggregation.summarise(second, T0));
                return add(aggregation, aggregation.summarise(third, T0));
            });

            List<EvaluationEvent> kept = new ArrayList<>(first);
            kept.addAll(second);
            kept.addAll(third);
            JdbcMetricStore freshStore = new JdbcMetricStore(freshDb.db, sketches);
            MetricAggregation recompute = new MetricAggregation(freshStore, sketches);
            freshDb.db.inTransaction(() -> add(recompute, recompute.summarise(kept, T0)));

            List<BucketKey> keys = keys(freshStore);
            // 7 metrics (2 sent, 5 built in) in 3 hour, 1 day and 1 week buckets
            assertThat(keys).hasSize(SCOPES.size() * 7 * 5);
            Map<BucketKey, MetricBucket> expected = freshStore.find(WS, keys);
            Map<BucketKey, MetricBucket> cached = store.find(WS, keys);
            Map<BucketKey, MetricBucket> stored = new JdbcMetricStore(cachedDb.db, sketches).find(WS, keys);
            for (BucketKey k : keys) {
                for (MetricBucket b : List.of(cached.get(k), stored.get(k))) {
                    MetricBucket e = expected.get(k);
                    assertThat(figures(b)).as("%s", k).isEqualTo(figures(e));
                    assertThat(b.sum()).as("sum of %s", k).isCloseTo(e.sum(), within(1e-9 * Math.abs(e.sum()) + 1e-9));
                    assertThat(b.sumOfSquares()).isCloseTo(e.sumOfSquares(), within(1e-9 * e.sumOfSquares() + 1e-9));
                }
            }
            assertThat(cached.get(new BucketKey(SCOPES.get(0), ACCURACY, BucketSize.WEEK,
                    BucketSize.WEEK.start(T0))).count()).isEqualTo(700);
        }
    }

    @Test
    void retentionRemovesCachedBucketsWithTheirRows() {
        try (SqliteTestDatabase db = SqliteTestDatabase.migratedIn(dir)) {
            JdbcMetricStore store = new JdbcMetricStore(db.db, sketches);
            MetricAggregation aggregation = new MetricAggregation(store, sketches);
            db.db.inTransaction(() -> add(aggregation, aggregation.summarise(events("a", 10,
                    new Random(1)), T0)));
            BucketKey hour = new BucketKey(SCOPES.get(0), ACCURACY, BucketSize.HOUR, BucketSize.HOUR.start(T0));
            assertThat(store.find(WS, List.of(hour))).containsKey(hour);
            assertThat(store.deleteBefore(T0.plusSeconds(86_400 * 14))).isPositive();
            assertThat(store.find(WS, List.of(hour))).isEmpty();
        }
    }

    /** {@code n} events over three hours from T0, with two client metrics and the built-ins. */
    private static List<EvaluationEvent> events(String prefix, int n, Random random) {
        List<EvaluationEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<MetricName, Double> m = new TreeMap<>();
            m.put(ACCURACY, random.nextDouble());
            m.put(new MetricName("f1"), random.nextGaussian());
            out.add(new EvaluationEvent(prefix + i, "case", m, random.nextBoolean(), 100 + 900 * random.nextDouble(),
                    (long) random.nextInt(4000), (long) random.nextInt(800), random.nextDouble() / 100, "m",
                    T0.plusSeconds(random.nextInt(3 * 3600)), null, null, null));
        }
        return out;
    }

    private static List<BucketKey> keys(JdbcMetricStore store) {
        List<BucketKey> keys = new ArrayList<>();
        for (Scope scope : SCOPES) {
            for (BucketSize size : BucketSize.values()) {
                store.range(WS, scope, null, size, T0.minusSeconds(86_400 * 7), T0.plusSeconds(86_400 * 7))
                        .forEach(b -> keys.add(b.key()));
            }
        }
        return keys;
    }

    /** What must be equal exactly; sums are compared apart, within rounding (additions in another order). */
    private static List<Object> figures(MetricBucket b) {
        double[] q = b.sketch().quantiles(0.1, 0.5, 0.9, 0.99);
        return List.of(b.count(), b.sketch().count(), b.min(), b.max(), q[0], q[1], q[2], q[3]);
    }

    private static List<MetricBucket> add(MetricAggregation aggregation, MetricAggregation.Summary summary) {
        return aggregation.add(WS, List.of(new MetricAggregation.Contribution(SCOPES, summary)));
    }
}
