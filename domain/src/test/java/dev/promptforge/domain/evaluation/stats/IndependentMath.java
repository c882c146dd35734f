package dev.promptforge.domain.evaluation.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Reference computations for the statistics tests that share nothing with the code under test: a Taylor series
 * for erf and Simpson's rule over the densities, each slow but plain enough to check by eye.
 */
final class IndependentMath {
    private IndependentMath() {
    }

    /** erf(x) by its Taylor series 2/√π Σ (-1)ⁿ x^(2n+1) / (n! (2n+1)); good to about 1e-13 for |x| ≤ 3.5. */
    static double erf(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            double next = term / (2 * n + 1);
            sum += next;
            if (Math.abs(next) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** P(Z ≤ x) for a standard normal, from the erf series. */
    static double normalCdf(double x) {
        return 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    /** P(|Z| ≥ |z|) for a standard normal, from the erf series. */
    static double normalTwoSided(double z) {
        return 1 - erf(Math.abs(z) / Math.sqrt(2));
    }

    /**
     * P(|T| ≥ |t|) for Student's t with {@code df} degrees of freedom, as the ratio of two integrals of the
     * unnormalised density (1 + u²/df)^(-(df+1)/2), over [|t|, ∞) and over [0, ∞), each by Simpson's rule after
     * the substitution u = start + s / (1 - s) that maps [0, 1) onto [start, ∞). Neither the gamma function nor
     * the incomplete beta is involved. Good to about 1e-11 for df ≥ 3.
     */
    static double studentTTwoSided(double t, double df) {
        DoubleUnaryOperator density = u -> Math.pow(1 + u * u / df, -(df + 1) / 2);
        return tailIntegral(density, Math.abs(t)) / tailIntegral(density, 0);
    }

    private static double tailIntegral(DoubleUnaryOperator density, double start) {
        DoubleUnaryOperator mapped = s -> s >= 1 ? 0 : density.applyAsDouble(start + s / (1 - s)) / ((1 - s) * (1 - s));
        return simpson(mapped, 0, 1, 200_000);
    }

    /** Composite Simpson's rule with {@code intervals} (even) sub-intervals. */
    static double simpson(DoubleUnaryOperator f, double from, double to, int intervals) {
        double h = (to - from) / intervals;
        double sum = f.applyAsDouble(from) + f.applyAsDouble(to);
        for (int i = 1; i < intervals; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(from + i * h);
        }
        return sum * h / 3;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The textbook unbiased variance Σ (x - mean)² / (n - 1). */
    static double variance(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
