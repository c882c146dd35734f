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

    long count();

    byte[] encode();
}
