package dev.promptforge.domain.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProportionTestTest {

    @Test
    void reproducesAHandComputedExample() {
        // 120 of 1000 against 100 of 1000: pooled rate 0.11, pooled SE sqrt(0.11 × 0.89 × 2/1000) = 0.0139929,
        // z = 0.02 / 0.0139929 = 1.42930; Wald SE sqrt(0.12 × 0.88/1000 + 0.1 × 0.9/1000) = 0.0139857
        ProportionTest test = ProportionTest.of(120, 1000, 100, 1000, 0.95);

        double pooledError = Math.sqrt(0.0001958);
        double z = 0.02 / pooledError;
        double waldError = Math.sqrt(0.0001956);
        assertThat(test.treatmentRate()).isEqualTo(0.12);
        assertThat(test.controlRate()).isEqualTo(0.1);
        assertThat(test.difference()).isCloseTo(0.02, within(1e-15));
        assertThat(z).isCloseTo(1.42930, within(5e-6));
        assertThat(test.z()).isCloseTo(z, within(1e-12));
        assertThat(test.pValue()).isCloseTo(IndependentMath.normalTwoSided(z), within(1e-12));
        assertThat(test.pValue()).isCloseTo(0.15292, within(5e-6));
        assertThat(test.ciLow()).isCloseTo(0.02 - 1.959963984540054 * waldError, within(1e-14));
        assertThat(test.ciHigh()).isCloseTo(0.02 + 1.959963984540054 * waldError, within(1e-14));
        assertThat(test.isDefined()).isTrue();
    }

    @Test
    void swappingTheArmsNegatesTheDifferenceAndKeepsThePValue() {
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            long n1 = 1 + random.nextInt(5000);
            long n2 = 1 + random.nextInt(5000);
            long p1 = (long) (random.nextDouble() * (n1 + 1));
            long p2 = (long) (random.nextDouble() * (n2 + 1));
            ProportionTest forward = ProportionTest.of(p1, n1, p2, n2, 0.95);
            ProportionTest backward = ProportionTest.of(p2, n2, p1, n1, 0.95);

            assertThat(backward.difference()).isEqualTo(-forward.difference());
            assertThat(backward.z()).isEqualTo(-forward.z());
            assertThat(backward.pValue()).isEqualTo(forward.pValue());
            assertThat(forward.pValue()).isBetween(0.0, 1.0);
            assertThat(forward.difference()).isBetween(forward.ciLow(), forward.ciHigh());
        }
    }

    @Test
    void noPassesOrOnlyPassesOnBothSidesGiveNoEvidence() {
        for (ProportionTest test : new ProportionTest[] {ProportionTest.of(0, 50, 0, 80, 0.95),
            ProportionTest.of(50, 50, 80, 80, 0.95)}) {
            assertThat(test.z()).isZero();
            assertThat(test.pValue()).isEqualTo(1);
            assertThat(test.difference()).isZero();
            assertThat(test.ciLow()).isZero();
            assertThat(test.ciHigh()).isZero();
        }
    }

    @Test
    void allPassesAgainstNoneIsOverwhelmingAndItsWaldIntervalCollapses() {
        ProportionTest test = ProportionTest.of(40, 40, 0, 40, 0.95);

        // pooled rate 1/2: z = 1 / sqrt(0.25 × 2/40) = sqrt(80)
        assertThat(test.z()).isCloseTo(Math.sqrt(80), within(1e-12));
        assertThat(test.pValue()).isGreaterThan(0).isLessThan(1e-18);
        assertThat(test.ciLow()).isEqualTo(1);
        assertThat(test.ciHigh()).isEqualTo(1);
    }

    @Test
    void isUndefinedWhenAnArmHasNoTrials() {
        ProportionTest test = ProportionTest.of(0, 0, 30, 60, 0.95);

        assertThat(test.isDefined()).isFalse();
        assertThat(test.treatmentRate()).isZero();
        assertThat(test.controlRate()).isEqualTo(0.5);
        assertThat(test.z()).isZero();
        assertThat(test.pValue()).isEqualTo(1);
        assertThat(test.ciLow()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(test.ciHigh()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ProportionTest.of(0, 0, 0, 0, 0.95).isDefined()).isFalse();
    }

    @Test
    void handlesABillionTrialsPerArmWithoutOverflow() {
        ProportionTest test = ProportionTest.of(500_100_000L, 1_000_000_000L, 500_000_000L, 1_000_000_000L, 0.95);

        double pooled = 1_000_100_000.0 / 2e9;
        double z = 1e-4 / Math.sqrt(pooled * (1 - pooled) * 2e-9);
        assertThat(test.difference()).isCloseTo(1e-4, within(1e-15));
        assertThat(test.z()).isCloseTo(z, within(1e-9));
        assertThat(test.pValue()).isCloseTo(IndependentMath.normalTwoSided(z), within(1e-12));
        assertThat(ProportionTest.of(Long.MAX_VALUE / 2, Long.MAX_VALUE, Long.MAX_VALUE / 2, Long.MAX_VALUE, 0.9)
                .pValue()).isEqualTo(1);
    }

    @Test
    void rejectsImpossibleCountsAndConfidences() {
        assertThatThrownBy(() -> ProportionTest.of(11, 10, 1, 10, 0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProportionTest.of(-1, 10, 1, 10, 0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProportionTest.of(1, 10, 1, -10, 0.95)).isInstanceOf(IllegalArgumentException.class);
        for (double confidence : new double[] {0, 1, 2, Double.NaN}) {
            assertThatThrownBy(() -> ProportionTest.of(1, 10, 1, 10, confidence))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
