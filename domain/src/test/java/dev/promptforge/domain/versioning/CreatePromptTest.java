package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.AUTHOR;
import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.LimitExceeded;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CreatePromptTest {
    private final VersioningFixture fx = VersioningFixture.inMemory().build();

    @Test
    void storesTheFirstVersionAsASnapshotAndPointsMainAtIt() {
        Commit c = fx.create("support/triage", "Classify {{ticket}}\n", "{\"model\":\"m\"}");

        assertThat(c.parents()).isEmpty();
        assertThat(c.committedAt()).isEqualTo(fx.clock.instant());
        assertThat(fx.head("support/triage", "main")).isEqualTo(c.id());
        StoredVersion stored = fx.versions.find(WS, name("support/triage"), c.id()).orElseThrow();
        assertThat(stored.kind()).isEqualTo(StorageKind.SNAPSHOT);
        assertThat(stored.payload()).isEqualTo("Classify {{ticket}}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(fx.read("support/triage", "main")).isEqualTo(new Version(c, "Classify {{ticket}}\n"));
        assertThat(fx.refs.history(WS, name("support/triage"), RefName.MAIN)).singleElement()
                .satisfies(m -> {
                    assertThat(m.from()).isNull();
                    assertThat(m.to()).isEqualTo(c.id());
                    assertThat(m.actor()).isEqualTo(AUTHOR);
                });
    }

    @Test
    void makesTheNewPromptFindableByItsContent() {
        fx.create("support/triage", "Classify the ticket by urgency");

        assertThat(fx.listPrompts.list(WS, "urgency", null, 10).items()).extracting(PromptSummary::name)
                .containsExactly(name("support/triage"));
    }

    @Test
    void rejectsADuplicateNameAndKeepsTheOriginal() {
        Commit first = fx.create("support/triage", "original\n");

        assertThatThrownBy(() -> fx.create("support/triage", "impostor\n"))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("versioning.prompt-exists"));
        assertThat(fx.graph("support/triage")).hasSize(1);
        assertThat(fx.head("support/triage", "main")).isEqualTo(first.id());
        assertThat(fx.text("support/triage", "main")).isEqualTo("original\n");
    }

    @Test
    void rejectsContentThatIsNotValidUnicode() {
        assertThatThrownBy(() -> fx.create("p", "broken \uDC00 text"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-content"));
        assertThat(fx.catalog.exists(WS, name("p"))).isFalse();
    }

    @Test
    void rejectsContentAndConfigurationOverTheLimits() {
        VersioningFixture small = VersioningFixture.inMemory().limits(new VersioningLimits(10, 5)).build();

        assertThatThrownBy(() -> small.create("p", "ééééé!"))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.content-too-large");
                    assertThat(e.actual()).isEqualTo(11);
                });
        assertThatThrownBy(() -> small.create("p", "ok", "{\"a\":1}"))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> assertThat(e.code()).isEqualTo("versioning.config-too-large"));
        assertThat(small.create("p", "éééé!", "{}").contentLength()).isEqualTo(9);
    }
}
