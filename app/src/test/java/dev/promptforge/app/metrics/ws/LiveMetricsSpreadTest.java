package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under a steady stream of changes, the updates of many subscriptions leave spread over the flush interval (each
 * subscription in its own slot), not all in one burst, and no subscription gets two updates closer than half the
 * interval. An interval of 800 ms: slots 50 ms apart, far more than the delivery jitter of a loaded machine.
 */
@MicronautTest
class LiveMetricsSpreadTest extends LiveTestSupport {
    private static final int SUBSCRIPTIONS = 8;
    private static final long INTERVAL_MS = 800;
    /** Delivery of one update may be late by this much and the next one not (scheduling on a loaded machine). */
    private static final long JITTER_MS = 150;

    @Inject
    LiveMetricsHub hub;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("promptforge.live.flush-interval", INTERVAL_MS + "ms");
    }

    @Test
    void updatesOfASteadyStreamLeaveSpreadOverTheIntervalAndNeverTooClose() {
        String run = openRun(newPrompt());
        Instant h = Instant.now().truncatedTo(ChronoUnit.HOURS);
        LiveClient client = connect();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            client.send(subscribe("s" + i, "run:" + run, "accuracy"));
            client.next("snapshot", "s" + i, WAIT);
        }

        long started = System.nanoTime();
        int posted = 0;
        while (System.nanoTime() - started < 4 * INTERVAL_MS * 1_000_000) {
            postEvents(run, List.of(accuracy("e" + posted, 1, h)));
            posted++;
            sleep(20);
        }
        int total = posted;
        List<List<Long>> arrivals = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            String id = "s" + i;
            List<Long> times = new ArrayList<>();
            Map<String, Object> u;
            do {
                u = client.next("update", id, Duration.ofMillis(2 * INTERVAL_MS + 5000));
                times.add(client.arrivedAt(u));
            } while (count(item(u, "accuracy", h)) < total);
            arrivals.add(times);
        }

        // the first update of each subscription after the stream has run for an interval and a half (steady: the
        // leading edge and the update after it are behind): spread over the interval, not in one look
        long steady = started + INTERVAL_MS * 3 / 2 * 1_000_000;
        List<Long> firstSteady = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            List<Long> times = arrivals.get(i);
            times.stream().filter(t -> t >= steady).findFirst().ifPresent(firstSteady::add);
            for (int k = 1; k < times.size(); k++) {
                assertThat(ms(times.get(k) - times.get(k - 1))).as("gap between updates %d and %d of s%d", k - 1, k,
                        i).isGreaterThan(ms(hub.slotGap()) - JITTER_MS);
            }
        }
        assertThat(firstSteady).as("every subscription got an update in the steady part").hasSize(SUBSCRIPTIONS);
        long spread = ms(firstSteady.stream().mapToLong(Long::longValue).max().orElseThrow()
                - firstSteady.stream().mapToLong(Long::longValue).min().orElseThrow());
        long slotMs = INTERVAL_MS / LiveMetricsHub.SLOTS;
        assertThat(spread).as("%d subscriptions in consecutive slots of %d ms", SUBSCRIPTIONS, slotMs)
                .isGreaterThan((SUBSCRIPTIONS - 1) * slotMs - JITTER_MS);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
