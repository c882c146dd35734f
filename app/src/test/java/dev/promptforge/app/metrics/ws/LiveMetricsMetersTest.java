package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The live channel's meters in {@code GET /metrics/prometheus}, moved by real WebSocket clients and REST posts. */
@MicronautTest
class LiveMetricsMetersTest extends LiveTestSupport {
    private static final String CONNECTIONS = "promptforge_live_connections";
    private static final String SUBSCRIPTIONS = "promptforge_live_subscriptions";
    private static final String UPDATES = "promptforge_live_updates_total";
    private static final String IDLE_CLOSES = "promptforge_live_closes_total{code=\"1001\"}";
    private static final String DELAYS = "promptforge_live_update_delay_seconds_count";
    private static final String DELAY_SUM = "promptforge_live_update_delay_seconds_sum";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("promptforge.live.ping-interval", "300ms", "promptforge.live.idle-timeout", "1s");
    }

    @Test
    void countConnectionsSubscriptionsAndTheUpdatesSent() {
        double connections = meter(CONNECTIONS);
        double subscriptions = meter(SUBSCRIPTIONS);
        double updates = meter(UPDATES);
        double delays = meter(DELAYS);
        double delaySum = meter(DELAY_SUM);
        String prompt = newPrompt();
        String run = openRun(prompt);
        LiveClient client = connect();
        eventually(() -> meter(CONNECTIONS), connections + 1);
        client.send(subscribe("r", "run:" + run, "accuracy"));
        client.send(subscribe("p", "prompt:" + prompt, "accuracy"));
        client.next("snapshot", "r", WAIT);
        client.next("snapshot", "p", WAIT);
        assertThat(meter(SUBSCRIPTIONS)).isEqualTo(subscriptions + 2);

        postEvents(run, List.of(accuracy("e1", 1.0, Instant.now().truncatedTo(ChronoUnit.SECONDS))));
        client.next("update", "r", WAIT);
        client.next("update", "p", WAIT);
        assertThat(meter(UPDATES)).isGreaterThanOrEqualTo(updates + 2);
        // one delay per update: from the commit to the update handed to the socket, under the interval here (a lone
        // change goes out on the leading edge; 5 s is room for a slow CI machine, not the expected value)
        assertThat(meter(DELAYS) - delays).isEqualTo(meter(UPDATES) - updates);
        assertThat(meter(DELAY_SUM) - delaySum).isGreaterThan(0).isLessThan(5.0 * (meter(DELAYS) - delays));

        client.send(Map.of("type", "unsubscribe", "id", "p"));
        client.next("unsubscribed", "p", WAIT);
        assertThat(meter(SUBSCRIPTIONS)).isEqualTo(subscriptions + 1);
        client.close();
        eventually(() -> meter(CONNECTIONS), connections);
        eventually(() -> meter(SUBSCRIPTIONS), subscriptions);
    }

    @Test
    void countTheConnectionsClosedByTheirCloseCode() throws InterruptedException {
        double idle = meterOrZero(IDLE_CLOSES);
        LiveClient client = connect();
        client.stopReading();
        Thread.sleep(2500);
        client.startReading();
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1001);

        assertThat(meter(IDLE_CLOSES)).isEqualTo(idle + 1);
    }

    /** Waits up to {@link #WAIT} for {@code value} to read {@code expected} (a socket's open and close are async). */
    private static void eventually(DoubleSupplier value, double expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double last = value.getAsDouble();
        while (last != expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = value.getAsDouble();
        }
        assertThat(last).isEqualTo(expected);
    }
}
