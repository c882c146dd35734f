package dev.promptforge.app.shared.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every {@code promptforge.*} setting at start, as written (environment variable, {@code -name=value}
 * argument, or application.yml), and stops the start naming each one that is wrong.
 *
 * <p>Micronaut binds a value it cannot convert as if it had not been given: {@code PROMPTFORGE_RETENTION_MONTHS=abc}
 * started a server that kept 18 months, and a negative batch limit or {@code PROMPTFORGE_DATABASE_SYNCHRONOUS=BOGUS}
 * were taken as they were. A {@code PROMPTFORGE_*} environment variable that names no setting (a typo) is reported
 * with a warning, as it is otherwise ignored.
 */
@Context
public final class SettingsCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsCheck.class);

    private enum Kind { TEXT, INT, LONG, DECIMAL, DURATION, SYNCHRONOUS }

    /** A setting, its type and its least value (for numbers and durations; durations in milliseconds). */
    private record Rule(String name, Kind kind, double min) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("promptforge.data-dir", Kind.TEXT, 0),
            new Rule("promptforge.database-file", Kind.TEXT, 0),
            new Rule("promptforge.database-synchronous", Kind.SYNCHRONOUS, 0),
            new Rule("promptforge.database-pool-size", Kind.INT, 1),
            new Rule("promptforge.version-cache-chars", Kind.LONG, 0),
            new Rule("promptforge.max-chain-length", Kind.INT, 1),
            new Rule("promptforge.max-chain-bytes-factor", Kind.DECIMAL, Double.MIN_VALUE),
            new Rule("promptforge.max-content-bytes", Kind.LONG, 1),
            new Rule("promptforge.retention-months", Kind.INT, 1),
            new Rule("promptforge.retention-interval", Kind.DURATION, 1),
            new Rule("promptforge.retention-initial-delay", Kind.DURATION, 0),
            new Rule("promptforge.max-batch-events", Kind.INT, 1),
            new Rule("promptforge.ref-cache-millis", Kind.LONG, 0),
            new Rule("promptforge.stored-version-cache-bytes", Kind.LONG, 0),
            new Rule("promptforge.live.flush-interval", Kind.DURATION, 1),
            new Rule("promptforge.live.max-subscriptions", Kind.INT, 1),
            new Rule("promptforge.live.max-frame-bytes", Kind.INT, 1),
            new Rule("promptforge.live.max-queued-messages", Kind.INT, 1),
            new Rule("promptforge.live.max-outstanding-sends", Kind.INT, 1),
            new Rule("promptforge.live.max-lag", Kind.DURATION, 1),
            new Rule("promptforge.live.max-pending-buckets", Kind.INT, 1),
            new Rule("promptforge.live.history-size", Kind.INT, 1),
            new Rule("promptforge.live.ping-interval", Kind.DURATION, 1),
            new Rule("promptforge.live.idle-timeout", Kind.DURATION, 1),
            new Rule("promptforge.live.close-grace", Kind.DURATION, 1),
            new Rule("promptforge.live.concurrent-writers", Kind.INT, 0));

    /** Environment variables read by name rather than as a setting. */
    private static final Set<String> OTHER_VARIABLES = Set.of("PROMPTFORGE_PORT", "PROMPTFORGE_URL");

    SettingsCheck(Environment env) {
        List<String> problems = problems(env::getProperty);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems)
                    + (problems.size() == 1 ? ". Correct it" : ". Correct them")
                    + " (the settings and their defaults are listed in README.md) and start again.");
        }
        for (String unknown : unknownVariables(System.getenv())) {
            LOG.warn("{} is not a promptforge setting and is ignored (the settings are listed in README.md)", unknown);
        }
    }

    /** Reads a setting as a type; empty when absent or when it does not convert. */
    interface Lookup {
        <T> Optional<T> get(String name, Class<T> type);
    }

    /** What is wrong with the settings {@code lookup} gives, one sentence each. */
    static List<String> problems(Lookup lookup) {
        List<String> problems = new ArrayList<>();
        for (Rule r : RULES) {
            Optional<String> raw = lookup.get(r.name(), String.class);
            if (raw.isEmpty()) {
                continue;
            }
            String problem = check(r, raw.get().trim(), lookup);
            if (problem != null) {
                problems.add(r.name() + " (" + variable(r.name()) + ") " + problem + ", not \"" + raw.get() + "\"");
            }
        }
        return problems;
    }

    private static String check(Rule r, String raw, Lookup lookup) {
        switch (r.kind()) {
            case TEXT:
                return raw.isEmpty() ? "must not be empty" : null;
            case SYNCHRONOUS:
                return Set.of("OFF", "NORMAL", "FULL", "EXTRA").contains(raw.toUpperCase(Locale.ROOT)) ? null
                        : "must be OFF, NORMAL, FULL or EXTRA";
            case INT:
            case LONG: {
                Optional<Long> v = lookup.get(r.name(), Long.class);
                long max = r.kind() == Kind.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (v.isEmpty() || !raw.matches("[+-]?\\d+") || v.get() > max) {
                    return "must be a whole number" + (r.kind() == Kind.INT ? " up to " + max : "");
                }
                return v.get() < r.min() ? "must be " + (long) r.min() + " or more" : null;
            }
            case DECIMAL: {
                Optional<Double> v = lookup.get(r.name(), Double.class);
                if (v.isEmpty() || !Double.isFinite(v.get())) {
                    return "must be a number";
                }
                return v.get() < r.min() ? "must be more than 0" : null;
            }
            case DURATION: {
                Optional<Duration> v = lookup.get(r.name(), Duration.class);
                if (v.isEmpty()) {
                    return "must be a duration such as 150ms, 10s, 5m or 24h";
                }
                if (v.get().isNegative() || v.get().toMillis() < r.min()) {
                    return r.min() > 0 ? "must be at least 1ms" : "must not be negative";
                }
                return null;
            }
            default:
                throw new IllegalStateException("unknown kind " + r.kind());
        }
    }

    /** The environment variable of a setting: promptforge.live.max-lag -> PROMPTFORGE_LIVE_MAX_LAG. */
    static String variable(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** {@code PROMPTFORGE_*} variables in {@code env} that name no setting, sorted. */
    static Set<String> unknownVariables(Map<String, String> env) {
        Set<String> known = new TreeSet<>(OTHER_VARIABLES);
        RULES.forEach(r -> known.add(variable(r.name())));
        Set<String> unknown = new TreeSet<>();
        for (String name : env.keySet()) {
            if (name.startsWith("PROMPTFORGE_") && !known.contains(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }
}
