package dev.promptforge.domain.versioning;

/** Diffs any two refs of a prompt. */
public final class DiffVersions {
    private final PromptVersions store;

    public DiffVersions(PromptVersions store) {
        this.store = store;
    }

    public VersionDiff diff(DiffQuery q) {
        Version from = store.read(q.workspace(), q.name(), store.resolve(q.workspace(), q.name(), q.from()));
        Version to = store.read(q.workspace(), q.name(), store.resolve(q.workspace(), q.name(), q.to()));
        var a = Lines.withTerminators(from.content());
        var b = Lines.withTerminators(to.content());
        EditScript script = store.differ().diff(a, b);
        TextDiff text = TextDiff.of(a, b, script.edits(), q.context());
        return new VersionDiff(from.commit(), to.commit(), text, from.commit().config(), to.commit().config(),
                script.shortest());
    }
}
