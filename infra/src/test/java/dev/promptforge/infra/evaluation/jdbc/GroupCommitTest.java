package dev.promptforge.infra.evaluation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.evaluation.Baseline;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.CiInfo;
import dev.promptforge.domain.evaluation.EvaluationEvent;
import dev.promptforge.domain.evaluation.EventRules;
import dev.promptforge.domain.evaluation.IngestEvaluationEvents;
import dev.promptforge.domain.evaluation.IngestResult;
import dev.promptforge.domain.evaluation.MetricAggregation;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.Run;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.RunStatus;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.evaluation.port.MetricsPublisher;
import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import dev.promptforge.infra.versioning.jdbc.JdbcPromptCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit in {@link IngestEvaluationEvents} on the real JDBC adapters: batches that wait while another is
 * written go into one transaction together, each caller gets its own answer, and one failing batch fails alone.
 */
class GroupCommitTest {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");
    private static final MetricName ACCURACY = new MetricName("accuracy");

    @TempDir
    Path dir;

    @Test
    void writesWaitingBatchesInOneTransactionAndAnswersEachOnItsOwn() throws Exception {
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir)) {
            PromptName prompt = new PromptName("group/commit");
            new JdbcPromptCatalog(database.db).create(WS, prompt, NOW);
            JdbcRunStore runs = new JdbcRunStore(database.db);
            Run open = run(prompt, RunId.next(NOW));
            Run completed = run(prompt, RunId.next(NOW.plusMillis(1)));
            runs.create(WS, open);
            runs.create(WS, completed);
            runs.complete(WS, completed.id(), NOW, null, null);

            CountDownLatch leaderPublishing = new CountDownLatch(1);
            CountDownLatch followersSent = new CountDownLatch(4);
            AtomicBoolean first = new AtomicBoolean(true);
            List<Integer> published = new CopyOnWriteArrayList<>();
            MetricsPublisher slowFirstPublish = (ws, buckets) -> {
                published.add(buckets.size());
                if (first.getAndSet(false)) {
                    leaderPublishing.countDown();
                    await(followersSent);
                    sleep(300); // the followers are queued behind the leader lock by now
                }
            };
            DDSketchQuantiles sketches = new DDSketchQuantiles(0.01);
            JdbcMetricStore metrics = new JdbcMetricStore(database.db, sketches);
            IngestEvaluationEvents ingest = new IngestEvaluationEvents(runs, new JdbcEventStore(database.db),
                    new MetricAggregation(metrics, sketches), EventRules.DEFAULT, database.db,
                    Clock.fixed(NOW, ZoneOffset.UTC), slowFirstPublish);

            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                Future<IngestResult> leader = pool.submit(() -> ingest.ingest(WS, open.id(), events("lead-", 0, 50)));
                assertThat(leaderPublishing.await(30, TimeUnit.SECONDS)).isTrue();
                List<Future<IngestResult>> followers = new ArrayList<>();
                for (List<EvaluationEvent> batch : List.of(events("a-", 0, 40), events("a-", 20, 40),
                        events("b-", 0, 30))) {
                    followers.add(pool.submit(() -> {
                        followersSent.countDown();
                        return ingest.ingest(WS, open.id(), batch);
                    }));
                }
                Future<IngestResult> toCompletedRun = pool.submit(() -> {
                    followersSent.countDown();
                    return ingest.ingest(WS, completed.id(), events("c-", 0, 10));
                });

                assertThat(leader.get(30, TimeUnit.SECONDS)).isEqualTo(new IngestResult(50, 0));
                List<IngestResult> answers = new ArrayList<>();
                for (Future<IngestResult> f : followers) {
                    answers.add(f.get(30, TimeUnit.SECONDS));
                }
                // a-0..39 and a-20..59 overlap by 20 ids: whichever of the two was queued second counts them
                assertThat(answers.get(0).accepted() + answers.get(1).accepted()).isEqualTo(60);
                assertThat(answers.get(0).duplicates() + answers.get(1).duplicates()).isEqualTo(20);
                assertThat(answers.get(2)).isEqualTo(new IngestResult(30, 0));
                assertThat(failure(toCompletedRun)).isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.code()).isEqualTo("evaluation.run-completed"));
            } finally {
                pool.shutdownNow();
            }

            assertThat(published).as("the leader's batch, then the three waiting batches in one group").hasSize(2);
            assertThat(runs.find(WS, open.id()).orElseThrow().eventCount()).isEqualTo(140);
            assertThat(runs.find(WS, completed.id()).orElseThrow().eventCount()).isZero();
            List<MetricBucket> hours = metrics.range(WS, Scope.run(open.id()), ACCURACY, BucketSize.HOUR,
                    NOW.minusSeconds(86_400), NOW.plusSeconds(3_600));
            assertThat(hours).singleElement().satisfies(b -> {
                assertThat(b.count()).isEqualTo(140);
                assertThat(b.sum()).isEqualTo(140 * 0.5);
            });
        }
    }

    private static Run run(PromptName prompt, RunId id) {
        return new Run(id, prompt, "main", new CommitId("ab".repeat(32)), "golden", CiInfo.NONE, Baseline.NONE,
                RunStatus.OPEN, NOW, null, 0, null, null);
    }

    private static List<EvaluationEvent> events(String prefix, int from, int n) {
        List<EvaluationEvent> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(new EvaluationEvent(prefix + i, "case-" + i, Map.of(ACCURACY, 0.5), true, 100.0, 10L, 20L, 0.001,
                    "m", NOW.minusSeconds(60), null, null, null));
        }
        return out;
    }

    private static Throwable failure(Future<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
