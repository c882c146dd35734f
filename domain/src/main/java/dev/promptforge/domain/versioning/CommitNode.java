package dev.promptforge.domain.versioning;

import java.util.List;

/** A commit in the graph of its prompt: its parents and its storage order ({@code seq} grows with each append). */
public record CommitNode(CommitId id, List<CommitId> parents, long seq) {
    public CommitNode {
        parents = List.copyOf(parents);
    }
}
