package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionCacheTest {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final PromptName P = new PromptName("p");
    private static final PromptName Q = new PromptName("q");

    /** A version of {@code prompt}; {@code tag} makes its commit distinct. */
    private static Version version(PromptName prompt, String tag, String text) {
        Commit c = Commit.create(prompt, List.of(), "a", "m " + tag, Instant.EPOCH, Content.of(text), null);
        return new Version(c, text);
    }

    private static Version version(String tag, String text) {
        return version(P, tag, text);
    }

    private static boolean has(VersionCache cache, Version v) {
        return cache.get(WS, v.commit().prompt(), v.commit().id()) != null;
    }

    @Test
    void returnsWhatWasPutAndForgetsTheLeastRecentlyUsedOverBudget() {
        VersionCache cache = new VersionCache(40);
        Version a = version("a", "0123456789");
        Version b = version("b", "0123456789");
        Version c = version("c", "0123456789");
        Version d = version("d", "0123456789");
        Version e = version("e", "0123456789");
        cache.put(WS, P, a);
        cache.put(WS, P, b);
        cache.put(WS, P, c);
        cache.get(WS, P, a.commit().id());
        cache.put(WS, P, d);
        cache.put(WS, P, e);

        assertThat(cache.get(WS, P, a.commit().id())).isEqualTo(a);
        assertThat(has(cache, b)).isFalse();
        assertThat(cache.get(WS, P, e.commit().id())).isEqualTo(e);
        assertThat(cache.versionsOf(WS, P)).containsOnlyKeys(a.commit().id(), c.commit().id(), d.commit().id(),
                e.commit().id());
    }

    @Test
    void skipsTextsLargerThanAQuarterOfTheBudget() {
        VersionCache cache = new VersionCache(40);
        Version big = version("big", "01234567890");
        cache.put(WS, P, big);
        cache.putCheckpoint(WS, P, big);

        assertThat(has(cache, big)).isFalse();
        assertThat(cache.accepts(10)).isTrue();
        assertThat(cache.accepts(11)).isFalse();
    }

    @Test
    void keepsNothingWithABudgetOfZero() {
        VersionCache cache = new VersionCache(0);
        Version x = version("x", "text");
        Version empty = version("empty", "");
        cache.put(WS, P, x);
        cache.putCheckpoint(WS, P, empty);

        assertThat(has(cache, x)).isFalse();
        assertThat(has(cache, empty)).as("a budget of 0 disables the cache").isFalse();
        assertThat(cache.accepts(0)).isFalse();
        assertThat(cache.versionsOf(WS, P)).isEmpty();
    }

    @Test
    void evictsResultsOfReadsBeforeCheckpointsWhileCheckpointsHoldAtMostHalfTheBudget() {
        VersionCache cache = new VersionCache(40);
        Version checkpoint = version("cp", "0123456789");
        cache.putCheckpoint(WS, P, checkpoint);
        List<Version> reads = List.of(version("r1", "0123456789"), version("r2", "0123456789"),
                version("r3", "0123456789"), version("r4", "0123456789"));
        reads.forEach(r -> cache.put(WS, P, r));

        assertThat(has(cache, checkpoint)).as("the oldest entry, but a checkpoint").isTrue();
        assertThat(has(cache, reads.get(0))).isFalse();
        assertThat(reads.subList(1, 4)).allMatch(r -> has(cache, r));
    }

    @Test
    void evictsTheOldestCheckpointOnceCheckpointsHoldMoreThanHalfTheBudget() {
        VersionCache cache = new VersionCache(40);
        Version read = version("r", "0123456789");
        cache.put(WS, P, read);
        List<Version> checkpoints = List.of(version("c1", "0123456789"), version("c2", "0123456789"),
                version("c3", "0123456789"), version("c4", "0123456789"));
        checkpoints.forEach(c -> cache.putCheckpoint(WS, P, c));

        assertThat(has(cache, read)).as("results keep at least half the budget").isTrue();
        assertThat(has(cache, checkpoints.get(0))).isFalse();
        assertThat(checkpoints.subList(1, 4)).allMatch(c -> has(cache, c));
    }

    @Test
    void listsTheCachedVersionsOfOnePromptFromBothSegments() {
        VersionCache cache = new VersionCache(1000);
        Version read = version("r", "read");
        Version checkpoint = version("c", "checkpoint");
        Version other = version(Q, "o", "other prompt");
        cache.put(WS, P, read);
        cache.putCheckpoint(WS, P, checkpoint);
        cache.put(WS, Q, other);

        assertThat(cache.versionsOf(WS, P)).containsOnlyKeys(read.commit().id(), checkpoint.commit().id());
        assertThat(cache.versionsOf(WS, Q)).containsOnlyKeys(other.commit().id());
        assertThat(cache.versionsOf(new WorkspaceId("elsewhere"), P)).isEmpty();
        assertThat(cache.get(WS, Q, read.commit().id())).as("keys include the prompt").isNull();
    }
}
