package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.PromptName;

class InMemoryRefStoreTest extends RefStoreContract {
    @Override
    protected RefStore createStore() {
        return new InMemoryRefStore();
    }

    @Override
    protected void createPrompt(WorkspaceId ws, PromptName name) {
        // refs of the fake need no prompt row
    }
}
