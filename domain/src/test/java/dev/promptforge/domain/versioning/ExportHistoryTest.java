package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.IntegrityViolation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportHistoryTest {
    private static final String P = "support/triage";
    private final VersioningFixture fx = VersioningFixture.inMemory().build();

    private byte[] export() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fx.export.export(WS, name(P), out);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void feedsGitFastImportTheSameHistoryByteForByte(@TempDir Path dir) throws IOException {
        GitCli.assumeAvailable();
        fx.create(P, "Hello {{name}}\r\nHow can I help?\r\nBye\r\n", "{\"model\":\"m\"}");
        fx.commit(P, "main", "Hello {{name}}\r\nHow can I help? 😀\r\nBye\r\n");
        fx.branch(P, "feature", "main");
        Commit ours = fx.commit(P, "main", "Hi {{name}}\r\nHow can I help? 😀\r\nBye\r\n");
        fx.commit(P, "feature", "Hello {{name}}\r\nHow can I help? 😀\r\nGoodbye, lone \r in here", "{\"model\":\"n\"}", "f");
        fx.label(P, "production", "feature");
        Commit merge = ((MergeOutcome.Merged) fx.merge(P, "feature", "main")).commit();
        fx.branch(P, "blank", "feature");
        fx.commit(P, "blank", "");
        Path stream = dir.resolve("stream");
        Files.write(stream, export());
        Path repo = Files.createDirectory(dir.resolve("repo"));

        GitCli.run(repo, null, "init", "-q");
        GitCli.run(repo, stream, "fast-import", "--quiet");

        assertThat(GitCli.runText(repo, "rev-list", "--all", "--count").strip())
                .isEqualTo(Integer.toString(fx.graph(P).size()));
        for (String branch : new String[] {"main", "feature", "blank"}) {
            assertThat(GitCli.run(repo, null, "show", "refs/heads/" + branch + ":" + P)).as(branch)
                    .isEqualTo(utf8(fx.text(P, branch)));
        }
        assertThat(GitCli.run(repo, null, "show", "refs/tags/production:" + P)).isEqualTo(utf8(fx.text(P, "production")));
        assertThat(GitCli.run(repo, null, "show", "refs/heads/main:" + P + ".config.json"))
                .isEqualTo(utf8(merge.config()));
        assertThat(GitCli.runText(repo, "rev-list", "--all", "--merges", "--count").strip()).isEqualTo("1");
        assertThat(GitCli.runText(repo, "rev-list", "--parents", "-n", "1", "refs/heads/main").strip().split(" "))
                .hasSize(3);
        assertThat(GitCli.run(repo, null, "show", "refs/heads/main^1:" + P)).isEqualTo(utf8(fx.text(P, ours.id().hex())));
        assertThat(GitCli.runText(repo, "log", "-1", "--format=%an|%ae|%at", "refs/heads/main").strip())
                .isEqualTo(merge.author() + "|" + merge.author() + "|" + merge.committedAt().getEpochSecond());
        assertThat(GitCli.runText(repo, "cat-file", "commit", "refs/heads/main")).endsWith("\n\n" + merge.message());
    }

    @Test
    void exportsAPromptWhoseNameNeedsQuoting(@TempDir Path dir) throws IOException {
        GitCli.assumeAvailable();
        String odd = "team \"α\"/Zoë's prompt #1";
        fx.create(odd, "first\n", "{\"m\":1}");
        fx.commit(odd, "main", "second\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fx.export.export(WS, name(odd), out);
        Path stream = dir.resolve("stream");
        Files.write(stream, out.toByteArray());
        Path repo = Files.createDirectory(dir.resolve("repo"));

        GitCli.run(repo, null, "init", "-q");
        GitCli.run(repo, stream, "fast-import", "--quiet");

        assertThat(GitCli.run(repo, null, "show", "refs/heads/main:" + odd)).isEqualTo(utf8("second\n"));
        assertThat(GitCli.run(repo, null, "show", "refs/heads/main:" + odd + ".config.json")).isEqualTo(utf8("{\"m\":1}"));
        assertThat(GitCli.runText(repo, "rev-list", "--all", "--count").strip()).isEqualTo("2");
    }

    @Test
    void writesOneCommitPerVersionThenTheRefs() {
        Commit root = fx.create(P, "a\n");
        fx.commit(P, "main", "b\n");
        fx.label(P, "production", root.id().hex());

        String stream = new String(export(), StandardCharsets.UTF_8);

        assertThat(stream).startsWith("commit refs/heads/main\nmark :1\noriginal-oid " + root.id() + "\n");
        assertThat(stream).contains("M 100644 inline \"support/triage\"\ndata 2\na\n");
        assertThat(stream).contains("reset refs/heads/main\nfrom :2\n\n").contains("reset refs/tags/production\nfrom :1\n\n");
        assertThat(stream).endsWith("done\n");
    }

    @Test
    void stopsAtDamagedHistory() {
        fx.create(P, "a\n");
        Commit c = fx.commit(P, "main", "b\n");
        fx.memoryVersions().tamper(c.id(), bytes -> utf8("c\n"));

        assertThatThrownBy(this::export).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.subject()).isEqualTo(c.id().hex()));
    }
}
