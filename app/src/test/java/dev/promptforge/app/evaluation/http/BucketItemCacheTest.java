package dev.promptforge.app.evaluation.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.evaluation.port.QuantileSketch;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BucketItemCacheTest {
    private final DDSketchQuantiles sketches = new DDSketchQuantiles(0.01);
    private final BucketKey key = new BucketKey(Scope.parse("prompt:p"), new MetricName("accuracy"), BucketSize.HOUR,
            Instant.parse("2026-03-01T10:00:00Z"));

    private MetricBucket bucket(double... values) {
        QuantileSketch s = sketches.create();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            s.add(v);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new MetricBucket(key, values.length, sum, 0, min, max, sketches.decode(s.encode()));
    }

    @Test
    void reusesAnItemWhileItsBucketIsUnchangedAndRecomputesItOnceItGrew() {
        BucketItemCache cache = new BucketItemCache(10);
        BucketItem first = cache.of(bucket(1, 2, 3));
        assertThat(cache.of(bucket(1, 2, 3))).isSameAs(first);
        BucketItem grown = cache.of(bucket(1, 2, 3, 100));
        assertThat(grown).isEqualTo(BucketItem.of(bucket(1, 2, 3, 100)));
        assertThat(grown.p99()).isGreaterThan(first.p99());
        // same count, other values (a bucket deleted by retention and started again): not the old item
        assertThat(cache.of(bucket(4, 5, 6))).isEqualTo(BucketItem.of(bucket(4, 5, 6)));
    }

    @Test
    void keepsAtMostItsCapacity() {
        BucketItemCache cache = new BucketItemCache(1);
        BucketItem first = cache.of(bucket(1));
        MetricBucket other = new MetricBucket(new BucketKey(key.scope(), key.metric(), key.size(),
                key.start().plusSeconds(3600)), 1, 1, 1, 1, 1, sketches.create());
        cache.of(other);
        assertThat(cache.of(bucket(1))).isNotSameAs(first).isEqualTo(first);
    }
}
