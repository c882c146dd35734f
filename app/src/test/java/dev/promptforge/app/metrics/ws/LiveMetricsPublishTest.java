package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.evaluation.port.QuantileSketch;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Publishing runs on the event writer thread before the batch is answered, so it only queues: the flusher thread turns
 * buckets into messages, and reads the quantiles of a bucket only when a subscriber is sent it.
 */
@MicronautTest
class LiveMetricsPublishTest extends LiveTestSupport {
    @Inject
    LiveMetricsHub hub;

    @Test
    void quantilesAreReadByTheFlusherAndOnlyForBucketsThatAreSent() {
        String prompt = newPrompt();
        Scope watched = Scope.parse("prompt:" + prompt);
        LiveClient client = connect();
        client.send(subscribe("acc", watched.key(), "accuracy"));
        client.next("snapshot", "acc", WAIT);
        Instant h = Instant.now().truncatedTo(ChronoUnit.HOURS);
        ReadersOf accuracy = new ReadersOf(0.25, 0.75);
        ReadersOf latency = new ReadersOf(120.0);
        ReadersOf elsewhere = new ReadersOf(0.5);

        hub.changed(WorkspaceId.DEFAULT, List.of(bucket(watched, "accuracy", h, accuracy),
                bucket(watched, "latency", h, latency), bucket(Scope.parse("prompt:other/" + prompt), "accuracy", h,
                        elsewhere)));

        Map<String, Object> update = client.next("update", "acc", WAIT);
        assertThat(items(update)).hasSize(1);
        Map<String, Object> item = item(update, "accuracy", h);
        assertThat(count(item)).isEqualTo(2);
        assertThat(((Number) item.get("p50")).doubleValue()).isBetween(0.24, 0.26);
        assertThat(accuracy.readers).containsExactly("live-metrics-flusher");
        assertThat(latency.readers).as("no subscriber wants latency").isEmpty();
        assertThat(elsewhere.readers).as("no subscriber of that scope").isEmpty();
    }

    private static MetricBucket bucket(Scope scope, String metric, Instant start, ReadersOf sketch) {
        return new MetricBucket(new BucketKey(scope, new MetricName(metric), BucketSize.HOUR, start),
                sketch.count(), sketch.sum, 0, sketch.min, sketch.max, sketch);
    }

    /** A real sketch of {@code values} that records which threads read its quantiles. */
    private static final class ReadersOf implements QuantileSketch {
        final Set<String> readers = ConcurrentHashMap.newKeySet();
        private final QuantileSketch sketch = new DDSketchQuantiles(0.01).create();
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        ReadersOf(double... values) {
            for (double v : values) {
                add(v);
            }
        }

        @Override
        public void add(double value) {
            sketch.add(value);
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }

        @Override
        public void merge(QuantileSketch other) {
            throw new UnsupportedOperationException("published buckets are not merged into");
        }

        @Override
        public double quantile(double q) {
            readers.add(Thread.currentThread().getName());
            return sketch.quantile(q);
        }

        @Override
        public double[] quantiles(double... qs) {
            readers.add(Thread.currentThread().getName());
            return sketch.quantiles(qs);
        }

        @Override
        public long count() {
            return sketch.count();
        }

        @Override
        public byte[] encode() {
            return sketch.encode();
        }
    }
}
