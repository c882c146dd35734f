package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import dev.promptforge.app.evaluation.http.BucketItem;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.shared.WorkspaceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeLogTest {
    private static final Topic TOPIC = new Topic(WorkspaceId.DEFAULT, Scope.parse("prompt:p"), BucketSize.HOUR);
    private static final Topic OTHER = new Topic(WorkspaceId.DEFAULT, Scope.parse("prompt:q"), BucketSize.HOUR);
    private static final MetricName ACC = new MetricName("accuracy");
    private static final Instant H1 = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant H2 = Instant.parse("2025-01-01T11:00:00Z");

    private static BucketItem item(Instant start, long count) {
        return new BucketItem("accuracy", start.toString(), count, count, 1.0, 1, 1, 1.0, 1.0, 1.0);
    }

    @Test
    void numbersChangesUpFromItsStart() {
        ChangeLog log = new ChangeLog(10, 5000);
        assertThat(log.append(TOPIC, ACC, H1, item(H1, 1)).seq()).isEqualTo(5001);
        assertThat(log.append(TOPIC, ACC, H2, item(H2, 1)).seq()).isEqualTo(5002);
        assertThat(log.lastSeq()).isEqualTo(5002);
    }

    @Test
    void dropsAnOlderValuePublishedAfterANewerOne() {
        ChangeLog log = new ChangeLog(10, 0);
        log.append(TOPIC, ACC, H1, item(H1, 5));
        assertThat(log.append(TOPIC, ACC, H1, item(H1, 3))).isNull();
        assertThat(log.append(TOPIC, ACC, H1, item(H1, 5))).isNull();
        assertThat(log.append(TOPIC, ACC, H1, item(H1, 6))).isNotNull();
    }

    @Test
    void givesTheNewestValueOfEachBucketChangedAfterAPosition() {
        ChangeLog log = new ChangeLog(10, 0);
        long seen = log.append(TOPIC, ACC, H1, item(H1, 1)).seq();
        log.append(TOPIC, ACC, H2, item(H2, 1));
        log.append(OTHER, ACC, H1, item(H1, 1));
        log.append(TOPIC, ACC, H2, item(H2, 2));
        log.append(TOPIC, ACC, H1, item(H1, 4));

        assertThat(log.since(seen, c -> c.topic().equals(TOPIC))).extracting(c -> c.item().count())
                .containsExactly(4L, 2L);
        assertThat(log.since(log.lastSeq(), c -> true)).isEmpty();
    }

    @Test
    void answersNullOncePartOfTheHistoryIsForgottenOrForAPositionItNeverGave() {
        ChangeLog log = new ChangeLog(3, 100);
        assertThat(log.since(100, c -> true)).isEmpty();
        for (int i = 1; i <= 5; i++) {
            log.append(TOPIC, ACC, H1, item(H1, i));
        }
        assertThat(log.since(101, c -> true)).as("102 was forgotten").isNull();
        assertThat(log.since(102, c -> true)).extracting(Change::seq).containsExactly(105L);
        assertThat(log.since(99, c -> true)).isNull();
        assertThat(log.since(106, c -> true)).isNull();
    }
}
