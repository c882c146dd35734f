package dev.promptforge.domain.versioning.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryVersionStoreTest extends VersionStoreContract {
    @Override
    protected VersionStore createStore() {
        return new InMemoryVersionStore();
    }

    @Override
    protected void createPrompt(WorkspaceId ws, PromptName name) {
        // the fake keeps versions per prompt without a catalog
    }

    @Test
    void tamperReplacesOnlyThePayloadOfTheNamedCommit() {
        InMemoryVersionStore memory = (InMemoryVersionStore) store;
        Commit a = commit(PROMPT, List.of(), "a", "aaa");
        Commit b = commit(PROMPT, List.of(a.id()), "b", "bbb");
        store.append(WS, snapshot(a, "aaa"));
        store.append(WS, snapshot(b, "bbb"));

        memory.tamper(a.id(), bytes -> {
            bytes[0] = 'X';
            return bytes;
        });

        assertThat(new String(store.find(WS, PROMPT, a.id()).orElseThrow().payload())).isEqualTo("Xaa");
        assertThat(new String(store.find(WS, PROMPT, b.id()).orElseThrow().payload())).isEqualTo("bbb");
        assertThat(store.graph(WS, PROMPT)).hasSize(2);
        assertThatThrownBy(() -> memory.tamper(new CommitId("0".repeat(64)), x -> x))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
