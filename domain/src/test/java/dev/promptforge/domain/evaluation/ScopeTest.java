package dev.promptforge.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScopeTest {
    @Test
    void parsesEachKindWithAWellFormedId() {
        String run = RunId.next(Instant.parse("2026-01-01T00:00:00Z")).value();
        assertThat(Scope.parse("run:" + run)).isEqualTo(new Scope(Scope.Kind.RUN, run));
        assertThat(Scope.parse("commit:" + "ab".repeat(32)).key()).isEqualTo("commit:" + "ab".repeat(32));
        assertThat(Scope.parse("prompt:support/triage")).isEqualTo(new Scope(Scope.Kind.PROMPT, "support/triage"));
        assertThat(Scope.parse("experiment:exp-1/b").kind()).isEqualTo(Scope.Kind.EXPERIMENT);
    }

    @Test
    void rejectsMalformedIdsWithTheIdTypesCode() {
        assertCode("run:nope", "evaluation.invalid-run-id");
        assertCode("commit:abc", "versioning.invalid-commit-id");
        assertCode("commit:" + "g".repeat(64), "versioning.invalid-commit-id");
        assertCode("prompt:../etc", "versioning.invalid-name");
        assertCode("galaxy:1", "evaluation.invalid-scope");
        assertCode("run:", "evaluation.invalid-run-id");
        assertCode("nocolon", "evaluation.invalid-scope");
    }

    private static void assertCode(String scope, String code) {
        assertThatThrownBy(() -> Scope.parse(scope)).as(scope)
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
