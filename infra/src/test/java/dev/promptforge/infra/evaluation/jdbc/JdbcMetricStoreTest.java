package dev.promptforge.infra.evaluation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.evaluation.port.QuantileSketch;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcMetricStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesBucketsWithTheirSketchAndReadsARangeByMetricAndStart() throws Exception {
        DDSketchQuantiles sketches = new DDSketchQuantiles(0.01);
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir)) {
            JdbcMetricStore store = new JdbcMetricStore(database.db, sketches);
            Scope scope = Scope.parse("prompt:support/triage");
            Random random = new Random(7);
            double[] values = new double[5000];
            QuantileSketch sketch = sketches.create();
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.exp(random.nextGaussian());
                sketch.add(values[i]);
            }
            Instant h1 = Instant.parse("2026-03-01T10:00:00Z");
            Instant h2 = Instant.parse("2026-03-01T11:00:00Z");
            BucketKey k1 = new BucketKey(scope, new MetricName("latency"), BucketSize.HOUR, h1);
            BucketKey k2 = new BucketKey(scope, new MetricName("latency"), BucketSize.HOUR, h2);
            store.put(WorkspaceId.DEFAULT, List.of(new MetricBucket(k1, 5000, 1, 2, 0.1, 9, sketch),
                    new MetricBucket(k2, 1, 3, 9, 3, 3, sketches.create())));
            List<MetricBucket> read = store.range(WorkspaceId.DEFAULT, scope, null, BucketSize.HOUR, h1, h2.plusSeconds(1));
            assertThat(read).extracting(b -> b.key().start()).containsExactly(h1, h2);
            assertThat(store.range(WorkspaceId.DEFAULT, scope, null, BucketSize.HOUR, h1, h2)).hasSize(1);
            assertThat(store.range(WorkspaceId.DEFAULT, scope, null, BucketSize.DAY, h1, h2.plusSeconds(1))).isEmpty();
            Arrays.sort(values);
            for (double q : new double[] {0.5, 0.9, 0.99}) {
                double exact = values[(int) Math.floor(q * (values.length - 1))];
                assertThat(read.get(0).sketch().quantile(q)).isCloseTo(exact, within(exact * 0.0101));
            }
            assertThat(store.find(WorkspaceId.DEFAULT, List.of(k1, k2)).get(k1).count()).isEqualTo(5000);
            assertThat(store.deleteBefore(h2)).isEqualTo(1);
        }
    }

    @Test
    void mergedSketchesAnswerLikeOneSketchOfAllValues() {
        DDSketchQuantiles sketches = new DDSketchQuantiles(0.01);
        QuantileSketch a = sketches.create();
        QuantileSketch b = sketches.create();
        double[] all = new double[2000];
        for (int i = 0; i < all.length; i++) {
            all[i] = i % 2 == 0 ? -i : i * 0.5;
            (i < 1000 ? a : b).add(all[i]);
        }
        QuantileSketch merged = sketches.decode(a.encode());
        merged.merge(sketches.decode(b.encode()));
        Arrays.sort(all);
        assertThat(merged.count()).isEqualTo(2000);
        for (double q : new double[] {0.1, 0.5, 0.9}) {
            double exact = all[(int) Math.floor(q * (all.length - 1))];
            assertThat(merged.quantile(q)).isCloseTo(exact, within(Math.abs(exact) * 0.0101 + 1e-9));
        }
        assertThat(sketches.create().quantile(0.5)).isNaN();
    }
}
