package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;

/** Resolves a ref (branch, label, full or abbreviated commit id) of a prompt to the commit it names. */
public final class ResolveRef {
    private final PromptVersions store;

    public ResolveRef(PromptVersions store) {
        this.store = store;
    }

    public CommitId resolve(WorkspaceId ws, PromptName name, String ref) {
        return store.resolve(ws, name, ref == null || ref.isEmpty() ? RefName.MAIN.value() : ref);
    }
}
