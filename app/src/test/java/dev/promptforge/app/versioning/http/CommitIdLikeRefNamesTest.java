package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A ref is a branch, a label or a commit id (full, or a prefix of at least 8 hex digits): no branch or label may
 * take a name that reads as a commit id, and one stored before that rule never hides the commit it reads as.
 */
@MicronautTest
class CommitIdLikeRefNamesTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";

    private String[] twoCommits(String name) {
        String old = post(P, Map.of("name", name, "content", "old\n", "message", "m")).str("commit");
        String cur = post(P + "/" + enc(name) + "/commits", Map.of("branch", "main", "expectedHead", old,
                "content", "current\n", "message", "m")).str("commit");
        return new String[] {old, cur};
    }

    private static void assertRefused(Res r, String field) {
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.str("code")).isEqualTo("versioning.invalid-ref-name");
        assertThat(r.str("detail")).contains("commit id");
        assertThat((List<?>) r.map().get("errors")).singleElement()
                .satisfies(e -> assertThat(((Map<?, ?>) e).get("field")).isEqualTo(field));
    }

    @Test
    void branchesAndLabelsNamedLikeACommitIdAreRefusedAndTheCommitStillReads() {
        String[] c = twoCommits("hexnames/one");
        String old = c[0];
        String cur = c[1];
        String base = P + "/" + enc("hexnames/one");
        for (String hexName : List.of(cur, cur.substring(0, 8), "deadbeef", "DEADBEEF00", "0".repeat(64))) {
            assertRefused(post(base + "/branches", Map.of("name", hexName, "from", old)), "name");
            assertRefused(put(base + "/labels/" + hexName, Map.of("commit", old)), "label");
        }
        // not a commit id: too short, too long, or not all hex
        for (String fine : List.of("deadbee", "a".repeat(65), "deadbeeg", "release-0dfce3f9")) {
            assertThat(post(base + "/branches", Map.of("name", fine, "from", old)).status()).as(fine).isEqualTo(201);
        }
        assertThat(get(base + "?ref=" + cur).str("content")).isEqualTo("current\n");
        assertThat(get(base + "?ref=" + cur.substring(0, 8)).str("content")).isEqualTo("current\n");
    }

    @Test
    void aStoredRefNamedLikeACommitIdNeverHidesThatCommit() throws Exception {
        String[] c = twoCommits("hexnames/legacy");
        String old = c[0];
        String cur = c[1];
        String base = P + "/" + enc("hexnames/legacy");
        String unmatched = cur.startsWith("abcdef01") ? "abcdef02" : "abcdef01";
        // as an older server could have stored them: two branches named like CUR (full and abbreviated) at OLD,
        // and one named like no commit
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
                PreparedStatement ps = conn.prepareStatement("INSERT INTO refs (prompt_id, name, workspace_id, kind,"
                        + " commit_id, updated_at) SELECT prompt_id, ?, workspace_id, 'branch', ?, updated_at"
                        + " FROM refs WHERE name = 'main' AND commit_id = ?")) {
            for (String name : List.of(cur, cur.substring(0, 8), unmatched)) {
                ps.setString(1, name);
                ps.setString(2, old);
                ps.setString(3, cur);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        for (String ref : List.of(cur, cur.substring(0, 8))) {
            Res r = get(base + "?ref=" + ref);
            assertThat(r.str("commit")).as(ref).isEqualTo(cur);
            assertThat(r.str("content")).as(ref).isEqualTo("current\n");
            assertThat(get(base + "/diff?from=" + old + "&to=" + ref).text()).as(ref).contains("+current");
        }
        // a name that matches no commit still reaches its branch
        assertThat(get(base + "?ref=" + unmatched).str("content")).isEqualTo("old\n");
        assertThat(get(base + "/branches").items()).extracting(m -> m.get("name")).contains(cur, unmatched);
    }
}
