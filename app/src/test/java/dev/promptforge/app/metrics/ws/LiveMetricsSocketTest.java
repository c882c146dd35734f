package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest
class LiveMetricsSocketTest extends LiveTestSupport {
    private static final Duration QUIET = Duration.ofMillis(700);

    @Inject
    LiveMetricsHub hub;

    /** The start of the hour {@code hoursAgo} hours back: fixed buckets however long the test takes. */
    private static Instant hour(int hoursAgo) {
        return Instant.now().truncatedTo(ChronoUnit.HOURS).minus(hoursAgo, ChronoUnit.HOURS);
    }

    @Test
    void sendsASnapshotThenOnlyTheChangedBucketsWithTheirTotals() {
        String run = openRun(newPrompt());
        Instant h = hour(3);
        Instant earlier = hour(5);
        postEvents(run, List.of(accuracy("a", 0.5, h.plusSeconds(600)), accuracy("b", 1.0, h.plusSeconds(1200))));
        LiveClient client = connect();

        client.send(subscribe("acc", "run:" + run, "accuracy"));
        Map<String, Object> snapshot = client.next("snapshot", "acc", WAIT);
        assertThat(snapshot).containsEntry("scope", "run:" + run).containsEntry("metric", "accuracy")
                .containsEntry("bucket", "hour");
        assertThat(items(snapshot)).hasSize(1);
        assertThat(count(item(snapshot, "accuracy", h))).isEqualTo(2);
        assertThat(sum(item(snapshot, "accuracy", h))).isCloseTo(1.5, within(1e-9));
        assertThat(item(snapshot, "accuracy", h)).containsKeys("mean", "min", "max", "p50", "p90", "p99");

        postEvents(run, List.of(accuracy("c", 0.25, h.plusSeconds(60))));
        Map<String, Object> first = client.next("update", "acc", WAIT);
        assertThat(seq(first)).isGreaterThan(seq(snapshot));
        assertThat(items(first)).hasSize(1);
        assertThat(count(item(first, "accuracy", h))).isEqualTo(3);
        assertThat(sum(item(first, "accuracy", h))).isCloseTo(1.75, within(1e-9));

        postEvents(run, List.of(accuracy("d", 1.0, earlier)));
        Map<String, Object> second = client.next("update", "acc", WAIT);
        assertThat(seq(second)).isGreaterThan(seq(first));
        assertThat(items(second)).as("the unchanged bucket is not sent again").hasSize(1);
        assertThat(count(item(second, "accuracy", earlier))).isEqualTo(1);

        postEvents(run, List.of(event("e", h, Map.of("faithfulness", 0.9))));
        assertThat(client.drain(QUIET)).as("another metric changed").isEmpty();
    }

    @Test
    void coalescesManySmallBatchesIntoFewUpdatesThatEndAtTheTotals() {
        String run = openRun(newPrompt());
        Instant h = hour(2);
        LiveClient client = connect();
        client.send(subscribe("acc", "run:" + run, "accuracy"));
        long last = seq(client.next("snapshot", "acc", WAIT));

        int batches = 30;
        long started = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            postEvents(run, List.of(accuracy("e" + i, i % 2, h.plusSeconds(i))));
        }
        long postingMs = (System.nanoTime() - started) / 1_000_000;
        List<Map<String, Object>> updates = new ArrayList<>();
        Map<String, Object> u;
        do {
            u = client.next("update", "acc", WAIT);
            updates.add(u);
        } while (count(item(u, "accuracy", h)) < batches);
        updates.addAll(client.drain(QUIET));

        for (Map<String, Object> update : updates) {
            assertThat(seq(update)).isGreaterThan(last);
            last = seq(update);
        }
        Map<String, Object> totals = item(updates.get(updates.size() - 1), "accuracy", h);
        assertThat(count(totals)).isEqualTo(batches);
        assertThat(sum(totals)).isCloseTo(batches / 2.0, within(1e-9));
        assertThat(updates).as("%d batches in %d ms", batches, postingMs)
                .hasSizeLessThan(batches)
                .hasSizeLessThanOrEqualTo((int) (postingMs / (hub.minGap() / 1_000_000)) + 3);
    }

    @Test
    void servesSeveralScopesOnOneConnection() {
        String prompt = newPrompt();
        String run = openRun(prompt);
        String commit = get("/api/v1/runs/" + run).str("commit");
        Instant h = hour(1);
        LiveClient client = connect();
        client.send(subscribe("run", "run:" + run, "accuracy"));
        client.send(subscribe("prompt", "prompt:" + prompt, null));
        client.send(subscribe("commit", "commit:" + commit, "accuracy"));
        client.send(subscribe("run-all", "run:" + run, null));
        assertThat(items(client.next("snapshot", "run", WAIT))).isEmpty();
        assertThat(items(client.next("snapshot", "prompt", WAIT))).isEmpty();
        assertThat(items(client.next("snapshot", "commit", WAIT))).isEmpty();
        assertThat(items(client.next("snapshot", "run-all", WAIT))).isEmpty();

        Map<String, Object> passed = new LinkedHashMap<>(accuracy("a", 0.5, h));
        passed.put("passed", true);
        postEvents(run, List.of(passed));
        Map<String, Object> one = client.next("update", "run", WAIT);
        assertThat(items(one)).extracting(i -> i.get("metric")).containsExactly("accuracy");
        assertThat(count(item(one, "accuracy", h))).isEqualTo(1);
        Map<String, Object> all = client.next("update", "prompt", WAIT);
        assertThat(items(all)).extracting(i -> i.get("metric")).containsExactly("_passed", "accuracy");
        assertThat(items(client.next("update", "run-all", WAIT))).extracting(i -> i.get("metric"))
                .containsExactly("_passed", "accuracy");
        assertThat(count(item(client.next("update", "commit", WAIT), "accuracy", h))).isEqualTo(1);

        String other = openRun(prompt);
        postEvents(other, List.of(accuracy("b", 1.0, h)));
        List<Map<String, Object>> next = client.drain(Duration.ofSeconds(1));
        assertThat(next).as("the other run's change reaches neither of this run's subscriptions")
                .extracting(m -> m.get("id")).containsExactlyInAnyOrder("prompt", "commit");
        assertThat(next).allSatisfy(m -> assertThat(count(item(m, "accuracy", h))).isEqualTo(2));
    }

    @Test
    void aResumedSubscriptionSeesEveryChangeMadeWhileDisconnected() {
        String run = openRun(newPrompt());
        Instant h = hour(4);
        Instant later = hour(2);
        LiveClient first = connect();
        first.send(subscribe("acc", "run:" + run, "accuracy"));
        first.next("snapshot", "acc", WAIT);
        postEvents(run, List.of(accuracy("a", 1.0, h)));
        long seen = seq(first.next("update", "acc", WAIT));
        first.close();

        postEvents(run, List.of(accuracy("b", 0.5, h), accuracy("c", 0.5, later)));
        postEvents(run, List.of(accuracy("d", 0.25, later)));
        postEvents(run, List.of(event("e", h, Map.of("faithfulness", 1.0))));

        LiveClient again = connect();
        again.send(resume("acc", "run:" + run, "accuracy", seen));
        Map<String, Object> missed = again.next(m -> "acc".equals(m.get("id")), WAIT);
        assertThat(missed).containsEntry("type", "update");
        assertThat(seq(missed)).isGreaterThan(seen);
        assertThat(items(missed)).extracting(i -> i.get("start")).containsExactly(h.toString(), later.toString());
        assertThat(count(item(missed, "accuracy", h))).isEqualTo(2);
        assertThat(sum(item(missed, "accuracy", h))).isCloseTo(1.5, within(1e-9));
        assertThat(count(item(missed, "accuracy", later))).isEqualTo(2);
        assertThat(sum(item(missed, "accuracy", later))).isCloseTo(0.75, within(1e-9));

        postEvents(run, List.of(accuracy("f", 1.0, later)));
        Map<String, Object> live = again.next("update", "acc", WAIT);
        assertThat(seq(live)).isGreaterThan(seq(missed));
        assertThat(count(item(live, "accuracy", later))).isEqualTo(3);

        again.send(resume("same", "run:" + run, "accuracy", seq(live)));
        Map<String, Object> nothing = again.next(m -> "same".equals(m.get("id")), WAIT);
        assertThat(nothing).containsEntry("type", "update");
        assertThat(items(nothing)).isEmpty();
    }

    @Test
    void aResumeFromForgottenOrForeignHistoryGetsAFreshSnapshot() {
        String run = openRun(newPrompt());
        Instant h = hour(1);
        postEvents(run, List.of(accuracy("a", 1.0, h)));
        LiveClient client = connect();

        client.send(resume("old", "run:" + run, "accuracy", 0));
        Map<String, Object> old = client.next(m -> "old".equals(m.get("id")), WAIT);
        assertThat(old).containsEntry("type", "snapshot");
        assertThat(count(item(old, "accuracy", h))).isEqualTo(1);

        client.send(resume("future", "run:" + run, "accuracy", seq(old) + 1_000_000_000L));
        Map<String, Object> future = client.next(m -> "future".equals(m.get("id")), WAIT);
        assertThat(future).as("a number from a server that has since restarted").containsEntry("type", "snapshot");
        assertThat(count(item(future, "accuracy", h))).isEqualTo(1);
    }

    @Test
    void noUpdateFollowsAnUnsubscribe() {
        String run = openRun(newPrompt());
        Instant h = hour(1);
        LiveClient client = connect();
        client.send(subscribe("a", "run:" + run, null));
        client.send(subscribe("b", "run:" + run, "accuracy"));
        client.next("snapshot", "a", WAIT);
        client.next("snapshot", "b", WAIT);

        client.send(Map.of("type", "unsubscribe", "id", "a"));
        assertThat(client.next(WAIT)).containsEntry("type", "unsubscribed").containsEntry("id", "a");
        postEvents(run, List.of(accuracy("x", 1.0, h)));
        assertThat(client.next(WAIT)).containsEntry("type", "update").containsEntry("id", "b");
        assertThat(client.drain(QUIET)).isEmpty();
    }

    @Test
    void aReadingClientsBurstOfMessagesIsAnsweredNotTakenForASlowReader() {
        String run = openRun(newPrompt());
        LiveClient client = connect();
        int burst = 60; // under max-queued-messages (64), over twice max-outstanding-sends (16)
        for (int i = 0; i < burst; i++) {
            client.send(Map.of("type", "ping"));
        }
        for (int i = 0; i < burst; i++) {
            assertThat(client.next(WAIT).get("type")).as("answer %d of %d", i + 1, burst).isEqualTo("pong");
        }
        client.send(subscribe("after-burst", "run:" + run, null));
        assertThat(client.next("snapshot", "after-burst", WAIT)).isNotNull();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void answersEachBadMessageWithAnErrorAndKeepsTheConnectionUsable() {
        String run = openRun(newPrompt());
        LiveClient client = connect();

        assertError(client, "{\"type\":\"subscribe\",", null, "live.invalid-message");
        assertError(client, "[1,2]", null, "live.invalid-message");
        assertError(client, "{\"id\":\"x\"}", "x", "live.invalid-message");
        assertError(client, "{\"type\":\"dance\"}", null, "live.unknown-type");
        // every message type refuses fields it does not have (ping and pong ignored them)
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"a\\ud800\",\"scope\":\"run:" + run + "\"}", null,
                "live.invalid-message");
        assertError(client, "{\"type\":\"ping\",\"x\":1}", null, "live.invalid-message");
        assertError(client, "{\"type\":\"pong\",\"zzz\":1}", null, "live.invalid-message");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:" + run + "\",\"metrics\":\"a\"}",
                "x", "live.invalid-message");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":7}", "x", "live.invalid-message");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"galaxy:1\"}", "x",
                "evaluation.invalid-scope");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:nope\"}", "x",
                "evaluation.invalid-run-id");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:run_01ARZ3NDEKTSV4RRFFQ69G5FAV\"}",
                "x", "evaluation.run-not-found");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"commit:abc\"}", "x",
                "versioning.invalid-commit-id");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:" + run + "\",\"bucket\":\"minute\"}",
                "x", "evaluation.invalid-bucket");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:" + run + "\",\"metric\":\"no way\"}",
                "x", "evaluation.invalid-metric");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:" + run
                + "\",\"from\":\"2030-01-02T00:00:00Z\",\"to\":\"2030-01-01T00:00:00Z\"}", "x",
                "evaluation.invalid-range");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:" + run + "\",\"from\":\"soon\"}",
                "x", "evaluation.invalid-range");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:" + run
                + "\",\"from\":\"+300000000-01-01T00:00:00Z\",\"to\":\"+300000000-01-02T00:00:00Z\"}", "x",
                "evaluation.invalid-range");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"x\",\"scope\":\"run:" + run
                + "\",\"to\":\"-999999999-01-01T00:00:00Z\"}", "x", "evaluation.invalid-range");
        assertError(client, "{\"type\":\"resume\",\"id\":\"x\",\"scope\":\"run:" + run + "\"}", "x",
                "live.invalid-message");
        assertError(client, "{\"type\":\"unsubscribe\",\"id\":\"ghost\"}", "ghost", "live.unknown-subscription");
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"" + "x".repeat(20_000) + "\",\"scope\":\"run:" + run
                + "\"}", null, "live.frame-too-large");
        assertError(client, "{\"type\":\"ping\",\"pad\":\"" + "é".repeat(9_000) + "\"}", null,
                "live.frame-too-large");

        client.send(subscribe("ok", "run:" + run, null));
        client.next("snapshot", "ok", WAIT);
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"ok\",\"scope\":\"run:" + run + "\"}", "ok",
                "live.duplicate-subscription");
        for (int i = 1; i < 32; i++) {
            client.send(subscribe("s" + i, "run:" + run, null));
            client.next("snapshot", "s" + i, WAIT);
        }
        assertError(client, "{\"type\":\"subscribe\",\"id\":\"s32\",\"scope\":\"run:" + run + "\"}", "s32",
                "live.too-many-subscriptions");

        client.send(Map.of("type", "ping"));
        assertThat(client.next(WAIT)).containsEntry("type", "pong");
        client.send(Map.of("type", "unsubscribe", "id", "s1"));
        client.next("unsubscribed", "s1", WAIT);
        client.send(subscribe("last", "run:" + run, "accuracy"));
        assertThat(client.next(WAIT)).containsEntry("type", "snapshot").containsEntry("id", "last");
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void aMessageBeyondTheJsonParsersLimitsIsAnsweredInPlainWords() {
        LiveClient client = connect();
        client.sendText("[".repeat(2_000) + "]".repeat(2_000));
        Map<String, Object> deep = client.next(WAIT);
        assertThat(deep).containsEntry("type", "error").containsEntry("code", "live.invalid-message");
        assertThat((String) deep.get("detail")).contains("nesting deeper than 1000 levels is not accepted")
                .doesNotContain("StreamReadConstraints");
        client.send(Map.of("type", "ping"));
        assertThat(client.next(WAIT)).containsEntry("type", "pong");
    }

    @Test
    void aMessageInSeveralFramesIsJoinedUpToTheCapAndClosedWith1009Beyond() {
        String run = openRun(newPrompt());
        LiveClient client = connect();
        client.sendFragments("{\"type\":\"subscribe\",\"id\":\"frag\",\"scope\":\"run:" + run + "\"}", 7);
        client.next("snapshot", "frag", WAIT);
        String padded = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(100_000) + "\"}";
        client.sendFragments(padded, 16_384);
        assertThat(client.next(WAIT)).as("over max-frame-bytes, under the cap: answered in words")
                .containsEntry("type", "error").containsEntry("code", "live.frame-too-large");

        String oversized = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(MetricsSocket.HARD_FRAME_LIMIT) + "\"}";
        client.sendFragments(oversized, 16_384);
        LiveClient.Close close = client.awaitClose(WAIT);
        assertThat(close.code()).isEqualTo(1009);
        assertThat(close.reason()).startsWith("message too big");
    }

    private static void assertError(LiveClient client, String text, String id, String code) {
        client.sendText(text);
        Map<String, Object> error = client.next(WAIT);
        assertThat(error).as(text.length() > 200 ? text.substring(0, 200) : text)
                .containsEntry("type", "error").containsEntry("code", code).containsEntry("id", id);
        assertThat((String) error.get("detail")).isNotBlank();
    }
}
