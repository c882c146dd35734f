package dev.promptforge.domain.versioning.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.versioning.Edit;
import dev.promptforge.domain.versioning.RandomTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Differ} must do: its edits, applied to {@code a}, give {@code b}; they are sorted and do not
 * overlap; lines between them are really equal; and the script is a shortest one.
 */
public abstract class DifferContract {
    protected abstract Differ differ();

    /** Checks the edit script and returns the list it builds from {@code a}. */
    static List<String> apply(List<String> a, List<String> b, List<Edit> edits) {
        List<String> out = new ArrayList<>();
        int oldPos = 0;
        int newPos = 0;
        for (Edit e : edits) {
            assertThat(e.oldStart()).as("edits sorted and apart (old side) %s", edits).isGreaterThanOrEqualTo(oldPos);
            assertThat(e.newStart()).as("edits sorted and apart (new side) %s", edits).isGreaterThanOrEqualTo(newPos);
            assertThat(e.oldStart() - oldPos).as("unchanged run lengths agree").isEqualTo(e.newStart() - newPos);
            assertThat(e.oldEnd()).isLessThanOrEqualTo(a.size());
            assertThat(e.newEnd()).isLessThanOrEqualTo(b.size());
            out.addAll(a.subList(oldPos, e.oldStart()));
            out.addAll(b.subList(e.newStart(), e.newEnd()));
            oldPos = e.oldEnd();
            newPos = e.newEnd();
        }
        assertThat(a.size() - oldPos).as("unchanged tail lengths agree").isEqualTo(b.size() - newPos);
        out.addAll(a.subList(oldPos, a.size()));
        return out;
    }

    private static int lcs(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        return t[0][0];
    }

    private void check(List<String> a, List<String> b) {
        List<Edit> edits = differ().diff(a, b).edits();
        assertThat(apply(a, b, edits)).as("edits of %s -> %s", a, b).isEqualTo(b);
        int changed = edits.stream().mapToInt(e -> e.oldCount() + e.newCount()).sum();
        assertThat(changed).as("a shortest script for %s -> %s", a, b).isEqualTo(a.size() + b.size() - 2 * lcs(a, b));
    }

    @Test
    public void findsNoEditsBetweenEqualLists() {
        assertThat(differ().diff(List.of(), List.of()).edits()).isEmpty();
        assertThat(differ().diff(List.of("a", "b", "a"), List.of("a", "b", "a")).edits()).isEmpty();
    }

    @Test
    public void insertsEverythingIntoAnEmptyListAndDeletesEverythingFromOne() {
        assertThat(differ().diff(List.of(), List.of("a", "b")).edits()).containsExactly(new Edit(0, 0, 0, 2));
        assertThat(differ().diff(List.of("a", "b"), List.of()).edits()).containsExactly(new Edit(0, 2, 0, 0));
    }

    @Test
    public void replacesOneLineInTheMiddle() {
        assertThat(differ().diff(List.of("a", "b", "c"), List.of("a", "B", "c")).edits())
                .containsExactly(new Edit(1, 2, 1, 2));
    }

    @Test
    public void treatsLinesAsWholeStrings() {
        check(List.of("a\r", "a", "", "a "), List.of("a", "a\r", " a", ""));
    }

    @Test
    public void turnsAIntoBForManyRandomPairs() {
        Random rnd = new Random(20240501);
        for (int i = 0; i < 400; i++) {
            List<String> a = RandomTexts.lines(rnd, 30);
            List<String> b = rnd.nextInt(4) == 0 ? RandomTexts.lines(rnd, 30) : RandomTexts.mutate(rnd, a);
            check(a, b);
        }
    }
}
