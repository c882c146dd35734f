package dev.promptforge.infra.evaluation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Unavailable;
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
import java.util.concurrent.Callable;
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
 * written go into one transaction together, each caller gets its own answer (after its group is published), and one
 * failing batch fails alone; closing writes what is queued, and an interrupted caller is still answered.
 */
class GroupCommitTest {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");
    private static final MetricName ACCURACY = new MetricName("accuracy");
    private static final DDSketchQuantiles SKETCHES = new DDSketchQuantiles(0.01);

    @TempDir
    Path dir;

    @Test
    void writesWaitingBatchesInOneTransactionAndAnswersEachOnItsOwn() throws Exception {
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir)) {
            JdbcRunStore runs = new JdbcRunStore(database.db);
            Run open = openRun(database, runs, "group/commit");
            Run completed = run(open.prompt(), RunId.next(NOW.plusMillis(1)));
            runs.create(WS, completed);
            runs.complete(WS, completed.id(), NOW, null, null);

            HeldFirstPublish publisher = new HeldFirstPublish();
            JdbcMetricStore metrics = new JdbcMetricStore(database.db, SKETCHES);
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try (IngestEvaluationEvents ingest = ingest(database, runs, metrics, publisher)) {
                Future<IngestResult> held = pool.submit(() -> ingest.ingest(WS, open.id(), events("lead-", 0, 50)));
                publisher.awaitWriting();
                List<Future<IngestResult>> followers = new ArrayList<>();
                for (List<EvaluationEvent> batch : List.of(events("a-", 0, 40), events("a-", 20, 40),
                        events("b-", 0, 30))) {
                    followers.add(sendAndWait(pool, () -> ingest.ingest(WS, open.id(), batch)));
                }
                Future<IngestResult> toCompletedRun = sendAndWait(pool, () -> ingest.ingest(WS, completed.id(),
                        events("c-", 0, 10)));
                publisher.release.countDown();

                assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(new IngestResult(50, 0));
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
                publisher.release.countDown();
                pool.shutdownNow();
            }

            assertThat(publisher.published).as("the first batch, then the four waiting batches in one group")
                    .hasSize(2);
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

    @Test
    void aBatchReusingAnIdForAnotherResultFailsAloneInItsGroupWithNothingOfItStored() throws Exception {
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir)) {
            JdbcRunStore runs = new JdbcRunStore(database.db);
            Run open = openRun(database, runs, "group/reuse");
            HeldFirstPublish publisher = new HeldFirstPublish();
            JdbcMetricStore metrics = new JdbcMetricStore(database.db, SKETCHES);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try (IngestEvaluationEvents ingest = ingest(database, runs, metrics, publisher)) {
                Future<IngestResult> held = pool.submit(() -> ingest.ingest(WS, open.id(), events("h-", 0, 5)));
                publisher.awaitWriting();
                // one group: new ids, then a batch reusing two of them (and one of the held batch) for other
                // results beside new ids of its own, then new ids again
                Future<IngestResult> x = sendAndWait(pool, () -> ingest.ingest(WS, open.id(), events("x-", 0, 10)));
                List<EvaluationEvent> reusing = new ArrayList<>(events("y-", 0, 10));
                reusing.add(withAccuracy(events("x-", 3, 1).get(0), 0.75));
                reusing.add(withAccuracy(events("h-", 1, 1).get(0), 0.25));
                reusing.add(events("x-", 4, 1).get(0)); // the same result: a duplicate, not a reuse
                Future<IngestResult> y = sendAndWait(pool, () -> ingest.ingest(WS, open.id(), reusing));
                Future<IngestResult> z = sendAndWait(pool, () -> ingest.ingest(WS, open.id(), events("z-", 0, 10)));
                publisher.release.countDown();

                assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(new IngestResult(5, 0));
                assertThat(x.get(30, TimeUnit.SECONDS)).isEqualTo(new IngestResult(10, 0));
                assertThat(z.get(30, TimeUnit.SECONDS)).isEqualTo(new IngestResult(10, 0));
                assertThat(failure(y)).isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.code()).isEqualTo("evaluation.event-id-reused");
                    assertThat(e.errors()).extracting(InvalidInput.FieldError::field)
                            .containsExactly("items[10].id", "items[11].id");
                    assertThat(e.errors().get(0).message()).contains("'x-3'").contains("metrics.accuracy");
                });
            } finally {
                publisher.release.countDown();
                pool.shutdownNow();
            }
            assertThat(publisher.published).as("the held batch, then x and z in one group").hasSize(2);
            assertThat(runs.find(WS, open.id()).orElseThrow().eventCount()).isEqualTo(25);
            JdbcEventStore events = new JdbcEventStore(database.db);
            assertThat(events.find(WS, open.id(), events("y-", 0, 10).stream().map(EvaluationEvent::clientId)
                    .toList())).isEmpty();
            assertThat(events.find(WS, open.id(), List.of("x-3", "h-1")).values())
                    .extracting(e -> e.metrics().get(ACCURACY)).containsOnly(0.5);
            List<MetricBucket> hours = metrics.range(WS, Scope.run(open.id()), ACCURACY, BucketSize.HOUR,
                    NOW.minusSeconds(86_400), NOW.plusSeconds(3_600));
            assertThat(hours).singleElement().satisfies(b -> assertThat(b.count()).isEqualTo(25));
        }
    }

    private static EvaluationEvent withAccuracy(EvaluationEvent e, double accuracy) {
        return new EvaluationEvent(e.clientId(), e.caseId(), Map.of(ACCURACY, accuracy), e.passed(), e.latencyMs(),
                e.tokensIn(), e.tokensOut(), e.cost(), e.model(), e.at(), e.input(), e.output(), e.metadata());
    }

    @Test
    void closingWritesTheBatchesAlreadyQueuedAndRefusesLaterOnesWithNothingStored() throws Exception {
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir)) {
            JdbcRunStore runs = new JdbcRunStore(database.db);
            Run open = openRun(database, runs, "group/close");
            HeldFirstPublish publisher = new HeldFirstPublish();
            IngestEvaluationEvents ingest = ingest(database, runs, new JdbcMetricStore(database.db, SKETCHES),
                    publisher);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<IngestResult> held = pool.submit(() -> ingest.ingest(WS, open.id(), events("held-", 0, 20)));
                publisher.awaitWriting();
                Future<IngestResult> queued = sendAndWait(pool, () -> ingest.ingest(WS, open.id(),
                        events("queued-", 0, 30)));
                assertThat(queued.isDone()).isFalse();
                Future<?> closing = pool.submit(ingest::close);
                Thread.sleep(200);
                assertThat(closing.isDone()).as("close waits for the queued batch").isFalse();
                publisher.release.countDown();
                closing.get(30, TimeUnit.SECONDS);

                assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(new IngestResult(20, 0));
                assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo(new IngestResult(30, 0));
                assertThat(catchThrowable(() -> ingest.ingest(WS, open.id(), events("late-", 0, 10))))
                        .isInstanceOfSatisfying(Unavailable.class,
                                e -> assertThat(e.code()).isEqualTo("evaluation.shutting-down"));
            } finally {
                publisher.release.countDown();
                pool.shutdownNow();
            }
            assertThat(runs.find(WS, open.id()).orElseThrow().eventCount()).isEqualTo(50);
        }
    }

    @Test
    void anInterruptedCallerStillGetsItsBatchsAnswerAndKeepsItsInterrupt() throws Exception {
        try (SqliteTestDatabase database = SqliteTestDatabase.migratedIn(dir)) {
            JdbcRunStore runs = new JdbcRunStore(database.db);
            Run open = openRun(database, runs, "group/interrupt");
            HeldFirstPublish publisher = new HeldFirstPublish();
            AtomicBoolean interruptKept = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(1);
            try (IngestEvaluationEvents ingest = ingest(database, runs, new JdbcMetricStore(database.db, SKETCHES),
                    publisher)) {
                Future<IngestResult> answer = pool.submit(() -> {
                    IngestResult r = ingest.ingest(WS, open.id(), events("i-", 0, 25));
                    interruptKept.set(Thread.currentThread().isInterrupted());
                    return r;
                });
                publisher.awaitWriting();
                pool.shutdownNow(); // interrupts the waiting caller
                Thread.sleep(100);
                assertThat(answer.isDone()).as("the caller still waits for its batch, which is published first")
                        .isFalse();
                publisher.release.countDown();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                assertThat(interruptKept).isTrue();
            } finally {
                publisher.release.countDown();
            }
            assertThat(runs.find(WS, open.id()).orElseThrow().eventCount()).isEqualTo(25);
        }
    }

    /**
     * Records the bucket count of each group it is told of, and holds the writer thread in the first group's publish
     * until {@link #release}, so that the batches sent meanwhile queue up for one group.
     */
    private static final class HeldFirstPublish implements MetricsPublisher {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> published = new CopyOnWriteArrayList<>();
        private final AtomicBoolean first = new AtomicBoolean(true);

        @Override
        public void changed(WorkspaceId ws, List<MetricBucket> buckets) {
            published.add(buckets.size());
            if (first.getAndSet(false)) {
                writing.countDown();
                await(release);
            }
        }

        void awaitWriting() throws InterruptedException {
            assertThat(writing.await(30, TimeUnit.SECONDS)).as("the first batch reached its publish").isTrue();
        }
    }

    /**
     * Sends a batch from a pool thread and returns once that thread is inside {@code ingest} and has had time to
     * queue its batch (a few microseconds of checks for these small batches), so that batches queue in the order
     * they are sent while the writer is held.
     */
    private static Future<IngestResult> sendAndWait(ExecutorService pool, Callable<IngestResult> send)
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Future<IngestResult> f = pool.submit(() -> {
            started.countDown();
            return send.call();
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        return f;
    }

    private static Run openRun(SqliteTestDatabase database, JdbcRunStore runs, String promptName) {
        PromptName prompt = new PromptName(promptName);
        new JdbcPromptCatalog(database.db).create(WS, prompt, NOW);
        Run open = run(prompt, RunId.next(NOW));
        runs.create(WS, open);
        return open;
    }

    private static IngestEvaluationEvents ingest(SqliteTestDatabase database, JdbcRunStore runs,
            JdbcMetricStore metrics, MetricsPublisher publisher) {
        return new IngestEvaluationEvents(runs, new JdbcEventStore(database.db),
                new MetricAggregation(metrics, SKETCHES), EventRules.DEFAULT, database.db,
                Clock.fixed(NOW, ZoneOffset.UTC), publisher);
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
}
