package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The log: commits reachable from a ref (through every parent of merges), newest first, paged. */
public final class ListCommits {
    private final PromptVersions store;

    public ListCommits(PromptVersions store) {
        this.store = store;
    }

    public Page<Commit> list(LogQuery q) {
        CommitId head = store.resolve(q.workspace(), q.name(), q.ref());
        long before = q.cursor() == null ? Long.MAX_VALUE : Long.parseLong(q.cursor());
        List<CommitNode> page = store.graph(q.workspace(), q.name()).history(head).stream()
                .filter(n -> n.seq() < before).limit(q.limit() + 1L).toList();
        boolean more = page.size() > q.limit();
        List<CommitNode> shown = more ? page.subList(0, q.limit()) : page;
        Map<CommitId, Commit> commits = store.versions().commits(q.workspace(), q.name(),
                shown.stream().map(CommitNode::id).toList());
        List<Commit> items = new ArrayList<>(shown.size());
        for (CommitNode n : shown) {
            items.add(commits.get(n.id()));
        }
        return new Page<>(items, more ? Long.toString(shown.get(shown.size() - 1).seq()) : null);
    }
}
