package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.AUTHOR;
import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InMemoryTransactor;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.port.InMemoryPromptCatalog;
import dev.promptforge.domain.versioning.port.InMemoryRefStore;
import dev.promptforge.domain.versioning.port.InMemoryVersionStore;
import dev.promptforge.domain.versioning.port.LcsDiffer;
import dev.promptforge.domain.versioning.port.RefStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadPromptVersionTest {
    private static final String P = "support/triage";
    private final VersioningFixture fx = VersioningFixture.inMemory().build();
    private Commit v1;
    private Commit v2;

    @BeforeEach
    void history() {
        v1 = fx.create(P, "version one\n");
        v2 = fx.commit(P, "main", "version two\n");
        fx.label(P, "production", v1.id().hex());
    }

    private Version read(String ref, boolean commitOnly) {
        return fx.readVersion.read(new ReadPromptQuery(WS, name(P), ref, commitOnly));
    }

    @Test
    void readsByBranchLabelFullIdAndPrefix() {
        assertThat(read("main", false)).isEqualTo(new Version(v2, "version two\n"));
        assertThat(read(null, false).commit()).isEqualTo(v2);
        assertThat(read("production", false)).isEqualTo(new Version(v1, "version one\n"));
        assertThat(read(v1.id().hex(), false).content()).isEqualTo("version one\n");
        assertThat(read(v1.id().hex().substring(0, 8), false).content()).isEqualTo("version one\n");
        assertThat(read(v2.id().hex().substring(0, 20), true).content()).isEqualTo("version two\n");
        assertThat(read(v2.id().hex(), true).content()).isEqualTo("version two\n");
    }

    @Test
    void rebuildsAndVerifiesTextsWithLinesLongerThanTheHashChunk() {
        String longLine = "é😀x".repeat(30_000); // 210,000 UTF-8 bytes on one line
        String first = "intro\n" + longLine + "\nmiddle\n" + "short line\n".repeat(10_000) + longLine;
        String second = first.replace("middle", "middle, edited") + "\n" + longLine.substring(0, 70_001);
        fx.create("long/lines", first);
        fx.commit("long/lines", "main", second);
        VersioningFixture cold = fx.reopened();

        assertThat(cold.text("long/lines", "main")).isEqualTo(second);
        assertThat(cold.versions.chain(WS, name("long/lines"), fx.head("long/lines", "main"))).as("read through a delta")
                .extracting(StoredVersion::kind).containsExactly(StorageKind.SNAPSHOT, StorageKind.DELTA);
    }

    @Test
    void readsFromStorageWhenNothingIsCached() {
        VersioningFixture cold = fx.reopened();

        assertThat(cold.text(P, "main")).isEqualTo("version two\n");
        assertThat(cold.text(P, "production")).isEqualTo("version one\n");
    }

    @Test
    void aCommitIdNamesItsCommitEvenWhenAStoredRefHasThatName() {
        String prefix = v1.id().hex().substring(0, 8);
        assertThatThrownBy(() -> fx.branch(P, prefix, "main")).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.code()).isEqualTo("versioning.invalid-ref-name"));
        // as a server before the name rule could have stored them
        for (String legacy : List.of(prefix, v1.id().hex(), "abcdef0123")) {
            fx.refs.compareAndSet(WS, name(P), new RefName(legacy), RefKind.BRANCH, null, v2.id(), true,
                    new RefStore.Change("x", "y", VersioningFixture.T0));
        }

        assertThat(read(prefix, false).commit()).isEqualTo(v1);
        assertThat(read(v1.id().hex(), false).commit()).isEqualTo(v1);
        assertThat(read(prefix, true).commit()).isEqualTo(v1);
        assertThat(read("abcdef0123", false).commit()).as("a name no commit matches").isEqualTo(v2);
    }

    @Test
    void reportsUnknownRefsAndPrompts() {
        assertThatThrownBy(() -> read("nope", false))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.code()).isEqualTo("versioning.ref-not-found"));
        assertThatThrownBy(() -> read("0000000000", false)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> read("0000000000", true))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.code()).isEqualTo("versioning.commit-not-found"));
        assertThatThrownBy(() -> read("0".repeat(64), true)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> fx.readVersion.read(new ReadPromptQuery(WS, name("ghost"), "main", false)))
                .isInstanceOfSatisfying(NotFound.class, e -> assertThat(e.code()).isEqualTo("versioning.prompt-not-found"));
    }

    @Test
    void rejectsMalformedRefs() {
        assertThatThrownBy(() -> read("no spaces", false))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-ref"));
        assertThatThrownBy(() -> read("main", true))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-commit-id"));
        assertThatThrownBy(() -> read("abc1234", true)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void rejectsAPrefixThatMatchesTwoCommits() {
        // two commits of the same parent, content and time whose ids share 8 hex digits, found by trying messages
        Instant at = fx.clock.advance(java.time.Duration.ofSeconds(1));
        Content content = Content.of("sibling\n");
        Map<String, String> byPrefix = new HashMap<>();
        String[] pair = null;
        for (int i = 0; i < 2_000_000 && pair == null; i++) {
            String message = "attempt " + i;
            String prefix = Commit.create(name(P), List.of(v2.id()), AUTHOR, message, at, content, null).id().hex()
                    .substring(0, 8);
            String earlier = byPrefix.putIfAbsent(prefix, message);
            if (earlier != null) {
                pair = new String[] {earlier, message};
            }
        }
        assertThat(pair).as("a shared 8-digit prefix within 2M tries").isNotNull();
        fx.createBranch.create(new RefCommand(WS, name(P), new RefName("twin"), "main", null, AUTHOR, null));
        Commit a = fx.commitVersion.commit(new CommitPromptVersionCommand(WS, name(P), RefName.MAIN, v2.id().hex(),
                "sibling\n", null, pair[0], AUTHOR));
        Commit b = fx.commitVersion.commit(new CommitPromptVersionCommand(WS, name(P), new RefName("twin"),
                v2.id().hex(), "sibling\n", null, pair[1], AUTHOR));
        String shared = a.id().hex().substring(0, 8);
        assertThat(b.id().hex()).startsWith(shared).isNotEqualTo(a.id().hex());

        assertThatThrownBy(() -> read(shared, false))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.ambiguous-ref"));
        assertThatThrownBy(() -> read(shared, true))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.ambiguous-ref"));
        int distinct = 8;
        while (a.id().hex().charAt(distinct) == b.id().hex().charAt(distinct)) {
            distinct++;
        }
        assertThat(read(a.id().hex().substring(0, distinct + 1), false).commit()).isEqualTo(a);
        assertThat(read(b.id().hex().substring(0, distinct + 1), true).commit()).isEqualTo(b);
    }

    @Test
    void rendersVariablesAndListsEveryMissingOne() {
        fx.commit(P, "main", "Dear {{ name }}, about {{topic}}: {{name}} {{ not closed }\n");

        assertThat(fx.render(P, "main", Map.of("name", "Ann", "topic", "$1 \\ {{topic}}")))
                .isEqualTo("Dear Ann, about $1 \\ {{topic}}: Ann {{ not closed }\n");
        assertThatThrownBy(() -> fx.render(P, "main", Map.of("other", "x")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.missing-variables");
                    assertThat(e.errors()).extracting(InvalidInput.FieldError::field)
                            .containsExactly("variables.name", "variables.topic");
                    assertThat(e.getMessage()).contains("name").contains("topic");
                });
        assertThat(fx.render(P, "production", Map.of())).isEqualTo("version one\n");
    }

    @Test
    void answersFromMemoryOnlyWhenTheRefsCurrentTargetIsAlreadyVerified() {
        VersioningFixture cached = fixtureWhoseRefsAreAllInMemory();
        Commit first = cached.create(P, "version one\n");
        cached.label(P, "production", first.id().hex());
        ReadPromptQuery production = new ReadPromptQuery(WS, name(P), "production", false);

        assertThat(cached.readVersion.readCached(production)).as("text not read yet").isEmpty();
        cached.readVersion.read(production);
        assertThat(cached.readVersion.readCached(production)).contains(new Version(first, "version one\n"));

        Commit second = cached.commit(P, "main", "version two\n");
        cached.label(P, "production", second.id().hex());
        assertThat(cached.readVersion.readCached(production)).as("label moved to a text not read yet").isEmpty();
        assertThat(cached.readVersion.read(production).content()).isEqualTo("version two\n");
        assertThat(cached.readVersion.readCached(production)).map(Version::commit).contains(second);

        assertThat(cached.readVersion.readCached(new ReadPromptQuery(WS, name(P), second.id().hex(), false)))
                .as("commit ids always go through read: a ref of that name would win").isEmpty();
        assertThat(cached.readVersion.readCached(new ReadPromptQuery(WS, name(P), "no spaces", false))).isEmpty();
        assertThat(fx.readVersion.readCached(new ReadPromptQuery(WS, name(P), "production", false)))
                .as("a ref store without a cache never answers from memory").isEmpty();
    }

    /** The in-memory fakes, with {@link RefStore#findCached} answering like {@link RefStore#find}. */
    private static VersioningFixture fixtureWhoseRefsAreAllInMemory() {
        InMemoryRefStore memory = new InMemoryRefStore();
        RefStore refs = new RefStore() {
            @Override
            public Optional<Ref> find(WorkspaceId ws, PromptName prompt, RefName name) {
                return memory.find(ws, prompt, name);
            }

            @Override
            public Optional<Ref> findCached(WorkspaceId ws, PromptName prompt, RefName name) {
                return memory.find(ws, prompt, name);
            }

            @Override
            public List<Ref> list(WorkspaceId ws, PromptName prompt, RefKind kind) {
                return memory.list(ws, prompt, kind);
            }

            @Override
            public RefUpdate compareAndSet(WorkspaceId ws, PromptName prompt, RefName name, RefKind kind,
                    CommitId expected, CommitId target, boolean fastForward, Change change) {
                return memory.compareAndSet(ws, prompt, name, kind, expected, target, fastForward, change);
            }

            @Override
            public RefUpdate delete(WorkspaceId ws, PromptName prompt, RefName name, RefKind kind, CommitId expected,
                    Change change) {
                return memory.delete(ws, prompt, name, kind, expected, change);
            }

            @Override
            public List<RefMove> history(WorkspaceId ws, PromptName prompt, RefName name) {
                return memory.history(ws, prompt, name);
            }
        };
        return VersioningFixture.with(new InMemoryVersionStore(), refs, new InMemoryPromptCatalog(memory),
                new LcsDiffer(), new InMemoryTransactor()).build();
    }
}
