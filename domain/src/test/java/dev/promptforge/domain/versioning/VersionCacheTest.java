package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionCacheTest {
    private static Version version(String text) {
        Commit c = Commit.create(new PromptName("p"), List.of(), "a", "m", Instant.EPOCH, Content.of(text), null);
        return new Version(c, text);
    }

    @Test
    void returnsWhatWasPutAndForgetsTheLeastRecentlyUsedOverBudget() {
        VersionCache cache = new VersionCache(40);
        Version ten = version("0123456789");
        cache.put("a", ten);
        cache.put("b", ten);
        cache.put("c", ten);
        cache.get("a");
        cache.put("d", ten);
        cache.put("e", ten);

        assertThat(cache.get("a")).isEqualTo(ten);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("e")).isEqualTo(ten);
    }

    @Test
    void skipsTextsLargerThanAQuarterOfTheBudget() {
        VersionCache cache = new VersionCache(40);
        cache.put("big", version("01234567890"));

        assertThat(cache.get("big")).isNull();
    }

    @Test
    void keepsNothingWithABudgetOfZero() {
        VersionCache cache = new VersionCache(0);
        cache.put("x", version("text"));
        cache.put("empty", version(""));

        assertThat(cache.get("x")).isNull();
        assertThat(cache.get("empty")).as("a budget of 0 disables the cache").isNull();
    }
}
