package dev.promptforge.app.evaluation;

import dev.promptforge.domain.evaluation.ApplyRetention;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies event retention shortly after start and then every {@code promptforge.retention-interval} (default 24h). */
@Singleton
public class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private final ApplyRetention retention;

    RetentionJob(ApplyRetention retention) {
        this.retention = retention;
    }

    @Scheduled(initialDelay = "${promptforge.retention-initial-delay:2s}",
            fixedDelay = "${promptforge.retention-interval:24h}")
    void run() {
        try {
            ApplyRetention.Report r = retention.apply();
            if (!r.droppedMonths().isEmpty() || r.droppedBuckets() > 0) {
                LOG.info("retention: kept events from {}, dropped months {} and {} metric buckets", r.firstKept(),
                        r.droppedMonths(), r.droppedBuckets());
            }
        } catch (RuntimeException e) {
            LOG.error("retention pass failed; it runs again at the next interval", e);
        }
    }
}
