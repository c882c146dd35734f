package dev.promptforge.app.ops;

import dev.promptforge.domain.evaluation.IngestResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Singleton;

/**
 * Evaluation events posted to runs, as {@code promptforge_ingest_events_total{result="accepted"|"duplicate"}}
 * (a retried batch counts its events as duplicates). Created at start, so both series read 0 before the first batch.
 */
@Context
@Singleton
public final class IngestMeters {
    private final Counter accepted;
    private final Counter duplicates;

    IngestMeters(MeterRegistry registry) {
        this.accepted = events(registry, "accepted");
        this.duplicates = events(registry, "duplicate");
    }

    private static Counter events(MeterRegistry registry, String result) {
        return Counter.builder("promptforge.ingest.events")
                .description("Evaluation events posted to runs: stored (accepted), or already stored (duplicate)")
                .tag("result", result)
                .register(registry);
    }

    public void ingested(IngestResult result) {
        accepted.increment(result.accepted());
        duplicates.increment(result.duplicates());
    }
}
