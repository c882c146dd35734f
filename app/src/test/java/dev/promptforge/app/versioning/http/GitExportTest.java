package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The export stream is fed to the real {@code git fast-import}; the repository it builds must match the store. */
@MicronautTest
class GitExportTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";

    private String commit(String name, String branch, String head, String content) {
        return post(P + "/" + enc(name) + "/commits", Map.of("branch", branch, "expectedHead", head, "content", content,
                "message", "edit on " + branch, "author", "ada@example.com")).str("commit");
    }

    static String git(Path repo, byte[] stdin, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        int code = p.waitFor();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("git %s: %s", String.join(" ", args), text).isZero();
        return text;
    }

    @Test
    void gitFastImportRebuildsTheSameHistory() throws Exception {
        String name = "export/Quoted \"name\" ✓";
        String base = post(P, Map.of("name", name, "content", "one\ntwo\nthree\n", "message", "first\n\nbody",
                "author", "Ada Lovelace", "config", Map.of("model", "m1"))).str("commit");
        post(P + "/" + enc(name) + "/branches", Map.of("name", "side"));
        String onMain = commit(name, "main", base, "ONE\ntwo\nthree\n");
        String onSide = commit(name, "side", base, "one\ntwo\nTHREE");
        Res merge = post(P + "/" + enc(name) + "/merges", Map.of("source", "side", "target", "main",
                "expectedTargetHead", onMain));
        assertThat(merge.status()).as(merge.toString()).isEqualTo(201);
        put(P + "/" + enc(name) + "/labels/production", Map.of("commit", onSide));

        Res export = get(P + "/" + enc(name) + "/export");
        assertThat(export.status()).isEqualTo(200);
        Path repo = Files.createTempDirectory("export");
        git(repo, null, "init", "-q");
        git(repo, export.body(), "fast-import", "--quiet");

        assertThat(git(repo, null, "rev-list", "--all", "--count").strip()).isEqualTo("4");
        String path = name;
        assertThat(git(repo, null, "show", "refs/heads/main:" + path)).isEqualTo("ONE\ntwo\nTHREE");
        assertThat(git(repo, null, "show", "refs/tags/production:" + path)).isEqualTo("one\ntwo\nTHREE");
        assertThat(git(repo, null, "show", "refs/heads/side:" + path + ".config.json")).isEqualTo("{\"model\":\"m1\"}");
        assertThat(git(repo, null, "rev-list", "--parents", "-n", "1", "refs/heads/main").strip().split(" ")).hasSize(3);
        assertThat(git(repo, null, "log", "--format=%an|%s", "refs/heads/main").lines().toList())
                .contains("Ada Lovelace|first", "ada@example.com|edit on main");
        assertThat(git(repo, null, "fsck", "--strict")).doesNotContain("error");
    }
}
