package dev.promptforge.bench.eval;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of nanosecond samples, shown in milliseconds. */
final class Pct {
    private Pct() {
    }

    static double at(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long[] sorted(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s;
    }

    static long[] concat(List<long[]> parts) {
        int n = 0;
        for (long[] p : parts) {
            n += p.length;
        }
        long[] all = new long[n];
        int i = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return all;
    }

    /** "p50 / p99 / max" in ms of nanosecond samples. */
    static String ms(long[] nanos) {
        long[] s = sorted(nanos);
        return String.format("%s / %s / %s", fmt(at(s, 50) / 1e6), fmt(at(s, 99) / 1e6), fmt(at(s, 100) / 1e6));
    }

    static double p(long[] nanos, double p) {
        return at(sorted(nanos), p) / 1e6;
    }

    static String fmt(double ms) {
        if (Double.isNaN(ms)) {
            return "n/a";
        }
        if (Math.abs(ms) >= 100) {
            return String.format("%.0f", ms);
        }
        if (Math.abs(ms) >= 10) {
            return String.format("%.1f", ms);
        }
        return String.format("%.2f", ms);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static String k(double perSecond) {
        return String.format("%,.0f", perSecond);
    }
}
