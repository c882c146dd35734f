package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest
class LiveMetricsBackpressureTest extends LiveTestSupport {
    private static final int HOURS = 40;
    private static final int METRICS = 10;

    @Inject
    LiveMetricsHub hub;

    @Override
    protected Map<String, String> extraProperties() {
        // a small socket send buffer and outstanding limit, so a client that stops reading is behind within a few
        // updates rather than after megabytes
        return Map.of("promptforge.live.max-outstanding-sends", "2",
                "promptforge.live.max-lag", "1s",
                "promptforge.live.close-grace", "60s",
                "micronaut.server.netty.child-options.so-sndbuf", "8192");
    }

    /** One event in each of {@value #HOURS} hours with {@value #METRICS} metrics, and one marker event now-ish. */
    private static List<Map<String, Object>> wideBatch(int n, Instant markerHour) {
        Instant base = markerHour.minus(2, ChronoUnit.HOURS);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int h = 0; h < HOURS; h++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int m = 0; m < METRICS; m++) {
                metrics.put("m" + m, (double) (n + h + m));
            }
            events.add(event("w" + n + "-" + h, base.minus(h, ChronoUnit.HOURS), metrics));
        }
        events.add(event("marker" + n, markerHour, Map.of("marker", 1.0)));
        return events;
    }

    @Test
    void aClientThatStopsReadingDelaysNeitherAnotherClientNorIngestionAndIsClosedWithAReason() {
        String prompt = newPrompt();
        String run = openRun(prompt);
        Instant h = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        int batch = 0;
        long quietMs = 0;
        for (; batch < 3; batch++) {
            long t0 = System.nanoTime();
            postEvents(run, wideBatch(batch, h));
            quietMs = Math.max(quietMs, (System.nanoTime() - t0) / 1_000_000);
        }

        LiveClient stalled = connect();
        stalled.send(subscribe("s", "prompt:" + prompt, null));
        stalled.next("snapshot", "s", WAIT);
        stalled.stopReading();
        LiveClient healthy = connect();
        healthy.send(subscribe("h", "prompt:" + prompt, null));
        healthy.next("snapshot", "h", WAIT);

        long worstPostMs = 0;
        long worstUpdateMs = 0;
        for (int i = 0; i < 12; i++, batch++) {
            long t0 = System.nanoTime();
            postEvents(run, wideBatch(batch, h));
            long posted = System.nanoTime();
            long expected = batch + 1;
            healthy.next(m -> markers(m, h) == expected, WAIT);
            worstPostMs = Math.max(worstPostMs, (posted - t0) / 1_000_000);
            worstUpdateMs = Math.max(worstUpdateMs, (System.nanoTime() - posted) / 1_000_000);
        }
        assertThat(worstUpdateMs).as("POST to update on the healthy client").isLessThan(1000);
        assertThat(worstPostMs).as("POST latency with a stalled subscriber, %d ms without", quietMs)
                .isLessThan(3 * quietMs + 500);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.connections().stream().noneMatch(c -> c.state() == LiveConnection.State.CLOSING)
                && System.nanoTime() < deadline) {
            sleep(100);
        }
        stalled.startReading();
        LiveClient.Close close = stalled.awaitClose(Duration.ofSeconds(20));
        assertThat(close.code()).isEqualTo(4008);
        assertThat(close.reason()).startsWith("too slow:").contains("reconnect and resume");

        postEvents(run, wideBatch(batch, h));
        long expected = batch + 1;
        healthy.next(m -> markers(m, h) == expected, WAIT);
        assertThat(healthy.isClosed()).isFalse();
    }

    @Test
    void aClientThatKeepsAskingButNeverReadsIsClosed() {
        String run = openRun(newPrompt());
        postEvents(run, wideBatch(0, Instant.now().truncatedTo(ChronoUnit.HOURS)));
        LiveClient greedy = connect();
        greedy.stopReading();
        for (int i = 0; i < 40 && !greedy.isClosed(); i++) {
            greedy.send(subscribe("s", "run:" + run, null));
            greedy.send(Map.of("type", "unsubscribe", "id", "s"));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.connections().stream().noneMatch(c -> c.state() == LiveConnection.State.CLOSING)
                && System.nanoTime() < deadline) {
            sleep(100);
        }
        greedy.startReading();
        LiveClient.Close close = greedy.awaitClose(Duration.ofSeconds(20));
        assertThat(close.code()).isEqualTo(4008);
        assertThat(close.reason()).startsWith("too slow:");
    }

    /** The marker count an update carries, or -1. */
    private static long markers(Map<String, Object> message, Instant hour) {
        Map<String, Object> marker = "update".equals(message.get("type")) ? item(message, "marker", hour) : null;
        return marker == null ? -1 : count(marker);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
