package dev.promptforge.infra.versioning.diffutils;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.versioning.Edit;
import dev.promptforge.domain.versioning.EditScript;
import dev.promptforge.domain.versioning.port.Differ;
import dev.promptforge.domain.versioning.port.DifferContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiffUtilsDifferTest extends DifferContract {
    @Override
    protected Differ differ() {
        return new DiffUtilsDiffer();
    }

    private static List<String> lines(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void rewritingEveryLineIsOneShortestEditFoundWithinTheBudget() {
        // before the lines of one side were set aside, this took Myers 50,000 steps (77 s over HTTP); now not one
        DiffUtilsDiffer differ = new DiffUtilsDiffer(0, 0);
        EditScript script = differ.diff(lines("a", 40_000), lines("b", 40_000));
        assertThat(script.shortest()).isTrue();
        assertThat(script.edits()).containsExactly(new Edit(0, 40_000, 0, 40_000));
    }

    @Test
    void linesOfOneSideOnlyAreSetAsideAndTheScriptStaysShortest() {
        List<String> a = lines("a", 30_000);
        List<String> b = new ArrayList<>(a);
        for (int i = 0; i < b.size(); i += 10) {
            b.set(i, "changed " + i);
        }
        // 3,000 lines changed in place: 6,000 Myers steps on the raw lines, none once the changed ones are aside
        EditScript script = new DiffUtilsDiffer(0, 60_000).diff(a, b);
        assertThat(script.shortest()).isTrue();
        assertThat(script.edits()).hasSize(3_000).allSatisfy(e -> assertThat(e.oldCount() + e.newCount()).isEqualTo(2));
    }

    @Test
    void reorderedLinesPastTheBoundGiveOneEditBetweenTheCommonHeadAndTail() {
        // "head" and "l0" are the common head, "tail" the common tail
        List<String> a = new ArrayList<>(List.of("head"));
        List<String> b = new ArrayList<>(List.of("head"));
        for (int i = 0; i < 500; i++) {
            a.add("l" + i);
            b.add("l" + (i * 7) % 500);
        }
        a.add("tail");
        b.add("tail");
        EditScript bounded = new DiffUtilsDiffer(50, Long.MAX_VALUE).diff(a, b);
        assertThat(bounded.shortest()).isFalse();
        assertThat(bounded.edits()).containsExactly(new Edit(2, 501, 2, 501));
        EditScript byComparisons = new DiffUtilsDiffer(Integer.MAX_VALUE, 1_000).diff(a, b);
        assertThat(byComparisons.shortest()).isFalse();
        assertThat(byComparisons.edits()).containsExactly(new Edit(2, 501, 2, 501));
        assertThat(new DiffUtilsDiffer(Integer.MAX_VALUE, Long.MAX_VALUE).diff(a, b).shortest()).isTrue();
    }
}
