package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One update to more connections than the event loops write in one chunk ({@link LoopWriter}). */
@MicronautTest
class LiveMetricsFanOutTest extends LiveTestSupport {

    @Test
    void everyConnectionGetsTheUpdateAfterItsSnapshotAndNothingAfterItsUnsubscribedAnswer() {
        String run = openRun(newPrompt());
        // the server has a few event loops: spread over them, at least one still writes more than a chunk
        int n = 4 * LoopWriter.CHUNK;
        List<LiveClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LiveClient c = connect();
            c.send(subscribe("s", "run:" + run, "accuracy"));
            clients.add(c);
        }
        for (LiveClient c : clients) {
            assertThat(count(items(c.next("snapshot", "s", WAIT)))).isZero();
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        postEvents(run, List.of(accuracy("e1", 0.5, at), accuracy("e2", 1.0, at)));
        for (LiveClient c : clients) {
            assertThat(count(item(c.next("update", "s", WAIT), "accuracy", hour))).isEqualTo(2);
        }

        LiveClient leaving = clients.get(0);
        leaving.send(Map.of("type", "unsubscribe", "id", "s"));
        postEvents(run, List.of(accuracy("e3", 0.0, at)));
        for (LiveClient c : clients.subList(1, n)) {
            assertThat(count(item(c.next("update", "s", WAIT), "accuracy", hour))).isEqualTo(3);
        }
        List<Map<String, Object>> after = leaving.drain(Duration.ofSeconds(1));
        List<Object> types = after.stream().map(m -> m.get("type")).toList();
        assertThat(types).contains("unsubscribed");
        assertThat(types.subList(types.indexOf("unsubscribed"), types.size())).containsOnly("unsubscribed");
    }

    private static long count(List<Map<String, Object>> items) {
        return items.stream().mapToLong(LiveTestSupport::count).sum();
    }
}
