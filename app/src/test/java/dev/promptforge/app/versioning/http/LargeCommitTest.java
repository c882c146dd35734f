package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import dev.promptforge.domain.versioning.EditScript;
import dev.promptforge.domain.versioning.port.Differ;
import dev.promptforge.infra.versioning.diffutils.DiffUtilsDiffer;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A commit whose text differs entirely from its parent's: stored as a snapshot and read back byte-exact, diffed at
 * bounded cost, and prepared outside the write transaction so other writers are not held up behind it.
 */
@MicronautTest
class LargeCommitTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";
    /** Once armed, a diff towards a text holding this line waits for the test (see {@link GatedDiffer}). */
    static final String GATE = "@@gate@@";
    static volatile boolean armed;
    static volatile CountDownLatch diffing = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    /** The real differ, which holds a diff of a text containing {@link #GATE} until the test releases it. */
    @Singleton
    @Replaces(Differ.class)
    @Requires(property = "spec.name", value = "LargeCommitTest")
    static final class GatedDiffer implements Differ {
        private final Differ real = new DiffUtilsDiffer();

        @Override
        public EditScript diff(List<String> a, List<String> b) {
            if (armed && b.contains(GATE)) {
                diffing.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.diff(a, b);
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("spec.name", "LargeCommitTest");
    }

    static String lines(String prefix, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(prefix).append(i).append('\n');
        }
        return sb.toString();
    }

    private String commit(String name, String expectedHead, String content) {
        Res r = post(P + "/" + enc(name) + "/commits", Map.of("branch", "main", "expectedHead", expectedHead,
                "content", content, "message", "m"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.str("commit");
    }

    private String storage(String commit) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
                PreparedStatement st = c.prepareStatement("SELECT storage FROM commits WHERE id = ?")) {
            st.setString(1, commit);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void aPromptRewrittenEntirelyIsStoredAsASnapshotAndReadBackByteExact() throws Exception {
        String old = lines("a", 25_000);
        String rewritten = lines("b", 25_000) + "no newline at the end\r";
        String first = post(P, Map.of("name", "big/rewrite", "content", old, "message", "m")).str("commit");
        String second = commit("big/rewrite", first, rewritten);
        String third = commit("big/rewrite", second, rewritten.replace("b12345\n", "changed\n"));

        assertThat(storage(second)).isEqualTo("snapshot");
        assertThat(storage(third)).isEqualTo("delta");
        assertThat(get(P + "/" + enc("big/rewrite") + "/commits/" + second).str("content")).isEqualTo(rewritten);
        assertThat(get(P + "/" + enc("big/rewrite") + "?ref=" + first).str("content")).isEqualTo(old);
        assertThat(get(P + "/" + enc("big/rewrite") + "?ref=main").str("content"))
                .isEqualTo(rewritten.replace("b12345\n", "changed\n"));
        assertThat(get(P + "/" + enc("big/rewrite") + "/verify").map()).containsEntry("ok", true)
                .containsEntry("checked", 3);

        Res diff = get(P + "/" + enc("big/rewrite") + "/diff?from=" + first + "&to=" + second + "&format=json");
        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.map()).containsEntry("minimal", true);
        List<?> hunks = (List<?>) diff.map().get("hunks");
        assertThat(hunks).hasSize(1);
        assertThat((List<?>) ((Map<?, ?>) hunks.get(0)).get("lines")).hasSize(50_001);
    }

    @Test
    void aDiffOfReorderedLinesStopsEarlyAndSaysItIsNotMinimal() {
        StringBuilder reordered = new StringBuilder("head\n");
        for (int i = 0; i < 5_000; i++) {
            // the same lines in another order: all of them are on both sides, so none can be set aside
            reordered.append('a').append((i * 7_919) % 5_000).append('\n');
        }
        String old = "head\n" + lines("a", 5_000);
        String first = post(P, Map.of("name", "big/reorder", "content", old, "message", "m")).str("commit");
        String second = commit("big/reorder", first, reordered.toString());
        assertThat(get(P + "/" + enc("big/reorder") + "?ref=" + second).str("content")).isEqualTo(reordered.toString());

        Res unified = get(P + "/" + enc("big/reorder") + "/diff?from=" + first + "&to=" + second);
        assertThat(unified.status()).isEqualTo(200);
        assertThat(unified.text()).startsWith("--- a/big/reorder\n+++ b/big/reorder\n@@ -1,5001 +1,5001 @@\n head\n");
        Res json = get(P + "/" + enc("big/reorder") + "/diff?from=" + first + "&to=" + second + "&format=json");
        assertThat(json.map()).containsEntry("minimal", false);
        assertThat((List<?>) json.map().get("hunks")).hasSize(1);
    }

    /**
     * Starts {@code held} with the gate armed and, once it is held inside a diff, checks that writes of every kind
     * (on a prompt {@code other} whose head is {@code otherHead}) complete while it waits; then lets it finish.
     */
    private Res heldWhileOthersWrite(java.util.function.Supplier<Res> held, String other, String otherHead,
            String newPrompt) throws Exception {
        diffing = new CountDownLatch(1);
        release = new CountDownLatch(1);
        armed = true;
        CompletableFuture<Res> slow = CompletableFuture.supplyAsync(held);
        try {
            assertThat(diffing.await(30, TimeUnit.SECONDS)).as("the slow write reached its diff").isTrue();
            CompletableFuture<List<Integer>> others = CompletableFuture.supplyAsync(() -> List.of(
                    post(P + "/" + enc(other) + "/commits", Map.of("branch", "main", "expectedHead", otherHead,
                            "content", "y\n", "message", "m")).status(),
                    put(P + "/" + enc(other) + "/labels/production", Map.of("commit", otherHead)).status(),
                    post(P, Map.of("name", newPrompt, "content", "z\n", "message", "m")).status()));
            assertThat(others.get(30, TimeUnit.SECONDS)).containsExactly(201, 200, 201);
            assertThat(slow).as("the slow write is still in its diff").isNotDone();
        } finally {
            armed = false;
            release.countDown();
        }
        return slow.get(60, TimeUnit.SECONDS);
    }

    @Test
    void otherWritesAreNotHeldBehindALargeCommitBeingPrepared() throws Exception {
        String big = post(P, Map.of("name", "big/slow", "content", lines("a", 20_000), "message", "m")).str("commit");
        String small = post(P, Map.of("name", "small/one", "content", "x\n", "message", "m")).str("commit");

        Res bigCommit = heldWhileOthersWrite(() -> post(P + "/" + enc("big/slow") + "/commits", Map.of("branch",
                "main", "expectedHead", big, "content", lines("b", 20_000) + GATE + "\n", "message", "big")),
                "small/one", small, "small/two");
        assertThat(bigCommit.status()).isEqualTo(201);
    }

    @Test
    void otherWritesAreNotHeldBehindAMergeBeingPrepared() throws Exception {
        String base = post(P, Map.of("name", "big/merge", "content", lines("a", 5_000), "message", "m")).str("commit");
        String m = P + "/" + enc("big/merge");
        assertThat(post(m + "/branches", Map.of("name", "feature", "from", base)).status()).isEqualTo(201);
        String feature = post(m + "/commits", Map.of("branch", "feature", "expectedHead", base,
                "content", lines("a", 5_000) + GATE + "\n", "message", "feature")).str("commit");
        String main = commit("big/merge", base, "top\n" + lines("a", 5_000));
        String small = post(P, Map.of("name", "small/three", "content", "x\n", "message", "m")).str("commit");

        Res merge = heldWhileOthersWrite(() -> post(m + "/merges", Map.of("source", "feature", "target", "main",
                "expectedTargetHead", main, "message", "merge")), "small/three", small, "small/four");
        assertThat(merge.status()).as("%s", merge).isEqualTo(201);
        assertThat(get(m + "?ref=main").str("content")).isEqualTo("top\n" + lines("a", 5_000) + GATE + "\n");
        assertThat(feature).isNotNull();
    }
}
