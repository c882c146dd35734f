package dev.promptforge.domain.evaluation.stats;

/**
 * Two-proportion z-test of pass rates (treatment minus control), pooled SE for the test, unpooled (Wald) SE for the
 * interval.
 *
 * <p>{@code z = difference / sqrt(p̂(1 - p̂)(1/n₁ + 1/n₂))} with p̂ the pooled pass rate, a two-sided normal p-value,
 * and the interval {@code difference ± z* × sqrt(r₁(1 - r₁)/n₁ + r₂(1 - r₂)/n₂)} at {@code confidence}. Because the
 * two standard errors differ, the interval and the p-value can disagree near the boundary.
 *
 * <p>No field is ever NaN. The degenerate cases are:
 * <ul>
 *   <li>an arm with no trials: the test is undefined ({@link #isDefined()} is false): that arm's rate is 0,
 *       {@code z = 0}, {@code pValue = 1} and the interval is (-∞, +∞);</li>
 *   <li>both arms all passes, or both none: the rates are equal, {@code z = 0}, {@code pValue = 1};</li>
 *   <li>each arm all passes or none (e.g. 10/10 against 0/10): the Wald standard error is 0 and the interval
 *       collapses to the difference, a known weakness of the Wald interval for extreme rates.</li>
 * </ul>
 * Counts up to {@link Long#MAX_VALUE} are handled in floating point without overflow. Immutable.
 */
public record ProportionTest(double treatmentRate, double controlRate, double difference, double z,
        double pValue, double ciLow, double ciHigh, double confidence) {

    public ProportionTest {
        WelchTest.requireConfidence(confidence);
        if (!(treatmentRate >= 0 && treatmentRate <= 1 && controlRate >= 0 && controlRate <= 1)) {
            throw new IllegalArgumentException("rates must be in [0, 1]");
        }
        if (Double.isNaN(difference) || Double.isNaN(z) || Double.isNaN(ciLow) || Double.isNaN(ciHigh)) {
            throw new IllegalArgumentException("no field of a proportion test may be NaN");
        }
        if (!(pValue >= 0 && pValue <= 1) || ciLow > ciHigh) {
            throw new IllegalArgumentException("p-value must be in [0, 1] and ciLow <= ciHigh");
        }
    }

    /**
     * Tests the treatment's pass rate against the control's.
     *
     * @param confidence the level of the interval, strictly between 0 and 1 (e.g. 0.95)
     * @throws IllegalArgumentException if a count is negative, passes exceed their count, or confidence is not
     *         strictly between 0 and 1
     */
    public static ProportionTest of(long treatmentPasses, long treatmentCount, long controlPasses, long controlCount,
            double confidence) {
        requireCounts(treatmentPasses, treatmentCount, "treatment");
        requireCounts(controlPasses, controlCount, "control");
        WelchTest.requireConfidence(confidence);
        double treatmentRate = rate(treatmentPasses, treatmentCount);
        double controlRate = rate(controlPasses, controlCount);
        double difference = treatmentRate - controlRate;
        if (treatmentCount == 0 || controlCount == 0) {
            return new ProportionTest(treatmentRate, controlRate, difference, 0, 1, Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY, confidence);
        }
        double n1 = treatmentCount;
        double n2 = controlCount;
        double pooled = ((double) treatmentPasses + (double) controlPasses) / (n1 + n2);
        double pooledError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
        double z = pooledError == 0 ? 0 : difference / pooledError;
        double pValue = pooledError == 0 ? 1 : Distributions.normalTwoSided(z);
        double waldError = Math.sqrt(treatmentRate * (1 - treatmentRate) / n1 + controlRate * (1 - controlRate) / n2);
        double halfWidth = -Distributions.normalQuantile((1 - confidence) / 2) * waldError;
        return new ProportionTest(treatmentRate, controlRate, difference, z, pValue, difference - halfWidth,
                difference + halfWidth, confidence);
    }

    /** Whether both arms had at least one trial, so that the test says anything (see the class comment). */
    public boolean isDefined() {
        return ciLow != Double.NEGATIVE_INFINITY;
    }

    private static double rate(long passes, long count) {
        return count == 0 ? 0 : (double) passes / (double) count;
    }

    private static void requireCounts(long passes, long count, String arm) {
        if (count < 0 || passes < 0 || passes > count) {
            throw new IllegalArgumentException(arm + " passes must be between 0 and the count: " + passes + " of "
                    + count);
        }
    }
}
