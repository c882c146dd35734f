package dev.promptforge.domain.evaluation.stats;

/**
 * Count, mean and unbiased sample variance of a sample, built from running sums.
 *
 * <p>Invariants: {@code count ≥ 0}; {@code mean} and {@code variance} are finite; {@code variance ≥ 0}. An empty
 * sample has mean 0 and variance 0; a sample of one has variance 0 (the n - 1 denominator is undefined and the
 * sample says nothing about spread, which {@link #standardError()} reports as infinite). Immutable.
 */
public record SampleSummary(long count, double mean, double variance) {
    /** How far below zero {@code sumOfSquares - sum²/count} may fall, per value, before the sums are inconsistent. */
    private static final double ROUNDING_PER_VALUE = 0x1p-50;

    public SampleSummary {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (!Double.isFinite(mean) || !Double.isFinite(variance) || variance < 0) {
            throw new IllegalArgumentException("mean and variance must be finite, the variance not negative: mean="
                    + mean + ", variance=" + variance);
        }
        if (count == 0 && mean != 0) {
            throw new IllegalArgumentException("an empty sample has mean 0: " + mean);
        }
        if (count < 2 && variance != 0) {
            throw new IllegalArgumentException("a sample of fewer than 2 values has variance 0: " + variance);
        }
    }

    /**
     * The summary of {@code count} values whose sum and sum of squares are given, as stored by metric buckets.
     *
     * <p>The variance is {@code (sumOfSquares - sum × mean) / (count - 1)}, the product taken with one rounding
     * ({@link Math#fma}). When the values sit far from zero relative to their spread the sums cannot carry the
     * variance to full precision (the relative error grows like count × 2⁻⁵³ × mean² / variance, Chan, Golub and
     * LeVeque 1983); a result that comes out slightly negative by that cancellation is taken as 0, while one more
     * negative than rounding can explain means the sums do not belong together and is rejected.
     *
     * @throws IllegalArgumentException if count is negative, a sum is not finite, the sum of squares is negative,
     *         an empty sample has non-zero sums, or the sum of squares is smaller than the sum allows
     */
    public static SampleSummary of(long count, double sum, double sumOfSquares) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (!Double.isFinite(sum) || !Double.isFinite(sumOfSquares) || sumOfSquares < 0) {
            throw new IllegalArgumentException("sums must be finite and the sum of squares not negative: sum=" + sum
                    + ", sumOfSquares=" + sumOfSquares);
        }
        if (count == 0) {
            if (sum != 0 || sumOfSquares != 0) {
                throw new IllegalArgumentException("an empty sample has zero sums");
            }
            return new SampleSummary(0, 0, 0);
        }
        double mean = sum / count;
        if (count == 1) {
            return new SampleSummary(1, mean, 0);
        }
        double centred = Math.fma(-sum, mean, sumOfSquares);
        if (centred < -ROUNDING_PER_VALUE * count * sumOfSquares) {
            throw new IllegalArgumentException("the sum of squares " + sumOfSquares + " is too small for " + count
                    + " values summing to " + sum);
        }
        return new SampleSummary(count, mean, Math.max(0, centred) / (count - 1));
    }

    /**
     * The summary of the given values, by two passes (the mean, then the deviations from it, which both correct
     * the rounded mean and give the variance), so that it is accurate whatever the values' offset. Pass
     * doubles: three integer literals, {@code of(1, 2, 3)}, resolve to {@link #of(long, double, double)}.
     *
     * @throws IllegalArgumentException if a value is not finite or the squared deviations overflow
     */
    public static SampleSummary of(double... values) {
        int n = values.length;
        if (n == 0) {
            return new SampleSummary(0, 0, 0);
        }
        double sum = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("values must be finite: " + v);
            }
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new SampleSummary(1, mean, 0);
        }
        double squares = 0;
        double deviations = 0;
        for (double v : values) {
            double d = v - mean;
            squares += d * d;
            deviations += d;
        }
        double centred = Math.max(0, squares - deviations * deviations / n);
        return new SampleSummary(n, mean + deviations / n, centred / (n - 1));
    }

    /** sqrt(variance / count), the standard error of the mean; +∞ for fewer than 2 values (no spread known). */
    public double standardError() {
        return count < 2 ? Double.POSITIVE_INFINITY : Math.sqrt(variance / count);
    }
}
