package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.WorkspaceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the whole store (or one prompt), like {@code git fsck}: rebuilds every version, checks content hash and
 * commit id, and checks that every branch and label points at a stored commit.
 */
public final class VerifyRepository {
    private final PromptVersions store;

    public VerifyRepository(PromptVersions store) {
        this.store = store;
    }

    /** @param only a single prompt, or {@code null} for the whole workspace */
    public VerifyReport verify(WorkspaceId ws, PromptName only) {
        List<PromptName> prompts;
        if (only != null) {
            store.requirePrompt(ws, only);
            prompts = List.of(only);
        } else {
            prompts = store.catalog().all(ws);
        }
        long[] checked = {0};
        List<VerifyReport.Problem> bad = new ArrayList<>();
        List<VerifyReport.Problem> unreadable = new ArrayList<>();
        for (PromptName name : prompts) {
            HistoryReplay.replay(store.versions(), ws, name, step -> {
                checked[0]++;
                if (!step.ok()) {
                    (step.through() == null ? bad : unreadable)
                            .add(new VerifyReport.Problem(name, step.id().hex(), step.problem()));
                }
            });
            Set<CommitId> ids = store.versions().graph(ws, name).stream().map(CommitNode::id).collect(Collectors.toSet());
            for (RefKind kind : RefKind.values()) {
                for (Ref ref : store.refs().list(ws, name, kind)) {
                    if (!ids.contains(ref.target())) {
                        bad.add(new VerifyReport.Problem(name, ref.target().hex(), kind.wireName() + " '" + ref.name()
                                + "' points at a commit that is not stored"));
                    }
                }
            }
        }
        return new VerifyReport(checked[0], bad, unreadable);
    }
}
