package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.evaluation.port.QuantileSketch;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import java.lang.ref.WeakReference;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeLogTest {
    private static final Topic TOPIC = new Topic(WorkspaceId.DEFAULT, Scope.parse("prompt:p"), BucketSize.HOUR);
    private static final Topic OTHER = new Topic(WorkspaceId.DEFAULT, Scope.parse("prompt:q"), BucketSize.HOUR);
    private static final MetricName ACC = new MetricName("accuracy");
    private static final Instant H1 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant H2 = Instant.parse("2025-01-01T11:00:00Z");

    private static final DDSketchQuantiles SKETCHES = new DDSketchQuantiles(0.01);

    /** The accuracy bucket of the change log's topics at {@code start} with {@code count} events of value 1. */
    private static MetricBucket bucket(Instant start, long count) {
        var sketch = SKETCHES.create();
        for (long i = 0; i < count; i++) {
            sketch.add(1);
        }
        return new MetricBucket(new BucketKey(TOPIC.scope(), ACC, BucketSize.HOUR, start), count, count, count, 1, 1,
                sketch);
    }

    @Test
    void numbersChangesUpFromItsStart() {
        ChangeLog log = new ChangeLog(10, 5000);
        assertThat(log.append(TOPIC, bucket(H1, 1)).seq()).isEqualTo(5001);
        assertThat(log.append(TOPIC, bucket(H2, 1)).seq()).isEqualTo(5002);
        assertThat(log.lastSeq()).isEqualTo(5002);
    }

    @Test
    void dropsAnOlderValuePublishedAfterANewerOne() {
        ChangeLog log = new ChangeLog(10, 0);
        log.append(TOPIC, bucket(H1, 5));
        assertThat(log.append(TOPIC, bucket(H1, 3))).isNull();
        assertThat(log.append(TOPIC, bucket(H1, 5))).isNull();
        assertThat(log.append(TOPIC, bucket(H1, 6))).isNotNull();
    }

    @Test
    void aReplacedChangeLetsGoOfItsSketchAndAnswersWithTheNewerValue() throws InterruptedException {
        ChangeLog log = new ChangeLog(10, 0);
        MetricBucket older = bucket(H1, 1);
        WeakReference<QuantileSketch> olderSketch = new WeakReference<>(older.sketch());
        Change first = log.append(TOPIC, older);
        // from here on only the log may hold the buckets
        older = null;
        MetricBucket newer = bucket(H1, 3);
        WeakReference<QuantileSketch> newerSketch = new WeakReference<>(newer.sketch());
        Change second = log.append(TOPIC, newer);
        newer = null;

        for (int i = 0; i < 20 && olderSketch.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(olderSketch.get()).as("the replaced change's sketch").isNull();
        assertThat(newerSketch.get()).as("the newest change's sketch, not yet sent").isNotNull();
        assertThat(first.count()).isEqualTo(1);
        assertThat(first.item().count()).isEqualTo(3);
        assertThat(second.item().count()).isEqualTo(3);
        assertThat(second.item().p50()).isBetween(0.99, 1.01);
    }

    @Test
    void givesTheNewestValueOfEachBucketChangedAfterAPosition() {
        ChangeLog log = new ChangeLog(10, 0);
        long seen = log.append(TOPIC, bucket(H1, 1)).seq();
        log.append(TOPIC, bucket(H2, 1));
        log.append(OTHER, bucket(H1, 1));
        log.append(TOPIC, bucket(H2, 2));
        log.append(TOPIC, bucket(H1, 4));

        assertThat(log.since(seen, c -> c.topic().equals(TOPIC))).extracting(c -> c.item().count())
                .containsExactly(4L, 2L);
        assertThat(log.since(log.lastSeq(), c -> true)).isEmpty();
    }

    @Test
    void answersNullOncePartOfTheHistoryIsForgottenOrForAPositionItNeverGave() {
        ChangeLog log = new ChangeLog(3, 100);
        assertThat(log.since(100, c -> true)).isEmpty();
        for (int i = 1; i <= 5; i++) {
            log.append(TOPIC, bucket(H1, i));
        }
        assertThat(log.since(101, c -> true)).as("102 was forgotten").isNull();
        assertThat(log.since(102, c -> true)).extracting(Change::seq).containsExactly(105L);
        assertThat(log.since(99, c -> true)).isNull();
        assertThat(log.since(106, c -> true)).isNull();
    }
}
