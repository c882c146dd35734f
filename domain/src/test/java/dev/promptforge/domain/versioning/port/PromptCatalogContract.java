package dev.promptforge.domain.versioning.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.PromptSummary;
import dev.promptforge.domain.versioning.RefKind;
import dev.promptforge.domain.versioning.RefName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PromptCatalog} must do: unique names, listing by name with a keyset cursor, and word search over
 * names and the indexed content. Summaries come from each prompt's {@code main}, so subclasses supply a catalog and
 * the {@link RefStore} over the same storage.
 */
public abstract class PromptCatalogContract {
    protected static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00.500Z");

    /** A catalog and the ref store that shares its storage. */
    public record Ports(PromptCatalog catalog, RefStore refs) {
    }

    protected PromptCatalog catalog;
    protected RefStore refs;

    protected abstract Ports createPorts();

    @BeforeEach
    public void setUpCatalog() {
        Ports ports = createPorts();
        catalog = ports.catalog();
        refs = ports.refs();
    }

    private CommitId prompt(String name, String content) {
        PromptName n = new PromptName(name);
        catalog.create(WS, n, AT);
        CommitId head = new CommitId(String.format("%064x", Math.abs((long) name.hashCode())));
        refs.compareAndSet(WS, n, RefName.MAIN, RefKind.BRANCH, null, head, true,
                new RefStore.Change("alice", "create prompt", AT));
        catalog.index(WS, n, content);
        return head;
    }

    private List<String> names(Page<PromptSummary> page) {
        return page.items().stream().map(s -> s.name().value()).toList();
    }

    private List<String> search(String query) {
        return names(catalog.list(WS, query, null, 50));
    }

    @Test
    public void createsAPromptThatThenExists() {
        PromptName name = new PromptName("support/triage");
        assertThat(catalog.exists(WS, name)).isFalse();

        catalog.create(WS, name, AT);

        assertThat(catalog.exists(WS, name)).isTrue();
        assertThat(catalog.exists(WS, new PromptName("support"))).isFalse();
        assertThat(catalog.all(WS)).containsExactly(name);
    }

    @Test
    public void rejectsADuplicateName() {
        catalog.create(WS, new PromptName("support/triage"), AT);

        assertThatThrownBy(() -> catalog.create(WS, new PromptName("support/triage"), AT.plusSeconds(1)))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("versioning.prompt-exists"));
        assertThat(catalog.all(WS)).hasSize(1);
    }

    @Test
    public void listsEveryPromptByNameAcrossPages() {
        List<String> names = List.of("zeta", "alpha/one", "beta", "alpha", "Émile", "alpha/two", "mid");
        for (String n : names) {
            prompt(n, "text of " + n);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<PromptSummary> page = catalog.list(WS, null, cursor, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(names(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly("alpha", "alpha/one", "alpha/two", "beta", "mid", "zeta", "Émile");
        assertThat(pages).isEqualTo(4);
        assertThat(catalog.all(WS)).extracting(PromptName::value).containsExactlyElementsOf(seen);
    }

    @Test
    public void summarisesAPromptByItsMainBranch() {
        CommitId head = prompt("support/triage", "x");
        CommitId next = new CommitId("e".repeat(64));
        Instant moved = AT.plusSeconds(60);
        refs.compareAndSet(WS, new PromptName("support/triage"), RefName.MAIN, RefKind.BRANCH, head, next, true,
                new RefStore.Change("bob", "commit", moved));

        assertThat(catalog.list(WS, null, null, 10).items())
                .containsExactly(new PromptSummary(new PromptName("support/triage"), next, moved));
        assertThat(catalog.list(WS, "triage", null, 10).items())
                .containsExactly(new PromptSummary(new PromptName("support/triage"), next, moved));
    }

    @Test
    public void findsAPromptByAWordOfItsContentInAnyCase() {
        prompt("support/triage", "Classify the customer ticket by urgency.\nAnswer in JSON.");
        prompt("sales/pitch", "Write a short pitch for the product.");

        assertThat(search("urgency")).containsExactly("support/triage");
        assertThat(search("URGENCY")).containsExactly("support/triage");
        assertThat(search("customer json")).containsExactly("support/triage");
        assertThat(search("urgency pitch")).isEmpty();
        assertThat(search("product")).containsExactly("sales/pitch");
        assertThat(search("nothing-like-this")).isEmpty();
    }

    @Test
    public void findsAPromptByThePrefixOfAWordOfItsName() {
        prompt("support/triage", "x");
        prompt("sales/pitch", "y");

        assertThat(search("tria")).containsExactly("support/triage");
        assertThat(search("supp")).containsExactly("support/triage");
        assertThat(search("sales/pitch")).containsExactly("sales/pitch");
        assertThat(search("riage")).isEmpty();
    }

    @Test
    public void searchesTheLatestIndexedContentOnly() {
        prompt("support/triage", "old wording");
        catalog.index(WS, new PromptName("support/triage"), "fresh phrasing");

        assertThat(search("wording")).isEmpty();
        assertThat(search("phrasing")).containsExactly("support/triage");
    }

    @Test
    public void findsNothingForAQueryWithoutWords() {
        prompt("support/triage", "x");

        assertThat(catalog.list(WS, "!!! ?", null, 10).items()).isEmpty();
        assertThat(catalog.list(WS, "!!! ?", null, 10).nextCursor()).isNull();
    }

    @Test
    public void pagesThroughSearchResults() {
        prompt("a", "shared word");
        prompt("b", "shared word");
        prompt("c", "shared word");
        prompt("d", "other");

        Page<PromptSummary> first = catalog.list(WS, "shared", null, 2);
        Page<PromptSummary> second = catalog.list(WS, "shared", first.nextCursor(), 2);

        assertThat(first.items()).hasSize(2);
        assertThat(first.nextCursor()).isNotNull();
        assertThat(second.nextCursor()).isNull();
        List<String> all = new ArrayList<>(names(first));
        all.addAll(names(second));
        assertThat(all).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    public void rejectsACursorItDidNotIssue() {
        prompt("a", "shared");
        prompt("b", "shared");
        String listing = catalog.list(WS, null, null, 1).nextCursor();
        String searching = catalog.list(WS, "shared", null, 1).nextCursor();

        assertThatThrownBy(() -> catalog.list(WS, null, "not a cursor!", 10))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-cursor"));
        assertThatThrownBy(() -> catalog.list(WS, "shared", listing, 10)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> catalog.list(WS, null, searching, 10)).isInstanceOf(InvalidInput.class);
    }
}
