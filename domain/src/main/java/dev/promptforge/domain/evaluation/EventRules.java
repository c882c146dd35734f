package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput.FieldError;
import dev.promptforge.domain.shared.UnicodeText;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every event of a batch must satisfy; a batch with any broken rule is rejected whole, with each
 * problem named by item index ({@code items[3].metrics.accuracy}).
 */
public record EventRules(int maxBatch, int maxMetrics, int maxTextChars, int maxMetadataChars, int retentionMonths) {
    public static final EventRules DEFAULT = new EventRules(10_000, 100, 1_000_000, 65_536, 18);
    public static final Duration MAX_FUTURE = Duration.ofDays(1);

    /** The first month still inside the retention window at {@code now} (events before it are refused or dropped). */
    public YearMonth firstRetainedMonth(Instant now) {
        return YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(retentionMonths - 1L);
    }

    public List<FieldError> check(List<EvaluationEvent> events, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Instant oldest = firstRetainedMonth(now).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (int i = 0; i < events.size(); i++) {
            EvaluationEvent e = events.get(i);
            if (e.clientId() == null || e.clientId().isEmpty() || UnicodeText.longerThan(e.clientId(), 200)
                    || hasControl(e.clientId())) {
                errors.add(new FieldError(item(i) + ".id", "id is required: 1-200 printable characters, unique in the run"));
            } else if (!ids.add(e.clientId())) {
                errors.add(new FieldError(item(i) + ".id", "id '" + e.clientId() + "' appears twice in this batch"));
            }
            if (e.caseId() == null || e.caseId().isEmpty() || UnicodeText.longerThan(e.caseId(), 500)) {
                errors.add(new FieldError(item(i) + ".case", "case is required: 1-500 characters"));
            }
            wellFormed(errors, i, "id", e.clientId());
            wellFormed(errors, i, "case", e.caseId());
            wellFormed(errors, i, "model", e.model());
            wellFormed(errors, i, "input", e.input());
            wellFormed(errors, i, "output", e.output());
            wellFormed(errors, i, "metadata", e.metadata());
            if (e.metrics().size() > maxMetrics) {
                errors.add(new FieldError(item(i) + ".metrics", "at most " + maxMetrics + " metrics per event"));
            }
            for (Map.Entry<MetricName, Double> m : e.metrics().entrySet()) {
                if (m.getValue() == null || !Double.isFinite(m.getValue())) {
                    errors.add(new FieldError(item(i) + ".metrics." + m.getKey(), "must be a finite number"));
                }
            }
            nonNegative(errors, i, ".latencyMs", e.latencyMs());
            nonNegative(errors, i, ".cost", e.cost());
            if (e.tokensIn() != null && e.tokensIn() < 0) {
                errors.add(new FieldError(item(i) + ".tokensIn", "must be zero or more"));
            }
            if (e.tokensOut() != null && e.tokensOut() < 0) {
                errors.add(new FieldError(item(i) + ".tokensOut", "must be zero or more"));
            }
            if (UnicodeText.longerThan(e.model(), 200)) {
                errors.add(new FieldError(item(i) + ".model", "at most 200 characters"));
            }
            if (e.at() != null && e.at().isBefore(oldest)) {
                errors.add(new FieldError(item(i) + ".at", "is before the retention window (kept: " + retentionMonths
                        + " months, from " + oldest + ")"));
            }
            if (e.at() != null && e.at().isAfter(now.plus(MAX_FUTURE))) {
                errors.add(new FieldError(item(i) + ".at", "is more than a day in the future"));
            }
            if (UnicodeText.longerThan(e.input(), maxTextChars)) {
                errors.add(new FieldError(item(i) + ".input", "at most " + maxTextChars + " characters"));
            }
            if (UnicodeText.longerThan(e.output(), maxTextChars)) {
                errors.add(new FieldError(item(i) + ".output", "at most " + maxTextChars + " characters"));
            }
            if (UnicodeText.longerThan(e.metadata(), maxMetadataChars)) {
                errors.add(new FieldError(item(i) + ".metadata", "at most " + maxMetadataChars + " characters of JSON"));
            }
        }
        return errors;
    }

    /** An item's field path; built only for an error (a batch of 1,000 valid events builds none). */
    private static String item(int i) {
        return "items[" + i + "]";
    }

    private static boolean hasControl(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (Character.isISOControl(s.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    /** Text that is not well-formed would be stored changed ({@code ?} for the surrogate): refused instead. */
    private static void wellFormed(List<FieldError> errors, int i, String field, String text) {
        if (!UnicodeText.wellFormed(text)) {
            errors.add(new FieldError(item(i) + "." + field, field + " " + UnicodeText.NOT_WELL_FORMED));
        }
    }

    private static void nonNegative(List<FieldError> errors, int i, String field, Double v) {
        if (v != null && (!Double.isFinite(v) || v < 0)) {
            errors.add(new FieldError(item(i) + field, "must be a finite number, zero or more"));
        }
    }
}
