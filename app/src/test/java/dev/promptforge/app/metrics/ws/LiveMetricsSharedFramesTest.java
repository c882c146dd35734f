package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.evaluation.http.BucketItem;
import dev.promptforge.app.metrics.ws.ChangeLog.Change;
import dev.promptforge.app.metrics.ws.LiveMessages.UpdateMessage;
import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.port.QuantileSketch;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Update bytes serialised once and shared by every subscriber that is sent the same changes. */
@MicronautTest
class LiveMetricsSharedFramesTest extends LiveTestSupport {
    private static final String ODD_ID = "q\"u\\o\u00e9te";

    @Test
    void sharedItemsWithEachSubscribersOwnHeadAreExactlyTheUpdateMessage() throws Exception {
        Topic topic = new Topic(WorkspaceId.DEFAULT, Scope.parse("prompt:p"), BucketSize.HOUR);
        Instant h = Instant.parse("2026-01-01T10:00:00Z");
        QuantileSketch sketch = new DDSketchQuantiles(0.01).create();
        sketch.add(0.0);
        sketch.add(0.5);
        sketch.add(1.0);
        MetricBucket accuracy = new MetricBucket(new BucketKey(topic.scope(), new MetricName("accuracy"),
                BucketSize.HOUR, h), 3, 1.5, 1.25, 0.0, 1.0, sketch);
        // no values in its sketch: the quantiles are sent as null
        MetricBucket latency = new MetricBucket(new BucketKey(topic.scope(), new MetricName("latency"),
                BucketSize.HOUR, h), 1, 7, 49, 7, 7, new DDSketchQuantiles(0.01).create());
        BucketItem full = BucketItem.of(accuracy);
        BucketItem sparse = BucketItem.of(latency);
        assertThat(sparse.p50()).isNull();
        List<Change> both = List.of(new Change(101, topic, accuracy), new Change(102, topic, latency));
        List<Change> one = List.of(both.get(1));

        try (UpdateFrames frames = new UpdateFrames(json)) {
            String a = text(frames.frame(UpdateFrames.head(json, ODD_ID), 102, both));
            String b = text(frames.frame(UpdateFrames.head(json, "plain"), 102, List.copyOf(both)));
            assertThat(frames.encodings()).as("the same changes are serialised once").isEqualTo(1);
            String c = text(frames.frame(UpdateFrames.head(json, "plain"), 103, one));
            assertThat(frames.encodings()).isEqualTo(2);

            assertThat(a).isEqualTo(json.writeValueAsString(new UpdateMessage(ODD_ID, 102, List.of(full, sparse))));
            assertThat(b).isEqualTo(json.writeValueAsString(new UpdateMessage("plain", 102, List.of(full, sparse))));
            assertThat(c).isEqualTo(json.writeValueAsString(new UpdateMessage("plain", 103, List.of(sparse))));

            // the next look reuses the bytes; a look that does not use them releases them
            frames.retire();
            String d = text(frames.frame(UpdateFrames.head(json, "next"), 104, both));
            assertThat(frames.encodings()).as("kept for the next look").isEqualTo(2);
            assertThat(d).isEqualTo(json.writeValueAsString(new UpdateMessage("next", 104, List.of(full, sparse))));
            frames.retire();
            frames.retire();
            text(frames.frame(UpdateFrames.head(json, "later"), 105, both));
            assertThat(frames.encodings()).as("released after a look without use").isEqualTo(3);
        }
    }

    @Test
    void bytesOfARetiredLookAreReleasedAndFramesInFlightKeepTheirOwn() throws Exception {
        Topic topic = new Topic(WorkspaceId.DEFAULT, Scope.parse("prompt:q"), BucketSize.HOUR);
        MetricBucket b = new MetricBucket(new BucketKey(topic.scope(), new MetricName("accuracy"), BucketSize.HOUR,
                Instant.parse("2026-01-01T10:00:00Z")), 1, 1, 1, 1, 1, new DDSketchQuantiles(0.01).create());
        List<Change> changes = List.of(new Change(7, topic, b));
        UpdateFrames frames = new UpdateFrames(json);
        TextWebSocketFrame inFlight = frames.frame(UpdateFrames.head(json, "x"), 7, changes);
        frames.retire();
        frames.retire();
        assertThat(inFlight.refCnt()).as("the frame keeps its own reference").isEqualTo(1);
        assertThat(text(inFlight)).isEqualTo(json.writeValueAsString(new UpdateMessage("x", 7,
                List.of(BucketItem.of(b)))));
        frames.close();
    }

    @Test
    void everySubscriberOfATopicGetsTheSameItemsUnderItsOwnId() {
        String prompt = newPrompt();
        String run = openRun(prompt);
        Instant h = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        LiveClient first = connect();
        LiveClient second = connect();
        first.send(subscribe(ODD_ID, "prompt:" + prompt, "accuracy"));
        second.send(subscribe("plain", "prompt:" + prompt, "accuracy"));
        first.send(subscribe("all", "prompt:" + prompt, null));
        first.next("snapshot", ODD_ID, WAIT);
        first.next("snapshot", "all", WAIT);
        second.next("snapshot", "plain", WAIT);

        postEvents(run, List.of(event("a", h, Map.of("accuracy", 0.5, "latency", 120.0))));
        Map<String, Object> odd = first.next("update", ODD_ID, WAIT);
        Map<String, Object> plain = second.next("update", "plain", WAIT);
        Map<String, Object> all = first.next("update", "all", WAIT);
        assertThat(items(odd)).isEqualTo(items(plain)).hasSize(1);
        assertThat(count(item(odd, "accuracy", h))).isEqualTo(1);
        assertThat(seq(odd)).isEqualTo(seq(plain));
        assertThat(items(all)).extracting(i -> i.get("metric")).contains("accuracy", "latency");
    }

    /** The frame's text; releases it, as writing it would. */
    private static String text(TextWebSocketFrame frame) {
        try {
            return frame.text();
        } finally {
            frame.release();
        }
    }
}
