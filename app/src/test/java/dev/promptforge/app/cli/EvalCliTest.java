package dev.promptforge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CI client against the real server: streams a results file, prints a verdict, exits by it. */
@MicronautTest
class EvalCliTest extends ApiTestSupport {
    record Result(int code, String out, String err) {
    }

    private Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new EvalCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path results(String name, double accuracy, int n) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            // every other line has no id: the CLI gives it line-<n>
            sb.append(i % 2 == 0 ? "{\"id\":\"case-" + i + "\"," : "{").append("\"case\":\"c").append(i)
                    .append("\",\"metrics\":{\"accuracy\":").append(accuracy + (i % 3) * 0.01).append("},\"passed\":true}\n");
        }
        Path file = dataDir.resolve(name + ".jsonl");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void pushesARunAndExitsByTheVerdict() throws Exception {
        post("/api/v1/prompts", Map.of("name", "cli/prompt", "content", "x", "message", "m"));
        put("/api/v1/prompts/" + enc("cli/prompt") + "/labels/production", Map.of("commit", "main"));
        String url = this.server.getURL().toString();
        Result base = cli("eval", "push", results("golden", 0.9, 2500).toString(), "--prompt", "cli/prompt",
                "--server", url, "--threshold", "accuracy:min=0.5", "--batch", "1000");
        assertThat(base.code()).as(base.err()).isZero();
        assertThat(base.out()).contains("verdict: pass");
        assertThat(base.err()).contains("sent 2,500/2,500 events (100%)").contains("2500 stored, 0 already there");

        Result worse = cli("eval", "push", results("golden", 0.7, 300).toString(), "--prompt", "cli/prompt",
                "--server", url, "--baseline-label", "production", "--threshold", "accuracy:maxRegression=0.02");
        assertThat(worse.code()).as(worse.err()).isEqualTo(1);
        assertThat(worse.out()).contains("verdict: fail").contains("accuracy: fell from");

        Result usage = cli("eval", "push", "missing.jsonl", "--prompt", "x");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("results file not found");
        Result down = cli("eval", "push", results("x", 0.5, 1).toString(), "--prompt", "cli/prompt", "--server",
                "http://127.0.0.1:1");
        assertThat(down.code()).isEqualTo(2);
        assertThat(down.err()).contains("cannot reach the promptforge server");
    }

    @Test
    void addsAnIdToLinesWithoutOne() throws Exception {
        assertThat(EvalCli.withId("{\"case\":\"a\"}", 7)).isEqualTo("{\"id\":\"line-7\",\"case\":\"a\"}");
        assertThat(EvalCli.withId("{}", 3)).isEqualTo("{\"id\":\"line-3\"}");
        assertThat(EvalCli.withId("{\"id\":\"x\",\"case\":\"a\"}", 7)).isEqualTo("{\"id\":\"x\",\"case\":\"a\"}");
    }
}
