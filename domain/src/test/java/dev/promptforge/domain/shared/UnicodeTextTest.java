package dev.promptforge.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnicodeTextTest {
    @Test
    void acceptsTextWithPairedSurrogatesOnly() {
        for (String s : List.of("", "plain", "\uD83D\uDE00", "a\uD83D\uDE00b\uD83D\uDE00", "?x")) {
            assertThat(UnicodeText.wellFormed(s)).as(s).isTrue();
        }
        assertThat(UnicodeText.wellFormed(null)).isTrue();
    }

    @Test
    void refusesAnUnpairedSurrogateWhereverItIs() {
        for (String s : List.of("\uD800", "\uDC00", "\uD800x", "x\uD800", "\uDE00\uD83D", "\uD83D\uD83D\uDE00",
                "\uD83D\uDE00\uDE00")) {
            assertThat(UnicodeText.wellFormed(s)).as(s).isFalse();
        }
        assertThatThrownBy(() -> UnicodeText.require("a\uDC00", "versioning.invalid-reason", "reason"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.invalid-reason");
                    assertThat(e.errors()).extracting(InvalidInput.FieldError::field).containsExactly("reason");
                    assertThat(e.getMessage()).isEqualTo("reason is not valid Unicode text (it contains an unpaired surrogate)");
                });
    }

    @Test
    void longerThanCountsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00";
        assertThat(UnicodeText.longerThan(null, 0)).isFalse();
        assertThat(UnicodeText.longerThan("", 0)).isFalse();
        assertThat(UnicodeText.longerThan("abcd", 4)).isFalse();
        assertThat(UnicodeText.longerThan("abcde", 4)).isTrue();
        assertThat(UnicodeText.longerThan(emoji.repeat(4), 4)).as("8 units, 4 characters").isFalse();
        assertThat(UnicodeText.longerThan(emoji.repeat(4) + "x", 4)).isTrue();
        assertThat(UnicodeText.longerThan("\u00e9".repeat(4), 4)).as("one unit each").isFalse();
    }
}
