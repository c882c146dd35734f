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
    void utf8IsCheckedAcrossFragments() throws IOException {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = connectRaw()) {
            // a two-byte character split between two fragments is fine
            ws.send(RawWebSocket.TEXT, false, concat("{\"type\":\"ping\",\"x\":\"".getBytes(StandardCharsets.UTF_8),
                    new byte[] {e[0]}));
            ws.send(RawWebSocket.CONTINUATION, true, concat(new byte[] {e[1]}, "\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(ws.nextAnswer().text()).isEqualTo("{\"type\":\"pong\"}");

            // a bad byte in a later fragment is not
            ws.send(RawWebSocket.TEXT, false, "{\"type\":\"ping\",\"x\":\"".getBytes(StandardCharsets.UTF_8));
            ws.send(RawWebSocket.CONTINUATION, true, new byte[] {(byte) 0xFF, '"', '}'});
            RawWebSocket.Frame close = ws.nextAnswer();
            assertThat(close.code()).isEqualTo(1007);
            assertThat(ws.closedByServer(WAIT)).isTrue();
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
