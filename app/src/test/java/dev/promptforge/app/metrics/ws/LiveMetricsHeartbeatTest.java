package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest
class LiveMetricsHeartbeatTest extends LiveTestSupport {
    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("promptforge.live.ping-interval", "300ms", "promptforge.live.idle-timeout", "1s");
    }

    @Test
    void aClientThatAnswersPingsStaysConnectedWithoutSendingAnything() throws InterruptedException {
        LiveClient client = connect();
        Thread.sleep(2500);
        assertThat(client.isClosed()).isFalse();
        assertThat(client.pings()).as("ping frames").isGreaterThanOrEqualTo(3);
        client.send(Map.of("type", "ping"));
        assertThat(client.next(WAIT)).containsEntry("type", "pong");
    }

    @Test
    void theServerWaitsForTheClientsCloseFrameBeforeClosingTheSocket() throws IOException {
        try (RawWebSocket ws = connectRaw()) {
            // this client answers no ping, so the server closes it as idle
            RawWebSocket.Frame close = ws.nextAnswer();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.code()).isEqualTo(1001);
            assertThat(ws.closedByServer(Duration.ofMillis(500)))
                    .as("RFC 6455 7.1.1: the socket stays open for the client's close frame").isFalse();
            ws.send(RawWebSocket.CLOSE, true, new byte[] {(byte) (1001 >> 8), (byte) 1001});
            // the server has sent its close already: it answers the client's with none (pings may still be queued)
            RawWebSocket.Frame after;
            try {
                after = ws.nextAnswer();
            } catch (java.io.EOFException e) {
                after = null;
            }
            assertThat(after).as("nothing but the end of the stream after the close handshake").isNull();
            assertThat(ws.closedByServer(WAIT)).as("closed once the client has answered").isTrue();
        }
    }

    @Test
    void aConnectionThatGoesQuietIsClosedAsIdle() throws InterruptedException {
        LiveClient client = connect();
        client.stopReading();
        Thread.sleep(2500);
        client.startReading();
        LiveClient.Close close = client.awaitClose(WAIT);
        assertThat(close.code()).as(close.reason()).isEqualTo(1001);
        assertThat(close.reason()).startsWith("idle");
    }
}
