package dev.promptforge.domain.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleSummaryTest {
    private static final double UNIT_ROUNDOFF = 0x1p-53;

    @Test
    void summarisesTheTextbookSample() {
        SampleSummary summary = SampleSummary.of(2, 4, 4, 4, 5, 5, 7, 9);

        assertThat(summary.count()).isEqualTo(8);
        assertThat(summary.mean()).isEqualTo(5);
        assertThat(summary.variance()).isCloseTo(32.0 / 7, within(1e-15));
        assertThat(summary.standardError()).isCloseTo(Math.sqrt(32.0 / 7 / 8), within(1e-15));
    }

    @Test
    void runningSumsGiveTheSameSummaryAsTheValues() {
        SampleSummary fromSums = SampleSummary.of(8, 40, 4 + 16 + 16 + 16 + 25 + 25 + 49 + 81);

        assertThat(fromSums.mean()).isEqualTo(5);
        assertThat(fromSums.variance()).isCloseTo(32.0 / 7, within(1e-15));
    }

    @Test
    void twoPassSummaryIsExactToRoundingEvenFarFromZero() {
        Random random = new Random(1);
        for (double offset : new double[] {0, 1e6, -3e8}) {
            double[] values = noisy(random, 1000, offset, 1);
            BigDecimal[] exact = exactMeanAndVariance(values);

            SampleSummary summary = SampleSummary.of(values);

            assertThat(summary.mean()).isCloseTo(exact[0].doubleValue(), within(1e-15 * Math.max(1, Math.abs(offset))));
            assertThat(summary.variance()).isCloseTo(exact[1].doubleValue(), within(1e-9 * exact[1].doubleValue()));
        }
    }

    /**
     * The one-pass formula cannot beat the bound of Chan, Golub and LeVeque for sums of squares: each running sum
     * carries up to n rounding errors, each of up to u = 2⁻⁵³ relative to n·(mean² + variance), and the variance is
     * what is left after they cancel, so the relative error is at most about 3·n·u·(1 + mean²/variance). The
     * tolerance is 4·n·u·(1 + mean²/variance): about 1e-12 with no offset, 4e-5 for values of 1e6 ± 100.
     */
    @Test
    void runningSumsAgreeWithTheTwoPassResultWithinTheRoundingBound() {
        Random random = new Random(2);
        for (double[] offsetAndSpread : new double[][] {{0, 1}, {5, 1}, {1e6, 100}, {1e6, 1e3}, {-2e4, 0.5}}) {
            int n = 1000;
            double[] values = noisy(random, n, offsetAndSpread[0], offsetAndSpread[1]);
            double sum = 0;
            double sumOfSquares = 0;
            for (double v : values) {
                sum += v;
                sumOfSquares += v * v;
            }
            SampleSummary twoPass = SampleSummary.of(values);

            SampleSummary fromSums = SampleSummary.of(n, sum, sumOfSquares);

            double condition = 1 + twoPass.mean() * twoPass.mean() / twoPass.variance();
            double tolerance = 4 * n * UNIT_ROUNDOFF * condition;
            assertThat(fromSums.count()).isEqualTo(n);
            assertThat(fromSums.mean()).isCloseTo(twoPass.mean(), within(n * UNIT_ROUNDOFF * Math.abs(twoPass.mean())));
            assertThat(fromSums.variance()).as("offset %s", offsetAndSpread[0])
                    .isCloseTo(twoPass.variance(), within(tolerance * twoPass.variance()));
        }
    }

    @Test
    void clampsATinyNegativeVarianceFromCancellationToZero() {
        // three values of 0.1: the rounded sums give sumOfSquares - sum²/3 = -4.4e-18
        SampleSummary summary = SampleSummary.of(3, 0.30000000000000004, 0.030000000000000006);

        assertThat(summary.variance()).isZero();
        assertThat(summary.mean()).isCloseTo(0.1, within(1e-16));
    }

    @Test
    void rejectsSumsThatCannotComeFromTheSameValues() {
        // two values summing to 10 have a sum of squares of at least 50
        assertThatThrownBy(() -> SampleSummary.of(2, 10, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleSummary.of(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleSummary.of(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleSummary.of(2, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleSummary.of(2, 1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleSummary.of(2, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleSummary.of(1.0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptySampleHasZeroMeanAndAnInfiniteStandardError() {
        for (SampleSummary empty : new SampleSummary[] {SampleSummary.of(), SampleSummary.of(0, 0, 0)}) {
            assertThat(empty).isEqualTo(new SampleSummary(0, 0, 0));
            assertThat(empty.standardError()).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void aSingleValueHasNoVarianceAndAnInfiniteStandardError() {
        SampleSummary one = SampleSummary.of(1, 7.5, 56.25);

        assertThat(one).isEqualTo(new SampleSummary(1, 7.5, 0));
        assertThat(SampleSummary.of(7.5)).isEqualTo(one);
        assertThat(one.standardError()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void summarisesABillionPassFailOutcomesWithoutOverflow() {
        // 600 million passes (1) and 400 million failures (0): sum = sum of squares = 6e8
        SampleSummary summary = SampleSummary.of(1_000_000_000L, 6e8, 6e8);

        assertThat(summary.mean()).isEqualTo(0.6);
        assertThat(summary.variance()).isCloseTo(0.24 * 1e9 / (1e9 - 1), within(1e-15));
        assertThat(summary.standardError()).isCloseTo(Math.sqrt(0.24 / (1e9 - 1)), within(1e-18));
    }

    @Test
    void refusesAStateThatBreaksItsInvariants() {
        assertThatThrownBy(() -> new SampleSummary(1, 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleSummary(0, 3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleSummary(5, 3, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleSummary(5, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SampleSummary(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] noisy(Random random, int n, double offset, double spread) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = offset + spread * random.nextGaussian();
        }
        return values;
    }

    /** Mean and unbiased variance in exact decimal arithmetic, rounded only at the end. */
    private static BigDecimal[] exactMeanAndVariance(double[] values) {
        BigDecimal n = BigDecimal.valueOf(values.length);
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : values) {
            sum = sum.add(new BigDecimal(v));
        }
        BigDecimal mean = sum.divide(n, MathContext.DECIMAL128);
        BigDecimal squares = BigDecimal.ZERO;
        for (double v : values) {
            BigDecimal d = new BigDecimal(v).subtract(mean);
            squares = squares.add(d.multiply(d));
        }
        return new BigDecimal[] {mean, squares.divide(n.subtract(BigDecimal.ONE), MathContext.DECIMAL128)};
    }
}
