package dev.promptforge.domain.versioning.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.CommitNode;
import dev.promptforge.domain.versioning.Content;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.StorageKind;
import dev.promptforge.domain.versioning.StoredVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VersionStore} must do. Subclasses supply a fresh, empty store and a way to register a prompt
 * (the database needs the prompt's row before its commits).
 */
public abstract class VersionStoreContract {
    protected static final WorkspaceId WS = WorkspaceId.DEFAULT;
    protected static final PromptName PROMPT = new PromptName("support/triage");
    protected static final PromptName OTHER = new PromptName("sales/pitch");
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00.123Z");

    protected VersionStore store;

    /** A new, empty store. */
    protected abstract VersionStore createStore();

    /** Registers {@code name} wherever the store needs it. */
    protected abstract void createPrompt(WorkspaceId ws, PromptName name);

    @BeforeEach
    public void setUpStore() {
        store = createStore();
        createPrompt(WS, PROMPT);
        createPrompt(WS, OTHER);
    }

    protected static Commit commit(PromptName prompt, List<CommitId> parents, String message, String text) {
        return Commit.create(prompt, parents, "alice", message, AT, Content.of(text), "{\"model\":\"m\"}");
    }

    protected static StoredVersion snapshot(Commit c, String text) {
        return new StoredVersion(c, StorageKind.SNAPSHOT, null, 0, 0, text.getBytes(StandardCharsets.UTF_8));
    }

    protected static StoredVersion delta(Commit c, StoredVersion base, byte[] payload) {
        return new StoredVersion(c, StorageKind.DELTA, base.commit().id(), base.chainLength() + 1,
                base.chainBytes() + payload.length, payload);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSameStored(StoredVersion actual, StoredVersion expected) {
        assertThat(actual.commit()).isEqualTo(expected.commit());
        assertThat(actual.kind()).isEqualTo(expected.kind());
        assertThat(actual.base()).isEqualTo(expected.base());
        assertThat(actual.chainLength()).isEqualTo(expected.chainLength());
        assertThat(actual.chainBytes()).isEqualTo(expected.chainBytes());
        assertThat(actual.payload()).isEqualTo(expected.payload());
    }

    /** s0 <- d1 <- d2 <- s3 (a snapshot) <- d4, plus a merge m5 of d4 and d2 stored as a delta on d4. */
    protected List<StoredVersion> storeChain() {
        Commit c0 = commit(PROMPT, List.of(), "c0", "one\n");
        StoredVersion s0 = snapshot(c0, "one\n");
        Commit c1 = commit(PROMPT, List.of(c0.id()), "c1", "one\ntwo\n");
        StoredVersion d1 = delta(c1, s0, bytes("@@ -1,0 +2,1 @@\n+two\n"));
        Commit c2 = commit(PROMPT, List.of(c1.id()), "c2", "one\nthree\n");
        StoredVersion d2 = delta(c2, d1, bytes("@@ -2,1 +2,1 @@\n-two\n+three\n"));
        Commit c3 = commit(PROMPT, List.of(c2.id()), "c3", "four\n");
        StoredVersion s3 = snapshot(c3, "four\n");
        Commit c4 = commit(PROMPT, List.of(c3.id()), "c4", "four\nfive\n");
        StoredVersion d4 = delta(c4, s3, bytes("@@ -1,0 +2,1 @@\n+five\n"));
        Commit c5 = commit(PROMPT, List.of(c4.id(), c2.id()), "merge", "four\nfive\nsix\n");
        StoredVersion d5 = delta(c5, d4, bytes("@@ -2,0 +3,1 @@\n+six\n"));
        List<StoredVersion> all = List.of(s0, d1, d2, s3, d4, d5);
        all.forEach(v -> store.append(WS, v));
        return all;
    }

    @Test
    public void returnsExactlyWhatWasAppended() {
        List<StoredVersion> all = storeChain();
        for (StoredVersion v : all) {
            assertSameStored(store.find(WS, PROMPT, v.commit().id()).orElseThrow(), v);
            assertThat(store.commit(WS, PROMPT, v.commit().id())).contains(v.commit());
        }
    }

    @Test
    public void storesCommitMetadataExactlyIncludingMergeParentsInOrderAndNullConfig() {
        Commit root = Commit.create(PROMPT, List.of(), "Zoë <zoe@example.com>", "line one\n\nline three ✓",
                Instant.parse("2024-05-01T10:00:00.999Z"), Content.of(""), null);
        Commit side = commit(PROMPT, List.of(root.id()), "side", "s");
        Commit merge = Commit.create(PROMPT, List.of(side.id(), root.id()), "bob", "merge", AT, Content.of("m"), "{}");
        store.append(WS, snapshot(root, ""));
        store.append(WS, snapshot(side, "s"));
        store.append(WS, snapshot(merge, "m"));

        assertThat(store.commit(WS, PROMPT, root.id())).contains(root);
        assertThat(store.commit(WS, PROMPT, merge.id()).orElseThrow().parents()).containsExactly(side.id(), root.id());
        assertThat(store.commit(WS, PROMPT, root.id()).orElseThrow().idMatches()).isTrue();
        assertThat(store.commit(WS, PROMPT, merge.id()).orElseThrow().idMatches()).isTrue();
    }

    @Test
    public void storesEmptyAndLargePayloadsByteForByte() {
        Commit empty = commit(PROMPT, List.of(), "empty", "");
        store.append(WS, snapshot(empty, ""));
        String big = "Answer politely.\n".repeat(20_000);
        Commit large = commit(PROMPT, List.of(empty.id()), "large", big);
        store.append(WS, snapshot(large, big));
        byte[] noise = new byte[50_000];
        new Random(7).nextBytes(noise);
        Commit random = commit(PROMPT, List.of(large.id()), "noise", "x");
        StoredVersion noisy = new StoredVersion(random, StorageKind.DELTA, large.id(), 1, noise.length, noise);
        store.append(WS, noisy);

        assertThat(store.find(WS, PROMPT, empty.id()).orElseThrow().payload()).isEmpty();
        assertThat(store.chain(WS, PROMPT, empty.id())).singleElement()
                .satisfies(v -> assertThat(v.payload()).isEmpty());
        assertThat(store.find(WS, PROMPT, large.id()).orElseThrow().payload()).isEqualTo(bytes(big));
        assertThat(store.find(WS, PROMPT, random.id()).orElseThrow().payload()).isEqualTo(noise);
    }

    @Test
    public void callersCannotChangeStoredPayloadsThroughTheirArrays() {
        byte[] payload = bytes("hello");
        Commit c = commit(PROMPT, List.of(), "c", "hello");
        store.append(WS, new StoredVersion(c, StorageKind.SNAPSHOT, null, 0, 0, payload));
        payload[0] = 'J';
        store.find(WS, PROMPT, c.id()).orElseThrow().payload()[1] = 'E';

        assertThat(store.find(WS, PROMPT, c.id()).orElseThrow().payload()).isEqualTo(bytes("hello"));
    }

    @Test
    public void appendingAnIdAgainChangesNothing() {
        Commit c = commit(PROMPT, List.of(), "c", "first");
        store.append(WS, snapshot(c, "first"));
        store.append(WS, new StoredVersion(c, StorageKind.SNAPSHOT, null, 0, 0, bytes("second")));

        assertThat(store.find(WS, PROMPT, c.id()).orElseThrow().payload()).isEqualTo(bytes("first"));
        assertThat(store.graph(WS, PROMPT)).hasSize(1);
    }

    @Test
    public void unknownCommitsAreAbsent() {
        storeChain();
        CommitId unknown = new CommitId("0".repeat(64));
        assertThat(store.commit(WS, PROMPT, unknown)).isEmpty();
        assertThat(store.find(WS, PROMPT, unknown)).isEmpty();
        assertThat(store.chain(WS, PROMPT, unknown)).isEmpty();
    }

    @Test
    public void chainStartsAtTheNearestSnapshotAndEndsAtTheVersion() {
        List<StoredVersion> all = storeChain();
        var ids = all.stream().map(v -> v.commit().id()).toList();

        assertThat(store.chain(WS, PROMPT, ids.get(2))).extracting(v -> v.commit().id())
                .containsExactly(ids.get(0), ids.get(1), ids.get(2));
        assertThat(store.chain(WS, PROMPT, ids.get(0))).extracting(v -> v.commit().id()).containsExactly(ids.get(0));
        assertThat(store.chain(WS, PROMPT, ids.get(3))).extracting(v -> v.commit().id()).containsExactly(ids.get(3));
        assertThat(store.chain(WS, PROMPT, ids.get(5))).extracting(v -> v.commit().id())
                .containsExactly(ids.get(3), ids.get(4), ids.get(5));
        List<StoredVersion> chain = store.chain(WS, PROMPT, ids.get(5));
        assertThat(chain.get(0).kind()).isEqualTo(StorageKind.SNAPSHOT);
        assertSameStored(chain.get(2), all.get(5));
    }

    @Test
    public void chainStopsAfterTheFirstDeltaOnAVersionTheCallerKnows() {
        List<StoredVersion> all = storeChain();
        var ids = all.stream().map(v -> v.commit().id()).toList();

        assertThat(store.chain(WS, PROMPT, ids.get(2), Set.of(ids.get(0)))).extracting(v -> v.commit().id())
                .containsExactly(ids.get(1), ids.get(2));
        assertThat(store.chain(WS, PROMPT, ids.get(2), Set.of(ids.get(0), ids.get(1))))
                .as("the nearest known version").extracting(v -> v.commit().id()).containsExactly(ids.get(2));
        assertThat(store.chain(WS, PROMPT, ids.get(2), Set.of(ids.get(2)))).as("the version itself is always read")
                .extracting(v -> v.commit().id()).containsExactly(ids.get(0), ids.get(1), ids.get(2));
        assertThat(store.chain(WS, PROMPT, ids.get(5), Set.of(ids.get(0), ids.get(2))))
                .as("known versions off the chain change nothing").extracting(v -> v.commit().id())
                .containsExactly(ids.get(3), ids.get(4), ids.get(5));
        assertSameStored(store.chain(WS, PROMPT, ids.get(5), Set.of(ids.get(3))).get(0), all.get(4));
        assertThat(store.chain(WS, PROMPT, new CommitId("0".repeat(64)), Set.of(ids.get(0)))).isEmpty();
    }

    /**
     * A main line and a side branch forked from its root, each commit of one followed by {@code sideEvery} of the
     * other and by a commit of another prompt, so a walk back along main steps over the side branch's rows.
     */
    @Test
    public void chainFollowsItsOwnBasesPastAFewRowsOfOtherBranchesAndPrompts() {
        assertChainsOfInterleavedBranches(1);
    }

    @Test
    public void chainFollowsItsOwnBasesPastManyRowsOfAnotherBranch() {
        assertChainsOfInterleavedBranches(400);
    }

    private void assertChainsOfInterleavedBranches(int sideEvery) {
        Commit root = commit(PROMPT, List.of(), "root", "r\n");
        StoredVersion mainHead = snapshot(root, "r\n");
        store.append(WS, mainHead);
        StoredVersion sideHead = mainHead;
        List<CommitId> mainIds = new ArrayList<>(List.of(root.id()));
        for (int i = 1; i <= 6; i++) {
            for (int j = 0; j < sideEvery; j++) {
                Commit side = commit(PROMPT, List.of(sideHead.commit().id()), "side " + i + "." + j, "s" + j);
                sideHead = delta(side, sideHead, bytes("@@ -1,0 +2,1 @@\n+s" + i + "." + j + "\n"));
                store.append(WS, sideHead);
            }
            Commit main = commit(PROMPT, List.of(mainHead.commit().id()), "main " + i, "m" + i);
            mainHead = delta(main, mainHead, bytes("@@ -1,0 +2,1 @@\n+m" + i + "\n"));
            store.append(WS, mainHead);
            mainIds.add(main.id());
            store.append(WS, snapshot(commit(OTHER, List.of(), "other " + sideEvery + "." + i, "o" + i), "o" + i));
        }

        assertThat(store.chain(WS, PROMPT, mainHead.commit().id())).as("main, side rows every %d", sideEvery)
                .extracting(v -> v.commit().id()).containsExactlyElementsOf(mainIds);
        assertThat(store.chain(WS, PROMPT, mainHead.commit().id(), Set.of(mainIds.get(2), sideHead.commit().id())))
                .extracting(v -> v.commit().id()).containsExactlyElementsOf(mainIds.subList(3, 7));
        assertThat(store.chain(WS, PROMPT, sideHead.commit().id())).hasSize(6 * sideEvery + 1)
                .extracting(v -> v.commit().message()).startsWith("root", "side 1.0").endsWith("side 6." + (sideEvery - 1));
    }

    @Test
    public void chainWhoseBaseIsMissingDoesNotStartWithASnapshot() {
        Commit ghost = commit(PROMPT, List.of(), "ghost", "g");
        Commit c = commit(PROMPT, List.of(ghost.id()), "orphan", "g\nh");
        store.append(WS, new StoredVersion(c, StorageKind.DELTA, ghost.id(), 1, 10, bytes("@@ -1,0 +2,1 @@\n+h\n")));

        assertThat(store.chain(WS, PROMPT, c.id())).extracting(StoredVersion::kind).containsExactly(StorageKind.DELTA);
    }

    @Test
    public void commitsReturnsThePresentOnesOfManyIds() {
        List<CommitId> stored = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            Commit c = commit(PROMPT, List.of(), "c" + i, "text " + i);
            store.append(WS, snapshot(c, "text " + i));
            stored.add(c.id());
        }
        List<CommitId> asked = new ArrayList<>(stored);
        asked.add(new CommitId("0".repeat(64)));
        Map<CommitId, Commit> found = store.commits(WS, PROMPT, asked);

        assertThat(found).hasSize(450).containsOnlyKeys(stored);
        assertThat(found.get(stored.get(449)).message()).isEqualTo("c449");
        assertThat(store.commits(WS, PROMPT, List.of())).isEmpty();
    }

    @Test
    public void findsIdsByPrefixInOrderUpToTheLimit() {
        List<CommitId> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Commit c = commit(PROMPT, List.of(), "p" + i, "t" + i);
            store.append(WS, snapshot(c, "t" + i));
            ids.add(c.id());
        }
        String prefix = ids.get(0).hex().substring(0, 1);
        List<CommitId> expected = ids.stream().filter(id -> id.hex().startsWith(prefix)).sorted().toList();

        assertThat(store.findByPrefix(WS, PROMPT, prefix, 100)).containsExactlyElementsOf(expected);
        assertThat(store.findByPrefix(WS, PROMPT, prefix, 1)).containsExactly(expected.get(0));
        assertThat(store.findByPrefix(WS, PROMPT, ids.get(5).hex().substring(0, 10), 2)).containsExactly(ids.get(5));
        assertThat(store.findByPrefix(WS, PROMPT, ids.get(5).hex(), 2)).containsExactly(ids.get(5));
        String absent = IntStream.range(0, 16).mapToObj(Integer::toHexString)
                .filter(h -> ids.stream().noneMatch(id -> id.hex().startsWith("0" + h))).findFirst()
                .map(h -> "0" + h + "000000").orElse("00000000");
        assertThat(store.findByPrefix(WS, PROMPT, absent, 2)).isEmpty();
    }

    @Test
    public void graphListsCommitsInStorageOrderWithTheirParents() {
        List<StoredVersion> all = storeChain();
        List<CommitNode> graph = store.graph(WS, PROMPT);

        assertThat(graph).extracting(CommitNode::id).containsExactlyElementsOf(all.stream().map(v -> v.commit().id()).toList());
        assertThat(graph).extracting(CommitNode::parents)
                .containsExactlyElementsOf(all.stream().map(v -> v.commit().parents()).toList());
        assertThat(graph).extracting(CommitNode::seq).isSorted().doesNotHaveDuplicates();
    }

    @Test
    public void forEachVisitsEveryVersionInStorageOrder() {
        List<StoredVersion> all = storeChain();
        List<StoredVersion> seen = new ArrayList<>();
        store.forEach(WS, PROMPT, new VersionStore.Visitor() {
            @Override
            public void version(StoredVersion version) {
                seen.add(version);
            }

            @Override
            public void unreadable(CommitId id, CommitId base, String problem) {
                throw new AssertionError("nothing is damaged: " + id + " " + problem);
            }
        });

        assertThat(seen).hasSize(all.size());
        for (int i = 0; i < all.size(); i++) {
            assertSameStored(seen.get(i), all.get(i));
        }
    }

    @Test
    public void promptsDoNotSeeEachOthersCommits() {
        List<StoredVersion> all = storeChain();
        CommitId id = all.get(2).commit().id();
        Commit foreign = commit(OTHER, List.of(), "other", "x");
        store.append(WS, snapshot(foreign, "x"));

        assertThat(store.commit(WS, OTHER, id)).isEmpty();
        assertThat(store.find(WS, OTHER, id)).isEmpty();
        assertThat(store.chain(WS, OTHER, id)).isEmpty();
        assertThat(store.findByPrefix(WS, OTHER, id.hex().substring(0, 8), 5)).isEmpty();
        assertThat(store.commits(WS, OTHER, List.of(id))).isEmpty();
        assertThat(store.graph(WS, OTHER)).extracting(CommitNode::id).containsExactly(foreign.id());
        assertThat(store.graph(WS, PROMPT)).hasSize(all.size());
    }
}
