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
import java.security.MessageDigest;
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
     * Chain lengths at which rebuilt texts are kept as checkpoints (see {@link #read}): a cold read of PROMPTS.md's
     * 359-delta chain keeps 23 of them (about 1/16 of the texts' size), and a warm read applies at most 15 deltas.
     * Applying deltas is the cheap part of a rebuild (bench/RESULTS.md before checkpoints: 177 deltas, split and
     * join of PROMPTS.md in 0.45 ms p50, i.e. at most ~2.5 us a delta); splitting, hashing and joining the
     * 400 KB text cost the same whatever the interval, so the interval trades memory (1/16 of a chain's texts)
     * against about 40 us at most.
     */
    public static final int CHECKPOINT_INTERVAL = 16;
    private static final int HASH_CHUNK = 64 * 1024;

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

    /** The commit a ref names: a branch or label first, then a full or abbreviated commit id. */
    CommitId resolve(WorkspaceId ws, PromptName name, String ref) {
        if (ref == null || ref.isEmpty()) {
            throw InvalidInput.field("versioning.invalid-ref", "ref", "a ref (branch, label or commit id) is required");
        }
        if (RefName.isValid(ref)) {
            Optional<Ref> found = refs.find(ws, name, new RefName(ref));
            if (found.isPresent()) {
                return found.get().target();
            }
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
        } else if (!RefName.isValid(ref)) {
            throw InvalidInput.field("versioning.invalid-ref", "ref", "'" + ref
                    + "' is neither a branch or label name nor a commit id (at least 8 hex digits)");
        }
        requirePrompt(ws, name);
        throw new NotFound("versioning.ref-not-found", "'" + name + "' has no branch, label or commit '" + ref + "'");
    }

    /**
     * The version a branch or label names when both the ref and the verified text are already in memory, without
     * any I/O; empty means "use {@link #resolve} and {@link #read}". Commit ids are not handled here: a ref of
     * the same name would take precedence, and only {@link #resolve} knows whether one exists.
     */
    Optional<Version> cached(WorkspaceId ws, PromptName name, String ref) {
        if (ref == null || !RefName.isValid(ref)) {
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
     * Rebuilds a version and checks its content hash and commit id; never returns wrong text. A rebuild starts
     * from the nearest cached ancestor (a verified text) or else the nearest snapshot, and on its way keeps the
     * text of every version whose chain length is a multiple of {@link #CHECKPOINT_INTERVAL} as a checkpoint (once
     * it has passed both checks itself), so after warm-up a read applies fewer than that many deltas, however long
     * the chain.
     */
    Version read(WorkspaceId ws, PromptName name, CommitId id) {
        Version cached = cache.get(ws, name, id);
        if (cached != null) {
            return cached;
        }
        Map<CommitId, Version> known = cache.versionsOf(ws, name);
        List<StoredVersion> chain = versions.chain(ws, name, id, known.keySet());
        if (chain.isEmpty()) {
            throw new NotFound("versioning.commit-not-found", "'" + name + "' has no commit " + id.abbreviated());
        }
        StoredVersion target = chain.get(chain.size() - 1);
        String base = baseText(ws, name, chain.get(0), known);
        String text;
        if (base == null && chain.size() == 1) {
            text = decode(target);
            if (!matches(target.commit(), target.payload())) {
                throw damaged(target.commit().id(), "the rebuilt text does not match the content hash");
            }
        } else {
            List<String> lines = rebuild(ws, name, chain, base);
            if (!matches(target.commit(), lines)) {
                throw locate(chain, base);
            }
            text = Lines.join(lines);
        }
        if (!target.commit().idMatches()) {
            throw damaged(target.commit().id(), "the stored fields do not hash to the commit id");
        }
        Version version = new Version(target.commit(), text);
        cache.put(ws, name, version);
        return version;
    }

    /** The verified text the chain's first delta applies to; {@code null} when the chain starts at its snapshot. */
    private String baseText(WorkspaceId ws, PromptName name, StoredVersion first, Map<CommitId, Version> known) {
        if (first.kind() == StorageKind.SNAPSHOT) {
            return null;
        }
        Version base = known.get(first.base());
        if (base == null) {
            throw damaged(first.commit().id(), "it is stored as a delta on " + first.base().abbreviated()
                    + ", which is missing");
        }
        cache.get(ws, name, base.commit().id()); // serving as a base counts as a use, in least-recently-used order
        return base.content();
    }

    /** The lines of the chain's last version: its deltas applied to {@code base}, or to its snapshot's text. */
    private List<String> rebuild(WorkspaceId ws, PromptName name, List<StoredVersion> chain, String base) {
        String text = base;
        List<StoredVersion> deltas = chain;
        if (base == null) {
            StoredVersion snapshot = chain.get(0);
            text = decode(snapshot);
            deltas = chain.subList(1, chain.size());
            if (isCheckpoint(snapshot) && matches(snapshot.commit(), snapshot.payload())) {
                keepCheckpoint(ws, name, snapshot, text);
            }
        }
        List<String> lines = new ArrayList<>(Lines.split(text));
        int last = deltas.size() - 1;
        for (int i = 0; i <= last; i++) {
            StoredVersion v = deltas.get(i);
            try {
                LineDelta.apply(lines, v.payload());
            } catch (LineDelta.Corrupt e) {
                throw damaged(v.commit().id(), "its delta does not apply (" + e.getMessage() + ")");
            }
            if (i < last && isCheckpoint(v) && matches(v.commit(), lines)) {
                keepCheckpoint(ws, name, v, Lines.join(lines));
            }
        }
        return lines;
    }

    private boolean isCheckpoint(StoredVersion v) {
        return v.chainLength() % CHECKPOINT_INTERVAL == 0 && cache.accepts(v.commit().contentLength());
    }

    /**
     * Caches an intermediate text (whose content hash the caller has checked) if its commit id checks too. One
     * that fails is not an error of this read: the read's own checks decide about its text, and {@code locate} or
     * verify name the damaged row.
     */
    private void keepCheckpoint(WorkspaceId ws, PromptName name, StoredVersion v, String text) {
        if (v.commit().idMatches()) {
            cache.putCheckpoint(ws, name, new Version(v.commit(), text));
        }
    }

    /**
     * After the rebuilt text failed its hash: rebuilds the chain again checking every step's own hash, so the
     * error names the commit whose stored data is wrong, not a descendant read through it. Only on failure, so
     * normal reads hash once.
     */
    private static IntegrityViolation locate(List<StoredVersion> chain, String base) {
        List<String> lines = base == null ? null : new ArrayList<>(Lines.split(base));
        for (StoredVersion v : chain) {
            if (lines == null) {
                lines = new ArrayList<>(Lines.split(decode(v)));
            } else {
                LineDelta.apply(lines, v.payload());
            }
            if (!matches(v.commit(), lines)) {
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

    /**
     * Whether {@code lines} joined by {@code \n} are the commit's content, hashing line by line: Java encodes a
     * line of Latin-1 text to UTF-8 by a plain copy, whereas the joined text is stored as UTF-16 as soon as one
     * character anywhere is beyond Latin-1, and encoding that was the largest single cost of reading PROMPTS.md
     * (26% of the samples of a profile of the read path). Measured on 10,000 lines (820K characters) with one
     * emoji: 1.8 ms against 4.9 ms (medians) for encoding and hashing the joined text. The encoded lines are
     * gathered in a {@value #HASH_CHUNK}-byte buffer and hashed a chunk at a time: one digest update per line and
     * one per newline cost about as much as the SHA-256 itself (PROMPTS.md's last version, 8,942 lines: 0.66-0.80
     * ms against 0.81-0.92 ms).
     */
    private static boolean matches(Commit commit, List<String> lines) {
        MessageDigest sha = Sha256.newDigest();
        // no larger than the text it hashes: most prompts are a few hundred bytes (a stored length that is wrong
        // only makes lines go to the digest directly; the length check below still fails)
        byte[] chunk = new byte[(int) Math.max(1, Math.min(HASH_CHUNK, commit.contentLength()))];
        int used = 0;
        long length = lines.size() - 1;
        for (int i = 0; i < lines.size(); i++) {
            byte[] utf8 = lines.get(i).getBytes(StandardCharsets.UTF_8);
            length += utf8.length;
            if (used + utf8.length + 1 > chunk.length) {
                sha.update(chunk, 0, used);
                used = 0;
            }
            if (i > 0) {
                chunk[used++] = '\n';
            }
            if (utf8.length + 1 > chunk.length) {
                sha.update(chunk, 0, used);
                used = 0;
                sha.update(utf8);
            } else {
                System.arraycopy(utf8, 0, chunk, used, utf8.length);
                used += utf8.length;
            }
        }
        sha.update(chunk, 0, used);
        return length == commit.contentLength() && Sha256.hex(sha).equals(commit.contentHash());
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
        StoredVersion stored;
        if (commit.firstParent() == null) {
            stored = new StoredVersion(commit, StorageKind.SNAPSHOT, null, 0, 0, content.utf8());
        } else {
            StoredVersion parent = versions.find(ws, commit.prompt(), commit.firstParent()).orElseThrow();
            List<String> oldLines = Lines.split(parentText);
            List<String> newLines = Lines.split(content.text());
            byte[] delta = LineDelta.encode(oldLines, newLines, differ.diff(oldLines, newLines));
            if (policy.wantsSnapshot(parent, delta.length, content.byteLength())) {
                stored = new StoredVersion(commit, StorageKind.SNAPSHOT, null, 0, 0, content.utf8());
            } else {
                stored = new StoredVersion(commit, StorageKind.DELTA, parent.commit().id(),
                        parent.chainLength() + 1, parent.chainBytes() + delta.length, delta);
            }
        }
        // not cached here: the transaction may still roll back; the first read caches it
        versions.append(ws, stored);
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
