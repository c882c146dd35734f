package dev.promptforge.app.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8CheckTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void wellFormedTextPasses() {
        assertThat(Utf8Check.firstMalformed("plain ascii {\"a\":1}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8Check.firstMalformed("caf\u00e9 \u20ac \uD834\uDD1E \u05e9\u05dc\u05d5\u05dd"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(Utf8Check.firstMalformed(bytes(0xF4, 0x8F, 0xBF, 0xBF))).as("U+10FFFF").isEqualTo(-1);
        assertThat(Utf8Check.firstMalformed(bytes(0xEF, 0xBF, 0xBD))).as("U+FFFD").isEqualTo(-1);
        assertThat(Utf8Check.firstMalformed(new byte[0])).isEqualTo(-1);
    }

    @Test
    void overlongFormsSurrogatesAndOutOfRangeAreFoundWhereTheyStart() {
        assertThat(Utf8Check.firstMalformed(bytes('o', 'v', 0xC0, 0xAF, 'x'))).as("overlong '/'").isEqualTo(2);
        assertThat(Utf8Check.firstMalformed(bytes('a', 0xC0, 0x80, 'b'))).as("overlong NUL").isEqualTo(1);
        assertThat(Utf8Check.firstMalformed(bytes(0xC1, 0xBF))).isEqualTo(0);
        assertThat(Utf8Check.firstMalformed(bytes(0xE0, 0x80, 0xAF))).as("3-byte overlong '/'").isEqualTo(0);
        assertThat(Utf8Check.firstMalformed(bytes(0xE0, 0x9F, 0xBF))).isEqualTo(0);
        assertThat(Utf8Check.firstMalformed(bytes(0xF0, 0x80, 0x80, 0xAF))).as("4-byte overlong").isEqualTo(0);
        assertThat(Utf8Check.firstMalformed(bytes(0xF0, 0x8F, 0xBF, 0xBF))).isEqualTo(0);
        assertThat(Utf8Check.firstMalformed(bytes('x', 0xED, 0xA0, 0x80))).as("surrogate U+D800").isEqualTo(1);
        assertThat(Utf8Check.firstMalformed(bytes(0xF4, 0x90, 0x80, 0x80))).as("U+110000").isEqualTo(0);
        assertThat(Utf8Check.firstMalformed(bytes(0xF5, 0x80, 0x80, 0x80))).isEqualTo(0);
        assertThat(Utf8Check.firstMalformed(bytes('a', 'b', 0xFF))).isEqualTo(2);
        assertThat(Utf8Check.firstMalformed(bytes(0x80))).as("a lone continuation byte").isEqualTo(0);
        assertThat(Utf8Check.firstMalformed(bytes('a', 0xE2, 0x82))).as("cut short").isEqualTo(1);
        assertThat(Utf8Check.firstMalformed(bytes(0xE2, 0x28, 0xA1))).as("continuation missing").isEqualTo(0);
        assertThat(Utf8Check.problem(bytes('o', 'v', 0xC0, 0xAF)))
                .isEqualTo("the body is not valid UTF-8: byte 2 (0xC0) starts a malformed or overlong sequence; "
                        + "send the text encoded as UTF-8");
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(20261122);
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int malformed = 0;
        for (int round = 0; round < 200_000; round++) {
            // short arrays of mostly non-ASCII bytes (the sequences' edge cases), and longer mostly-ASCII ones (the
            // eight-bytes-at-a-time path and its ends)
            boolean longer = round % 2 == 1;
            byte[] b = new byte[longer ? 1 + random.nextInt(40) : 1 + random.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                boolean ascii = longer ? random.nextInt(16) != 0 : random.nextInt(4) == 0;
                b[i] = (byte) (ascii ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            boolean jdk;
            try {
                decoder.reset().decode(ByteBuffer.wrap(b));
                jdk = true;
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            boolean ours = Utf8Check.firstMalformed(b) < 0;
            assertThat(ours).as("%s", java.util.HexFormat.ofDelimiter(" ").formatHex(b)).isEqualTo(jdk);
            malformed += ours ? 0 : 1;
        }
        assertThat(malformed).as("both kinds were tried").isBetween(1_000, 199_000);
    }
}
