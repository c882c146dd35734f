package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InMemoryTransactor;
import dev.promptforge.domain.shared.MutableClock;
import dev.promptforge.domain.shared.Transactor;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.port.Differ;
import dev.promptforge.domain.versioning.port.InMemoryPromptCatalog;
import dev.promptforge.domain.versioning.port.InMemoryRefStore;
import dev.promptforge.domain.versioning.port.InMemoryVersionStore;
import dev.promptforge.domain.versioning.port.LcsDiffer;
import dev.promptforge.domain.versioning.port.PromptCatalog;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.domain.versioning.port.VersionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The versioning use cases wired to a set of ports (the in-memory fakes, or real adapters from infra) with a
 * {@link MutableClock}, plus short helpers for writing scenarios. The helpers move the clock one second before each
 * write, so two writes never make the same commit by accident.
 */
public final class VersioningFixture {
    public static final WorkspaceId WS = WorkspaceId.DEFAULT;
    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    public static final String AUTHOR = "alice@example.com";

    public final VersionStore versions;
    public final RefStore refs;
    public final PromptCatalog catalog;
    public final Differ differ;
    public final Transactor tx;
    public final MutableClock clock;
    public final SnapshotPolicy policy;
    public final VersionCache cache;
    public final PromptVersions store;

    public final CreatePrompt createPrompt;
    public final CommitPromptVersion commitVersion;
    public final ReadPromptVersion readVersion;
    public final ListCommits log;
    public final ListPrompts listPrompts;
    public final DiffVersions diff;
    public final CreateBranch createBranch;
    public final DeleteBranch deleteBranch;
    public final MoveLabel moveLabel;
    public final ListRefs listRefs;
    public final ReadRefHistory refHistory;
    public final MergeBranches merge;
    public final RevertCommit revert;
    public final RenderPrompt render;
    public final VerifyRepository verify;
    public final ExportHistory export;

    private final Builder builder;

    private VersioningFixture(Builder b) {
        this.builder = b;
        versions = b.versions;
        refs = b.refs;
        catalog = b.catalog;
        differ = b.differ;
        tx = b.tx;
        clock = b.clock;
        policy = b.policy;
        cache = new VersionCache(b.cacheChars);
        store = new PromptVersions(versions, refs, catalog, differ, policy, b.limits, cache);
        createPrompt = new CreatePrompt(store, tx, clock);
        commitVersion = new CommitPromptVersion(store, tx, clock);
        readVersion = new ReadPromptVersion(store);
        log = new ListCommits(store);
        listPrompts = new ListPrompts(store);
        diff = new DiffVersions(store);
        createBranch = new CreateBranch(store, tx, clock);
        deleteBranch = new DeleteBranch(store, tx, clock);
        moveLabel = new MoveLabel(store, tx, clock);
        listRefs = new ListRefs(store);
        refHistory = new ReadRefHistory(store);
        merge = new MergeBranches(store, tx, clock);
        revert = new RevertCommit(store, tx, clock);
        render = new RenderPrompt(readVersion);
        verify = new VerifyRepository(store);
        export = new ExportHistory(store);
    }

    /** The fakes: {@link InMemoryVersionStore}, {@link InMemoryRefStore}, {@link InMemoryPromptCatalog}, {@link LcsDiffer}. */
    public static Builder inMemory() {
        InMemoryRefStore refs = new InMemoryRefStore();
        return new Builder(new InMemoryVersionStore(), refs, new InMemoryPromptCatalog(refs), new LcsDiffer(),
                new InMemoryTransactor());
    }

    public static Builder with(VersionStore versions, RefStore refs, PromptCatalog catalog, Differ differ,
            Transactor tx) {
        return new Builder(versions, refs, catalog, differ, tx);
    }

    /** The same ports and clock behind a new {@link PromptVersions} with an empty cache, as after a restart. */
    public VersioningFixture reopened() {
        return new VersioningFixture(builder);
    }

    /** The in-memory version store, for tests that damage stored data. */
    public InMemoryVersionStore memoryVersions() {
        return (InMemoryVersionStore) versions;
    }

    public static final class Builder {
        private final VersionStore versions;
        private final RefStore refs;
        private final PromptCatalog catalog;
        private final Differ differ;
        private final Transactor tx;
        private MutableClock clock = new MutableClock(T0);
        private SnapshotPolicy policy = SnapshotPolicy.DEFAULT;
        private VersioningLimits limits = VersioningLimits.DEFAULT;
        private long cacheChars = 1_000_000;

        private Builder(VersionStore versions, RefStore refs, PromptCatalog catalog, Differ differ, Transactor tx) {
            this.versions = versions;
            this.refs = refs;
            this.catalog = catalog;
            this.differ = differ;
            this.tx = tx;
        }

        public Builder policy(SnapshotPolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder limits(VersioningLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder cacheChars(long cacheChars) {
            this.cacheChars = cacheChars;
            return this;
        }

        public Builder clock(MutableClock clock) {
            this.clock = clock;
            return this;
        }

        public VersioningFixture build() {
            return new VersioningFixture(this);
        }
    }

    public static PromptName name(String name) {
        return new PromptName(name);
    }

    public Commit create(String prompt, String content) {
        return create(prompt, content, null);
    }

    public Commit create(String prompt, String content, String config) {
        tick();
        return createPrompt.create(new CreatePromptCommand(WS, name(prompt), content, config, "create " + prompt, AUTHOR));
    }

    /** Commits on {@code branch} expecting its current head. */
    public Commit commit(String prompt, String branch, String content) {
        return commit(prompt, branch, content, null, "edit " + branch);
    }

    public Commit commit(String prompt, String branch, String content, String config, String message) {
        tick();
        return commitVersion.commit(new CommitPromptVersionCommand(WS, name(prompt), new RefName(branch),
                head(prompt, branch).hex(), content, config, message, AUTHOR));
    }

    public Ref branch(String prompt, String branch, String at) {
        tick();
        return createBranch.create(new RefCommand(WS, name(prompt), new RefName(branch), at, null, AUTHOR, null));
    }

    public RefUpdate label(String prompt, String label, String at) {
        tick();
        return moveLabel.move(new RefCommand(WS, name(prompt), new RefName(label), at, null, AUTHOR, null));
    }

    public MergeOutcome merge(String prompt, String source, String into) {
        tick();
        return merge.merge(new MergeCommand(WS, name(prompt), source, new RefName(into), head(prompt, into).hex(),
                null, AUTHOR));
    }

    public Commit revert(String prompt, CommitId commit, String branch) {
        tick();
        return revert.revert(new RevertCommand(WS, name(prompt), commit.hex(), new RefName(branch),
                head(prompt, branch).hex(), AUTHOR));
    }

    public CommitId head(String prompt, String ref) {
        return refs.find(WS, name(prompt), new RefName(ref)).orElseThrow().target();
    }

    public Version read(String prompt, String ref) {
        return readVersion.read(new ReadPromptQuery(WS, name(prompt), ref, false));
    }

    public String text(String prompt, String ref) {
        return read(prompt, ref).content();
    }

    public List<CommitNode> graph(String prompt) {
        return versions.graph(WS, name(prompt));
    }

    public String render(String prompt, String ref, Map<String, String> variables) {
        return render.render(new RenderQuery(WS, name(prompt), ref, variables)).text();
    }

    public VerifyReport verify() {
        return verify.verify(WS, null);
    }

    public void tick() {
        clock.advance(Duration.ofSeconds(1));
    }
}
