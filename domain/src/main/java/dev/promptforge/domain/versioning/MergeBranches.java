package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.versioning.port.RefStore;
import java.time.Clock;
import java.util.List;

/**
 * Merges a ref into a branch: up to date when the source is already in the target, fast-forward when the target
 * has nothing of its own, otherwise a 3-way merge against the lowest common ancestor that commits with two
 * parents when clean and writes nothing (throwing {@link MergeConflict}) when not.
 */
public final class MergeBranches {
    private final PromptVersions store;
    private final Transactor tx;
    private final Clock clock;

    public MergeBranches(PromptVersions store, Transactor tx, Clock clock) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
    }

    public MergeOutcome merge(MergeCommand cmd) {
        // decided and merged before the write transaction, on the target head seen now; the transaction's
        // compare-and-swap from that head makes a move in between a stale-ref error, as a move before would be
        var ws = cmd.workspace();
        Ref target = store.branch(ws, cmd.name(), cmd.target());
        CommitId expected = store.resolve(ws, cmd.name(), cmd.expectedTargetHead());
        if (!target.target().equals(expected)) {
            throw new StaleRef(cmd.target(), expected, target.target());
        }
        CommitId source = store.resolve(ws, cmd.name(), cmd.source());
        CommitGraph graph = store.graph(ws, cmd.name());
        if (graph.isAncestor(source, target.target())) {
            return new MergeOutcome.UpToDate(target.target());
        }
        var now = clock.instant();
        if (graph.isAncestor(target.target(), source)) {
            String text = store.read(ws, cmd.name(), source).content();
            return tx.inTransaction(() -> {
                RefUpdate u = store.refs().compareAndSet(ws, cmd.name(), cmd.target(), RefKind.BRANCH,
                        target.target(), source, true, new RefStore.Change(cmd.author(),
                                "fast-forward merge of '" + cmd.source() + "'", now));
                if (u instanceof RefUpdate.Stale s) {
                    throw new StaleRef(cmd.target(), expected, s.current());
                }
                store.indexIfMain(ws, cmd.name(), cmd.target(), text);
                return new MergeOutcome.FastForward(source);
            });
        }
        CommitId baseId = graph.mergeBase(target.target(), source);
        Version base = baseId == null ? null : store.read(ws, cmd.name(), baseId);
        Version ours = store.read(ws, cmd.name(), target.target());
        Version theirs = store.read(ws, cmd.name(), source);
        String what = "merge of '" + cmd.source() + "' into '" + cmd.target() + "'";
        Merger.Prepared prepared = Merger.prepare(store, ws, cmd.name(), what, base, ours, theirs,
                List.of(target.target(), source), cmd.author(), cmd.message(), now);
        return tx.inTransaction(() -> new MergeOutcome.Merged(
                Merger.commit(store, ws, cmd.name(), target, what, prepared, cmd.author())));
    }
}
