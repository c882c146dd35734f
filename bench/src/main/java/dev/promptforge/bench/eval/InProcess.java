package dev.promptforge.bench.eval;

import com.zaxxer.hikari.HikariDataSource;
import dev.promptforge.domain.evaluation.EvaluationEvent;
import dev.promptforge.domain.evaluation.EventRules;
import dev.promptforge.domain.evaluation.IngestEvaluationEvents;
import dev.promptforge.domain.evaluation.IngestResult;
import dev.promptforge.domain.evaluation.MetricAggregation;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.port.MetricsPublisher;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import dev.promptforge.infra.evaluation.jdbc.JdbcEventStore;
import dev.promptforge.infra.evaluation.jdbc.JdbcMetricStore;
import dev.promptforge.infra.evaluation.jdbc.JdbcRunStore;
import dev.promptforge.infra.shared.jdbc.Database;
import dev.promptforge.infra.shared.jdbc.SqliteDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The server's ingestion use case wired as the server wires it (EvaluationFactory: SQLite FULL, pool 8, DDSketch
 * 1%, default rules), on a stopped server's database file; no HTTP, no JSON parsing, no live publisher.
 */
final class InProcess implements AutoCloseable {
    private static final MetricName ACCURACY = new MetricName("accuracy");
    private static final MetricName F1 = new MetricName("f1");
    private static final MetricName RELEVANCE = new MetricName("relevance");
    private final HikariDataSource ds;
    private final IngestEvaluationEvents ingest;

    InProcess(Path file) {
        ds = SqliteDatabases.open(file, "FULL", 8);
        Database db = new Database(ds);
        DDSketchQuantiles sketches = new DDSketchQuantiles(0.01);
        ingest = new IngestEvaluationEvents(new JdbcRunStore(db), new JdbcEventStore(db),
                new MetricAggregation(new JdbcMetricStore(db, sketches), sketches), EventRules.DEFAULT, db,
                Clock.systemUTC(), MetricsPublisher.NONE);
    }

    void ingest(String run, List<EvaluationEvent> batch) {
        IngestResult r = ingest.ingest(WorkspaceId.DEFAULT, new RunId(run), batch);
        if (r.accepted() != batch.size()) {
            throw new IllegalStateException("run " + run + ": accepted " + r.accepted() + " of " + batch.size());
        }
    }

    /** The same events as {@link EventGen#batch}, already parsed. */
    static List<EvaluationEvent> batch(String idPrefix, long first, int n, long atStart, double stepMs, long jitterMs,
            SplittableRandom rnd) {
        List<EvaluationEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long at = atStart + (long) (i * stepMs) + (jitterMs > 0 ? rnd.nextLong(jitterMs) : 0);
            EventGen.Row r = EventGen.row(idPrefix, first + i, at, rnd);
            Map<MetricName, Double> m = new HashMap<>();
            m.put(ACCURACY, r.accuracy());
            m.put(F1, r.f1());
            if (r.relevance() >= 0) {
                m.put(RELEVANCE, r.relevance());
            }
            out.add(new EvaluationEvent(r.clientId(), r.caseId(), m, r.passed(), r.latencyMs(), r.tokensIn(),
                    r.tokensOut(), r.cost(), r.model(), Instant.ofEpochMilli(r.atMs()), null, null, null));
        }
        return out;
    }

    @Override
    public void close() {
        ingest.close();
        ds.close();
    }
}
