package dev.promptforge.app.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the server does with request bodies that are valid JSON but not what the client means to store: text that
 * is not Unicode, members no request type has, numbers sent as strings, limits of the JSON parser. Each is a 400
 * naming the member, in the client's terms; nothing is stored changed or dropped.
 */
@MicronautTest
class StrictRequestBodiesTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";
    private static final String R = "/api/v1/runs";
    private String prompt;
    private String head;

    @BeforeAll
    void createPrompt() {
        prompt = "strict/" + UUID.randomUUID().toString().substring(0, 8);
        Res r = post(P, Map.of("name", prompt, "content", "Classify {{x}}", "message", "m"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        head = r.str("commit");
    }

    private Res postJson(String path, String json) {
        return postRaw(path, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private String openRun() {
        Res r = postJson(R, "{\"prompt\":\"" + prompt + "\",\"dataset\":\"d\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.str("id");
    }

    @SuppressWarnings("unchecked")
    private static void assertFieldError(Res r, String code, String field, String messagePart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.str("code")).as(r.toString()).isEqualTo(code);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) r.map().get("errors");
        assertThat(errors).as(r.toString()).anySatisfy(e -> {
            assertThat(e.get("field")).isEqualTo(field);
            assertThat((String) e.get("message")).contains(messagePart);
        });
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("StreamReadConstraints")
                .doesNotContain("dev.promptforge").doesNotContain("io.micronaut");
    }

    @Test
    void loneSurrogatesInVersioningTextAreRefusedNamingTheFieldInsteadOfStoredAsQuestionMarks() {
        String name = prompt + "-u";
        assertFieldError(postJson(P, "{\"name\":\"" + name + "\",\"content\":\"x\",\"message\":\"m\",\"author\":\"\\ud800\"}"),
                "versioning.invalid-author", "author", "unpaired surrogate");
        assertThat(get(P + "/" + enc(name)).status()).as("nothing was created").isEqualTo(404);
        assertFieldError(postJson(P + "/" + enc(prompt) + "/commits", "{\"branch\":\"main\",\"expectedHead\":\""
                + head + "\",\"content\":\"y\",\"message\":\"m\",\"author\":\"a\\udc00\"}"),
                "versioning.invalid-author", "author", "unpaired surrogate");
        assertFieldError(put(P + "/" + enc(prompt) + "/labels/r1", "{\"commit\":\"" + head + "\",\"reason\":\"\\ud800\"}"),
                "versioning.invalid-reason", "reason", "unpaired surrogate");
        assertFieldError(put(P + "/" + enc(prompt) + "/labels/r2", "{\"commit\":\"" + head + "\",\"actor\":\"\\udc00\"}"),
                "versioning.invalid-author", "actor", "unpaired surrogate");
        assertFieldError(postJson(P + "/" + enc(prompt) + "/branches", "{\"name\":\"b1\",\"actor\":\"\\ud800\"}"),
                "versioning.invalid-author", "actor", "unpaired surrogate");
        assertThat(get(P + "/" + enc(prompt) + "/labels").items()).as("no label was moved").isEmpty();
        assertThat(get(P + "/" + enc(prompt) + "/commits").items()).hasSize(1);
        // a pair is one character: stored and served as sent
        Res pair = put(P + "/" + enc(prompt) + "/labels/r3", "{\"commit\":\"" + head
                + "\",\"reason\":\"\\ud83d\\ude00 launch\",\"actor\":\"\\ud83d\\ude00\"}");
        assertThat(pair.status()).as(pair.toString()).isEqualTo(200);
        Map<String, Object> move = get(P + "/" + enc(prompt) + "/refs/r3/history").items().get(0);
        assertThat(move).containsEntry("reason", "\uD83D\uDE00 launch").containsEntry("actor", "\uD83D\uDE00");
    }

    @Test
    void loneSurrogatesInARunAreRefusedNamingTheField() {
        String prompt = this.prompt + "-runs"; // no other test opens runs of it
        assertThat(post(P, Map.of("name", prompt, "content", "x", "message", "m")).status()).isEqualTo(201);
        assertFieldError(postJson(R, "{\"prompt\":\"" + prompt + "\",\"dataset\":\"\\uD800\"}"),
                "evaluation.invalid-dataset", "dataset", "unpaired surrogate");
        assertFieldError(postJson(R, "{\"prompt\":\"" + prompt + "\",\"dataset\":\"d\",\"ci\":{\"branch\":\"f\\udc00\"}}"),
                "evaluation.invalid-ci", "ci.branch", "unpaired surrogate");
        assertFieldError(postJson(R, "{\"prompt\":\"" + prompt + "\",\"dataset\":\"d\",\"ci\":{\"sourceCommit\":\"\\ud800\"}}"),
                "evaluation.invalid-ci", "ci.sourceCommit", "unpaired surrogate");
        assertFieldError(postJson(R, "{\"prompt\":\"" + prompt + "\",\"dataset\":\"d\",\"ci\":{\"pipelineUrl\":\"\\ud800\"}}"),
                "evaluation.invalid-ci", "ci.pipelineUrl", "unpaired surrogate");
        assertThat(get(R + "?prompt=" + enc(prompt)).items()).as("no run was opened").isEmpty();
    }

    @Test
    void anEventWithALoneSurrogateIsRefusedSoAGenuineQuestionMarkIdIsNotADuplicate() {
        String run = openRun();
        String events = R + "/" + run + "/events";
        assertFieldError(postJson(events, "[{\"id\":\"\\ud800x\",\"case\":\"c\",\"metrics\":{\"a\":1}}]"),
                "evaluation.invalid-events", "items[0].id", "unpaired surrogate");
        Res genuine = postJson(events, "[{\"id\":\"?x\",\"case\":\"c\",\"metrics\":{\"a\":1}}]");
        assertThat(genuine.status()).as(genuine.toString()).isEqualTo(200);
        assertThat(genuine.map()).containsEntry("accepted", 1).containsEntry("duplicates", 0);
        for (String field : List.of("case", "model", "input", "output")) {
            String body = "{\"id\":\"e-" + field + "\"," + (field.equals("case") ? "" : "\"case\":\"c\",") + "\""
                    + field + "\":\"\\udc00\"}";
            assertFieldError(postJson(events, "[" + body + "]"), "evaluation.invalid-events", "items[0]." + field,
                    "unpaired surrogate");
            assertFieldError(postRaw(events, body.getBytes(StandardCharsets.UTF_8), "application/x-ndjson"),
                    "evaluation.invalid-events", "items[0]." + field, "unpaired surrogate");
        }
        assertFieldError(postJson(events, "[{\"id\":\"m\",\"case\":\"c\",\"metadata\":{\"k\":\"\\ud800\"}}]"),
                "evaluation.invalid-events", "items[0].metadata", "unpaired surrogate");
        assertThat(get(R + "/" + run).map()).containsEntry("eventCount", 1);
        Res pair = postJson(events, "[{\"id\":\"\\ud83d\\ude00\",\"case\":\"\\ud83d\\ude00\",\"metadata\":{\"k\":\"\\ud83d\\ude00\"}}]");
        assertThat(pair.status()).as(pair.toString()).isEqualTo(200);
        assertThat(get(events).items()).extracting(e -> e.get("id")).contains("?x", "\uD83D\uDE00");
    }

    @Test
    void deepNestingInAnEventBatchIsA400InPlainWordsNotA500() {
        String events = R + "/" + openRun() + "/events";
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Res top = postJson(events, deep);
        assertFieldError(top, "request.invalid-json", "body", "nesting deeper than 1000 levels is not accepted");
        Res metadata = postJson(events, "[{\"id\":\"m1\",\"case\":\"c\",\"metadata\":{\"a\":" + deep + "}}]");
        assertFieldError(metadata, "request.invalid-json", "body", "nesting deeper than 1000 levels is not accepted");
        Res ndjson = postRaw(events, ("{\"id\":\"m2\",\"case\":\"c\",\"metadata\":{\"a\":" + deep + "}}")
                .getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        assertFieldError(ndjson, "evaluation.invalid-events", "items[0]", "nesting deeper than 1000 levels is not accepted");
        Res number = postJson(events, "[{\"id\":\"n\",\"case\":\"c\",\"metrics\":{\"a\":" + "9".repeat(2000) + "}}]");
        assertFieldError(number, "request.invalid-json", "body", "a number longer than 1000 digits is not accepted");
    }

    @Test
    void parserLimitsOnOtherBodiesAreSaidInPlainWords() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Res config = postJson(P, "{\"name\":\"" + prompt + "-deep\",\"content\":\"x\",\"message\":\"m\",\"config\":{\"a\":"
                + deep + "}}");
        assertFieldError(config, "request.invalid", "config", "nesting deeper than 1000 levels is not accepted");
        Res number = postJson(P, "{\"name\":\"" + prompt + "-num\",\"content\":\"x\",\"message\":\"m\",\"config\":{\"t\":"
                + "9".repeat(2000) + "}}");
        assertFieldError(number, "request.invalid", "config", "a number longer than 1000 digits is not accepted");
        assertThat(BodyErrors.plain("Document nesting depth (1001) exceeds the maximum allowed (1000, from "
                + "`StreamReadConstraints.getMaxNestingDepth()`)")).isEqualTo("nesting deeper than 1000 levels is not accepted");
        assertThat(BodyErrors.plain("Name length (60000) exceeds the maximum allowed (50000, from "
                + "`StreamReadConstraints.getMaxNameLength()`)"))
                .isEqualTo("a member name longer than 50000 characters is not accepted");
    }

    @Test
    void aMemberNoRequestTypeHasIsA400NamingItsPath() {
        assertFieldError(postJson(P, "{\"name\":\"" + prompt + "-bogus\",\"content\":\"x\",\"message\":\"m\",\"bogus\":1}"),
                "request.invalid", "bogus", "unknown field");
        assertThat(get(P + "/" + enc(prompt + "-bogus")).status()).isEqualTo(404);
        assertFieldError(postJson(R, "{\"prompt\":\"" + prompt + "\",\"dataset\":\"d\",\"baseline\":{\"lable\":\"prod\"}}"),
                "request.invalid", "baseline.lable", "unknown field");
        assertFieldError(postJson(R, "{\"prompt\":\"" + prompt + "\",\"dataset\":\"d\",\"baselne\":{\"label\":\"prod\"}}"),
                "request.invalid", "baselne", "unknown field");
        String run = openRun();
        Res low = postJson(R + "/" + run + "/events", "[{\"id\":\"1\",\"case\":\"c\",\"metrics\":{\"acc\":0.1}}]");
        assertThat(low.status()).as(low.toString()).isEqualTo(200);
        assertFieldError(postJson(R + "/" + run + "/complete", "{\"thresholds\":{\"acc\":{\"minimum\":0.99}}}"),
                "request.invalid", "thresholds.acc.minimum",
                "unknown field 'minimum'; known fields: minDelta, maxRegression, min, direction");
        assertFieldError(postJson(R + "/" + run + "/complete", "{\"threshold\":{\"acc\":{\"min\":0.99}}}"),
                "request.invalid", "threshold", "unknown field");
        assertThat(get(R + "/" + run).str("status")).as("the run is still open").isEqualTo("open");
        Res gate = postJson(R + "/" + run + "/complete", "{\"thresholds\":{\"acc\":{\"min\":0.99}}}");
        assertThat(gate.status()).as(gate.toString()).isEqualTo(200);
        assertThat(gate.str("verdict")).isEqualTo("fail");
    }

    @Test
    void aNumberSentAsAStringIsA400LikeAStringSentAsANumber() {
        String run = openRun();
        Res r = postJson(R + "/" + run + "/complete", "{\"thresholds\":{\"acc\":{\"min\":\"0.5\"}}}");
        assertFieldError(r, "request.invalid", "thresholds.acc.min", "expected a number, got a string");
        assertThat(get(R + "/" + run).str("status")).isEqualTo("open");
        Res name = postJson(P, "{\"name\":123,\"content\":\"x\",\"message\":\"m\"}");
        assertFieldError(name, "request.invalid", "name", "expected a string, got a number");
    }
}
