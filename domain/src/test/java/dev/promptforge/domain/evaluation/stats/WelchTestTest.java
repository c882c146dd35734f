package dev.promptforge.domain.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WelchTestTest {
    // Wikipedia, "Welch's t-test", examples 1 and 2: published t = -2.46, ν = 24.99, p = 0.021 and
    // t = -1.57, ν = 9.90, p = 0.149
    private static final double[] EXAMPLE_1_A = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1,
        19.6, 19.0, 21.7, 21.4};
    private static final double[] EXAMPLE_1_B = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9,
        22.1, 22.9, 20.5, 24.4};
    private static final double[] EXAMPLE_2_A = {17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8};
    private static final double[] EXAMPLE_2_B = {21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7,
        21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8};

    @Test
    void reproducesTheFirstTextbookExample() {
        WelchTest test = WelchTest.of(SampleSummary.of(EXAMPLE_1_A), SampleSummary.of(EXAMPLE_1_B), 0.95);

        assertMatchesHandComputation(test, EXAMPLE_1_A, EXAMPLE_1_B);
        assertThat(test.t()).isCloseTo(-2.46, within(0.005));
        assertThat(test.degreesOfFreedom()).isCloseTo(24.99, within(0.005));
        assertThat(test.pValue()).isCloseTo(0.021, within(0.0005));
    }

    @Test
    void reproducesTheSecondTextbookExampleWithUnequalSizes() {
        WelchTest test = WelchTest.of(SampleSummary.of(EXAMPLE_2_A), SampleSummary.of(EXAMPLE_2_B), 0.95);

        assertMatchesHandComputation(test, EXAMPLE_2_A, EXAMPLE_2_B);
        assertThat(test.t()).isCloseTo(-1.57, within(0.005));
        assertThat(test.degreesOfFreedom()).isCloseTo(9.90, within(0.005));
        assertThat(test.pValue()).isCloseTo(0.149, within(0.0005));
    }

    /** t and ν by the plain formulas from the raw data; p and the interval against Simpson integration. */
    private static void assertMatchesHandComputation(WelchTest test, double[] a, double[] b) {
        double va = IndependentMath.variance(a) / a.length;
        double vb = IndependentMath.variance(b) / b.length;
        double difference = IndependentMath.mean(a) - IndependentMath.mean(b);
        double se = Math.sqrt(va + vb);
        double t = difference / se;
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));

        assertThat(test.difference()).isCloseTo(difference, within(1e-12));
        assertThat(test.standardError()).isCloseTo(se, within(1e-12));
        assertThat(test.t()).isCloseTo(t, within(1e-11));
        assertThat(test.degreesOfFreedom()).isCloseTo(df, within(1e-10));
        assertThat(test.pValue()).isCloseTo(IndependentMath.studentTTwoSided(t, df), within(1e-10));
        assertThat(test.isDefined()).isTrue();
        assertThat(test.ciHigh() - test.difference()).isCloseTo(test.difference() - test.ciLow(), within(1e-12));
        double criticalT = (test.ciHigh() - test.difference()) / test.standardError();
        assertThat(IndependentMath.studentTTwoSided(criticalT, df)).isCloseTo(0.05, within(1e-10));
    }

    @Test
    void swappingTheArmsNegatesTheDifferenceAndKeepsThePValue() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            SampleSummary a = randomSummary(random);
            SampleSummary b = randomSummary(random);
            WelchTest forward = WelchTest.of(a, b, 0.9);
            WelchTest backward = WelchTest.of(b, a, 0.9);

            assertThat(backward.difference()).isEqualTo(-forward.difference());
            assertThat(backward.t()).isEqualTo(-forward.t());
            assertThat(backward.pValue()).isEqualTo(forward.pValue());
            assertThat(backward.ciLow()).isEqualTo(-forward.ciHigh());
            assertThat(backward.ciHigh()).isEqualTo(-forward.ciLow());
        }
    }

    @Test
    void pValueLiesInTheUnitIntervalAndTheIntervalContainsTheDifference() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            double confidence = 0.5 + 0.49 * random.nextDouble();
            WelchTest test = WelchTest.of(randomSummary(random), randomSummary(random), confidence);

            assertThat(test.pValue()).isBetween(0.0, 1.0);
            assertThat(test.difference()).isBetween(test.ciLow(), test.ciHigh());
        }
    }

    @Test
    void rejectsAtFivePercentExactlyWhenTheNinetyFivePercentIntervalExcludesZero() {
        Random random = new Random(11);
        int significant = 0;
        for (int i = 0; i < 5000; i++) {
            WelchTest test = WelchTest.of(randomSummary(random), randomSummary(random), 0.95);
            if (Math.abs(test.pValue() - 0.05) < 1e-9) {
                continue;
            }
            boolean excludesZero = test.ciLow() > 0 || test.ciHigh() < 0;
            assertThat(test.pValue() < 0.05).as("%s", test).isEqualTo(excludesZero);
            significant += excludesZero ? 1 : 0;
        }
        assertThat(significant).as("both outcomes are exercised").isBetween(500, 4500);
    }

    @Test
    void isUndefinedWhenEitherSideHasFewerThanTwoValues() {
        SampleSummary one = SampleSummary.of(3.0);
        SampleSummary empty = SampleSummary.of();
        SampleSummary some = SampleSummary.of(1.0, 2.0, 3.0);

        for (WelchTest test : new WelchTest[] {WelchTest.of(one, some, 0.95), WelchTest.of(some, empty, 0.95),
            WelchTest.of(one, one, 0.95)}) {
            assertThat(test.isDefined()).isFalse();
            assertThat(test.pValue()).isEqualTo(1);
            assertThat(test.t()).isZero();
            assertThat(test.degreesOfFreedom()).isZero();
            assertThat(test.standardError()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(test.ciLow()).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(test.ciHigh()).isEqualTo(Double.POSITIVE_INFINITY);
        }
        assertThat(WelchTest.of(one, some, 0.95).difference()).isEqualTo(1);
    }

    @Test
    void identicalConstantSamplesGiveNoEvidence() {
        SampleSummary constant = SampleSummary.of(4.0, 4.0, 4.0);

        WelchTest test = WelchTest.of(constant, SampleSummary.of(4.0, 4.0), 0.95);

        assertThat(test.isDefined()).isTrue();
        assertThat(test.pValue()).isEqualTo(1);
        assertThat(test.t()).isZero();
        assertThat(test.standardError()).isZero();
        assertThat(test.degreesOfFreedom()).isEqualTo(3);
        assertThat(test.ciLow()).isZero();
        assertThat(test.ciHigh()).isZero();
    }

    @Test
    void differentConstantSamplesAreCertainlyDifferent() {
        WelchTest test = WelchTest.of(SampleSummary.of(5.0, 5.0), SampleSummary.of(4.0, 4.0, 4.0), 0.95);

        assertThat(test.pValue()).isZero();
        assertThat(test.t()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(test.difference()).isEqualTo(1);
        assertThat(test.ciLow()).isEqualTo(1);
        assertThat(test.ciHigh()).isEqualTo(1);
        assertThat(WelchTest.of(SampleSummary.of(4.0, 4.0, 4.0), SampleSummary.of(5.0, 5.0), 0.95).t())
                .isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void oneConstantSideTakesItsDegreesOfFreedomFromTheOther() {
        WelchTest test = WelchTest.of(SampleSummary.of(1.0, 2.0, 3.0, 4.0, 5.0), SampleSummary.of(0.0, 0.0, 0.0), 0.95);

        assertThat(test.degreesOfFreedom()).isCloseTo(4, within(1e-12));
        assertThat(test.pValue()).isCloseTo(IndependentMath.studentTTwoSided(test.t(), 4), within(1e-10));
    }

    @Test
    void handlesABillionValuesPerSideLikeTheNormalLimit() {
        SampleSummary control = new SampleSummary(1_000_000_000L, 0.5, 0.25);
        SampleSummary treatment = new SampleSummary(1_000_000_000L, 0.5001, 0.25);

        WelchTest test = WelchTest.of(treatment, control, 0.95);

        double se = Math.sqrt(2 * 0.25 / 1e9);
        double z = 1e-4 / se;
        assertThat(test.standardError()).isCloseTo(se, within(1e-18));
        assertThat(test.t()).isCloseTo(z, within(1e-8));
        assertThat(test.degreesOfFreedom()).isCloseTo(2e9 - 2, within(1e-3));
        assertThat(test.pValue()).isCloseTo(IndependentMath.normalTwoSided(z), within(1e-10));
        assertThat(test.ciHigh() - test.difference()).isCloseTo(1.959963984540054 * se, within(1e-12));
    }

    @Test
    void rejectsAConfidenceOutsideTheOpenUnitInterval() {
        SampleSummary a = SampleSummary.of(1.0, 2.0, 3.0);
        for (double confidence : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> WelchTest.of(a, a, confidence)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Summaries of assorted sizes, means and spreads, including single values and zero variances. */
    private static SampleSummary randomSummary(Random random) {
        long count = random.nextInt(10) == 0 ? random.nextInt(3) : 2 + random.nextInt(random.nextBoolean() ? 10 : 5000);
        if (count == 0) {
            return SampleSummary.of();
        }
        double mean = random.nextGaussian() * 2;
        double variance = count < 2 || random.nextInt(20) == 0 ? 0 : Math.pow(10, 3 * random.nextDouble() - 1);
        return new SampleSummary(count, mean, variance);
    }
}
