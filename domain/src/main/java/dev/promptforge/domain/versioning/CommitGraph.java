package dev.promptforge.domain.versioning;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The commit graph of one prompt, in memory, for ancestry questions. Immutable. */
public final class CommitGraph {
    private final Map<CommitId, CommitNode> nodes = new HashMap<>();

    public CommitGraph(List<CommitNode> nodes) {
        for (CommitNode n : nodes) {
            this.nodes.put(n.id(), n);
        }
    }

    /** {@code id} and every commit it descends from. */
    public Set<CommitId> ancestors(CommitId id) {
        Set<CommitId> seen = new HashSet<>();
        ArrayDeque<CommitId> todo = new ArrayDeque<>();
        todo.add(id);
        while (!todo.isEmpty()) {
            CommitId c = todo.poll();
            if (seen.add(c)) {
                CommitNode n = nodes.get(c);
                if (n != null) {
                    todo.addAll(n.parents());
                }
            }
        }
        return seen;
    }

    /** Whether {@code ancestor} is {@code descendant} or one of its ancestors. */
    public boolean isAncestor(CommitId ancestor, CommitId descendant) {
        return ancestors(descendant).contains(ancestor);
    }

    /**
     * A lowest common ancestor of {@code a} and {@code b}: the common ancestor stored last. A descendant is always
     * stored after its ancestors, so no other common ancestor descends from it. {@code null} if none.
     */
    public CommitId mergeBase(CommitId a, CommitId b) {
        Set<CommitId> ofA = ancestors(a);
        return ancestors(b).stream().filter(ofA::contains).map(nodes::get)
                .max(Comparator.comparingLong(CommitNode::seq)).map(CommitNode::id).orElse(null);
    }

    /** {@code head} and its ancestors, newest (last stored) first. */
    public List<CommitNode> history(CommitId head) {
        List<CommitNode> list = new ArrayList<>();
        for (CommitId id : ancestors(head)) {
            CommitNode n = nodes.get(id);
            if (n != null) {
                list.add(n);
            }
        }
        list.sort(Comparator.comparingLong(CommitNode::seq).reversed());
        return list;
    }
}
