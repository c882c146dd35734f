package dev.promptforge.domain.evaluation.stats;

/**
 * Distribution functions: normal and Student t CDF and quantile, regularized incomplete beta and gamma.
 *
 * <p>Accuracy: the CDFs and the special functions agree with high-precision references to about 1e-13 relative (far
 * better than 1e-10 absolute), from one to billions of degrees of freedom; tails are computed directly, never as
 * {@code 1 - x}, so small p-values keep their relative precision. Methods: Wichura's AS241 for the normal quantile
 * (a few units in the last place); safeguarded Newton steps on the CDF for the Student t quantile; Lentz's continued
 * fraction for the incomplete beta, switching to DiDonato and Morris's asymptotic expansion when one shape is large
 * and the other at most 1 (t tests with huge samples); a power series or Lentz's continued fraction for the
 * incomplete gamma (after Numerical Recipes), which also gives the normal CDF through erfc; Stirling's series for the
 * log-gamma and for the log prefactors, so that large parameters lose no digits to cancellation.
 *
 * <p>Arguments outside a function's domain (NaN, a probability outside [0, 1], a non-positive shape or degrees of
 * freedom) throw {@link IllegalArgumentException}: no function returns NaN. A quantile beyond the range of a double
 * (a tiny tail with very few degrees of freedom) is returned as an infinity. Stateless and thread-safe.
 */
public final class Distributions {
    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 100_000;
    /** From this shape on (with the other at most 1) the incomplete beta uses the asymptotic expansion. */
    private static final double ASYMPTOTIC_FROM = 1000;
    private static final int BGRAT_TERMS = 30;
    private static final double[] FACTORIALS = new double[2 * BGRAT_TERMS + 2];

    static {
        FACTORIALS[0] = 1;
        for (int i = 1; i < FACTORIALS.length; i++) {
            FACTORIALS[i] = FACTORIALS[i - 1] * i;
        }
    }
    private static final double LN_SQRT_2PI = 0.91893853320467274178032973640562;
    /** Below this, {@link #logGamma} shifts its argument up by the recurrence before applying Stirling's series. */
    private static final double STIRLING_FROM = 10;

    private Distributions() {
    }

    /** P(Z ≤ x) for a standard normal Z. */
    public static double normalCdf(double x) {
        requireNotNaN(x, "x");
        double tail = normalUpperTailOfAbs(x);
        return x < 0 ? tail : 1 - tail;
    }

    /** The x with P(Z ≤ x) = p for a standard normal Z; -∞ for p = 0 and +∞ for p = 1. */
    public static double normalQuantile(double p) {
        requireProbability(p);
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.3871328727963666080)
                    / (((((((5226.4952788528545610 * r + 28729.085735721942674) * r + 39307.895800092710610) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.18700749205790830) * r
                    + 42.313330701600911252) * r + 1.0);
        }
        double r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
        double value;
        if (r <= 5) {
            r -= 1.6;
            value = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r
                    + 2.41780725177450611770e-1) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r
                    + 5.76949722146069140550) * r + 4.63033784615654529590) * r + 1.42343711074968357734)
                    / (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r
                    + 1.51986665636164571966e-2) * r + 1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r
                    + 1.67638483018380384940) * r + 2.05319162663775882187) * r + 1.0);
        } else {
            r -= 5;
            value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                    + 1.24266094738807843860e-3) * r + 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r
                    + 1.78482653991729133580) * r + 5.46378491116411436990) * r + 6.65790464350110377720)
                    / (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r
                    + 1.84631831751005468180e-5) * r + 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r
                    + 1.36929880922735805310e-1) * r + 5.99832206555887937690e-1) * r + 1.0);
        }
        return q < 0 ? -value : value;
    }

    /** P(T ≤ t) for Student's t with {@code df} degrees of freedom ({@code df > 0}, +∞ meaning the normal). */
    public static double studentTCdf(double t, double df) {
        requireNotNaN(t, "t");
        requireDegreesOfFreedom(df);
        double tail = 0.5 * studentTTwoSided(Math.abs(t), df);
        return t < 0 ? tail : 1 - tail;
    }

    /**
     * The t with P(T ≤ t) = p for Student's t with {@code df} degrees of freedom; -∞ for p = 0 and +∞ for p = 1.
     * The result is accurate to about 1e-13 relative.
     */
    public static double studentTQuantile(double p, double df) {
        requireProbability(p);
        requireDegreesOfFreedom(df);
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (p == 0.5) {
            return 0;
        }
        if (df == Double.POSITIVE_INFINITY) {
            return normalQuantile(p);
        }
        // 1 - p is exact for p ≥ 0.5; solving for the small tail keeps its relative precision
        return p < 0.5 ? -studentTUpperQuantile(p, df) : studentTUpperQuantile(1 - p, df);
    }

    /** P(X ≤ x) for a chi-square X with {@code k} degrees of freedom ({@code k > 0}); 0 for x ≤ 0. */
    public static double chiSquareCdf(double x, double k) {
        requireNotNaN(x, "x");
        requirePositiveFinite(k, "k");
        return x <= 0 ? 0 : regularizedGammaP(k / 2, x / 2);
    }

    /** I_x(a, b), the regularized incomplete beta function, for x in [0, 1] and positive finite a and b. */
    public static double regularizedIncompleteBeta(double x, double a, double b) {
        requireNotNaN(x, "x");
        if (x < 0 || x > 1) {
            throw new IllegalArgumentException("x must be in [0, 1]: " + x);
        }
        requirePositiveFinite(a, "a");
        requirePositiveFinite(b, "b");
        return incompleteBeta(x, 1 - x, a, b, false);
    }

    /** P(a, x) = γ(a, x) / Γ(a), the regularized lower incomplete gamma function, for a > 0 and x ≥ 0. */
    public static double regularizedGammaP(double a, double x) {
        requirePositiveFinite(a, "a");
        requireNotNaN(x, "x");
        if (x < 0) {
            throw new IllegalArgumentException("x must not be negative: " + x);
        }
        return incompleteGamma(a, x, false);
    }

    /** ln Γ(x) for x > 0, to a few 1e-15 absolute for small x and about 1e-15 relative for large x. */
    public static double logGamma(double x) {
        requirePositiveFinite(x, "x");
        if (x >= STIRLING_FROM) {
            return stirling(x);
        }
        double product = 1;
        double z = x;
        while (z < STIRLING_FROM) {
            product *= z;
            z += 1;
        }
        return stirling(z) - Math.log(product);
    }

    /** Q(a, x) = 1 - P(a, x), the regularized upper incomplete gamma, computed directly so small tails keep digits. */
    static double regularizedGammaQ(double a, double x) {
        requirePositiveFinite(a, "a");
        requireNotNaN(x, "x");
        if (x < 0) {
            throw new IllegalArgumentException("x must not be negative: " + x);
        }
        return incompleteGamma(a, x, true);
    }

    /** P(|Z| ≥ |z|) for a standard normal Z. */
    static double normalTwoSided(double z) {
        requireNotNaN(z, "z");
        return Math.min(1, 2 * normalUpperTailOfAbs(z));
    }

    /** P(|T| ≥ |t|) for Student's t with {@code df} degrees of freedom. */
    static double studentTTwoSided(double t, double df) {
        if (df == Double.POSITIVE_INFINITY) {
            return normalTwoSided(t);
        }
        double r = Math.abs(t) / Math.sqrt(df);
        if (r > 1e100) {
            // x = 1 / (1 + r²) would underflow; there I_x(a, 1/2) is x^a / (a B(a, 1/2)) to double precision
            double logR = Math.log(Math.abs(t)) - 0.5 * Math.log(df);
            return Math.exp(-df * logR - Math.log(df / 2) - logBeta(df / 2, 0.5));
        }
        double r2 = r * r;
        // P(|T| ≥ t) = I_x(df/2, 1/2) with x = df / (df + t²); both x and 1 - x are formed without cancellation
        return incompleteBeta(1 / (1 + r2), r2 / (1 + r2), df / 2, 0.5, false);
    }

    private static double normalUpperTailOfAbs(double x) {
        double half = 0.5 * x * x;
        return 0.5 * incompleteGamma(0.5, half, true);
    }

    private static double studentTUpperQuantile(double target, double df) {
        double z = -normalQuantile(target);
        double guess = z + (z * z * z + z) / (4 * df);
        double lo = 0;
        double hi = Math.max(1, guess);
        while (upperTail(hi, df) > target) {
            lo = hi;
            hi *= 2;
            if (hi == Double.POSITIVE_INFINITY) {
                return hi;
            }
        }
        double u = guess > lo && guess < hi ? guess : midpoint(lo, hi);
        double logTarget = Math.log(target);
        for (int i = 0; i < 500; i++) {
            double value = upperTail(u, df);
            if (value == target) {
                return u;
            }
            if (value > target) {
                lo = u;
            } else {
                hi = u;
            }
            // Newton on the log of the tail: it stays well scaled from the centre to far into heavy tails
            double next = u + (Math.log(value) - logTarget) * value / studentTDensity(u, df);
            if (!(next > lo && next < hi)) {
                next = midpoint(lo, hi);
            }
            if (Math.abs(next - u) <= 1e-15 * next || hi - lo <= 1e-15 * hi) {
                return next;
            }
            u = next;
        }
        return u;
    }

    private static double midpoint(double lo, double hi) {
        return lo > 0 && hi > 4 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : lo + 0.5 * (hi - lo);
    }

    private static double upperTail(double u, double df) {
        return 0.5 * studentTTwoSided(u, df);
    }

    private static double studentTDensity(double t, double df) {
        double r = t / Math.sqrt(df);
        double r2 = r * r;
        double log1p = r2 == Double.POSITIVE_INFINITY ? 2 * Math.log(Math.abs(r)) : Math.log1p(r2);
        return Math.exp(-(df + 1) / 2 * log1p - 0.5 * Math.log(df) - logBeta(df / 2, 0.5));
    }

    /** I_x(a, b) (or 1 - I_x(a, b) when {@code upper}), given both x and y = 1 - x to full precision. */
    private static double incompleteBeta(double x, double y, double a, double b, boolean upper) {
        if (x <= 0) {
            return upper ? 1 : 0;
        }
        if (y <= 0) {
            return upper ? 0 : 1;
        }
        if (b <= 1 && a >= ASYMPTOTIC_FROM) {
            double lower = asymptoticIncompleteBeta(x, y, a, b);
            return upper ? 1 - lower : lower;
        }
        if (a <= 1 && b >= ASYMPTOTIC_FROM) {
            double complement = asymptoticIncompleteBeta(y, x, b, a);
            return upper ? complement : 1 - complement;
        }
        double logFront = a * logOf(x, y) + b * logOf(y, x) - logBeta(a, b);
        if (x < (a + 1) / (a + b + 2)) {
            double lower = clamp(Math.exp(logFront) * betaContinuedFraction(x, y, a, b) / a);
            return upper ? 1 - lower : lower;
        }
        double complement = clamp(Math.exp(logFront) * betaContinuedFraction(y, x, b, a) / b);
        return upper ? complement : 1 - complement;
    }

    /**
     * I_x(a, b) for large a and b ≤ 1 by DiDonato and Morris's asymptotic expansion (BGRAT, their equations 9 to
     * 9.6, ACM TOMS 18, 1992), laid out as in Boost.Math. The continued fraction loses about log10(a) digits there
     * (t tests with millions of degrees of freedom); this expansion does not.
     */
    private static double asymptoticIncompleteBeta(double x, double y, double a, double b) {
        double bm1 = b - 1;
        double t = a + bm1 / 2;
        double lx = logOf(x, y);
        double u = -t * lx;
        double h = Math.exp(b * Math.log(u) - u - logGamma(b));
        // Γ(a + b) / (Γ(a) t^b), within O(1/a²) of 1
        double ratio = Math.exp(logGamma(b) - logBeta(a, b) - b * Math.log(t));
        double[] p = new double[BGRAT_TERMS];
        p[0] = 1;
        double j = incompleteGamma(b, u, true);
        double sum = j;
        double lx2 = lx / 2 * (lx / 2);
        double lxp = 1;
        double t4 = 4 * t * t;
        double b2n = b;
        for (int n = 1; n < BGRAT_TERMS; n++) {
            double pn = 0;
            for (int m = 1; m < n; m++) {
                pn += (m * b - n) * p[n - m] / FACTORIALS[2 * m + 1];
            }
            p[n] = pn / n + bm1 / FACTORIALS[2 * n + 1];
            j = (b2n * (b2n + 1) * j + (u + b2n + 1) * lxp * h) / t4;
            lxp *= lx2;
            b2n += 2;
            double term = p[n] * j;
            sum += term;
            if (Math.abs(term) <= EPSILON * Math.abs(sum)) {
                break;
            }
        }
        return clamp(ratio * sum);
    }

    /** ln x, taken as log1p(-y) when x is near 1 so that the digits of y = 1 - x are kept. */
    private static double logOf(double x, double y) {
        return x <= 0.5 ? Math.log(x) : Math.log1p(-y);
    }

    /** The continued fraction of I_x(a, b) by the modified Lentz method (Numerical Recipes' betacf); y = 1 - x. */
    private static double betaContinuedFraction(double x, double y, double a, double b) {
        // 1 - (a + b) x / (a + 1), written with y so that it does not cancel when x is near 1 and a is large
        double d = ((1 - b) * x + (a + 1) * y) / (a + 1);
        d = 1 / nonZero(d);
        double c = 1;
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 / nonZero(1 + aa * d);
            c = nonZero(1 + aa / c);
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) <= EPSILON) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta did not converge for x=" + x + ", a=" + a + ", b=" + b);
    }

    /** P(a, x) or, when {@code upper}, Q(a, x) = 1 - P(a, x). */
    private static double incompleteGamma(double a, double x, boolean upper) {
        if (x == 0) {
            return upper ? 1 : 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return upper ? 0 : 1;
        }
        double front = Math.exp(logGammaFront(a, x));
        if (x < a + 1) {
            double lower = clamp(front * gammaSeries(a, x));
            return upper ? 1 - lower : lower;
        }
        double complement = clamp(front * gammaContinuedFraction(a, x));
        return upper ? complement : 1 - complement;
    }

    /** ln(x^a e^-x / Γ(a)), for large a through Stirling's series so that the large terms cancel exactly. */
    private static double logGammaFront(double a, double x) {
        if (a < STIRLING_FROM) {
            return a * Math.log(x) - x - logGamma(a);
        }
        double d = (x - a) / a;
        double logRatio = Math.abs(d) < 0.5 ? Math.log1p(d) : Math.log(x / a);
        return a * (logRatio - d) + 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingCorrection(a);
    }

    /** Σ x^n / (a (a+1) ... (a+n)), so that P(a, x) = front × series. */
    private static double gammaSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        double ap = a;
        for (int n = 1; n <= MAX_ITERATIONS; n++) {
            ap += 1;
            term *= x / ap;
            sum += term;
            if (Math.abs(term) <= Math.abs(sum) * EPSILON) {
                return sum;
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
    }

    /** The continued fraction for Q(a, x) / front by the modified Lentz method (Numerical Recipes' gcf). */
    private static double gammaContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i <= MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = 1 / nonZero(an * d + b);
            c = nonZero(b + an / c);
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) <= EPSILON) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete gamma fraction did not converge for a=" + a + ", x=" + x);
    }

    /** ln B(a, b), with the large parts of the log-gammas cancelled analytically (as R's lbeta does). */
    static double logBeta(double a, double b) {
        double p = Math.min(a, b);
        double q = Math.max(a, b);
        if (p >= STIRLING_FROM) {
            double correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
            return -0.5 * Math.log(q) + LN_SQRT_2PI + correction + (p - 0.5) * Math.log(p / (p + q))
                    + q * Math.log1p(-p / (p + q));
        }
        if (q >= STIRLING_FROM) {
            double correction = stirlingCorrection(q) - stirlingCorrection(p + q);
            return logGamma(p) + correction + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
        }
        return logGamma(p) + logGamma(q) - logGamma(p + q);
    }

    private static double stirling(double z) {
        return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + stirlingCorrection(z);
    }

    /** ln Γ(z) - [(z - 1/2) ln z - z + ln √(2π)] for z ≥ 10, by Stirling's series (error below 1e-17 there). */
    private static double stirlingCorrection(double z) {
        double w = 1 / (z * z);
        return (1.0 / 12 + w * (-1.0 / 360 + w * (1.0 / 1260 + w * (-1.0 / 1680 + w * (1.0 / 1188 + w * (-691.0
                / 360360 + w * (1.0 / 156 + w * (-3617.0 / 122400)))))))) / z;
    }

    private static double nonZero(double value) {
        return Math.abs(value) < TINY ? TINY : value;
    }

    private static double clamp(double probability) {
        return Math.max(0, Math.min(1, probability));
    }

    private static void requireNotNaN(double value, String name) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(name + " must be a number");
        }
    }

    private static void requireProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
    }

    private static void requireDegreesOfFreedom(double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive: " + df);
        }
    }

    private static void requirePositiveFinite(double value, String name) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be positive and finite: " + value);
        }
    }
}
