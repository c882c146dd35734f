package dev.promptforge.domain.evaluation.port;

/**
 * A mergeable summary of a distribution answering quantiles within a stated relative error. Not thread-safe:
 * one owner at a time.
 */
public interface QuantileSketch {
    void add(double value);

    void merge(QuantileSketch other);

    /** The value at quantile {@code q} in [0, 1]; NaN when empty. */
    double quantile(double q);

    /** The values at several quantiles (ascending), in one pass where the implementation can. */
    default double[] quantiles(double... qs) {
        double[] out = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            out[i] = quantile(qs[i]);
        }
        return out;
    }

    long count();

    byte[] encode();
}
