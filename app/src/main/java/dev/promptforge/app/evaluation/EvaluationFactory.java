package dev.promptforge.app.evaluation;

import dev.promptforge.app.shared.config.PromptforgeConfig;
import dev.promptforge.domain.evaluation.ApplyRetention;
import dev.promptforge.domain.evaluation.CompleteRun;
import dev.promptforge.domain.evaluation.EventRules;
import dev.promptforge.domain.evaluation.IngestEvaluationEvents;
import dev.promptforge.domain.evaluation.MetricAggregation;
import dev.promptforge.domain.evaluation.OpenRun;
import dev.promptforge.domain.evaluation.QueryMetrics;
import dev.promptforge.domain.evaluation.ReadRuns;
import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.domain.evaluation.port.MetricsPublisher;
import dev.promptforge.domain.evaluation.port.QuantileSketches;
import dev.promptforge.domain.evaluation.port.RunStore;
import dev.promptforge.domain.versioning.PromptVersions;
import dev.promptforge.domain.versioning.ResolveRef;
import dev.promptforge.infra.evaluation.ddsketch.DDSketchQuantiles;
import dev.promptforge.infra.evaluation.jdbc.JdbcEventStore;
import dev.promptforge.infra.evaluation.jdbc.JdbcMetricStore;
import dev.promptforge.infra.evaluation.jdbc.JdbcRunStore;
import dev.promptforge.infra.shared.jdbc.Database;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the evaluation use cases to the SQLite adapters and DDSketch. */
@Factory
public class EvaluationFactory {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationFactory.class);

    @Singleton
    QuantileSketches sketches() {
        return new DDSketchQuantiles(0.01);
    }

    @Singleton
    RunStore runStore(Database db) {
        return new JdbcRunStore(db);
    }

    /**
     * Created at start: event partitions of the shape before run keys are converted before the server takes requests,
     * a log line per month (a busy month takes seconds to minutes).
     */
    @Context
    EventStore eventStore(Database db) {
        JdbcEventStore store = new JdbcEventStore(db);
        int converted = store.upgradePartitions(line -> LOG.info("event partitions: {}", line));
        if (converted > 0) {
            LOG.info("event partitions: {} month(s) converted to the run-key shape", converted);
        }
        return store;
    }

    @Singleton
    MetricStore metricStore(Database db, QuantileSketches sketches) {
        return new JdbcMetricStore(db, sketches);
    }

    @Singleton
    EventRules eventRules(PromptforgeConfig config) {
        EventRules d = EventRules.DEFAULT;
        return new EventRules(config.maxBatchEvents(), d.maxMetrics(), d.maxTextChars(), d.maxMetadataChars(),
                config.retentionMonths());
    }

    @Singleton
    ResolveRef resolveRef(PromptVersions versions) {
        return new ResolveRef(versions);
    }

    @Singleton
    OpenRun openRun(RunStore runs, ResolveRef refs, Database db, Clock clock) {
        return new OpenRun(runs, refs, db, clock);
    }

    /** Closed at shutdown: the batches already queued are written before the database closes. */
    @Singleton
    @Bean(preDestroy = "close")
    IngestEvaluationEvents ingest(RunStore runs, EventStore events, MetricStore metrics, QuantileSketches sketches,
            EventRules rules, Database db, Clock clock, MetricsPublisher publisher) {
        return new IngestEvaluationEvents(runs, events, new MetricAggregation(metrics, sketches), rules, db, clock,
                publisher);
    }

    @Singleton
    CompleteRun completeRun(RunStore runs, MetricStore metrics, ResolveRef refs, Database db, Clock clock) {
        return new CompleteRun(runs, metrics, refs, db, clock);
    }

    @Singleton
    ReadRuns readRuns(RunStore runs, EventStore events, CompleteRun complete) {
        return new ReadRuns(runs, events, complete);
    }

    @Singleton
    QueryMetrics queryMetrics(MetricStore metrics) {
        return new QueryMetrics(metrics);
    }

    @Singleton
    ApplyRetention applyRetention(EventStore events, MetricStore metrics, EventRules rules, Database db, Clock clock) {
        return new ApplyRetention(events, metrics, rules, db, clock);
    }

    /** Without live metrics wired, nobody is told; the WebSocket hub replaces this. */
    @Singleton
    @io.micronaut.context.annotation.Secondary
    MetricsPublisher noPublisher() {
        return MetricsPublisher.NONE;
    }
}
