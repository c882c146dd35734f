package dev.promptforge.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReusedIdsTest {
    private static final Instant AT = Instant.parse("2026-11-22T12:00:00.123Z");
    private static final MetricName ACCURACY = new MetricName("accuracy");
    private static final MetricName F1 = new MetricName("f1");

    private static EvaluationEvent stored() {
        return new EvaluationEvent("e-1", "case-1", Map.of(ACCURACY, 0.9, F1, 0.5), true, 100.0, 10L, 20L, 0.0,
                "gpt-4o", AT, "in", "out", "{\"k\":1}");
    }

    @Test
    void theSameResultSentAgainIsARetry() {
        assertThat(ReusedIds.differences(stored(), stored())).isEmpty();
    }

    @Test
    void aRetryWithoutItsTimeIsStillARetryAndTimesCompareToTheStoredMillisecond() {
        EvaluationEvent noTime = new EvaluationEvent("e-1", "case-1", Map.of(ACCURACY, 0.9, F1, 0.5), true, 100.0, 10L,
                20L, 0.0, "gpt-4o", null, "in", "out", "{\"k\":1}");
        EvaluationEvent finerTime = new EvaluationEvent("e-1", "case-1", Map.of(ACCURACY, 0.9, F1, 0.5), true, 100.0,
                10L, 20L, 0.0, "gpt-4o", AT.plusNanos(456_789), "in", "out", "{\"k\":1}");
        assertThat(ReusedIds.differences(noTime, stored())).isEmpty();
        assertThat(ReusedIds.differences(finerTime, stored())).isEmpty();
    }

    @Test
    void numbersCompareByValue() {
        EvaluationEvent negativeZeroCost = new EvaluationEvent("e-1", "case-1", Map.of(ACCURACY, 0.9, F1, 0.5), true,
                100.0, 10L, 20L, -0.0, "gpt-4o", AT, "in", "out", "{\"k\":1}");
        assertThat(ReusedIds.differences(negativeZeroCost, stored())).isEmpty();
    }

    @Test
    void namesEveryFieldThatDiffers() {
        EvaluationEvent other = new EvaluationEvent("e-1", "case-2", Map.of(ACCURACY, 0.1, new MetricName("bleu"), 0.3),
                false, 101.0, 11L, 21L, 0.5, "gpt-4o-mini", AT.plusSeconds(1), "in2", null, "{\"k\":2}");
        assertThat(ReusedIds.differences(other, stored())).containsExactly("case", "metrics.accuracy", "metrics.bleu",
                "metrics.f1", "passed", "latencyMs", "tokensIn", "tokensOut", "cost", "model", "at", "input", "output",
                "metadata");
    }

    @Test
    void aMissingOptionalValueDiffersFromAStoredOne() {
        EvaluationEvent noPassed = new EvaluationEvent("e-1", "case-1", Map.of(ACCURACY, 0.9, F1, 0.5), null, 100.0,
                10L, 20L, 0.0, "gpt-4o", AT, "in", "out", "{\"k\":1}");
        assertThat(ReusedIds.differences(noPassed, stored())).containsExactly("passed");
    }
}
