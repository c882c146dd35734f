package dev.promptforge.app.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.promptforge.domain.evaluation.ApplyRetention;
import dev.promptforge.domain.evaluation.EventRules;
import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.infra.shared.jdbc.Database;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A shutdown during a retention pass: the server waits for the step in progress, the pass stops there and says so,
 * and nothing fails (before, the pool closed under the pass and it logged a failed transaction).
 */
class RetentionShutdownTest {
    static final CountDownLatch stepping = new CountDownLatch(1);
    static final CountDownLatch release = new CountDownLatch(1);

    /** The real event store; its first step of giving space back waits for the test. */
    @Factory
    @Requires(property = "spec.name", value = "RetentionShutdownTest")
    static class GatedRetention {
        @Singleton
        @Replaces(ApplyRetention.class)
        ApplyRetention applyRetention(EventStore events, MetricStore metrics, EventRules rules, Database db,
                Clock clock) {
            EventStore gated = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(),
                    new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("reclaimSpace") && (int) args[0] > 0
                                && stepping.getCount() > 0) {
                            stepping.countDown();
                            release.await(60, TimeUnit.SECONDS);
                        }
                        try {
                            return method.invoke(events, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return new ApplyRetention(gated, metrics, rules, db, clock);
        }
    }

    private static long query(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aShutdownWaitsForTheStepInProgressAndThePassStopsThere() throws Exception {
        Path dir = Files.createTempDirectory("promptforge-retention-stop");
        Path file = dir.resolve("promptforge.db");
        Map<String, Object> props = Map.of("promptforge.data-dir", dir.toString(),
                "promptforge.retention-initial-delay", "1h", "micronaut.server.port", -1);
        ApplicationContext.run(props).close(); // creates and migrates the file
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE junk (b BLOB)");
            s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3000) "
                    + "INSERT INTO junk SELECT randomblob(16000) FROM n");
            s.execute("DROP TABLE junk");
        }
        long free = query(file, "PRAGMA freelist_count");
        assertThat(free).as("free pages, more than one step").isGreaterThan(2L * RetentionJob.PAGES_PER_STEP);

        Logger log = (Logger) LoggerFactory.getLogger(RetentionJob.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            ApplicationContext ctx = ApplicationContext.run(Map.of("promptforge.data-dir", dir.toString(),
                    "promptforge.retention-initial-delay", "0s", "micronaut.server.port", -1,
                    "spec.name", "RetentionShutdownTest"));
            assertThat(stepping.await(30, TimeUnit.SECONDS)).as("the pass reached its first step").isTrue();
            Thread closer = new Thread(ctx::close);
            closer.start();
            closer.join(500);
            assertThat(closer.isAlive()).as("the shutdown waits for the step in progress").isTrue();
            release.countDown();
            closer.join(30_000);
            assertThat(closer.isAlive()).isFalse();
        } finally {
            release.countDown();
            log.detachAppender(logged);
        }

        List<String> lines = logged.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        assertThat(logged.list).as("%s", lines).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(lines).anyMatch(l -> l.contains("gave " + RetentionJob.PAGES_PER_STEP
                + " free pages back to the file system (stopped by the shutdown; the next pass goes on)"));
        assertThat(query(file, "PRAGMA freelist_count")).isEqualTo(free - RetentionJob.PAGES_PER_STEP);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }
}
