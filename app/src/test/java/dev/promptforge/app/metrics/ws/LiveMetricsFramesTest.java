package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Frames a well-behaved client never sends, over a plain socket: bytes that are not UTF-8 in a text message, a
 * binary message, and JSON that a tree reader would half-read. The server fails the connection with the RFC 6455
 * code where the protocol says so, and answers in words where the frame is fine and only the JSON is wrong; the words
 * say whether a field is missing or what is wrong with it.
 */
@MicronautTest
class LiveMetricsFramesTest extends LiveTestSupport {
    private static final byte[] NOT_UTF8 = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', 'p', 'i', 'n', 'g', '"', ',',
        '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    @Test
    void aTextMessageThatIsNotUtf8ClosesTheConnectionWith1007() throws IOException {
        try (RawWebSocket ws = connectRaw()) {
            ws.send(RawWebSocket.TEXT, true, NOT_UTF8);
            RawWebSocket.Frame close = ws.nextAnswer();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.code()).isEqualTo(1007);
            assertThat(ws.closedByServer(WAIT)).isTrue();
        }
    }

    @Test
    void aCloseFromTheClientIsAnsweredWithACloseBeforeTheSocketCloses() throws IOException {
        try (RawWebSocket ws = connectRaw()) {
            ws.send(RawWebSocket.CLOSE, true, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}); // 1000 "bye"
            RawWebSocket.Frame close = ws.nextAnswer();
            assertThat(close.opcode()).as("RFC 6455 5.5.1: the close is answered").isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.code()).isEqualTo(1000);
            assertThat(ws.closedByServer(WAIT)).isTrue();
        }
    }

    @Test
    void utf8IsCheckedAcrossFragments() throws IOException {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = connectRaw()) {
            // a two-byte character split between two fragments is fine
            ws.send(RawWebSocket.TEXT, false, concat("{\"type\":\"unsubscribe\",\"id\":\""
                    .getBytes(StandardCharsets.UTF_8), new byte[] {e[0]}));
            ws.send(RawWebSocket.CONTINUATION, true, concat(new byte[] {e[1]}, "\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(ws.nextAnswer().text()).as("the id comes back whole").contains("\"id\":\"\u00e9\"")
                    .contains("live.unknown-subscription");

            // a bad byte in a later fragment is not
            ws.send(RawWebSocket.TEXT, false, "{\"type\":\"ping\",\"x\":\"".getBytes(StandardCharsets.UTF_8));
            ws.send(RawWebSocket.CONTINUATION, true, new byte[] {(byte) 0xFF, '"', '}'});
            RawWebSocket.Frame close = ws.nextAnswer();
            assertThat(close.code()).isEqualTo(1007);
            assertThat(ws.closedByServer(WAIT)).isTrue();
        }
    }

    @Test
    void aBadOpeningHandshakeIsAnsweredWithProblemJsonNotLeftHanging() throws IOException {
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
        String noKey = exchange("GET /ws/v1/metrics HTTP/1.1\r\nHost: x\r\n" + upgrade
                + "Sec-WebSocket-Version: 13\r\n\r\n");
        assertThat(noKey).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("\"code\":\"live.invalid-handshake\"").contains("Sec-WebSocket-Key is missing");
        String shortKey = exchange("GET /ws/v1/metrics HTTP/1.1\r\nHost: x\r\n" + upgrade
                + "Sec-WebSocket-Key: abc\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(shortKey).startsWith("HTTP/1.1 400").contains("base64 nonce of 16 bytes");
        String version = exchange("GET /ws/v1/metrics HTTP/1.1\r\nHost: x\r\n" + upgrade + key
                + "Sec-WebSocket-Version: 8\r\n\r\n");
        assertThat(version).startsWith("HTTP/1.1 426").containsIgnoringCase("sec-websocket-version: 13")
                .contains("\"code\":\"live.unsupported-version\"").contains("not '8'");
        String query = exchange("GET /ws/v1/metrics?x=%ZZ HTTP/1.1\r\nHost: x\r\n" + upgrade + key
                + "Sec-WebSocket-Version: 13\r\n\r\n");
        assertThat(query).startsWith("HTTP/1.1 400").contains("percent-encoding");
        String plain = exchange("GET /ws/v1/metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(plain).startsWith("HTTP/1.1 426").containsIgnoringCase("upgrade: websocket")
                .contains("\"code\":\"live.upgrade-required\"").doesNotContain("WebSocketSession");
        // a good handshake still upgrades, and other paths are untouched
        assertThat(exchange("GET /ws/v1/metrics HTTP/1.1\r\nHost: x\r\n" + upgrade + key
                + "Sec-WebSocket-Version: 13\r\n\r\n")).startsWith("HTTP/1.1 101");
        assertThat(exchange("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    /** Sends {@code request} on a new socket; what the server answers until it closes or goes quiet for a second. */
    private String exchange(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            long deadline = System.nanoTime() + WAIT.toNanos();
            try {
                int n;
                while ((n = socket.getInputStream().read(buffer)) > 0 && System.nanoTime() < deadline) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException quiet) {
                // an upgraded socket stays open
            }
            assertThat(answer.size()).as("an answer to %s", request.lines().findFirst().orElse("")).isPositive();
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBinaryMessageClosesTheConnectionWith1003() throws IOException {
        try (RawWebSocket ws = connectRaw()) {
            ws.send(RawWebSocket.BINARY, true, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            RawWebSocket.Frame close = ws.nextAnswer();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.code()).isEqualTo(1003);
            assertThat(close.reason()).contains("binary").contains("JSON text");
            assertThat(ws.closedByServer(WAIT)).isTrue();
        }
    }

    @Test
    void jsonWithTwoValuesOrAFieldGivenTwiceIsAnsweredWithAnError() throws IOException {
        String run = openRun(newPrompt());
        try (RawWebSocket ws = connectRaw()) {
            ws.sendText("{\"type\":\"ping\"} {\"type\":\"subscribe\",\"id\":\"a\",\"scope\":\"run:" + run + "\"}");
            Map<String, Object> twoValues = json.readValue(ws.nextAnswer().text(), Map.class);
            assertThat(twoValues).containsEntry("type", "error").containsEntry("code", "live.invalid-message");
            assertThat((String) twoValues.get("detail")).contains("more than one JSON value");

            ws.sendText("{\"type\":\"ping\",\"type\":\"subscribe\",\"id\":\"a\",\"scope\":\"run:" + run + "\"}");
            Map<String, Object> twice = json.readValue(ws.nextAnswer().text(), Map.class);
            assertThat(twice).containsEntry("type", "error").containsEntry("code", "live.invalid-message");
            assertThat((String) twice.get("detail")).contains("Duplicate field 'type'");

            ws.sendText("{\"type\":\"ping\"}");
            assertThat(ws.nextAnswer().text()).as("the connection stays usable").isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void errorsSayWhetherAFieldIsMissingOrWhatIsWrongWithIt() throws IOException {
        String resume = "{\"type\":\"resume\",\"id\":\"r\",\"scope\":\"prompt:p\"";
        try (RawWebSocket ws = connectRaw()) {
            assertThat(detail(ws, resume + "}")).isEqualTo(
                    "\"after\" is required: the last seq the client saw, a whole number >= 0");
            assertThat(detail(ws, resume + ",\"after\":-5}")).isEqualTo(
                    "\"after\" must be the last seq the client saw, a whole number >= 0, not -5");
            assertThat(detail(ws, resume + ",\"after\":\"12\"}")).endsWith(", not \"12\"");
            assertThat(detail(ws, "{\"type\":\"unsubscribe\",\"id\":\"" + "x".repeat(70) + "\"}"))
                    .startsWith("\"id\" must be the client's name for the subscription, 1-64 printable characters, not")
                    .endsWith("(70 characters)");
            assertThat(detail(ws, "{\"type\":\"unsubscribe\",\"id\":\"a\\u0007b\"}"))
                    .endsWith("(it holds a control character)");
            assertThat(detail(ws, "{\"type\":[1]}")).isEqualTo(
                    "\"type\" must be one of subscribe, resume, unsubscribe, ping or pong, not an array");
        }
    }

    private String detail(RawWebSocket ws, String message) throws IOException {
        ws.sendText(message);
        Map<String, Object> error = json.readValue(ws.nextAnswer().text(), Map.class);
        assertThat(error).as(message).containsEntry("type", "error").containsEntry("code", "live.invalid-message");
        return (String) error.get("detail");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
