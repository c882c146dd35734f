package dev.promptforge.domain.evaluation.port;

/** Creates and decodes {@link QuantileSketch quantile sketches} of one kind and accuracy. Thread-safe. */
public interface QuantileSketches {
    QuantileSketch create();

    /**
     * Decodes {@link QuantileSketch#encode()} output, possibly on the sketch's first use; bytes that are not a sketch
     * then throw IllegalArgumentException.
     */
    QuantileSketch decode(byte[] bytes);

    /** The relative accuracy guaranteed for quantiles (e.g. 0.01 means within 1% of the true value). */
    double relativeAccuracy();
}
