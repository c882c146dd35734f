package dev.promptforge.domain.evaluation.stats;

import java.util.Objects;

/**
 * Welch's unequal-variance t-test of the difference of two means (treatment minus control).
 *
 * <p>{@code t = difference / standardError} with {@code standardError = sqrt(s₁²/n₁ + s₂²/n₂)}, Welch–Satterthwaite
 * degrees of freedom, a two-sided p-value, and the interval {@code difference ± t* × standardError} at
 * {@code confidence}, where t* is the Student t quantile at (1 + confidence) / 2. The interval excludes 0 exactly
 * when {@code pValue < 1 - confidence} (up to the last digits of the quantile).
 *
 * <p>No field is ever NaN. The degenerate cases are:
 * <ul>
 *   <li>either side has fewer than 2 values: the test is undefined ({@link #isDefined()} is false):
 *       {@code standardError = +∞}, {@code t = 0}, {@code degreesOfFreedom = 0}, {@code pValue = 1} and the
 *       interval is (-∞, +∞); {@code difference} is still the difference of the means (0 for an empty side);</li>
 *   <li>both variances are 0: {@code standardError = 0} and {@code degreesOfFreedom = n₁ + n₂ - 2}; equal means
 *       give {@code t = 0}, {@code pValue = 1}, different means {@code t = ±∞}, {@code pValue = 0}; the interval
 *       collapses to the difference.</li>
 * </ul>
 * Immutable.
 */
public record WelchTest(double difference, double standardError, double t, double degreesOfFreedom,
        double pValue, double ciLow, double ciHigh, double confidence) {

    public WelchTest {
        requireConfidence(confidence);
        if (Double.isNaN(difference) || Double.isNaN(standardError) || Double.isNaN(t)
                || Double.isNaN(degreesOfFreedom) || Double.isNaN(ciLow) || Double.isNaN(ciHigh)) {
            throw new IllegalArgumentException("no field of a Welch test may be NaN");
        }
        if (!(pValue >= 0 && pValue <= 1) || standardError < 0 || degreesOfFreedom < 0 || ciLow > ciHigh) {
            throw new IllegalArgumentException("p-value must be in [0, 1], the standard error and degrees of freedom "
                    + "not negative and ciLow <= ciHigh");
        }
    }

    /**
     * Tests treatment against control.
     *
     * @param confidence the level of the interval, strictly between 0 and 1 (e.g. 0.95)
     * @throws IllegalArgumentException if confidence is not strictly between 0 and 1
     */
    public static WelchTest of(SampleSummary treatment, SampleSummary control, double confidence) {
        Objects.requireNonNull(treatment, "treatment");
        Objects.requireNonNull(control, "control");
        requireConfidence(confidence);
        double difference = treatment.mean() - control.mean();
        if (treatment.count() < 2 || control.count() < 2) {
            return new WelchTest(difference, Double.POSITIVE_INFINITY, 0, 0, 1, Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY, confidence);
        }
        // each side's squared standard error, kept as square roots so that neither sum nor square overflows
        double treatmentError = Math.sqrt(treatment.variance() / treatment.count());
        double controlError = Math.sqrt(control.variance() / control.count());
        double standardError = Math.hypot(treatmentError, controlError);
        if (standardError == 0) {
            double df = (double) treatment.count() + control.count() - 2;
            if (difference == 0) {
                return new WelchTest(0, 0, 0, df, 1, 0, 0, confidence);
            }
            return new WelchTest(difference, 0, Math.copySign(Double.POSITIVE_INFINITY, difference), df, 0,
                    difference, difference, confidence);
        }
        double treatmentShare = square(treatmentError / standardError);
        double controlShare = square(controlError / standardError);
        double df = 1 / (square(treatmentShare) / (treatment.count() - 1) + square(controlShare) / (control.count()
                - 1));
        double t = difference / standardError;
        double pValue = Distributions.studentTTwoSided(t, df);
        double halfWidth = -Distributions.studentTQuantile((1 - confidence) / 2, df) * standardError;
        return new WelchTest(difference, standardError, t, df, pValue, difference - halfWidth,
                difference + halfWidth, confidence);
    }

    /** Whether both sides had at least 2 values, so that the test says anything (see the class comment). */
    public boolean isDefined() {
        return degreesOfFreedom > 0;
    }

    private static double square(double x) {
        return x * x;
    }

    static void requireConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1: " + confidence);
        }
    }
}
