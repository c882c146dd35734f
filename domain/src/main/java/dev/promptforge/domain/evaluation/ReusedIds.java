package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.port.EventStore;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.WorkspaceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tells a retry from a reused id. An event whose id its run has stored already is a duplicate, which is right for
 * a retry (the same result sent again) but would silently drop a different result that happens to carry a stored
 * id (two results files pushed into one run, ids derived from case names that repeat). So each duplicate is compared
 * with the stored event, and one that differs is reported, as an idempotency key reused with other parameters is.
 *
 * <p>What counts as the same: every field the client sent, numbers by value (so {@code 0} and {@code -0.0}, or
 * {@code 100} and {@code 100.0}, are the same), {@code at} to the millisecond it is stored with, and {@code at} not at
 * all when the client left it out (the server's time of a retry is later than the first one's). Stateless.
 */
final class ReusedIds {
    private ReusedIds() {
    }

    /**
     * The errors for the events of a batch that were not accepted because their ids are stored with other data.
     *
     * @param sent the batch as the client sent it
     * @param timed the same events with the server's time where {@code at} was left out, as appended
     * @param accepted the events the store accepted (the others are duplicates)
     */
    static List<InvalidInput.FieldError> check(EventStore store, WorkspaceId ws, RunId run, List<EvaluationEvent> sent,
            List<EvaluationEvent> timed, List<EvaluationEvent> accepted) {
        Set<String> acceptedIds = new HashSet<>();
        accepted.forEach(e -> acceptedIds.add(e.clientId()));
        List<Integer> duplicates = new ArrayList<>();
        for (int i = 0; i < timed.size(); i++) {
            if (!acceptedIds.contains(timed.get(i).clientId())) {
                duplicates.add(i);
            }
        }
        if (duplicates.isEmpty()) {
            return List.of();
        }
        Map<String, EvaluationEvent> stored = store.find(ws, run,
                duplicates.stream().map(i -> timed.get(i).clientId()).toList());
        return errors(sent, duplicates, stored);
    }

    /**
     * Whether every event of {@code sent} is stored in the run already with the same result: a retry of a batch the
     * run took before (one read of the stored events).
     */
    static boolean allStoredAlready(EventStore store, WorkspaceId ws, RunId run, List<EvaluationEvent> sent) {
        Map<String, EvaluationEvent> stored = store.find(ws, run, sent.stream().map(EvaluationEvent::clientId)
                .toList());
        List<Integer> all = java.util.stream.IntStream.range(0, sent.size()).boxed().toList();
        return !sent.isEmpty() && stored.size() == sent.size() && errors(sent, all, stored).isEmpty();
    }

    /** An error for each of the events at {@code indexes} whose stored event (if any) has another result. */
    private static List<InvalidInput.FieldError> errors(List<EvaluationEvent> sent, List<Integer> indexes,
            Map<String, EvaluationEvent> stored) {
        List<InvalidInput.FieldError> errors = new ArrayList<>();
        for (int i : indexes) {
            EvaluationEvent before = stored.get(sent.get(i).clientId());
            if (before == null) {
                continue;
            }
            List<String> changed = differences(sent.get(i), before);
            if (!changed.isEmpty()) {
                errors.add(new InvalidInput.FieldError("items[" + i + "].id", "the run has a result with id '"
                        + sent.get(i).clientId() + "' already, with other " + String.join(", ", changed)
                        + ": a retry must send the same result, and a different result needs an id of its own"));
            }
        }
        return errors;
    }

    /** The fields in which {@code sent} differs from {@code stored} (metrics by name), in the event's order. */
    static List<String> differences(EvaluationEvent sent, EvaluationEvent stored) {
        List<String> out = new ArrayList<>();
        if (!sent.caseId().equals(stored.caseId())) {
            out.add("case");
        }
        Set<MetricName> names = new TreeSet<>(java.util.Comparator.comparing(MetricName::value));
        names.addAll(sent.metrics().keySet());
        names.addAll(stored.metrics().keySet());
        for (MetricName m : names) {
            if (!sameNumber(sent.metrics().get(m), stored.metrics().get(m))) {
                out.add("metrics." + m.value());
            }
        }
        if (!Objects.equals(sent.passed(), stored.passed())) {
            out.add("passed");
        }
        if (!sameNumber(sent.latencyMs(), stored.latencyMs())) {
            out.add("latencyMs");
        }
        if (!sameNumber(sent.tokensIn(), stored.tokensIn())) {
            out.add("tokensIn");
        }
        if (!sameNumber(sent.tokensOut(), stored.tokensOut())) {
            out.add("tokensOut");
        }
        if (!sameNumber(sent.cost(), stored.cost())) {
            out.add("cost");
        }
        if (!Objects.equals(sent.model(), stored.model())) {
            out.add("model");
        }
        if (sent.at() != null && sent.at().toEpochMilli() != stored.at().toEpochMilli()) {
            out.add("at");
        }
        if (!Objects.equals(sent.input(), stored.input())) {
            out.add("input");
        }
        if (!Objects.equals(sent.output(), stored.output())) {
            out.add("output");
        }
        if (!Objects.equals(sent.metadata(), stored.metadata())) {
            out.add("metadata");
        }
        return out;
    }

    private static boolean sameNumber(Number a, Number b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        return a.doubleValue() == b.doubleValue();
    }
}
