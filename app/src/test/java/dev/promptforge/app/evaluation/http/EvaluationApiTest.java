package dev.promptforge.app.evaluation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MicronautTest
class EvaluationApiTest extends ApiTestSupport {
    private static final String R = "/api/v1/runs";
    private String prompt;
    private String head;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("promptforge.max-batch-events", "2000");
    }

    @BeforeAll
    void createPrompt() {
        prompt = "eval/" + UUID.randomUUID().toString().substring(0, 8);
        head = post("/api/v1/prompts", Map.of("name", prompt, "content", "Classify {{x}}", "message", "m")).str("commit");
    }

    private String open(Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("prompt", prompt, "ref", "main", "dataset", "golden",
                "ci", Map.of("sourceCommit", "abc123", "branch", "feature/x", "pipelineUrl", "https://ci/1")));
        body.putAll(extra);
        Res r = post(R, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.str("commit")).isEqualTo(head);
        return r.str("id");
    }

    static Map<String, Object> event(String id, double accuracy, boolean passed, Instant at) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("case", "case-" + id);
        e.put("metrics", Map.of("accuracy", accuracy));
        e.put("passed", passed);
        e.put("latencyMs", 100 + accuracy * 10);
        e.put("tokensIn", 10);
        e.put("tokensOut", 20);
        e.put("cost", 0.002);
        e.put("model", "gpt-4o");
        e.put("at", at.toString());
        return e;
    }

    private long eventCount(String run) {
        return ((Number) get(R + "/" + run).map().get("eventCount")).longValue();
    }

    @Test
    void acceptsARetriedBatchOnceAndCountsDuplicates() {
        String run = open(Map.of());
        Instant now = Instant.now();
        List<Object> batch = List.of(event("a", 0.9, true, now), event("b", 0.8, true, now), event("c", 0.1, false, now));
        Res first = post(R + "/" + run + "/events", batch);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.map()).containsEntry("accepted", 3).containsEntry("duplicates", 0);
        Res retry = post(R + "/" + run + "/events", batch);
        assertThat(retry.map()).containsEntry("accepted", 0).containsEntry("duplicates", 3);
        Res overlap = post(R + "/" + run + "/events", List.of(event("c", 0.1, false, now), event("d", 0.7, true, now)));
        assertThat(overlap.map()).containsEntry("accepted", 1).containsEntry("duplicates", 1);
        assertThat(eventCount(run)).isEqualTo(4);
        Res events = get(R + "/" + run + "/events?limit=3");
        assertThat(events.items()).extracting(m -> m.get("id")).containsExactly("a", "b", "c");
        assertThat(events.str("nextCursor")).isNotNull();
    }

    @Test
    void anIdReusedForADifferentResultRefusesTheBatchWholeWhileARetryWithoutItsTimeIsADuplicate() {
        String run = open(Map.of());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> first = event("r1", 0.9, true, now);
        assertThat(post(R + "/" + run + "/events", List.of(first)).status()).isEqualTo(200);
        Map<String, Object> untimed = new LinkedHashMap<>(event("u1", 0.4, true, now));
        untimed.remove("at");
        assertThat(post(R + "/" + run + "/events", List.of(untimed)).map()).containsEntry("accepted", 1);
        Object before = get("/api/v1/metrics?scope=run:" + run + "&metric=accuracy&bucket=week").map().get("items");

        // the same id for another result, next to a new event: refused whole, naming the id and what differs
        Map<String, Object> otherResult = new LinkedHashMap<>(first);
        otherResult.put("metrics", Map.of("accuracy", 0.1));
        Res reused = post(R + "/" + run + "/events", List.of(event("n1", 0.5, true, now), otherResult));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(400);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.map()).containsEntry("code", "evaluation.event-id-reused");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) reused.map().get("errors");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("field", "items[1].id");
            assertThat((String) e.get("message")).contains("'r1'").contains("metrics.accuracy")
                    .doesNotContain("latencyMs");
        });
        assertThat(eventCount(run)).isEqualTo(2);
        assertThat(get(R + "/" + run + "/events").items()).extracting(m -> m.get("id")).containsExactly("r1", "u1");
        assertThat(get("/api/v1/metrics?scope=run:" + run + "&metric=accuracy&bucket=week").map().get("items"))
                .isEqualTo(before);

        // retries: the same result, and one sent without its time (the server's time differs): duplicates
        Res retry = post(R + "/" + run + "/events", List.of(first, untimed, event("n1", 0.5, true, now)));
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.map()).containsEntry("accepted", 1).containsEntry("duplicates", 2);
        assertThat(eventCount(run)).isEqualTo(3);
    }

    @Test
    void acceptsNdjson() {
        String run = open(Map.of());
        String ndjson = "{\"id\":\"n1\",\"case\":\"c\",\"metrics\":{\"accuracy\":1}}\n\n"
                + "{\"id\":\"n2\",\"case\":\"c\",\"metrics\":{\"accuracy\":0},\"metadata\":{\"k\":[1,2]}}\r\n";
        Res r = postRaw(R + "/" + run + "/events", ndjson.getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.map()).containsEntry("accepted", 2);
        assertThat(get(R + "/" + run + "/events").items().get(1)).containsEntry("metadata", "{\"k\":[1,2]}");
        // an overlong '/' in an event id was decoded and stored as "ol/": the whole batch is refused instead
        byte[] overlong = "{\"id\":\"n3\",\"case\":\"c\",\"metrics\":{\"accuracy\":1}}\n{\"id\":\"ol__\",\"case\":\"c\"}\n"
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(overlong, StandardCharsets.UTF_8).indexOf("__");
        overlong[at] = (byte) 0xC0;
        overlong[at + 1] = (byte) 0xAF;
        Res bad = postRaw(R + "/" + run + "/events", overlong, "application/x-ndjson");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.text()).contains("not valid UTF-8: byte " + at + " (0xC0)");
        assertThat(get(R + "/" + run + "/events").items()).hasSize(2);
    }

    @Test
    void rejectsABatchWithAnyBadItemWholeListingEachByIndex() {
        String run = open(Map.of());
        Instant now = Instant.now();
        String body = "[" + String.join(",",
                "{\"id\":\"ok\",\"case\":\"c\",\"metrics\":{\"accuracy\":0.5}}",
                "{\"id\":\"bad-type\",\"case\":\"c\",\"metrics\":{\"accuracy\":\"NaN\"}}",
                "{\"id\":\"inf\",\"case\":\"c\",\"metrics\":{\"accuracy\":1e999}}",
                "{\"case\":\"no id\"}",
                "{\"id\":\"ok\",\"case\":\"dup\"}",
                "{\"id\":\"old\",\"case\":\"c\",\"at\":\"2001-01-01T00:00:00Z\"}",
                "{\"id\":\"typo\",\"case\":\"c\",\"latency_ms\":5}",
                "{\"id\":\"neg\",\"case\":\"c\",\"tokensIn\":-1,\"passed\":\"yes\"}",
                "{\"id\":\"reserved\",\"case\":\"c\",\"metrics\":{\"_passed\":1}}") + "]";
        Res r = postRaw(R + "/" + run + "/events", body.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.text()).contains("items[1].metrics.accuracy").contains("items[6].latency_ms")
                .contains("items[7].passed").contains("items[8].metrics._passed");
        assertThat(eventCount(run)).isZero();
        // value rules are checked once types are right
        String values = "[" + String.join(",",
                "{\"id\":\"ok\",\"case\":\"c\",\"metrics\":{\"accuracy\":0.5}}",
                "{\"id\":\"inf\",\"case\":\"c\",\"metrics\":{\"accuracy\":1e999}}",
                "{\"case\":\"no id\"}",
                "{\"id\":\"ok\",\"case\":\"dup\"}",
                "{\"id\":\"old\",\"case\":\"c\",\"at\":\"2001-01-01T00:00:00Z\"}",
                "{\"id\":\"neg\",\"case\":\"c\",\"tokensIn\":-1}") + "]";
        Res v = postRaw(R + "/" + run + "/events", values.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(v.status()).isEqualTo(400);
        assertThat(v.str("code")).isEqualTo("evaluation.invalid-events");
        assertThat(v.text()).contains("items[1].metrics.accuracy").contains("items[2].id").contains("items[3].id")
                .contains("items[4].at").contains("items[5].tokensIn").doesNotContain("items[0]");
        assertThat(eventCount(run)).isZero();
        Res malformed = postRaw(R + "/" + run + "/events", "[{\"id\":".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.str("code")).isEqualTo("request.invalid-json");
        assertThat(malformed.str("detail")).contains("line 1").doesNotContain("REDACTED").doesNotContain("[Source");
        assertThat(post(R + "/run_01ARZ3NDEKTSV4RRFFQ69G5FAV/events", List.of(event("x", 1, true, now))).status())
                .isEqualTo(404);
        assertThat(post(R + "/not-a-run/events", List.of()).status()).isEqualTo(400);
    }

    @Test
    void rejectsAnOversizedBatchWith413() {
        String run = open(Map.of());
        List<Object> batch = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 2001; i++) {
            batch.add(event("e" + i, 0.5, true, now));
        }
        Res r = post(R + "/" + run + "/events", batch);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.str("code")).isEqualTo("evaluation.batch-too-large");
        assertThat(eventCount(run)).isZero();
    }

    @Test
    void bucketsEqualTheFiguresRecomputedFromRawEvents() {
        String run = open(Map.of());
        Random random = new Random(42);
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS);
        Map<Instant, List<Double>> byHour = new HashMap<>();
        List<Object> batch = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            Instant at = base.plusSeconds(random.nextInt(5 * 3600));
            double v = Math.round(random.nextGaussian() * 1000) / 1000.0 + 3;
            batch.add(event("r" + i, v, v > 3, at));
            byHour.computeIfAbsent(at.truncatedTo(ChronoUnit.HOURS), k -> new ArrayList<>()).add(v);
        }
        assertThat(post(R + "/" + run + "/events", batch).status()).isEqualTo(200);
        Res m = get("/api/v1/metrics?scope=run:" + run + "&metric=accuracy&bucket=hour&from=" + base.minusSeconds(1)
                + "&to=" + base.plus(6, ChronoUnit.HOURS));
        assertThat(m.status()).as(m.toString()).isEqualTo(200);
        List<Map<String, Object>> items = m.items();
        assertThat(items).hasSize(byHour.size());
        for (Map<String, Object> bucket : items) {
            List<Double> values = byHour.get(Instant.parse((String) bucket.get("start")));
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            assertThat(((Number) bucket.get("count")).intValue()).isEqualTo(values.size());
            assertThat(((Number) bucket.get("sum")).doubleValue()).isCloseTo(Arrays.stream(sorted).sum(), within(1e-9));
            assertThat(((Number) bucket.get("min")).doubleValue()).isEqualTo(sorted[0]);
            assertThat(((Number) bucket.get("max")).doubleValue()).isEqualTo(sorted[sorted.length - 1]);
            for (String q : List.of("p50", "p90", "p99")) {
                double quantile = Integer.parseInt(q.substring(1)) / 100.0;
                double exact = sorted[(int) Math.floor(quantile * (sorted.length - 1))];
                assertThat(((Number) bucket.get(q)).doubleValue()).as(q).isCloseTo(exact, within(Math.abs(exact) * 0.0101));
            }
        }
        Res day = get("/api/v1/metrics?scope=prompt:" + enc(prompt) + "&metric=accuracy&bucket=day");
        long dayCount = day.items().stream().mapToLong(b -> ((Number) b.get("count")).longValue()).sum();
        assertThat(dayCount).isGreaterThanOrEqualTo(1500);
        Res passed = get("/api/v1/metrics?scope=commit:" + head + "&metric=_passed&bucket=week");
        assertThat(passed.items()).isNotEmpty();
        assertThat(get("/api/v1/metrics?scope=galaxy:1").str("code")).isEqualTo("evaluation.invalid-scope");
        assertThat(get("/api/v1/metrics?scope=run:nope").str("code")).isEqualTo("evaluation.invalid-run-id");
        assertThat(get("/api/v1/metrics?scope=commit:" + head.substring(0, 12)).str("code"))
                .as("a commit scope takes the full id").isEqualTo("versioning.invalid-commit-id");
        assertThat(get("/api/v1/metrics?scope=run:" + run + "&bucket=minute").str("code"))
                .isEqualTo("evaluation.invalid-bucket");
        // times that parse but lie beyond epoch milliseconds were a 500 (long overflow)
        for (String range : List.of("&bucket=day&from=%2B300000000-01-01T00:00:00Z&to=%2B300000000-01-02T00:00:00Z",
                "&bucket=week&from=-300000000-01-01T00:00:00Z&to=-300000000-02-01T00:00:00Z",
                "&bucket=day&to=-999999999-01-01T00:00:00Z", "&bucket=day&from=%2B10000-01-01T00:00:00Z")) {
            Res far = get("/api/v1/metrics?scope=prompt:" + enc(prompt) + range);
            assertThat(far.status()).as(range).isEqualTo(400);
            assertThat(far.str("code")).as(range).isEqualTo("evaluation.invalid-range");
            assertThat(far.str("detail")).as(range).contains("must be between 0001-01-01T00:00:00Z and "
                    + "9999-12-31T23:59:59.999Z");
        }
    }

    @Test
    void completesWithAVerdictAgainstABaselineWhoseStatisticsMatchAnIndependentComputation() {
        Random random = new Random(1);
        Instant now = Instant.now();
        String baseline = open(Map.of());
        List<Object> b = new ArrayList<>();
        double[] bv = new double[400];
        for (int i = 0; i < bv.length; i++) {
            bv[i] = 0.80 + 0.1 * random.nextGaussian();
            b.add(event("b" + i, bv[i], i % 10 != 0, now));
        }
        post(R + "/" + baseline + "/events", b);
        Res baseVerdict = post(R + "/" + baseline + "/complete", Map.of("thresholds", Map.of("accuracy",
                Map.of("min", 0.5))));
        assertThat(baseVerdict.str("verdict")).as(baseVerdict.toString()).isEqualTo("pass");

        String current = open(Map.of("baseline", Map.of("run", baseline)));
        List<Object> c = new ArrayList<>();
        double[] cv = new double[300];
        for (int i = 0; i < cv.length; i++) {
            cv[i] = 0.76 + 0.12 * random.nextGaussian();
            c.add(event("c" + i, cv[i], i % 5 != 0, now));
        }
        post(R + "/" + current + "/events", c);
        Res verdict = post(R + "/" + current + "/complete", Map.of("thresholds", Map.of("accuracy",
                Map.of("maxRegression", 0.02))));
        assertThat(verdict.status()).as(verdict.toString()).isEqualTo(200);
        assertThat(verdict.str("verdict")).isEqualTo("fail");
        assertThat(verdict.str("baseline")).isEqualTo(baseline);
        @SuppressWarnings("unchecked")
        Map<String, Object> accuracy = ((List<Map<String, Object>>) verdict.map().get("metrics")).stream()
                .filter(m -> m.get("metric").equals("accuracy")).findFirst().orElseThrow();
        double mc = Arrays.stream(cv).average().orElseThrow();
        double mb = Arrays.stream(bv).average().orElseThrow();
        double vc = Arrays.stream(cv).map(x -> (x - mc) * (x - mc)).sum() / (cv.length - 1);
        double vb = Arrays.stream(bv).map(x -> (x - mb) * (x - mb)).sum() / (bv.length - 1);
        double se = Math.sqrt(vc / cv.length + vb / bv.length);
        double t = (mc - mb) / se;
        double df = Math.pow(vc / cv.length + vb / bv.length, 2)
                / (Math.pow(vc / cv.length, 2) / (cv.length - 1) + Math.pow(vb / bv.length, 2) / (bv.length - 1));
        assertThat(((Number) accuracy.get("delta")).doubleValue()).isCloseTo(mc - mb, within(1e-9));
        assertThat(((Number) accuracy.get("degreesOfFreedom")).doubleValue()).isCloseTo(df, within(1e-6));
        // with ~560 degrees of freedom the t distribution is within 0.002 of the normal: an independent check
        double normalP = 2 * (1 - phi(Math.abs(t)));
        assertThat(((Number) accuracy.get("pValue")).doubleValue()).isCloseTo(normalP, within(0.003));
        assertThat(((Number) accuracy.get("ciLow")).doubleValue()).isCloseTo(mc - mb - 1.964 * se, within(0.002));
        assertThat((List<?>) accuracy.get("broken")).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> passRate = (Map<String, Object>) verdict.map().get("passRate");
        assertThat(((Number) passRate.get("current")).doubleValue()).isCloseTo(0.8, within(1e-12));
        assertThat(((Number) passRate.get("baseline")).doubleValue()).isCloseTo(0.9, within(1e-12));
        double pooled = (240 + 360) / 700.0;
        double z = (0.8 - 0.9) / Math.sqrt(pooled * (1 - pooled) * (1.0 / 300 + 1.0 / 400));
        assertThat(((Number) passRate.get("z")).doubleValue()).isCloseTo(z, within(1e-9));

        // completion is final: more events are refused, a retry returns the same verdict, other thresholds conflict
        assertThat(post(R + "/" + current + "/events", List.of(event("late", 1, true, now))).status()).isEqualTo(409);
        // ... but a retry of a batch stored before completion (its answer lost) gets a retry's answer, not a 409
        Res retried = post(R + "/" + current + "/events", c);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.map()).containsEntry("accepted", 0).containsEntry("duplicates", 300);
        List<Object> partlyNew = new ArrayList<>(c.subList(0, 10));
        partlyNew.add(event("late-2", 1, true, now));
        assertThat(post(R + "/" + current + "/events", partlyNew).status()).isEqualTo(409);
        assertThat(eventCount(current)).isEqualTo(300);
        Res again = post(R + "/" + current + "/complete", Map.of("thresholds", Map.of("accuracy",
                Map.of("maxRegression", 0.02))));
        assertThat(again.str("verdict")).isEqualTo("fail");
        assertThat(post(R + "/" + current + "/complete", Map.of("thresholds", Map.of("accuracy",
                Map.of("maxRegression", 0.5)))).status()).isEqualTo(409);
        assertThat(get(R + "/" + current).map().get("verdict")).isNotNull();
    }

    @Test
    void findsTheBaselineThroughALabel() {
        Instant now = Instant.now();
        put("/api/v1/prompts/" + enc(prompt) + "/labels/production", Map.of("commit", head));
        String onProduction = open(Map.of());
        post(R + "/" + onProduction + "/events", List.of(event("p1", 0.9, true, now), event("p2", 0.7, true, now)));
        post(R + "/" + onProduction + "/complete", Map.of());
        String candidate = open(Map.of("baseline", Map.of("label", "production")));
        post(R + "/" + candidate + "/events", List.of(event("q1", 0.95, true, now), event("q2", 0.85, true, now)));
        Res v = post(R + "/" + candidate + "/complete", Map.of("thresholds", Map.of("accuracy",
                Map.of("minDelta", 0.01))));
        assertThat(v.str("baseline")).isEqualTo(onProduction);
        assertThat(v.str("verdict")).as(v.toString()).isEqualTo("pass");
        Res list = get(R + "?prompt=" + enc(prompt) + "&dataset=golden");
        assertThat(list.items()).extracting(m -> m.get("id")).contains(candidate, onProduction);
    }

    @Test
    void validatesOpeningARun() {
        assertThat(post(R, Map.of("prompt", prompt)).str("code")).isEqualTo("evaluation.invalid-dataset");
        assertThat(post(R, Map.of("prompt", "no/such", "dataset", "d")).status()).isEqualTo(404);
        assertThat(post(R, Map.of("prompt", prompt, "dataset", "d", "ref", "nope")).str("code"))
                .isEqualTo("versioning.ref-not-found");
        // a misspelt baseline label found no baseline at completion: relative thresholds were skipped and it passed
        int runsBefore = get(R + "?prompt=" + enc(prompt) + "&limit=200").items().size();
        Res noLabel = post(R, Map.of("prompt", prompt, "dataset", "d", "baseline", Map.of("label", "prodcution")));
        assertThat(noLabel.status()).isEqualTo(404);
        assertThat(noLabel.str("code")).isEqualTo("versioning.ref-not-found");
        assertThat(noLabel.str("detail")).contains("baseline label 'prodcution' does not exist on '" + prompt + "'")
                .contains("open the run without a baseline");
        assertThat(get(R + "?prompt=" + enc(prompt) + "&limit=200").items()).hasSize(runsBefore);
        assertThat(get(R + "/run_01ARZ3NDEKTSV4RRFFQ69G5FAV").status()).isEqualTo(404);
        Res two = postRaw(R, ("{\"prompt\":\"" + prompt + "\",\"dataset\":\"d\"}{\"prompt\":\"" + prompt
                + "\",\"dataset\":\"other\"}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(two.status()).as("a run is not opened from the first of two objects").isEqualTo(400);
        assertThat(two.str("code")).isEqualTo("request.invalid");
        assertThat(two.text()).contains("more than one JSON value");
    }

    /** Standard normal CDF by the Abramowitz-Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
    static double phi(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
