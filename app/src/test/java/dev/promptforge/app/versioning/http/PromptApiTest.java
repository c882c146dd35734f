package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@MicronautTest
class PromptApiTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";

    private String uniqueName(String prefix) {
        return prefix + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String create(String name, String content) {
        Res r = post(P, Map.of("name", name, "content", content, "message", "first", "author", "ada"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.str("commit");
    }

    private String commit(String name, String branch, String head, String content) {
        Res r = post(P + "/" + enc(name) + "/commits", Map.of("branch", branch, "expectedHead", head,
                "content", content, "message", "edit", "author", "ada"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.str("commit");
    }

    private void assertProblem(Res r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Map<String, Object> body = r.map();
        assertThat(body).containsKeys("type", "title", "status", "detail", "code");
        assertThat(body.get("status")).isEqualTo(status);
        assertThat(body.get("code")).isEqualTo(code);
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    @Test
    void createsAPromptAndServesItByNameWithSlashes() {
        String name = uniqueName("support/triage");
        String id = create(name, "Hello {{user}}\r\nno newline at end ✓ 🚀");
        Res r = get(P + "/" + enc(name));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.str("name")).isEqualTo(name);
        assertThat(r.str("commit")).isEqualTo(id);
        assertThat(r.str("content")).isEqualTo("Hello {{user}}\r\nno newline at end ✓ 🚀");
        assertThat(r.map()).containsEntry("config", null);
        assertThat(r.etag()).isEqualTo("\"" + id + "\"");
    }

    @Test
    void answersIfNoneMatchWith304UntilTheBranchMoves() {
        String name = uniqueName("etag");
        String first = create(name, "v1\n");
        Res again = get(P + "/" + enc(name), "If-None-Match", "\"" + first + "\"");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.etag()).isEqualTo("\"" + first + "\"");
        String second = commit(name, "main", first, "v2\n");
        Res moved = get(P + "/" + enc(name), "If-None-Match", "\"" + first + "\"");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.str("commit")).isEqualTo(second);
    }

    private static Map<String, Object> withConfig(String name, String content, Map<String, Object> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("content", content);
        body.put("message", "m");
        body.put("config", config);
        return body;
    }

    @Test
    void servesEachRefsOwnBodyAndFollowsALabelThatMoves() {
        String name = uniqueName("fetch");
        String first = post(P, withConfig(name, "v1 ✓\n", Map.of("model", "gpt-4o"))).str("commit");
        put(P + "/" + enc(name) + "/labels/production", Map.of("commit", first));
        for (int i = 0; i < 2; i++) { // the second time from the kept body
            Res label = get(P + "/" + enc(name) + "?ref=production");
            assertThat(label.status()).isEqualTo(200);
            assertThat(label.contentType()).startsWith("application/json");
            assertThat(label.map()).containsEntry("ref", "production").containsEntry("commit", first)
                    .containsEntry("content", "v1 ✓\n").containsEntry("config", Map.of("model", "gpt-4o"));
        }
        assertThat(get(P + "/" + enc(name) + "?ref=main").map()).as("same commit, another ref")
                .containsEntry("ref", "main").containsEntry("commit", first);

        String second = commit(name, "main", first, "v2\n");
        put(P + "/" + enc(name) + "/labels/production", Map.of("commit", second, "expected", first));
        Res moved = get(P + "/" + enc(name) + "?ref=production");
        assertThat(moved.map()).containsEntry("ref", "production").containsEntry("commit", second)
                .containsEntry("content", "v2\n");
        assertThat(moved.etag()).isEqualTo("\"" + second + "\"");
    }

    @Test
    void keepsTheConfigVersionedAndCanonical() {
        String name = uniqueName("config");
        Res created = post(P, withConfig(name, "x", Map.of("temperature", 0.2, "model", "gpt-4o")));
        assertThat(created.status()).isEqualTo(201);
        String head = created.str("commit");
        // a commit without config keeps the head's config
        String second = commit(name, "main", head, "y");
        Res shown = get(P + "/" + enc(name) + "/commits/" + second);
        assertThat(shown.map().get("config")).isEqualTo(Map.of("model", "gpt-4o", "temperature", 0.2));
        Res notObject = post(P + "/" + enc(name) + "/commits", Map.of("branch", "main", "expectedHead", second,
                "content", "z", "message", "m", "config", List.of(1, 2)));
        assertProblem(notObject, 400, "versioning.invalid-config");
        // an unpaired surrogate, refused by every other text field, was stored in config and served back
        for (String bad : List.of("{\"a\":\"\\ud800\"}", "{\"\\udc00\":1}", "{\"a\":[\"x\\ud800\"]}")) {
            Res lone = post(P + "/" + enc(name) + "/commits", "{\"branch\":\"main\",\"expectedHead\":\"" + second
                    + "\",\"content\":\"z\",\"message\":\"m\",\"config\":" + bad + "}");
            assertThat(lone.status()).as(bad).isEqualTo(400);
            assertThat(lone.text()).as(bad).contains("surrogate"); // in a key, Jackson's own refusal
        }
        for (String bad : List.of("{\"a\":\"\\ud800\"}", "{\"a\":[\"x\\ud800\"]}")) {
            Res lone = post(P + "/" + enc(name) + "/commits", "{\"branch\":\"main\",\"expectedHead\":\"" + second
                    + "\",\"content\":\"z\",\"message\":\"m\",\"config\":" + bad + "}");
            assertProblem(lone, 400, "versioning.invalid-config");
            assertThat(lone.text()).as(bad).contains("unpaired surrogate");
        }
        Res paired = post(P + "/" + enc(name) + "/commits", "{\"branch\":\"main\",\"expectedHead\":\"" + second
                + "\",\"content\":\"z\",\"message\":\"m\",\"config\":{\"a\":\"\\ud83d\\ude80\"}}");
        assertThat(paired.status()).as(paired.toString()).isEqualTo(201);
        assertThat(get(P + "/" + enc(name) + "/commits/" + paired.str("commit")).map().get("config"))
                .isEqualTo(Map.of("a", "\uD83D\uDE80"));
    }

    @Test
    void rejectsADuplicateNameWith409() {
        String name = uniqueName("dup");
        create(name, "a");
        assertProblem(post(P, Map.of("name", name, "content", "b", "message", "m")), 409, "versioning.prompt-exists");
    }

    @Test
    void rejectsBadNamesWith400NamingTheField() {
        for (String bad : List.of("", "a//b", "../etc", "a/./b", "trailing/", " lead", "tab\there", "back\\slash",
                "x".repeat(257))) {
            Res r = post(P, Map.of("name", bad, "content", "c", "message", "m"));
            assertProblem(r, 400, "versioning.invalid-name");
            assertThat(r.text()).contains("\"field\":\"name\"");
        }
    }

    @Test
    void rejectsMalformedBodiesWithProblemJson() {
        assertProblem(postRaw(P, "{\"name\": ".getBytes(StandardCharsets.UTF_8), "application/json"), 400,
                "request.invalid");
        byte[] invalidUtf8 = "{\"name\":\"x\",\"content\":\"caf\u00e9\",\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        invalidUtf8[27] = (byte) 0x28; // the lead byte 0xC3 of \u00e9 followed by ASCII '(': not UTF-8
        Res r = postRaw(P, invalidUtf8, "application/json");
        assertProblem(r, 400, "request.invalid");
        assertThat(r.text()).contains("\"field\":\"content\"").contains("Invalid UTF-8").contains("line 1, column")
                .doesNotContain("Requests$").doesNotContain("Failed to convert").doesNotContain("Source: REDACTED");
        // an overlong '/' (C0 AF), which Jackson decoded: it created the folder-style name "ov/x"
        String stem = uniqueName("ov");
        byte[] overlong = ("{\"name\":\"" + stem + "\u00ff\u00ffx\",\"content\":\"c\",\"message\":\"m\"}")
                .getBytes(StandardCharsets.ISO_8859_1);
        int at = new String(overlong, StandardCharsets.ISO_8859_1).indexOf('\u00ff');
        overlong[at] = (byte) 0xC0;
        overlong[at + 1] = (byte) 0xAF;
        Res ov = postRaw(P, overlong, "application/json");
        assertProblem(ov, 400, "request.invalid");
        assertThat(ov.text()).contains("not valid UTF-8: byte " + at + " (0xC0)");
        assertThat(get(P + "/" + enc(stem + "/x")).status()).isEqualTo(404);
        Res number = postRaw(P, "{\"name\":123,\"content\":\"c\",\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertProblem(number, 400, "request.invalid");
        assertThat(number.text()).as("a number is not coerced into a name").contains("\"field\":\"name\"")
                .contains("expected a string, got a number");
        Res object = postRaw(P, ("{\"name\":\"" + uniqueName("o") + "\",\"content\":{\"a\":1},\"message\":true}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(object, 400, "request.invalid");
        assertThat(object.text()).contains("\"field\":\"content\"").contains("expected a string, got a JSON object");
        Res nan = postRaw(P, ("{\"name\":\"" + uniqueName("n") + "\",\"content\":\"c\",\"message\":\"m\","
                + "\"config\":{\"temperature\":NaN}}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(nan, 400, "request.invalid");
        assertThat(nan.text()).contains("\"field\":\"config\"").contains("'NaN' is not a JSON value");
        String first = uniqueName("d1");
        Res twice = postRaw(P, ("{\"name\":\"" + first + "\",\"name\":\"" + uniqueName("d2")
                + "\",\"content\":\"c\",\"message\":\"m\"}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(twice, 400, "request.invalid");
        assertThat(twice.text()).as("a field given twice is ambiguous, not first- or last-wins")
                .contains("Duplicate field 'name'");
        assertThat(get(P + "/" + first).status()).isEqualTo(404);
        String trailing = uniqueName("t1");
        Res two = postRaw(P, ("{\"name\":\"" + trailing + "\",\"content\":\"c\",\"message\":\"m\"}\n{\"name\":\""
                + uniqueName("t2") + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(two, 400, "request.invalid");
        assertThat(two.text()).as("a second value is not silently dropped")
                .contains("more than one JSON value").contains("line 2, column 1");
        Res garbage = postRaw(P, ("{\"name\":\"" + trailing + "\",\"content\":\"c\",\"message\":\"m\"} }x")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(garbage, 400, "request.invalid");
        assertThat(garbage.text()).contains("content after its JSON value").contains("line 1, column");
        assertThat(get(P + "/" + trailing).status()).isEqualTo(404);
        String spaced = uniqueName("ws");
        Res whitespace = postRaw(P, ("{\"name\":\"" + spaced + "\",\"content\":\"c\",\"message\":\"m\"}\r\n \t")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(whitespace.status()).as("whitespace after the object is still one value").isEqualTo(201);
        Res array = postRaw(P, "[1,2]".getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(array, 400, "request.invalid");
        assertThat(array.text()).contains("expected a JSON object, got an array");
        Res empty = postRaw(P, new byte[0], "application/json");
        assertProblem(empty, 400, "request.invalid");
        assertThat(empty.text()).contains("no body");
        Res surrogate = postRaw(P, ("{\"name\":\"" + uniqueName("s") + "\",\"content\":\"\\ud800\",\"message\":\"m\"}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(surrogate, 400, "versioning.invalid-content");
        Res missing = post(P, Map.of("name", uniqueName("nocontent"), "message", "m"));
        assertProblem(missing, 400, "versioning.invalid-content");
        Res noMessage = post(P, Map.of("name", uniqueName("nomsg"), "content", "c"));
        assertProblem(noMessage, 400, "versioning.invalid-message");
    }

    @Test
    void rejectsContentOverTheLimitWith413() {
        String big = "x".repeat(2 * 1024 * 1024 + 1);
        Res r = post(P, Map.of("name", uniqueName("big"), "content", big, "message", "m"));
        assertProblem(r, 413, "versioning.content-too-large");
        assertThat(r.map()).containsEntry("limit", 2 * 1024 * 1024);
    }

    @Test
    void answersUnknownPromptsRefsAndRoutesWith404() {
        assertProblem(get(P + "/" + enc("no/such/prompt")), 404, "versioning.prompt-not-found");
        String name = uniqueName("refs");
        create(name, "a");
        assertProblem(get(P + "/" + enc(name) + "?ref=nope"), 404, "versioning.ref-not-found");
        assertProblem(get(P + "/" + enc(name) + "?ref=deadbeefdeadbeef"), 404, "versioning.ref-not-found");
        assertProblem(get(P + "/" + enc(name) + "?ref=" + enc("no spaces")), 400, "versioning.invalid-ref");
        assertProblem(get("/api/v1/nothing-here"), 404, "request.not-found");
        assertProblem(delete(P), 405, "request.method-not-allowed");
    }

    @Test
    void readsByBranchLabelFullIdAndAbbreviatedId() {
        String name = uniqueName("resolve");
        String first = create(name, "one\n");
        String second = commit(name, "main", first, "two\n");
        Res label = put(P + "/" + enc(name) + "/labels/production", Map.of("commit", first.substring(0, 10)));
        assertThat(label.status()).as(label.toString()).isEqualTo(200);
        assertThat(label.str("result")).isEqualTo("created");
        assertThat(get(P + "/" + enc(name) + "?ref=production").str("content")).isEqualTo("one\n");
        assertThat(get(P + "/" + enc(name) + "?ref=" + second).str("content")).isEqualTo("two\n");
        assertThat(get(P + "/" + enc(name) + "?ref=" + second.substring(0, 8)).str("commit")).isEqualTo(second);
        assertThat(get(P + "/" + enc(name) + "/commits/" + first.substring(0, 12)).str("content")).isEqualTo("one\n");
        assertProblem(get(P + "/" + enc(name) + "/commits/main"), 400, "versioning.invalid-commit-id");
    }

    @Test
    void rejectsAStaleCommitWith409CarryingTheCurrentHead() {
        String name = uniqueName("stale");
        String first = create(name, "a\n");
        String second = commit(name, "main", first, "b\n");
        Res stale = post(P + "/" + enc(name) + "/commits", Map.of("branch", "main", "expectedHead", first,
                "content", "c\n", "message", "late"));
        assertProblem(stale, 409, "versioning.ref-stale");
        assertThat(stale.str("currentHead")).isEqualTo(second);
        assertThat(get(P + "/" + enc(name) + "/commits").items()).hasSize(2);
    }

    @Test
    void logsNewestFirstWithParentsAndPages() {
        String name = uniqueName("log");
        String head = create(name, "0\n");
        for (int i = 1; i < 5; i++) {
            head = commit(name, "main", head, i + "\n");
        }
        Res page1 = get(P + "/" + enc(name) + "/commits?limit=3");
        assertThat(page1.items()).hasSize(3);
        assertThat(page1.items().get(0).get("id")).isEqualTo(head);
        assertThat((List<Object>) page1.items().get(0).get("parents")).containsExactly(page1.items().get(1).get("id"));
        Res page2 = get(P + "/" + enc(name) + "/commits?limit=3&cursor=" + page1.str("nextCursor"));
        assertThat(page2.items()).hasSize(2);
        assertThat(page2.map().get("nextCursor")).isNull();
        assertThat((List<Object>) page2.items().get(1).get("parents")).isEmpty();
        assertProblem(get(P + "/" + enc(name) + "/commits?limit=0"), 400, "versioning.invalid-limit");
        assertProblem(get(P + "/" + enc(name) + "/commits?limit=abc"), 400, "request.invalid-parameter");
    }

    @Test
    void diffsAsUnifiedTextAndJsonHunks() {
        String name = uniqueName("diff");
        String a = create(name, "one\ntwo\nthree\n");
        String b = commit(name, "main", a, "one\n2\nthree");
        Res unified = get(P + "/" + enc(name) + "/diff?from=" + a + "&to=main&format=unified");
        assertThat(unified.status()).isEqualTo(200);
        assertThat(unified.contentType()).startsWith("text/x-diff");
        assertThat(unified.text()).isEqualTo("--- a/" + name + "\n+++ b/" + name + "\n@@ -1,3 +1,3 @@\n one\n-two\n"
                + "-three\n+2\n+three\n\\ No newline at end of file\n");
        Res hunks = get(P + "/" + enc(name) + "/diff?from=" + a + "&to=" + b + "&format=json");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> h = (List<Map<String, Object>>) hunks.map().get("hunks");
        assertThat(h).hasSize(1);
        assertThat(h.get(0)).containsEntry("oldStart", 1).containsEntry("newLines", 3);
        // format names the representation whatever Accept prefers (an Accept of text/x-diff was a 500: no encoder)
        for (String accept : List.of("text/x-diff", "text/plain", "application/json;q=0.1, text/x-diff")) {
            Res asked = get(P + "/" + enc(name) + "/diff?from=" + a + "&to=" + b + "&format=json", "Accept", accept);
            assertThat(asked.status()).as(accept).isEqualTo(200);
            assertThat(asked.contentType()).as(accept).startsWith("application/json");
            assertThat(asked.map().get("hunks")).as(accept).isEqualTo(h);
        }
        Res unifiedForJson = get(P + "/" + enc(name) + "/diff?from=" + a + "&to=main", "Accept", "application/json");
        assertThat(unifiedForJson.status()).isEqualTo(200);
        assertThat(unifiedForJson.contentType()).startsWith("text/x-diff");
        assertProblem(get(P + "/" + enc(name) + "/diff?from=" + a), 400, "versioning.invalid-ref");
        assertProblem(get(P + "/" + enc(name) + "/diff?from=" + a + "&to=main&format=xml"), 400,
                "versioning.invalid-format");
    }

    @Test
    void branchesLabelsAndTheirRecordedHistory() {
        String name = uniqueName("refs");
        String first = create(name, "a\n");
        Res branch = post(P + "/" + enc(name) + "/branches", Map.of("name", "feature/short", "from", "main"));
        assertThat(branch.status()).isEqualTo(201);
        assertProblem(post(P + "/" + enc(name) + "/branches", Map.of("name", "feature/short")), 409,
                "versioning.ref-exists");
        assertProblem(post(P + "/" + enc(name) + "/branches", Map.of("name", "feature/short/x")), 409,
                "versioning.ref-name-conflict");
        assertProblem(put(P + "/" + enc(name) + "/labels/feature", Map.of("commit", first)), 409,
                "versioning.ref-name-conflict");
        String onBranch = commit(name, "feature/short", first, "b\n");
        assertThat(get(P + "/" + enc(name) + "/branches").items()).extracting(m -> m.get("name"))
                .containsExactly("feature/short", "main");
        put(P + "/" + enc(name) + "/labels/production", Map.of("commit", first, "reason", "launch"));
        Res stale = put(P + "/" + enc(name) + "/labels/production", Map.of("commit", onBranch, "expected", onBranch));
        assertProblem(stale, 409, "versioning.ref-stale");
        // an id that names no commit: the caller's view is out of date all the same (it was a 404)
        Res unknown = put(P + "/" + enc(name) + "/labels/production", Map.of("commit", onBranch, "expected",
                "0123abcd"));
        assertProblem(unknown, 409, "versioning.ref-stale");
        assertThat(unknown.str("currentHead")).isEqualTo(first);
        Res moved = put(P + "/" + enc(name) + "/labels/production", Map.of("commit", onBranch, "expected", first,
                "reason", "promote"), "X-Promptforge-Actor", "grace");
        assertThat(moved.str("result")).isEqualTo("fast-forward");
        Res history = get(P + "/" + enc(name) + "/refs/production/history");
        assertThat(history.items()).hasSize(2);
        assertThat(history.items().get(0)).containsEntry("from", first).containsEntry("to", onBranch)
                .containsEntry("actor", "grace").containsEntry("reason", "promote");
        assertProblem(put(P + "/" + enc(name) + "/labels/main", Map.of("commit", first)), 400,
                "versioning.not-a-label");
        assertProblem(delete(P + "/" + enc(name) + "/branches/main"), 409, "versioning.main-protected");
        assertThat(delete(P + "/" + enc(name) + "/branches/" + enc("feature/short")).status()).isEqualTo(204);
        assertThat(get(P + "/" + enc(name) + "/refs/" + enc("feature/short") + "/history").items().get(0))
                .containsEntry("to", null);
    }

    @Test
    void mergesCleanlyAndReportsConflictsWithoutWriting() {
        String name = uniqueName("merge");
        String base = create(name, "title\n\nbody one\nbody two\n\nfooter\n");
        post(P + "/" + enc(name) + "/branches", Map.of("name", "b"));
        String onMain = commit(name, "main", base, "TITLE\n\nbody one\nbody two\n\nfooter\n");
        String onB = commit(name, "b", base, "title\n\nbody one\nbody two\n\nFOOTER\n");
        Res merged = post(P + "/" + enc(name) + "/merges", Map.of("source", "b", "target", "main",
                "expectedTargetHead", onMain, "message", "merge b"));
        assertThat(merged.status()).as(merged.toString()).isEqualTo(201);
        String mergeId = merged.str("commit");
        Res shown = get(P + "/" + enc(name) + "/commits/" + mergeId);
        assertThat(shown.str("content")).isEqualTo("TITLE\n\nbody one\nbody two\n\nFOOTER\n");
        assertThat((List<Object>) shown.map().get("parents")).containsExactly(onMain, onB);
        assertThat(post(P + "/" + enc(name) + "/merges", Map.of("source", "b", "target", "main",
                "expectedTargetHead", mergeId)).str("result")).isEqualTo("up-to-date");

        String conflictOnB = commit(name, "b", onB, "title\n\nbody one\nbody 2 from b\n\nFOOTER\n");
        String conflictOnMain = commit(name, "main", mergeId, "TITLE\n\nbody one\nbody II from main\n\nFOOTER\n");
        Res conflict = post(P + "/" + enc(name) + "/merges", Map.of("source", "b", "target", "main",
                "expectedTargetHead", conflictOnMain));
        assertProblem(conflict, 409, "versioning.merge-conflict");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hunks = (List<Map<String, Object>>) conflict.map().get("conflicts");
        assertThat(hunks).hasSize(1);
        assertThat(hunks.get(0).get("ours")).isEqualTo(List.of("body II from main"));
        assertThat(hunks.get(0).get("theirs")).isEqualTo(List.of("body 2 from b"));
        assertThat(get(P + "/" + enc(name)).str("commit")).isEqualTo(conflictOnMain);
        assertThat(conflictOnB).isNotNull();
    }

    @Test
    void fastForwardsAMergeWhenTheTargetHasNothingOfItsOwn() {
        String name = uniqueName("ff");
        String base = create(name, "a\n");
        post(P + "/" + enc(name) + "/branches", Map.of("name", "next"));
        String ahead = commit(name, "next", base, "b\n");
        Res r = post(P + "/" + enc(name) + "/merges", Map.of("source", "next", "target", "main",
                "expectedTargetHead", base));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.str("result")).isEqualTo("fast-forward");
        assertThat(get(P + "/" + enc(name)).str("commit")).isEqualTo(ahead);
    }

    @Test
    void revertsACommitAsANewCommit() {
        String name = uniqueName("revert");
        String a = create(name, "keep\nline\n");
        String b = commit(name, "main", a, "keep\nline\nadded by b\n");
        String c = commit(name, "main", b, "KEEP\nline\nadded by b\n");
        Res r = post(P + "/" + enc(name) + "/reverts", Map.of("commit", b, "branch", "main", "expectedHead", c));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        Res shown = get(P + "/" + enc(name) + "/commits/" + r.str("commit"));
        assertThat(shown.str("content")).isEqualTo("KEEP\nline\n");
        assertThat(shown.str("message")).startsWith("Revert \"edit\"");
    }

    @Test
    void rendersVariablesAndListsMissingOnes() {
        String name = uniqueName("render");
        create(name, "Hi {{ user }}, you have {{count}} {{thing}}.");
        Res ok = post(P + "/" + enc(name) + "/render", Map.of("variables", Map.of("user", "Ada", "count", 3,
                "thing", "$1 \\ items")));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.str("text")).isEqualTo("Hi Ada, you have 3 $1 \\ items.");
        Res missing = post(P + "/" + enc(name) + "/render", Map.of("variables", Map.of("user", "Ada")));
        assertProblem(missing, 400, "versioning.missing-variables");
        assertThat(missing.text()).contains("variables.count").contains("variables.thing");
        // a number past a double's range was reported as a bad config, which render requests do not have
        Res huge = post(P + "/" + enc(name) + "/render", "{\"variables\":{\"user\":\"Ada\",\"count\":1e400,"
                + "\"thing\":\"x\"}}");
        assertProblem(huge, 400, "versioning.invalid-variable");
        assertThat(huge.text()).contains("variables.count").contains("send it as a string").doesNotContain("config");
        Res lone = post(P + "/" + enc(name) + "/render", "{\"variables\":{\"user\":\"A\\ud800\",\"count\":1,"
                + "\"thing\":\"x\"}}");
        assertProblem(lone, 400, "versioning.invalid-variable");
        assertThat(lone.text()).contains("variables.user").contains("unpaired surrogate");
    }

    @Test
    void searchesNamesAndMainContent() {
        String name = uniqueName("searchable");
        String head = create(name, "You are a meticulous zymurgist.\n");
        assertThat(get(P + "?q=zymurg").items()).extracting(m -> m.get("name")).contains(name);
        commit(name, "main", head, "You are a cheerful botanist.\n");
        assertThat(get(P + "?q=zymurgist").items()).extracting(m -> m.get("name")).doesNotContain(name);
        assertThat(get(P + "?q=botanist").items()).extracting(m -> m.get("name")).contains(name);
        assertThat(get(P + "?q=" + enc("\"*)(")).items()).isEmpty();
        assertProblem(get(P + "?cursor=bogus"), 400, "versioning.invalid-cursor");
    }

    @Test
    void theActorHeaderIsReadAsUtf8() throws Exception {
        String name = uniqueName("actor");
        String body = "{\"name\":\"" + name + "\",\"content\":\"c\",\"message\":\"m\"}";
        assertThat(rawPost(P, body, "J\u00fcrgen \uD83D\uDE80".getBytes(StandardCharsets.UTF_8))).startsWith("HTTP/1.1 201");
        assertThat(get(P + "/" + enc(name) + "/commits").items().get(0))
                .as("stored as sent, not read byte by byte as Latin-1").containsEntry("author", "J\u00fcrgen \uD83D\uDE80");
        String other = uniqueName("actor-bad");
        String bad = rawPost(P, body.replace(name, other), new byte[] {'J', (byte) 0xFF, (byte) 0xFE});
        assertThat(bad).startsWith("HTTP/1.1 400").contains("versioning.invalid-author").contains("must be UTF-8 text");
        assertThat(get(P + "/" + enc(other)).status()).isEqualTo(404);
    }

    /** A POST of JSON {@code body} with the actor header's raw bytes (the JDK client refuses non-ASCII headers). */
    private String rawPost(String path, String body, byte[] actor) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\nX-Promptforge-Actor: ")
                    .getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(actor);
            request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(json);
            socket.getOutputStream().write(request.toByteArray());
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servesTheWebUiAndServiceInfo() {
        Res index = get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.text()).contains("<div id=\"app\"");
        Res info = get("/api/v1/info");
        assertThat(info.str("database")).isEqualTo("sqlite");
        assertThat(info.map()).as("API.md: version, database kind, retention").containsEntry("retentionMonths", 18)
                .containsKey("version");
        assertThat(get("/health").status()).isEqualTo(200);
        Res openapi = get("/openapi.yml");
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.text()).contains("/api/v1/prompts/{name}/commits:").contains("operationId: moveLabel")
                .contains("/api/v1/verify:");
    }
}
