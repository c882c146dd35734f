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
        return cliWith(Map.of(), args);
    }

    private Result cliWith(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new EvalCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
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
        assertThat(EvalCli.withId("{\"case\":\"a\"}", 7))
                .isEqualTo(new EvalCli.Line("{\"id\":\"line-7\",\"case\":\"a\"}", "line-7"));
        assertThat(EvalCli.withId("{}", 3)).isEqualTo(new EvalCli.Line("{\"id\":\"line-3\"}", "line-3"));
        assertThat(EvalCli.withId("{\"id\":\"x\",\"case\":\"a\"}", 7))
                .isEqualTo(new EvalCli.Line("{\"id\":\"x\",\"case\":\"a\"}", "x"));
        assertThat(EvalCli.withId("\uFEFF{\"id\":5}", 1)).as("a byte order mark is skipped")
                .isEqualTo(new EvalCli.Line("{\"id\":5}", "5"));
    }

    private int runs(String prompt) {
        return get("/api/v1/runs?prompt=" + enc(prompt) + "&limit=200").items().size();
    }

    private Path file(String name, String text) throws Exception {
        Path f = dataDir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Mistakes that let the gate pass, or left an open run holding part of the results: exit 2, nothing opened. */
    @Test
    void refusesBeforeOpeningARunWhatWouldMisleadTheGate() throws Exception {
        post("/api/v1/prompts", Map.of("name", "cli/strict", "content", "x", "message", "m"));
        String url = this.server.getURL().toString();
        Path good = results("strict", 0.9, 20);
        StringBuilder dup = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            dup.append("{\"id\":\"e").append(i % 15).append("\",\"metrics\":{\"accuracy\":0.9}}\n");
        }
        String[][] cases = {
            // a typo in an option name passed the gate without the threshold
            {"unknown option --treshold", good.toString(), "--treshold", "accuracy:min=0.99"},
            // the second spec of a metric replaced the first
            {"the threshold of 'accuracy' is given twice", good.toString(), "--threshold", "accuracy:min=0.95",
                "--threshold", "accuracy:direction=increase"},
            {"'min' is given twice", good.toString(), "--threshold", "accuracy:min=0.95,min=0.1"},
            // with --batch 10 the repeats were dropped as retries and the gate passed
            {"line 16 has the id 'e0' of line 1", file("dup.jsonl", dup.toString()).toString(), "--batch", "10"},
            {"line 2 has the id 'line-1' of line 1", file("coll.jsonl",
                "{\"case\":\"a\"}\n{\"id\":\"line-1\"}\n").toString()},
            {"holds no results", file("empty.jsonl", "\n  \n").toString()},
            {"line 3 is not valid JSON", file("bad.jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\n").toString()},
            {"line 2 has more after its JSON object", file("two.jsonl", "{}\n{\"id\":\"b\"} {\"id\":\"c\"}\n").toString()},
            {"line 1: \"id\" must be a string", file("objid.jsonl", "{\"id\":{}}\n").toString()},
            {"--batch must be a whole number from 1 to 10000, not abc", good.toString(), "--batch", "abc"},
            {"--batch must be a whole number from 1 to 10000, not 0", good.toString(), "--batch", "0"},
            {"--batch must be a whole number from 1 to 10000, not 10001", good.toString(), "--batch", "10001"},
            {"give --baseline-label or --baseline-run, not both", good.toString(), "--baseline-label", "x",
                "--baseline-run", "y"},
            {"missing value for --prompt", good.toString(), "--prompt", "--ref", "main"},
            {"--dataset is given twice", good.toString(), "--dataset", "a", "--dataset", "b"},
        };
        for (String[] c : cases) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("eval", "push"));
            args.addAll(java.util.List.of(c).subList(1, c.length));
            if (!args.contains("--prompt")) {
                args.addAll(java.util.List.of("--prompt", "cli/strict"));
            }
            args.addAll(java.util.List.of("--server", url));
            Result r = cli(args.toArray(String[]::new));
            assertThat(r.code()).as(c[0] + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(c[0]).contains(c[0]).doesNotContain("\tat ").doesNotContain("Exception");
        }
        byte[] notUtf8 = "{\"id\":\"a\"}\n{\"id\":\"\u00ff\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        Path latin = dataDir.resolve("latin.jsonl");
        Files.write(latin, notUtf8);
        Result bad = cli("eval", "push", latin.toString(), "--prompt", "cli/strict", "--server", url);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("line 2 of").contains("is not valid UTF-8");
        for (String server : new String[] {"localhost:1", "http://local host", ""}) {
            Result r = cliWith(Map.of("PROMPTFORGE_URL", server), "eval", "push", good.toString(), "--prompt", "x");
            assertThat(r.code()).as(server).isEqualTo(2);
            assertThat(r.err()).as(server).contains("is not an http(s) URL").doesNotContain("Exception");
        }
        assertThat(runs("cli/strict")).as("no run was opened by any of them").isZero();

        Result help = cli("eval", "push", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("usage:");
    }

    @Test
    void aPushThatStoppedIsFinishedIntoTheSameRunWithRun() throws Exception {
        post("/api/v1/prompts", Map.of("name", "cli/resume", "content", "x", "message", "m"));
        String url = this.server.getURL().toString();
        String run = post("/api/v1/runs", Map.of("prompt", "cli/resume", "dataset", "resume")).str("id");
        Path all = results("resume", 0.9, 30);
        // a push that stopped after storing the first 15 events (as the CLI sends them: ids added)
        java.util.List<String> lines = Files.readAllLines(all);
        StringBuilder stored = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            stored.append(EvalCli.withId(lines.get(i), i + 1).text()).append('\n');
        }
        assertThat(postRaw("/api/v1/runs/" + run + "/events", stored.toString().getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson").status()).isEqualTo(200);

        Result rest = cli("eval", "push", all.toString(), "--prompt", "cli/resume", "--server", url, "--run", run);
        assertThat(rest.code()).as(rest.err()).isZero();
        assertThat(rest.err()).contains("adding to run " + run).contains("15 stored, 15 already there");
        assertThat(runs("cli/resume")).as("no second run").isEqualTo(1);
        assertThat(get("/api/v1/runs/" + run).map()).containsEntry("status", "completed")
                .containsEntry("eventCount", 30);

        // a completed run takes no more events: --run says so before sending any
        Result again = cli("eval", "push", all.toString(), "--prompt", "cli/resume", "--server", url, "--run", run);
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("--run " + run + " is completed");
        Result other = cli("eval", "push", all.toString(), "--prompt", "cli/other", "--server", url, "--run", run);
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("--run " + run + " is a run of 'cli/resume', not of 'cli/other'");
    }

    @Test
    void aBatchTheServerRefusesIsReportedByTheFilesLinesAndTheRunCanBeFinished() throws Exception {
        post("/api/v1/prompts", Map.of("name", "cli/refused", "content", "x", "message", "m"));
        String url = this.server.getURL().toString();
        String text = "{\"id\":\"a\",\"case\":\"a\",\"metrics\":{\"accuracy\":0.9}}\n\n"
                + "{\"id\":\"b\",\"case\":\"b\",\"metrics\":{\"accuracy\":\"high\"}}\n"
                + "{\"id\":\"c\",\"case\":\"c\",\"metrics\":{\"accuracy\":0.8}}\n";
        Result r = cli("eval", "push", file("typed.jsonl", text).toString(), "--prompt", "cli/refused", "--server",
                url, "--batch", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the server refused a batch (400)").contains("line 3, metrics.accuracy")
                .contains("stays open").contains("--run ");
        String run = get("/api/v1/runs?prompt=" + enc("cli/refused")).items().get(0).get("id").toString();
        Result fixed = cli("eval", "push", file("typed2.jsonl", text.replace("\"high\"", "0.7")).toString(),
                "--prompt", "cli/refused", "--server", url, "--run", run);
        assertThat(fixed.code()).as(fixed.err()).isZero();
        assertThat(get("/api/v1/runs/" + run).map()).containsEntry("eventCount", 3);
        assertThat(EvalCli.lineOf("items[1]", java.util.List.of(4L, 9L))).isEqualTo("line 9");
        assertThat(EvalCli.lineOf("body", java.util.List.of(4L))).isEqualTo("body");
    }

    @Test
    void aPartialGithubEnvironmentRecordsNoPipelineLink() throws Exception {
        post("/api/v1/prompts", Map.of("name", "cli/ci", "content", "x", "message", "m"));
        String url = this.server.getURL().toString();
        Result r = cliWith(Map.of("GITHUB_SERVER_URL", "https://github.com", "GITHUB_SHA", "abc123"), "eval",
                "push", results("ci", 0.9, 3).toString(), "--prompt", "cli/ci", "--server", url);
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Object> run = get("/api/v1/runs?prompt=" + enc("cli/ci")).items().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> ci = (Map<String, Object>) get("/api/v1/runs/" + run.get("id")).map().get("ci");
        assertThat(ci).containsEntry("sourceCommit", "abc123").containsEntry("pipelineUrl", null);
    }
}
