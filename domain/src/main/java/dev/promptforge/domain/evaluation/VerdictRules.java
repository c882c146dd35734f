package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.evaluation.stats.ProportionTest;
import dev.promptforge.domain.evaluation.stats.SampleSummary;
import dev.promptforge.domain.evaluation.stats.WelchTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Computes a verdict from the samples of a run and of its baseline. Pure. */
final class VerdictRules {
    static final double CONFIDENCE = 0.95;

    private VerdictRules() {
    }

    static Verdict verdict(Map<MetricName, SampleSummary> current, Map<MetricName, SampleSummary> baseline,
            RunId baselineId, Thresholds thresholds) {
        List<MetricComparison> comparisons = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        TreeSet<MetricName> names = new TreeSet<>(current.keySet());
        names.addAll(thresholds.byMetric().keySet());
        boolean passed = true;
        if (baselineId == null && thresholds.byMetric().values().stream()
                .anyMatch(t -> t.minDelta() != null || t.maxRegression() != null)) {
            reasons.add("no baseline run was found: relative thresholds (minDelta, maxRegression) were not applied");
        }
        for (MetricName m : names) {
            SampleSummary now = current.get(m);
            SampleSummary before = baseline == null ? null : baseline.get(m);
            Threshold t = thresholds.byMetric().get(m);
            WelchTest test = now != null && before != null && now.count() > 0 && before.count() > 0
                    ? WelchTest.of(now, before, CONFIDENCE) : null;
            List<String> broken = new ArrayList<>();
            if (t != null) {
                if (now == null || now.count() == 0) {
                    broken.add(m + ": the run has no values for this metric");
                } else {
                    if (t.min() != null && now.mean() < t.min()) {
                        broken.add(String.format(Locale.ROOT, "%s: mean %.6g is below the minimum %.6g", m, now.mean(), t.min()));
                    }
                    if (before != null && before.count() > 0) {
                        double delta = now.mean() - before.mean();
                        double improvement = t.direction() == Threshold.Direction.INCREASE ? delta : -delta;
                        if (t.maxRegression() != null && improvement < -t.maxRegression()) {
                            broken.add(String.format(Locale.ROOT,
                                    "%s: %s from %.6g to %.6g, a regression of %.6g, more than the allowed %.6g%s", m,
                                    delta < 0 ? "fell" : "rose", before.mean(), now.mean(), -improvement,
                                    t.maxRegression(), pNote(test)));
                        }
                        if (t.minDelta() != null && improvement < t.minDelta()) {
                            broken.add(String.format(Locale.ROOT,
                                    "%s: improved by %.6g (from %.6g to %.6g), less than the required %.6g%s", m,
                                    improvement, before.mean(), now.mean(), t.minDelta(), pNote(test)));
                        }
                    } else if (baselineId != null && (t.minDelta() != null || t.maxRegression() != null)) {
                        reasons.add(m + ": the baseline run has no values for this metric; relative thresholds not applied");
                    }
                }
            }
            if (!broken.isEmpty()) {
                passed = false;
                reasons.addAll(broken);
            }
            comparisons.add(new MetricComparison(m, now, before, test, t, broken));
        }
        ProportionTest passRate = null;
        SampleSummary p = current.get(MetricName.PASSED);
        SampleSummary q = baseline == null ? null : baseline.get(MetricName.PASSED);
        if (p != null && q != null && p.count() > 0 && q.count() > 0) {
            passRate = ProportionTest.of(Math.round(p.mean() * p.count()), p.count(), Math.round(q.mean() * q.count()),
                    q.count(), CONFIDENCE);
        }
        if (passed) {
            reasons.add(0, thresholds.byMetric().isEmpty() ? "no thresholds were set" : "every threshold holds");
        }
        return new Verdict(passed, baselineId, comparisons, passRate, reasons);
    }

    private static String pNote(WelchTest test) {
        return test == null ? "" : String.format(Locale.ROOT, " (Welch p = %.3g)", test.pValue());
    }
}
