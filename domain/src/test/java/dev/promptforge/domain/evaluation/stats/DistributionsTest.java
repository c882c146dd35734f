package dev.promptforge.domain.evaluation.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    @Test
    void normalQuantileMatchesPublishedValues() {
        // the textbook quantiles; 1e-10 and the last digits from mpmath at 30 significant digits
        // AS241 is good to a few units in the last place (2.2e-16 relative each)
        assertThat(Distributions.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(2e-15));
        assertThat(Distributions.normalQuantile(0.95)).isCloseTo(1.6448536269514727, within(2e-15));
        assertThat(Distributions.normalQuantile(0.995)).isCloseTo(2.5758293035489008, within(2e-15));
        assertThat(Distributions.normalQuantile(0.999)).isCloseTo(3.0902323061678135, within(4e-15));
        assertThat(Distributions.normalQuantile(0.9)).isCloseTo(1.2815515655446004, within(2e-15));
        assertThat(Distributions.normalQuantile(0.025)).isCloseTo(-1.959963984540054, within(2e-15));
        assertThat(Distributions.normalQuantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-14));
        assertThat(Distributions.normalQuantile(0.5)).isZero();
    }

    @Test
    void normalQuantileIsInfiniteAtTheEnds() {
        assertThat(Distributions.normalQuantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Distributions.normalQuantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void normalCdfMatchesTheErfSeries() {
        for (double x = -4.5; x <= 4.5; x += 0.125) {
            assertThat(Distributions.normalCdf(x)).as("x=%s", x).isCloseTo(IndependentMath.normalCdf(x), within(1e-12));
        }
    }

    @Test
    void normalCdfKeepsRelativePrecisionInTheTail() {
        assertThat(Distributions.normalCdf(-5)).isCloseTo(2.8665157187919391e-7, withinPercentage(1e-10));
        assertThat(Distributions.normalCdf(-10)).isCloseTo(7.619853024160526e-24, withinPercentage(1e-10));
        assertThat(Distributions.normalCdf(1.96)).isCloseTo(0.9750021048517796, within(1e-15));
        assertThat(Distributions.normalCdf(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(Distributions.normalCdf(Double.POSITIVE_INFINITY)).isEqualTo(1);
    }

    @Test
    void normalCdfInvertsTheQuantile() {
        for (double p : new double[] {1e-300, 1e-20, 1e-6, 0.01, 0.2, 0.5, 0.7, 0.99, 1 - 1e-9}) {
            double tail = Math.min(p, 1 - p);
            assertThat(Distributions.normalCdf(Distributions.normalQuantile(p))).as("p=%s", p)
                    .isCloseTo(p, within(1e-13 * tail));
        }
    }

    @Test
    void studentTQuantileMatchesPublishedTables() {
        // printed tables give 2.228, 2.015, 4.541, 2.750, 2.042, 1.980; the further digits are scipy.stats.t.ppf's
        assertThat(Distributions.studentTQuantile(0.975, 10)).isCloseTo(2.228138851986, within(1e-12));
        assertThat(Distributions.studentTQuantile(0.95, 5)).isCloseTo(2.015048373333, within(1e-12));
        assertThat(Distributions.studentTQuantile(0.99, 3)).isCloseTo(4.540702858568, within(1e-12));
        assertThat(Distributions.studentTQuantile(0.995, 30)).isCloseTo(2.749995653567, within(1e-12));
        assertThat(Distributions.studentTQuantile(0.975, 30)).isCloseTo(2.042272456301, within(1e-12));
        assertThat(Distributions.studentTQuantile(0.975, 120)).isCloseTo(1.979930405082, within(1e-12));
        assertThat(Distributions.studentTQuantile(0.025, 10)).isCloseTo(-2.228138851986, within(1e-12));
    }

    @Test
    void studentTQuantileMatchesTheClosedFormsForOneAndTwoDegreesOfFreedom() {
        for (double p : new double[] {1e-12, 1e-4, 0.025, 0.1, 0.3, 0.6, 0.9, 0.975, 0.9999}) {
            // tan(π(p - 1/2)), written as a cotangent of the smaller tail so that it keeps its digits
            double cauchy = p < 0.5 ? -1 / Math.tan(Math.PI * p) : 1 / Math.tan(Math.PI * (1 - p));
            double two = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
            assertThat(Distributions.studentTQuantile(p, 1)).as("p=%s", p)
                    .isCloseTo(cauchy, within(1e-12 * Math.abs(cauchy)));
            assertThat(Distributions.studentTQuantile(p, 2)).as("p=%s", p)
                    .isCloseTo(two, within(1e-12 * Math.abs(two)));
        }
    }

    @Test
    void studentTCdfMatchesTheClosedFormsForOneTwoAndThreeDegreesOfFreedom() {
        for (double t = -30; t <= 30; t += 0.37) {
            double one = 0.5 + Math.atan(t) / Math.PI;
            double two = 0.5 + t / (2 * Math.sqrt(t * t + 2));
            double s = t / Math.sqrt(3);
            double three = 0.5 + (s / (1 + s * s) + Math.atan(s)) / Math.PI;
            assertThat(Distributions.studentTCdf(t, 1)).as("t=%s", t).isCloseTo(one, within(1e-14));
            assertThat(Distributions.studentTCdf(t, 2)).as("t=%s", t).isCloseTo(two, within(1e-14));
            assertThat(Distributions.studentTCdf(t, 3)).as("t=%s", t).isCloseTo(three, within(1e-14));
        }
    }

    @Test
    void studentTTailMatchesSimpsonIntegrationOfTheDensity() {
        for (double df : new double[] {3, 4.5, 9.9, 25, 200}) {
            for (double t : new double[] {0.1, 0.8, 1.7, 2.5, 4, 7}) {
                assertThat(2 * Distributions.studentTCdf(-t, df)).as("t=%s df=%s", t, df)
                        .isCloseTo(IndependentMath.studentTTwoSided(t, df), within(1e-10));
            }
        }
    }

    @Test
    void studentTWithManyDegreesOfFreedomApproachesTheNormal() {
        // the gap is about φ(t)(t³ + t) / (4 df), below 1e-10 from a billion degrees of freedom on
        for (double t : new double[] {-4, -1.96, -0.5, 0.3, 2.5}) {
            assertThat(Distributions.studentTCdf(t, 2e9)).isCloseTo(IndependentMath.normalCdf(t), within(1e-10));
            assertThat(Distributions.studentTCdf(t, Double.POSITIVE_INFINITY))
                    .isCloseTo(IndependentMath.normalCdf(t), within(1e-12));
        }
        // Fisher's expansion t = z + (z³ + z) / (4 df) + O(1/df²)
        double z = 1.959963984540054;
        assertThat(Distributions.studentTQuantile(0.975, 2e9)).isCloseTo(z + (z * z * z + z) / 8e9, within(1e-13));
        assertThat(Distributions.studentTQuantile(0.975, Double.POSITIVE_INFINITY))
                .isCloseTo(1.959963984540054, within(1e-15));
    }

    @Test
    void studentTCdfInvertsTheQuantile() {
        for (double df : new double[] {0.5, 1, 2.5, 7, 40, 1e4, 1e7}) {
            for (double p : new double[] {1e-15, 1e-8, 0.001, 0.05, 0.3, 0.5, 0.8, 0.99}) {
                double t = Distributions.studentTQuantile(p, df);
                assertThat(Distributions.studentTCdf(t, df)).as("p=%s df=%s", p, df)
                        .isCloseTo(p, within(1e-12 * Math.min(p, 1 - p)));
            }
        }
    }

    @Test
    void chiSquareCdfMatchesPublishedCriticalValues() {
        // printed tables give 3.841, 5.991, 11.345, 18.307, 20.515; the further digits are scipy.stats.chi2.ppf's
        assertThat(Distributions.chiSquareCdf(3.841458820694124, 1)).isCloseTo(0.95, within(1e-12));
        assertThat(Distributions.chiSquareCdf(5.991464547107979, 2)).isCloseTo(0.95, within(1e-12));
        assertThat(Distributions.chiSquareCdf(11.344866730144373, 3)).isCloseTo(0.99, within(1e-12));
        assertThat(Distributions.chiSquareCdf(18.307038053275146, 10)).isCloseTo(0.95, within(1e-12));
        assertThat(Distributions.chiSquareCdf(20.515005652432873, 5)).isCloseTo(0.999, within(1e-12));
    }

    @Test
    void chiSquareCdfMatchesTheClosedFormsForOneAndTwoDegreesOfFreedom() {
        for (double x = 0.01; x < 20; x *= 1.3) {
            assertThat(Distributions.chiSquareCdf(x, 1))
                    .isCloseTo(IndependentMath.erf(Math.sqrt(x / 2)), within(1e-12));
            assertThat(Distributions.chiSquareCdf(x, 2)).isCloseTo(-Math.expm1(-x / 2), within(1e-14));
        }
        assertThat(Distributions.chiSquareCdf(0, 3)).isZero();
        assertThat(Distributions.chiSquareCdf(-1, 3)).isZero();
    }

    @Test
    void incompleteBetaMatchesTheBinomialSumForIntegerShapes() {
        // I_x(a, b) = P(Binomial(a + b - 1, x) ≥ a)
        int[][] shapes = {{1, 1}, {2, 3}, {5, 5}, {3, 12}, {20, 7}};
        for (int[] ab : shapes) {
            int a = ab[0];
            int b = ab[1];
            int n = a + b - 1;
            for (double x = 0.05; x < 1; x += 0.1) {
                double sum = 0;
                for (int j = a; j <= n; j++) {
                    sum += binomial(n, j) * Math.pow(x, j) * Math.pow(1 - x, n - j);
                }
                assertThat(Distributions.regularizedIncompleteBeta(x, a, b)).as("x=%s a=%s b=%s", x, a, b)
                        .isCloseTo(sum, within(1e-13));
            }
        }
    }

    @Test
    void incompleteBetaMatchesItsClosedFormsAndSymmetry() {
        for (double x = 0.01; x < 1; x += 0.07) {
            assertThat(Distributions.regularizedIncompleteBeta(x, 0.5, 0.5))
                    .isCloseTo(2 / Math.PI * Math.asin(Math.sqrt(x)), within(1e-14));
            assertThat(Distributions.regularizedIncompleteBeta(x, 3.7, 1)).isCloseTo(Math.pow(x, 3.7), within(1e-14));
            assertThat(Distributions.regularizedIncompleteBeta(x, 1, 2.2))
                    .isCloseTo(1 - Math.pow(1 - x, 2.2), within(1e-14));
            assertThat(Distributions.regularizedIncompleteBeta(x, 2.5, 40) + Distributions.regularizedIncompleteBeta(
                    1 - x, 40, 2.5)).isCloseTo(1, within(1e-14));
        }
        assertThat(Distributions.regularizedIncompleteBeta(0, 2, 3)).isZero();
        assertThat(Distributions.regularizedIncompleteBeta(1, 2, 3)).isEqualTo(1);
    }

    @Test
    void incompleteGammaMatchesTheClosedFormsForIntegerAndHalfShapes() {
        for (double x = 0.01; x < 40; x *= 1.4) {
            double poissonTail = 0;
            double term = 1;
            for (int k = 0; k < 4; k++) {
                poissonTail += term;
                term *= x / (k + 1);
            }
            assertThat(Distributions.regularizedGammaP(1, x)).isCloseTo(-Math.expm1(-x), within(1e-14));
            assertThat(Distributions.regularizedGammaP(4, x)).isCloseTo(1 - Math.exp(-x) * poissonTail, within(1e-13));
            if (x < 12) {
                assertThat(Distributions.regularizedGammaP(0.5, x))
                        .isCloseTo(IndependentMath.erf(Math.sqrt(x)), within(1e-12));
            }
        }
        assertThat(Distributions.regularizedGammaP(3, 0)).isZero();
        assertThat(Distributions.regularizedGammaP(3, Double.POSITIVE_INFINITY)).isEqualTo(1);
    }

    @Test
    void logGammaMatchesFactorialsAndTheHalfIntegers() {
        BigInteger factorial = BigInteger.ONE;
        for (int n = 1; n <= 170; n++) {
            // ln Γ(n) = ln (n - 1)!
            assertThat(Distributions.logGamma(n)).as("n=%s", n)
                    .isCloseTo(Math.log(factorial.doubleValue()), within(1e-13 * Math.max(1, n * Math.log(n))));
            factorial = factorial.multiply(BigInteger.valueOf(n));
        }
        assertThat(Distributions.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(4e-15));
        assertThat(Distributions.logGamma(1.5)).isCloseTo(Math.log(Math.sqrt(Math.PI) / 2), within(4e-15));
        assertThat(Distributions.logGamma(100)).isCloseTo(359.1342053695754, within(1e-12));
        assertThat(Distributions.logGamma(1e-300)).isCloseTo(-Math.log(1e-300), within(1e-12));
    }

    @Test
    void rejectsArgumentsOutsideTheDomainInsteadOfReturningNaN() {
        assertThatThrownBy(() -> Distributions.normalQuantile(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.normalQuantile(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.normalQuantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.normalCdf(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.studentTCdf(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.studentTCdf(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.studentTQuantile(0.5, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.chiSquareCdf(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.regularizedIncompleteBeta(1.1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.regularizedIncompleteBeta(0.5, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.regularizedGammaP(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.logGamma(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.logGamma(-2.5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double binomial(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }
}
