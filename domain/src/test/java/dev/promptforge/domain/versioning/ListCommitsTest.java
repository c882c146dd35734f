package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListCommitsTest {
    private static final String P = "support/triage";
    private final VersioningFixture fx = VersioningFixture.inMemory().build();

    private List<Commit> all(String ref, int limit) {
        List<Commit> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Commit> page = fx.log.list(new LogQuery(WS, name(P), ref, cursor, limit));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            seen.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && ++pages < 100);
        return seen;
    }

    @Test
    void pagesThroughBothParentsOfAMergeNewestFirstWithoutDuplicates() {
        Commit c0 = fx.create(P, "a\nb\nc\nd\ne\n");
        Commit c1 = fx.commit(P, "main", "A\nb\nc\nd\ne\n");
        fx.branch(P, "feature", "main");
        Commit f1 = fx.commit(P, "feature", "A\nb\nc\nd\nE\n");
        Commit c2 = fx.commit(P, "main", "A\nB\nc\nd\ne\n");
        Commit f2 = fx.commit(P, "feature", "A\nb\nc\nd\nE\nF\n");
        Commit merge = ((MergeOutcome.Merged) fx.merge(P, "feature", "main")).commit();
        Commit c3 = fx.commit(P, "main", "A\nB\nC\nd\nE\nF\n");
        fx.commit(P, "feature", "unrelated\n");

        List<Commit> expected = List.of(c3, merge, f2, c2, f1, c1, c0);
        for (int limit : List.of(1, 2, 3, 7, 50)) {
            assertThat(all("main", limit)).as("limit %d", limit).containsExactlyElementsOf(expected);
        }
        assertThat(all(f2.id().hex(), 2)).containsExactly(f2, f1, c1, c0);
    }

    @Test
    void endsWithoutACursorWhenTheLastPageIsFull() {
        fx.create(P, "1");
        fx.commit(P, "main", "2");

        Page<Commit> page = fx.log.list(new LogQuery(WS, name(P), "main", null, 2));

        assertThat(page.items()).hasSize(2);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void rejectsBadLimitsAndCursors() {
        assertThatThrownBy(() -> new LogQuery(WS, name(P), "main", null, 0)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new LogQuery(WS, name(P), "main", null, 501)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new LogQuery(WS, name(P), "main", "-1", 5))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-cursor"));
    }
}
