package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.IntegrityViolation;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.LimitExceeded;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.port.Differ;
import dev.promptforge.domain.versioning.port.PromptCatalog;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.domain.versioning.port.VersionStore;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versioned store of prompts as the use cases see it: resolves refs, rebuilds versions from their delta
 * chains and verifies both hashes on every read, and stores new versions as a delta or a snapshot as the
 * {@link SnapshotPolicy} decides. Thread-safe (state lives in the ports; the cache is synchronised).
 */
public final class PromptVersions {
    private final VersionStore versions;
    private final RefStore refs;
    private final PromptCatalog catalog;
    private final Differ differ;
    private final SnapshotPolicy policy;
    private final VersioningLimits limits;
    private final VersionCache cache;

    /**
     * Chain lengths at which rebuilt versions are kept as checkpoints (see {@link #read}): a cold read of PROMPTS.md's
     * 359-delta chain keeps 23 of them, and a warm read applies at most 15 deltas. Applying deltas is the cheap part
     * of a rebuild (bench/RESULTS.md before checkpoints: 177 deltas, split and join of PROMPTS.md in 0.45 ms p50,
     * i.e. at most ~2.5 us a delta); hashing and joining the 400 KB text cost the same whatever the interval, and
     * so does checking each checkpoint on the way, which a shorter interval would multiply on a cold read.
     */
    public static final int CHECKPOINT_INTERVAL = 16;

    public PromptVersions(VersionStore versions, RefStore refs, PromptCatalog catalog, Differ differ,
            SnapshotPolicy policy, VersioningLimits limits, VersionCache cache) {
        this.versions = versions;
        this.refs = refs;
        this.catalog = catalog;
        this.differ = differ;
        this.policy = policy;
        this.limits = limits;
        this.cache = cache;
    }

    VersionStore versions() {
        return versions;
    }

    RefStore refs() {
        return refs;
    }

    PromptCatalog catalog() {
        return catalog;
    }

    Differ differ() {
        return differ;
    }

    void requirePrompt(WorkspaceId ws, PromptName name) {
        if (!catalog.exists(ws, name)) {
            throw new NotFound("versioning.prompt-not-found", "no prompt named '" + name + "'");
        }
    }

    /**
     * The commit a ref names. Something that reads as a commit id (8 to 64 lowercase hex digits) names the commit
     * it matches, so a client pinned to an id never gets another text; only when no commit matches is it looked up
     * as a branch or label (new refs cannot have such names, see {@link RefName#requireNewName}, but older databases
     * may hold some). Anything else is a branch or label name.
     */
    CommitId resolve(WorkspaceId ws, PromptName name, String ref) {
        if (ref == null || ref.isEmpty()) {
            throw InvalidInput.field("versioning.invalid-ref", "ref", "a ref (branch, label or commit id) is required");
        }
        if (CommitId.isPrefix(ref)) {
            List<CommitId> matches = ref.length() == 64
                    ? versions.commit(ws, name, new CommitId(ref)).map(c -> List.of(c.id())).orElse(List.of())
                    : versions.findByPrefix(ws, name, ref, 2);
            if (matches.size() > 1) {
                throw InvalidInput.field("versioning.ambiguous-ref", "ref", "the commit prefix '" + ref
                        + "' matches more than one commit of '" + name + "'; give more digits");
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
        }
        if (RefName.isValid(ref)) {
            Optional<Ref> found = refs.find(ws, name, new RefName(ref));
            if (found.isPresent()) {
                return found.get().target();
            }
        } else if (!CommitId.isPrefix(ref)) {
            throw InvalidInput.field("versioning.invalid-ref", "ref", "'" + ref
                    + "' is neither a branch or label name nor a commit id (at least 8 hex digits)");
        }
        requirePrompt(ws, name);
        throw new NotFound("versioning.ref-not-found", "'" + name + "' has no branch, label or commit '" + ref + "'");
    }

    /**
     * The version a branch or label names when both the ref and the verified text are already in memory, without
     * any I/O; empty means "use {@link #resolve} and {@link #read}". Nothing that reads as a commit id is handled
     * here: the commit it may name takes precedence, and only {@link #resolve} knows whether one exists.
     */
    Optional<Version> cached(WorkspaceId ws, PromptName name, String ref) {
        if (ref == null || !RefName.isValid(ref) || CommitId.isPrefix(ref)) {
            return Optional.empty();
        }
        return refs.findCached(ws, name, new RefName(ref))
                .map(r -> cache.get(ws, name, r.target()));
    }

    /** A branch's head; 404 when there is no such branch (a label of that name is not a branch). */
    Ref branch(WorkspaceId ws, PromptName name, RefName branch) {
        Ref ref = refs.find(ws, name, branch).orElseThrow(() -> {
            requirePrompt(ws, name);
            return new NotFound("versioning.branch-not-found", "'" + name + "' has no branch '" + branch + "'");
        });
        if (ref.kind() != RefKind.BRANCH) {
            throw InvalidInput.field("versioning.not-a-branch", "branch", "'" + branch + "' is a label, not a branch");
        }
        return ref;
    }

    Commit commit(WorkspaceId ws, PromptName name, CommitId id) {
        return versions.commit(ws, name, id).orElseThrow(() -> new NotFound("versioning.commit-not-found",
                "'" + name + "' has no commit " + id.abbreviated()));
    }

    /**
     * Rebuilds a version and checks its content hash and commit id; never returns wrong text. A version cached with
     * its text is returned as it is, one cached as lines is joined; any other read rebuilds from the nearest cached
     * ancestor (verified) or else the nearest snapshot, and on its way keeps the lines of every version whose chain
     * length is a multiple of {@link #CHECKPOINT_INTERVAL} as a checkpoint (once it has passed both checks itself),
     * so after warm-up a read applies fewer than that many deltas, however long the chain.
     */
    Version read(WorkspaceId ws, PromptName name, CommitId id) {
        Version cached = cache.get(ws, name, id);
        if (cached != null) {
            return cached;
        }
        Map<CommitId, VersionCache.Entry> known = cache.entriesOf(ws, name);
        VersionCache.Entry asLines = known.get(id);
        if (asLines != null) {
            // verified when it was kept; its lines joined again (a third of a rebuild), and its text kept
            Version version = new Version(asLines.commit(), asLines.joined());
            cache.put(ws, name, version);
            return version;
        }
        List<StoredVersion> chain = versions.chain(ws, name, id, known.keySet());
        if (chain.isEmpty()) {
            throw new NotFound("versioning.commit-not-found", "'" + name + "' has no commit " + id.abbreviated());
        }
        StoredVersion target = chain.get(chain.size() - 1);
        VersionCache.Entry base = base(ws, name, chain.get(0), known);
        if (base == null && chain.size() == 1) {
            String text = decode(target);
            if (!matches(target.commit(), target.payload())) {
                throw damaged(target.commit().id(), "the rebuilt text does not match the content hash");
            }
            Version version = new Version(checkedId(target), text);
            cache.put(ws, name, version);
            return version;
        }
        Rebuilt rebuilt = rebuild(ws, name, chain, base);
        if (!matches(target.commit(), Utf8Lines.utf8(rebuilt.lines()))) {
            throw locate(chain, base == null ? null : base.editableLines());
        }
        // the bytes hash as the text committed, which was well-formed, so each line's characters are its bytes
        Version version = new Version(checkedId(target), Utf8Lines.text(rebuilt.lines()));
        cache.put(ws, name, version, rebuilt.lines(), rebuilt.unshared());
        return version;
    }

    private static Commit checkedId(StoredVersion target) {
        if (!target.commit().idMatches()) {
            throw damaged(target.commit().id(), "the stored fields do not hash to the commit id");
        }
        return target.commit();
    }

    /** A rebuilt version's lines, and what of them is not shared with a cached entry (see {@link VersionCache}). */
    private record Rebuilt(ArrayList<Utf8Lines.Line> lines, long unshared) {
    }

    /** The verified version the chain's first delta applies to; {@code null} when the chain starts at its snapshot. */
    private VersionCache.Entry base(WorkspaceId ws, PromptName name, StoredVersion first,
            Map<CommitId, VersionCache.Entry> known) {
        if (first.kind() == StorageKind.SNAPSHOT) {
            return null;
        }
        VersionCache.Entry base = known.get(first.base());
        if (base == null) {
            throw damaged(first.commit().id(), "it is stored as a delta on " + first.base().abbreviated()
                    + ", which is missing");
        }
        cache.touch(ws, name, base.commit().id());
        return base;
    }

    /**
     * The lines of the chain's last version: its deltas applied to {@code base}, or to its snapshot's text. Keeps
     * checkpoints on the way, each sharing the line strings of the one before it.
     */
    private Rebuilt rebuild(WorkspaceId ws, PromptName name, List<StoredVersion> chain, VersionCache.Entry base) {
        List<StoredVersion> deltas = chain;
        ArrayList<Utf8Lines.Line> lines;
        long unshared;
        if (base == null) {
            StoredVersion snapshot = chain.get(0);
            deltas = chain.subList(1, chain.size());
            lines = Utf8Lines.split(snapshot.payload());
            unshared = 2L * snapshot.payload().length + (long) VersionCache.CHARS_PER_NEW_LINE * lines.size();
            if (isCheckpoint(snapshot, lines, unshared) && matches(snapshot.commit(), snapshot.payload())
                    && keepCheckpoint(ws, name, snapshot, lines, unshared)) {
                unshared = 0;
            }
        } else {
            lines = base.editableLines();
            unshared = base.unsharedChars(lines);
        }
        int last = deltas.size() - 1;
        for (int i = 0; i <= last; i++) {
            StoredVersion v = deltas.get(i);
            try {
                int added = LineDelta.apply(lines, v.payload());
                // the payload's length bounds the added lines' length (it holds them, and the removed ones)
                unshared += 2L * v.payload().length + (long) VersionCache.CHARS_PER_NEW_LINE * added;
            } catch (LineDelta.Corrupt e) {
                throw damaged(v.commit().id(), "its delta does not apply (" + e.getMessage() + ")");
            }
            if (i < last && isCheckpoint(v, lines, unshared) && matches(v.commit(), Utf8Lines.utf8(lines))
                    && keepCheckpoint(ws, name, v, lines, unshared)) {
                unshared = 0;
            }
        }
        return new Rebuilt(lines, unshared);
    }

    private boolean isCheckpoint(StoredVersion v, List<Utf8Lines.Line> lines, long unshared) {
        return v.chainLength() % CHECKPOINT_INTERVAL == 0
                && cache.accepts(VersionCache.linesCharge(lines.size(), unshared));
    }

    /**
     * Caches an intermediate version (whose content hash the caller has checked) if its commit id checks too; whether
     * it was kept. One that fails is not an error of this read: the read's own checks decide about its text, and
     * {@code locate} or verify name the damaged row.
     */
    private boolean keepCheckpoint(WorkspaceId ws, PromptName name, StoredVersion v, List<Utf8Lines.Line> lines,
            long unshared) {
        return v.commit().idMatches() && cache.putCheckpoint(ws, name, v.commit(), lines, unshared);
    }

    /**
     * After the rebuilt text failed its hash: rebuilds the chain again checking every step's own hash, so the
     * error names the commit whose stored data is wrong, not a descendant read through it. Only on failure, so
     * normal reads hash once.
     */
    private static IntegrityViolation locate(List<StoredVersion> chain, List<Utf8Lines.Line> base) {
        List<Utf8Lines.Line> lines = base;
        for (StoredVersion v : chain) {
            if (lines == null) {
                lines = Utf8Lines.split(v.payload());
            } else {
                LineDelta.apply(lines, v.payload());
            }
            if (!matches(v.commit(), Utf8Lines.utf8(lines))) {
                return damaged(v.commit().id(), "the rebuilt text does not match the content hash");
            }
        }
        return damaged(chain.get(chain.size() - 1).commit().id(), "the rebuilt text does not match the content hash");
    }

    static String decode(StoredVersion snapshot) {
        try {
            return Content.decode(snapshot.payload()).text();
        } catch (CharacterCodingException e) {
            throw damaged(snapshot.commit().id(), "its snapshot is not valid UTF-8");
        }
    }

    private static boolean matches(Commit commit, String text) {
        return matches(commit, text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean matches(Commit commit, byte[] utf8) {
        return utf8.length == commit.contentLength() && Sha256.hex(utf8).equals(commit.contentHash());
    }

    /** Checks a rebuilt text against the commit's content hash and the commit's fields against its id. */
    static void check(Commit commit, String text) {
        if (!matches(commit, text)) {
            throw damaged(commit.id(), "the rebuilt text does not match the content hash");
        }
        if (!commit.idMatches()) {
            throw damaged(commit.id(), "the stored fields do not hash to the commit id");
        }
    }

    static IntegrityViolation damaged(CommitId id, String problem) {
        return new IntegrityViolation("versioning.integrity", id.hex(),
                "commit " + id.abbreviated() + " is damaged: " + problem
                        + "; run verify and restore from a backup");
    }

    /** Checks size limits of new content and configuration. */
    Content accept(String text, String config) {
        Content content = Content.of(text);
        if (content.byteLength() > limits.maxContentBytes()) {
            throw new LimitExceeded("versioning.content-too-large", "content is " + content.byteLength()
                    + " bytes; the limit is " + limits.maxContentBytes(), limits.maxContentBytes(), content.byteLength());
        }
        if (config != null) {
            long size = config.getBytes(StandardCharsets.UTF_8).length;
            if (size > limits.maxConfigBytes()) {
                throw new LimitExceeded("versioning.config-too-large", "config is " + size
                        + " bytes; the limit is " + limits.maxConfigBytes(), limits.maxConfigBytes(), size);
            }
        }
        return content;
    }

    /** Stores a new commit's text as a delta against its first parent's text, or as a snapshot. */
    void store(WorkspaceId ws, Commit commit, Content content, String parentText) {
        versions.append(ws, storedForm(ws, commit, content, parentText));
    }

    /**
     * The stored form of a new commit's text: a snapshot for a root commit, when the line diff against the first
     * parent was not a shortest one (the texts differ too much for the differ's bounded work: a delta would be
     * about as large as the text and costly to find), or when the {@link SnapshotPolicy} wants one; otherwise a
     * delta. This is the CPU-heavy part of a commit (a diff of two texts of up to the content limit): callers run it
     * before taking the write transaction, then {@link #append} inside it.
     */
    StoredVersion storedForm(WorkspaceId ws, Commit commit, Content content, String parentText) {
        if (commit.firstParent() == null) {
            return new StoredVersion(commit, StorageKind.SNAPSHOT, null, 0, 0, content.utf8());
        }
        StoredVersion parent = versions.find(ws, commit.prompt(), commit.firstParent()).orElseThrow();
        List<String> oldLines = Lines.split(parentText);
        List<String> newLines = Lines.split(content.text());
        EditScript script = differ.diff(oldLines, newLines);
        if (!script.shortest()) {
            return new StoredVersion(commit, StorageKind.SNAPSHOT, null, 0, 0, content.utf8());
        }
        byte[] delta = LineDelta.encode(oldLines, newLines, script.edits());
        if (policy.wantsSnapshot(parent, delta.length, content.byteLength())) {
            return new StoredVersion(commit, StorageKind.SNAPSHOT, null, 0, 0, content.utf8());
        }
        return new StoredVersion(commit, StorageKind.DELTA, parent.commit().id(), parent.chainLength() + 1,
                parent.chainBytes() + delta.length, delta);
    }

    /** Prepares a stored form for {@link #append} (compression): outside the write transaction. */
    VersionStore.Staged stage(StoredVersion stored) {
        return versions.stage(stored);
    }

    /** Appends a staged stored form. Not cached here: the transaction may still roll back. */
    void append(WorkspaceId ws, VersionStore.Staged staged) {
        versions.append(ws, staged);
    }

    CommitGraph graph(WorkspaceId ws, PromptName name) {
        return new CommitGraph(versions.graph(ws, name));
    }

    /** Keeps the search index on the content of {@code main}. */
    void indexIfMain(WorkspaceId ws, PromptName name, RefName branch, String text) {
        if (branch.equals(RefName.MAIN)) {
            catalog.index(ws, name, text);
        }
    }
}
