package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import org.junit.jupiter.api.Test;

class DiffVersionsTest {
    private static final String P = "support/triage";
    private final VersioningFixture fx = VersioningFixture.inMemory().build();

    @Test
    void diffsTwoRefsAsAUnifiedDiffWithTheirConfigurations() {
        Commit from = fx.create(P, "greet\n{{name}}\nbye", "{\"t\":0}");
        fx.label(P, "production", "main");
        Commit to = fx.commit(P, "main", "greet\n{{name}}!\nbye\n", "{\"t\":1}", "punctuate");

        VersionDiff d = fx.diff.diff(new DiffQuery(WS, name(P), "production", "main", 3));

        assertThat(d.from()).isEqualTo(from);
        assertThat(d.to()).isEqualTo(to);
        assertThat(d.text().unified(P, P)).isEqualTo("--- a/support/triage\n+++ b/support/triage\n"
                + "@@ -1,3 +1,3 @@\n greet\n-{{name}}\n-bye\n\\ No newline at end of file\n+{{name}}!\n+bye\n");
        assertThat(d.configChanged()).isTrue();
        assertThat(d.fromConfig()).isEqualTo("{\"t\":0}");
        assertThat(d.toConfig()).isEqualTo("{\"t\":1}");
    }

    @Test
    void findsNothingBetweenARefAndItself() {
        Commit c = fx.create(P, "same\n");

        VersionDiff d = fx.diff.diff(new DiffQuery(WS, name(P), "main", c.id().hex().substring(0, 8), 0));

        assertThat(d.text().isEmpty()).isTrue();
        assertThat(d.configChanged()).isFalse();
    }

    @Test
    void rejectsAMissingRefOrABadContext() {
        assertThatThrownBy(() -> new DiffQuery(WS, name(P), "main", "", 3)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new DiffQuery(WS, name(P), "main", "main", -1)).isInstanceOf(InvalidInput.class);
    }
}
