package dev.promptforge.domain.evaluation.stats;

import java.util.Objects;

/**
 * Pearson chi-square goodness-of-fit test of observed counts against expected weights (sample-ratio mismatch check).
 *
 * <p>With N the total count and wᵢ the weights, the expected count of category i is N × wᵢ / Σw; the statistic is
 * Σ (oᵢ - eᵢ)² / eᵢ with k - 1 degrees of freedom, and {@code pValue} its upper chi-square tail. Weights need not
 * sum to 1 (a 50/50 split may be given as {1, 1}). When nothing was observed (N = 0) the statistic is 0 and the
 * p-value 1: no evidence of a mismatch. The test is an approximation that wants expected counts of about 5 or more.
 * No field is ever NaN. Immutable.
 */
public record ChiSquareTest(double statistic, int degreesOfFreedom, double pValue) {

    public ChiSquareTest {
        if (!(statistic >= 0) || degreesOfFreedom < 1 || !(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("statistic must not be negative, degrees of freedom at least 1 and "
                    + "the p-value in [0, 1]");
        }
    }

    /**
     * Tests the observed counts against the expected split.
     *
     * @param observed the count in each category, none negative
     * @param expectedWeights one positive finite weight per category
     * @throws IllegalArgumentException if there are fewer than 2 categories, the arrays differ in length, a count
     *         is negative, a weight is not positive and finite, or the total count overflows a long
     */
    public static ChiSquareTest of(long[] observed, double[] expectedWeights) {
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(expectedWeights, "expectedWeights");
        int k = observed.length;
        if (k < 2 || expectedWeights.length != k) {
            throw new IllegalArgumentException("need at least 2 categories and one weight per category: " + k
                    + " counts, " + expectedWeights.length + " weights");
        }
        long total = 0;
        double weightSum = 0;
        for (int i = 0; i < k; i++) {
            if (observed[i] < 0) {
                throw new IllegalArgumentException("counts must not be negative: " + observed[i]);
            }
            if (!(expectedWeights[i] > 0 && expectedWeights[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("weights must be positive and finite: " + expectedWeights[i]);
            }
            try {
                total = Math.addExact(total, observed[i]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("the total count overflows", e);
            }
            weightSum += expectedWeights[i];
        }
        if (!Double.isFinite(weightSum)) {
            throw new IllegalArgumentException("the weights' sum overflows");
        }
        int df = k - 1;
        if (total == 0) {
            return new ChiSquareTest(0, df, 1);
        }
        double statistic = 0;
        for (int i = 0; i < k; i++) {
            double expected = total * (expectedWeights[i] / weightSum);
            double deviation = observed[i] - expected;
            if (expected > 0) {
                statistic += deviation * deviation / expected;
            } else if (observed[i] > 0) {
                // a weight tiny against the others underflows to an expected count of 0: any count there is damning
                statistic = Double.POSITIVE_INFINITY;
            }
        }
        return new ChiSquareTest(statistic, df, Distributions.regularizedGammaQ(df / 2.0, statistic / 2));
    }
}
