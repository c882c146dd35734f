package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinesTest {
    private static List<String> samples() {
        List<String> texts = new ArrayList<>(RandomTexts.edgeCases());
        Random rnd = new Random(42);
        for (int i = 0; i < 500; i++) {
            texts.add(RandomTexts.text(rnd));
        }
        return texts;
    }

    @Test
    void splitsAndJoinsEveryTextBackByteForByte() {
        for (String text : samples()) {
            String back = Lines.join(Lines.split(text));
            assertThat(back.getBytes(StandardCharsets.UTF_8)).as("%s", text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void cutsOnlyAtLineFeedsAndKeepsCarriageReturns() {
        assertThat(Lines.split("a\r\nb\rc\n")).containsExactly("a\r", "b\rc", "");
        assertThat(Lines.split("")).containsExactly("");
        assertThat(Lines.split("\n\n")).containsExactly("", "", "");
        assertThat(Lines.split("no newline")).containsExactly("no newline");
    }

    @Test
    void keepsTerminatorsForDisplayAndConcatenatesBackToTheText() {
        assertThat(Lines.withTerminators("")).isEmpty();
        assertThat(Lines.withTerminators("a\nb")).containsExactly("a\n", "b");
        assertThat(Lines.withTerminators("a\r\n\n")).containsExactly("a\r\n", "\n");
        for (String text : samples()) {
            List<String> lines = Lines.withTerminators(text);
            assertThat(String.join("", lines)).isEqualTo(text);
            for (int i = 0; i < lines.size() - 1; i++) {
                assertThat(lines.get(i)).endsWith("\n");
            }
        }
    }
}
