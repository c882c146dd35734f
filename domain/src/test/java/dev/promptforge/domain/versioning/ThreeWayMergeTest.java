package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.versioning.port.LcsDiffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {
    private static final LcsDiffer DIFFER = new LcsDiffer();
    private static final List<String> BASE = List.of("a", "b", "c", "d", "e", "f", "g");

    private static ThreeWayMerge.Result merge(List<String> base, List<String> ours, List<String> theirs) {
        return ThreeWayMerge.merge(base, ours, theirs, DIFFER.diff(base, ours).edits(),
                DIFFER.diff(base, theirs).edits());
    }

    @Test
    void combinesEditsOfDifferentRegions() {
        ThreeWayMerge.Result r = merge(BASE, List.of("a", "B", "c", "d", "e", "f", "g"),
                List.of("a", "b", "c", "d", "E", "f", "g", "h"));

        assertThat(r.clean()).isTrue();
        assertThat(r.lines()).containsExactly("a", "B", "c", "d", "E", "f", "g", "h");
    }

    @Test
    void combinesEditsSeparatedByOneUnchangedLine() {
        ThreeWayMerge.Result r = merge(List.of("a", "b", "c"), List.of("A", "b", "c"), List.of("a", "b", "C"));

        assertThat(r.lines()).containsExactly("A", "b", "C");
    }

    @Test
    void combinesEditsAtTheStartAndTheEndOfTheText() {
        ThreeWayMerge.Result r = merge(BASE, List.of("start", "a", "b", "c", "d", "e", "f", "g"),
                List.of("a", "b", "c", "d", "e", "f"));

        assertThat(r.lines()).containsExactly("start", "a", "b", "c", "d", "e", "f");
    }

    @Test
    void takesTheSameChangeMadeOnBothSidesOnce() {
        List<String> both = List.of("a", "b", "C", "inserted", "d", "e", "f", "g");
        ThreeWayMerge.Result r = merge(BASE, both, both);

        assertThat(r.clean()).isTrue();
        assertThat(r.lines()).isEqualTo(both);
    }

    @Test
    void reportsDifferentEditsOfTheSameLineAsAConflict() {
        ThreeWayMerge.Result r = merge(BASE, List.of("a", "b", "ours", "d", "e", "f", "g"),
                List.of("a", "b", "theirs", "d", "e", "f", "g"));

        assertThat(r.clean()).isFalse();
        assertThat(r.lines()).isNull();
        assertThat(r.conflicts()).containsExactly(new ConflictHunk(3, List.of("c"), List.of("ours"), List.of("theirs")));
    }

    @Test
    void reportsDifferentInsertionsAtTheSamePointAsAConflict() {
        ThreeWayMerge.Result r = merge(List.of("a", "b", "c"), List.of("a", "X", "b", "c"), List.of("a", "Y", "b", "c"));

        assertThat(r.conflicts()).containsExactly(new ConflictHunk(2, List.of(), List.of("X"), List.of("Y")));
    }

    @Test
    void reportsADeletedRegionThatTheOtherSideEditedAsAConflict() {
        ThreeWayMerge.Result r = merge(List.of("a", "b", "c", "d", "e"), List.of("a", "e"),
                List.of("a", "b", "C", "d", "e"));

        assertThat(r.conflicts()).containsExactly(
                new ConflictHunk(2, List.of("b", "c", "d"), List.of(), List.of("b", "C", "d")));
    }

    @Test
    void reportsEditsOfAdjacentLinesAsAConflictAsGitDoes() {
        ThreeWayMerge.Result r = merge(List.of("a", "b", "c", "d"), List.of("a", "B", "c", "d"),
                List.of("a", "b", "C", "d"));

        assertThat(r.conflicts()).containsExactly(
                new ConflictHunk(2, List.of("b", "c"), List.of("B", "c"), List.of("b", "C")));
    }

    @Test
    void keepsCleanRegionsOutOfTheConflictReport() {
        ThreeWayMerge.Result r = merge(BASE, List.of("A", "b", "ours", "d", "e", "f", "g"),
                List.of("a", "b", "theirs", "d", "e", "f", "G"));

        assertThat(r.conflicts()).containsExactly(new ConflictHunk(3, List.of("c"), List.of("ours"), List.of("theirs")));
    }

    @Test
    void mergesIntoAnEmptyBase() {
        assertThat(merge(List.of(), List.of("x"), List.of()).lines()).containsExactly("x");
        assertThat(merge(List.of(), List.of("x"), List.of("x")).lines()).containsExactly("x");
        assertThat(merge(List.of(), List.of("x"), List.of("y")).conflicts())
                .containsExactly(new ConflictHunk(1, List.of(), List.of("x"), List.of("y")));
        List<String> empty = Lines.split("");
        assertThat(merge(empty, Lines.split("x\n"), empty).lines()).isEqualTo(Lines.split("x\n"));
        assertThat(merge(empty, Lines.split("x\n"), Lines.split("y\n")).clean()).isFalse();
    }

    @Test
    void agreesWithTheOnlySideThatChangedForRandomTexts() {
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            List<String> base = RandomTexts.lines(rnd, 25);
            List<String> changed = RandomTexts.mutate(rnd, base);

            assertThat(merge(base, changed, base).lines()).isEqualTo(changed);
            assertThat(merge(base, base, changed).lines()).isEqualTo(changed);
            assertThat(merge(base, changed, changed).lines()).isEqualTo(changed);
        }
    }

    @Test
    void combinesRandomEditsOfTwoFarApartHalves() {
        Random rnd = new Random(12);
        for (int i = 0; i < 200; i++) {
            List<String> head = RandomTexts.lines(rnd, 10);
            List<String> tail = RandomTexts.lines(rnd, 10);
            List<String> fence = List.of("=fence 1=", "=fence 2=");
            List<String> base = concat(head, fence, tail);
            List<String> newHead = RandomTexts.mutate(rnd, head);
            List<String> newTail = RandomTexts.mutate(rnd, tail);

            ThreeWayMerge.Result r = merge(base, concat(newHead, fence, tail), concat(head, fence, newTail));

            assertThat(r.lines()).as("base %s", base).isEqualTo(concat(newHead, fence, newTail));
        }
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }
}
