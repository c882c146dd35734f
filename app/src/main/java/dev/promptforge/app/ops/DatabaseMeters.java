package dev.promptforge.app.ops;

import dev.promptforge.infra.shared.jdbc.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * The database's single writer, as Prometheus meters ({@code /metrics/prometheus}):
 * <ul>
 *   <li>{@code promptforge_db_write_seconds{outcome="committed"|"rolled-back"}}: how long each write transaction
 *       held the writer. {@code rate(promptforge_db_write_seconds_sum[1m])} is the writer's utilisation: near 1,
 *       every write (event ingestion first) queues behind it, and adding cores or senders will not raise the
 *       ingestion rate (2026-11-22: 0.97-0.98 during {@code bench/live.sh} phases with 4 senders).</li>
 *   <li>{@code promptforge_db_write_wait_seconds}: how long each waited for the writer.</li>
 * </ul>
 */
@Singleton
public final class DatabaseMeters implements Database.WriteObserver {
    private final Timer committed;
    private final Timer rolledBack;
    private final Timer waited;

    DatabaseMeters(MeterRegistry registry) {
        this.committed = held(registry, "committed");
        this.rolledBack = held(registry, "rolled-back");
        this.waited = Timer.builder("promptforge.db.write.wait")
                .description("Time each write transaction waited for the database's single writer")
                .register(registry);
    }

    private static Timer held(MeterRegistry registry, String outcome) {
        return Timer.builder("promptforge.db.write")
                .description("Time each write transaction held the database's single writer; the rate of its sum is"
                        + " the writer's utilisation")
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void written(long waitedNanos, long heldNanos, boolean committed) {
        waited.record(waitedNanos, TimeUnit.NANOSECONDS);
        (committed ? this.committed : rolledBack).record(heldNanos, TimeUnit.NANOSECONDS);
    }
}
