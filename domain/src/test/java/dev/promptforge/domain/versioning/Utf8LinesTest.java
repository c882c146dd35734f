package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8LinesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<Utf8Lines.Line> lines) {
        return lines.stream().map(Utf8Lines.Line::text).toList();
    }

    @Test
    void cutsWhereLinesCutsTheTextAndJoinsBackByteForByte() {
        List<String> texts = new ArrayList<>(RandomTexts.edgeCases());
        Random rnd = new Random(43);
        for (int i = 0; i < 500; i++) {
            texts.add(RandomTexts.text(rnd));
        }
        for (String text : texts) {
            List<Utf8Lines.Line> lines = Utf8Lines.split(utf8(text));
            assertThat(texts(lines)).as("%s", text).isEqualTo(Lines.split(text));
            assertThat(lines).allMatch(l -> Arrays.equals(l.utf8(), utf8(l.text())));
            assertThat(Utf8Lines.utf8(lines)).as("%s", text).isEqualTo(utf8(text));
            assertThat(Utf8Lines.text(lines)).as("%s", text).isEqualTo(text);
        }
    }

    @Test
    void keepsMultiByteCharactersAndCarriageReturnsWhole() {
        assertThat(texts(Utf8Lines.split(utf8("é\r\n😀 x\n\n")))).containsExactly("é\r", "😀 x", "", "");
        assertThat(texts(Utf8Lines.split(new byte[0]))).containsExactly("");
        assertThat(Utf8Lines.utf8(Utf8Lines.split(new byte[0]))).isEmpty();
        assertThat(Utf8Lines.text(Utf8Lines.split(utf8("a\n")))).isEqualTo("a\n");
    }

    @Test
    void keepsTheBytesOfInvalidUtf8AsTheyAre() {
        byte[] invalid = {(byte) 0xC3, '\n', (byte) 0xFF, (byte) 0xFE, '\n', 'x'};
        List<Utf8Lines.Line> lines = Utf8Lines.split(invalid);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).utf8()).containsExactly((byte) 0xFF, (byte) 0xFE);
        assertThat(lines.get(1).text()).isEqualTo("\uFFFD\uFFFD");
        assertThat(Utf8Lines.utf8(lines)).isEqualTo(invalid);
    }
}
