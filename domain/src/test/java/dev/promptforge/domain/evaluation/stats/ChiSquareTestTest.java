package dev.promptforge.domain.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTestTest {

    @Test
    void reproducesAHandComputedThreeWaySplit() {
        // expected 100/3 each: (50/3)² + (10/3)² + (40/3)² over 100/3 = 14; with 2 degrees of freedom P = e^(-14/2)
        ChiSquareTest test = ChiSquareTest.of(new long[] {50, 30, 20}, new double[] {1, 1, 1});

        assertThat(test.statistic()).isCloseTo(14, within(1e-12));
        assertThat(test.degreesOfFreedom()).isEqualTo(2);
        assertThat(test.pValue()).isCloseTo(Math.exp(-7), within(1e-15));
    }

    @Test
    void flagsASampleRatioMismatchOnAFiftyFiftySplit() {
        // 10000 against 10300: statistic 2 × 150² / 10150; one degree of freedom, so P = P(|Z| ≥ √statistic)
        ChiSquareTest test = ChiSquareTest.of(new long[] {10_000, 10_300}, new double[] {0.5, 0.5});

        double statistic = 2 * 150.0 * 150.0 / 10_150;
        assertThat(test.statistic()).isCloseTo(statistic, within(1e-12));
        assertThat(test.degreesOfFreedom()).isEqualTo(1);
        assertThat(test.pValue()).isCloseTo(IndependentMath.normalTwoSided(Math.sqrt(statistic)), within(1e-12));
        assertThat(test.pValue()).isCloseTo(0.035240, within(5e-7));
    }

    @Test
    void weightsNeedNotSumToOne() {
        long[] observed = {510, 240, 250};

        ChiSquareTest normalised = ChiSquareTest.of(observed, new double[] {0.5, 0.25, 0.25});
        ChiSquareTest relative = ChiSquareTest.of(observed, new double[] {2, 1, 1});

        assertThat(relative.statistic()).isCloseTo(normalised.statistic(), within(1e-12));
        assertThat(relative.pValue()).isCloseTo(normalised.pValue(), within(1e-12));
    }

    @Test
    void aPerfectMatchOrNoDataGivesNoEvidence() {
        ChiSquareTest perfect = ChiSquareTest.of(new long[] {300, 100}, new double[] {3, 1});
        ChiSquareTest empty = ChiSquareTest.of(new long[] {0, 0, 0}, new double[] {1, 1, 1});

        assertThat(perfect.statistic()).isZero();
        assertThat(perfect.pValue()).isEqualTo(1);
        assertThat(empty.statistic()).isZero();
        assertThat(empty.degreesOfFreedom()).isEqualTo(2);
        assertThat(empty.pValue()).isEqualTo(1);
    }

    @Test
    void handlesBillionsOfAssignments() {
        ChiSquareTest test = ChiSquareTest.of(new long[] {5_000_000_000L, 5_000_100_000L}, new double[] {1, 1});

        double statistic = 2 * 50_000.0 * 50_000.0 / 5_000_050_000.0;
        assertThat(test.statistic()).isCloseTo(statistic, within(1e-9));
        assertThat(test.pValue()).isCloseTo(IndependentMath.normalTwoSided(Math.sqrt(statistic)), within(1e-12));
    }

    @Test
    void anUnderflowingExpectedCountWithObservationsIsAMismatch() {
        ChiSquareTest test = ChiSquareTest.of(new long[] {10, 1}, new double[] {1e300, 1e-300});

        assertThat(test.statistic()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(test.pValue()).isZero();
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> ChiSquareTest.of(new long[] {5}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChiSquareTest.of(new long[] {5, 6}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChiSquareTest.of(new long[] {5, -6}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChiSquareTest.of(new long[] {5, 6}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChiSquareTest.of(new long[] {5, 6}, new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChiSquareTest.of(new long[] {Long.MAX_VALUE, 1}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
