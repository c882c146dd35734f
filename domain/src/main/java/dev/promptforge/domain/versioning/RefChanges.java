package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.versioning.port.RefStore;
import java.time.Clock;

/** What the branch and label use cases share: reading a command's expected commit, recording, outcomes. */
final class RefChanges {
    private RefChanges() {
    }

    /**
     * The commit {@code cmd} expects the ref at, which must be where it is ({@code current}, null when the ref does
     * not exist): an id (full, or at least 8 hex digits) that is not the ref's current commit is stale, whether or not
     * it names another commit, as for a commit's {@code expectedHead} (git's {@code --force-with-lease} says the
     * same): 409 {@code versioning.ref-stale} with where the ref is, which the client can reload and retry from. Until
     * 2026-11-22 an id naming no commit was a 404, which told the client nothing it could act on.
     */
    static CommitId expectedCommit(RefCommand cmd, CommitId current) {
        if (!CommitId.isPrefix(cmd.expected())) {
            throw InvalidInput.field("versioning.invalid-commit-id", "expected",
                    "expected must be a commit id (full, or at least 8 hex digits)");
        }
        if (current == null || !current.hex().startsWith(cmd.expected())) {
            throw new StaleRef(cmd.ref(), cmd.expected(), current);
        }
        return current;
    }

    /**
     * Refuses a new ref whose name is an existing ref's folder or lies inside one ({@code feat} beside
     * {@code feat/x}), with 409 {@code versioning.ref-name-conflict}. Git keeps refs as paths, so it cannot hold both:
     * an export of such a prompt lost the refs git could not lock. Branches and labels share one namespace here, so
     * the rule spans both.
     */
    static void requireNoFolderConflict(PromptVersions store, RefCommand cmd) {
        String name = cmd.ref().value();
        for (RefKind kind : RefKind.values()) {
            for (Ref existing : store.refs().list(cmd.workspace(), cmd.name(), kind)) {
                String other = existing.name().value();
                if (name.startsWith(other + "/") || other.startsWith(name + "/")) {
                    throw new Conflict("versioning.ref-name-conflict", "'" + name + "' cannot be created on '"
                            + cmd.name() + "' while its " + (kind == RefKind.BRANCH ? "branch" : "label") + " '"
                            + other + "' exists: a name cannot be both a ref and a folder of refs (as in git, whose "
                            + "exports would lose one of them); choose another name, or delete '" + other + "' first");
                }
            }
        }
    }

    /** Who moves the ref and why: the command's reason, or {@code what} when it gives none. */
    static RefStore.Change change(RefCommand cmd, String what, Clock clock) {
        return new RefStore.Change(cmd.actor(), cmd.reason() == null || cmd.reason().isBlank() ? what : cmd.reason(),
                clock.instant());
    }

    /** The update when it happened; a stale or rejected one as the exception the API answers with. */
    static RefUpdate requireApplied(RefCommand cmd, RefUpdate u) {
        if (u instanceof RefUpdate.Stale s) {
            throw new StaleRef(cmd.ref(), s.expected(), s.current());
        }
        if (u instanceof RefUpdate.Rejected r) {
            throw new Conflict("versioning.ref-rejected", r.reason());
        }
        return u;
    }
}
