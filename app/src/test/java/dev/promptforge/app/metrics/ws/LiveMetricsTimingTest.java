package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When updates leave: at once for a subscription that has been quiet for the flush interval (leading edge); the next
 * one at the subscription's slot, at least half an interval later and at most an interval and a half. A long interval
 * (4 s, so the slots are 250 ms apart) makes the cases far apart on a loaded machine.
 */
@MicronautTest
class LiveMetricsTimingTest extends LiveTestSupport {
    private static final long AT_ONCE_MS = 400;
    /** Delivery of one update may be late by this much and the next one not (scheduling on a loaded machine). */
    private static final long JITTER_MS = 300;

    @Inject
    LiveMetricsHub hub;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("promptforge.live.flush-interval", "4s");
    }

    @Test
    void aQuietSubscriptionGetsAChangeAtOnceAndTheNextOneAtItsSlot() throws InterruptedException {
        String run = openRun(newPrompt());
        Instant h = Instant.now().truncatedTo(ChronoUnit.HOURS);
        LiveClient client = connect();
        client.send(subscribe("acc", "run:" + run, "accuracy"));
        client.next("snapshot", "acc", WAIT);
        long gapMs = hub.minGap() / 1_000_000;

        postEvents(run, List.of(accuracy("a", 1, h)));
        long posted = System.nanoTime();
        Map<String, Object> first = client.next("update", "acc", WAIT);
        long firstAt = System.nanoTime();
        assertThat(count(item(first, "accuracy", h))).isEqualTo(1);
        assertThat(ms(firstAt - posted)).as("first change, leading edge").isLessThan(AT_ONCE_MS);

        postEvents(run, List.of(accuracy("b", 1, h)));
        postEvents(run, List.of(accuracy("c", 1, h)));
        Map<String, Object> second = client.next("update", "acc", Duration.ofMillis(gapMs + 5000));
        long secondAt = System.nanoTime();
        assertThat(count(item(second, "accuracy", h))).as("both later changes in one update").isEqualTo(3);
        long intervalMs = 4000;
        assertThat(ms(secondAt - firstAt)).as("gap between updates").isGreaterThan(ms(hub.slotGap()) - JITTER_MS)
                .isLessThan(intervalMs * 3 / 2 + intervalMs / LiveMetricsHub.SLOTS + JITTER_MS);

        Thread.sleep(Math.max(0, gapMs + 100 - ms(System.nanoTime() - secondAt)));
        postEvents(run, List.of(accuracy("d", 1, h)));
        posted = System.nanoTime();
        Map<String, Object> third = client.next("update", "acc", WAIT);
        assertThat(count(item(third, "accuracy", h))).isEqualTo(4);
        assertThat(ms(System.nanoTime() - posted)).as("after a quiet gap, leading edge").isLessThan(AT_ONCE_MS);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
