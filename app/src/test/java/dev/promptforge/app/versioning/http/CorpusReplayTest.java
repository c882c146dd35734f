package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.XZInputStream;

/**
 * Replays real prompt histories through the REST API as commits, reads every version back and verifies the store.
 * The server's text cache is off so every read rebuilds from the stored deltas.
 */
@MicronautTest
class CorpusReplayTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("promptforge.version-cache-chars", "0");
    }

    record Stored(String name, String commit, String content) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"awesome-chatgpt-prompts.prompts.jsonl.xz", "awesome-chatgpt-prompts.PROMPTS-md.jsonl.xz"})
    void everyVersionReadsBackByteIdenticalAndVerifyFindsNothing(String file) throws Exception {
        Map<String, String> names = new HashMap<>();
        Map<String, String> heads = new HashMap<>();
        List<Stored> stored = new ArrayList<>();
        String prefix = file.contains("PROMPTS-md") ? "md" : "prompts";
        try (InputStream in = getClass().getResourceAsStream("/corpus/" + file);
                BufferedReader lines = new BufferedReader(new InputStreamReader(new XZInputStream(in),
                        StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> v = json.readValue(line, Map.class);
                String upstream = (String) v.get("prompt");
                // corpus names may hold newlines or 500+ characters: give each prompt a valid name
                String name = names.computeIfAbsent(upstream, u -> "corpus/" + prefix + "/" + String.format("%05d", names.size()));
                String content = (String) v.get("content");
                String message = ((String) v.get("message")).isBlank() ? "(no message)" : (String) v.get("message");
                Res r;
                if (!heads.containsKey(name)) {
                    r = post(P, Map.of("name", name, "content", content, "message", message, "author", "corpus"));
                } else {
                    r = post(P + "/" + enc(name) + "/commits", Map.of("branch", "main", "expectedHead", heads.get(name),
                            "content", content, "message", message, "author", "corpus"));
                }
                assertThat(r.status()).as("%s seq %s: %s", upstream, v.get("seq"), r).isEqualTo(201);
                heads.put(name, r.str("commit"));
                stored.add(new Stored(name, r.str("commit"), content));
            }
        }
        assertThat(stored).hasSizeGreaterThan(300);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Stored s : stored) {
            Res r = get(P + "/" + enc(s.name()) + "/commits/" + s.commit());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            String content = r.str("content");
            assertThat(content).as("content of %s %s", s.name(), s.commit()).isEqualTo(s.content());
            assertThat(r.str("contentHash"))
                    .isEqualTo(HexFormat.of().formatHex(sha.digest(s.content().getBytes(StandardCharsets.UTF_8))));
        }
        Res verify = post("/api/v1/verify", Map.of());
        assertThat(verify.map()).containsEntry("ok", true);
        assertThat(((Number) verify.map().get("checked")).longValue()).isGreaterThanOrEqualTo(stored.size());
    }
}
