package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Damage stored rows directly in the database file and check nothing wrong is ever served. */
@MicronautTest
class IntegrityApiTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";

    @Inject
    HikariDataSource dataSource;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("promptforge.version-cache-chars", "0", "promptforge.stored-version-cache-bytes", "0");
    }

    private String create(String name, String content) {
        return post(P, Map.of("name", name, "content", content, "message", "m")).str("commit");
    }

    private String commit(String name, String head, String content) {
        Res r = post(P + "/" + enc(name) + "/commits", Map.of("branch", "main", "expectedHead", head,
                "content", content, "message", "m"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.str("commit");
    }

    private void flipPayloadByte(String commit, int index) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            byte[] payload;
            try (PreparedStatement ps = c.prepareStatement("SELECT payload, storage FROM commits WHERE id = ?")) {
                ps.setString(1, commit);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    payload = rs.getBytes(1);
                }
            }
            payload[Math.min(index, payload.length - 1)] ^= 0x20;
            try (PreparedStatement ps = c.prepareStatement("UPDATE commits SET payload = ? WHERE id = ?")) {
                ps.setBytes(1, payload);
                ps.setString(2, commit);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private String storage(String commit) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT storage FROM commits WHERE id = ?")) {
            ps.setString(1, commit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void aFlippedByteInADeltaFailsThatVersionAndItsDescendantsAndVerifyNamesExactlyIt() throws Exception {
        String text = "line\n".repeat(200);
        String v1 = create("damaged/one", text);
        String v2 = commit("damaged/one", v1, text + "second\n");
        String v3 = commit("damaged/one", v2, text + "second\nthird\n");
        String other = create("healthy/other", "fine\n");
        assertThat(storage(v1)).isEqualTo("snapshot");
        assertThat(storage(v2)).isEqualTo("delta");

        flipPayloadByte(v2, 5);

        assertThat(get(P + "/" + enc("damaged/one") + "/commits/" + v1).status()).isEqualTo(200);
        for (String broken : List.of(v2, v3)) {
            Res r = get(P + "/" + enc("damaged/one") + "/commits/" + broken);
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.str("code")).isEqualTo("versioning.integrity");
            assertThat(r.str("detail")).contains(v2.substring(0, 12));
            assertThat(r.text()).doesNotContain("second");
        }
        Res head = get(P + "/" + enc("damaged/one"));
        assertThat(head.status()).isEqualTo(500);
        assertThat(get(P + "/" + enc("healthy/other")).str("content")).isEqualTo("fine\n");

        Res verify = post("/api/v1/verify", Map.of());
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.map().get("ok")).isEqualTo(false);
        assertThat((List<Object>) verify.map().get("bad")).singleElement()
                .satisfies(b -> assertThat((Map<Object, Object>) b).containsEntry("commit", v2).containsEntry("prompt", "damaged/one"));
        assertThat((List<Object>) verify.map().get("unreadable")).singleElement()
                .satisfies(b -> assertThat((Map<Object, Object>) b).containsEntry("commit", v3));
        Res healthy = get(P + "/" + enc("healthy/other") + "/verify");
        assertThat(healthy.map()).containsEntry("ok", true).containsEntry("checked", 1);
        assertThat(other).isNotNull();
    }

    @Test
    void aFlippedByteInASnapshotIsCaughtByTheContentHash() throws Exception {
        String v1 = create("damaged/snapshot", "short text that is stored uncompressed? no: long enough ".repeat(3));
        flipPayloadByte(v1, 40);
        Res r = get(P + "/" + enc("damaged/snapshot") + "?ref=main");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.str("code")).isEqualTo("versioning.integrity");
        assertThat(r.str("commit")).isEqualTo(v1);
        Res verify = get(P + "/" + enc("damaged/snapshot") + "/verify");
        assertThat((List<Object>) verify.map().get("bad")).singleElement()
                .satisfies(b -> assertThat((Map<Object, Object>) b).containsEntry("commit", v1));
    }

    @Test
    void anAlteredCommitMessageNoLongerHashesToItsId() throws Exception {
        String v1 = create("damaged/meta", "text\n");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE commits SET message = 'forged' WHERE id = ?")) {
            ps.setString(1, v1);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        Res r = get(P + "/" + enc("damaged/meta") + "/commits/" + v1);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.str("detail")).contains("do not hash to the commit id");
    }
}
