package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.shared.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        return cache.entriesOf(WS, v.commit().prompt()).containsKey(v.commit().id());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Keeps {@code v} as a checkpoint none of whose lines are shared: charged its characters plus 2 per line. */
    private static boolean checkpoint(VersionCache cache, Version v) {
        return cache.putCheckpoint(WS, v.commit().prompt(), v.commit(), Utf8Lines.split(utf8(v.content())),
                v.content().length());
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
        assertThat(cache.entriesOf(WS, P)).containsOnlyKeys(a.commit().id(), c.commit().id(), d.commit().id(),
                e.commit().id());
    }

    @Test
    void skipsTextsLargerThanAQuarterOfTheBudget() {
        VersionCache cache = new VersionCache(40);
        Version big = version("big", "01234567890");
        cache.put(WS, P, big);

        assertThat(checkpoint(cache, big)).isFalse();
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

        assertThat(checkpoint(cache, empty)).isFalse();
        assertThat(has(cache, x)).isFalse();
        assertThat(has(cache, empty)).as("a budget of 0 disables the cache").isFalse();
        assertThat(cache.accepts(0)).isFalse();
        assertThat(cache.entriesOf(WS, P)).isEmpty();
    }

    @Test
    void evictsResultsOfReadsBeforeCheckpointsWhileCheckpointsHoldAtMostHalfTheBudget() {
        VersionCache cache = new VersionCache(48);
        Version checkpoint = version("cp", "0123456789");
        assertThat(checkpoint(cache, checkpoint)).as("charged 12 of 48").isTrue();
        List<Version> reads = List.of(version("r1", "0123456789"), version("r2", "0123456789"),
                version("r3", "0123456789"), version("r4", "0123456789"));
        reads.forEach(r -> cache.put(WS, P, r));

        assertThat(has(cache, checkpoint)).as("the oldest entry, but a checkpoint").isTrue();
        assertThat(has(cache, reads.get(0))).isFalse();
        assertThat(reads.subList(1, 4)).allMatch(r -> has(cache, r));
    }

    @Test
    void evictsTheOldestCheckpointOnceCheckpointsHoldMoreThanHalfTheBudget() {
        VersionCache cache = new VersionCache(48);
        Version read = version("r", "0123456789");
        cache.put(WS, P, read);
        List<Version> checkpoints = List.of(version("c1", "0123456789"), version("c2", "0123456789"),
                version("c3", "0123456789"), version("c4", "0123456789"));
        checkpoints.forEach(c -> checkpoint(cache, c));

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
        checkpoint(cache, checkpoint);
        cache.put(WS, Q, other);

        assertThat(cache.entriesOf(WS, P)).containsOnlyKeys(read.commit().id(), checkpoint.commit().id());
        assertThat(cache.entriesOf(WS, Q)).containsOnlyKeys(other.commit().id());
        assertThat(cache.entriesOf(new WorkspaceId("elsewhere"), P)).isEmpty();
        assertThat(cache.get(WS, P, checkpoint.commit().id())).as("get serves joined results only").isNull();
        assertThat(cache.get(WS, Q, read.commit().id())).as("keys include the prompt").isNull();
    }

    @Test
    void chargesACheckpointTwoCharactersPerLineAndItsUnsharedCharacters() {
        VersionCache cache = new VersionCache(1000);
        Version v = version("c", "a\nbb\nccc");
        List<Utf8Lines.Line> lines = Utf8Lines.split(utf8(v.content()));

        assertThat(cache.putCheckpoint(WS, P, v.commit(), lines, 7)).isTrue();
        VersionCache.Entry kept = cache.entriesOf(WS, P).get(v.commit().id());
        assertThat(kept.charge()).isEqualTo(3 * 2 + 7);
        assertThat(kept.lines()).extracting(Utf8Lines.Line::text).containsExactly("a", "bb", "ccc");
        assertThat(kept.lines().get(2)).as("the lines are shared").isSameAs(lines.get(2));
        assertThat(kept.joined()).isEqualTo("a\nbb\nccc");
        assertThat(cache.accepts(VersionCache.linesCharge(3, 7))).isTrue();
        assertThat(cache.putCheckpoint(WS, P, v.commit(), lines, 245)).as("3 * 2 + 245 > 1000 / 4").isFalse();
    }

    /** A read's result rebuilt from deltas, kept with its lines (none shared). */
    private static void putWithLines(VersionCache cache, Version v) {
        List<Utf8Lines.Line> lines = Utf8Lines.split(utf8(v.content()));
        cache.put(WS, v.commit().prompt(), v, lines, 2L * v.content().length());
    }

    @Test
    void anEvictedResultKeepsItsLinesAndAReadBringsItsTextBack() {
        VersionCache cache = new VersionCache(200);
        Version a = version("a", "0123456789\nabc");
        Version b = version("b", "9876543210\ncba");
        putWithLines(cache, a); // 14 + 2 * 2 + 2 * 14 = 46
        putWithLines(cache, b);
        List<Version> fillers = List.of(version("f1", "x".repeat(45)), version("f2", "y".repeat(45)),
                version("f3", "z".repeat(45)));
        fillers.forEach(f -> cache.put(WS, P, f));

        assertThat(cache.get(WS, P, a.commit().id())).as("its text went first").isNull();
        VersionCache.Entry kept = cache.entriesOf(WS, P).get(a.commit().id());
        assertThat(kept.text()).isNull();
        assertThat(kept.charge()).as("its lines' charge only").isEqualTo(46 - 14);
        assertThat(kept.joined()).isEqualTo(a.content());

        cache.put(WS, P, new Version(a.commit(), kept.joined()));
        assertThat(cache.get(WS, P, a.commit().id())).as("its text is back").isEqualTo(a);
        assertThat(cache.entriesOf(WS, P).get(a.commit().id()).lines()).as("with its lines").isSameAs(kept.lines());
    }

    @Test
    void dropsTheLinesOfTheOldestResultsWhenLinesHoldMoreThanHalfTheBudget() {
        VersionCache cache = new VersionCache(1000);
        List<Version> results = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Version r = version("r" + i, String.valueOf((char) ('a' + i)).repeat(60));
            results.add(r);
            putWithLines(cache, r); // 60 + 2 + 2 * 60 = 182, of which lines 122
        }
        Map<CommitId, VersionCache.Entry> kept = cache.entriesOf(WS, P);
        long total = kept.values().stream().mapToLong(VersionCache.Entry::charge).sum();

        assertThat(cache.get(WS, P, results.get(7).commit().id())).as("the newest keeps its text").isNotNull();
        assertThat(kept).as("the oldest is gone, lines and all").doesNotContainKey(results.get(0).commit().id());
        assertThat(kept.get(results.get(1).commit().id()).text()).as("an older one kept as lines").isNull();
        assertThat(total).isLessThanOrEqualTo(1000);
    }
}
