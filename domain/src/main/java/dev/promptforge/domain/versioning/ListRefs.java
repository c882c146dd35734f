package dev.promptforge.domain.versioning;

import java.util.List;

/** The branches or the labels of a prompt, by name; 404 for an unknown prompt. */
public final class ListRefs {
    private final PromptVersions store;

    public ListRefs(PromptVersions store) {
        this.store = store;
    }

    public List<Ref> list(RefsQuery q) {
        store.requirePrompt(q.workspace(), q.name());
        return store.refs().list(q.workspace(), q.name(), q.kind());
    }
}
