package dev.promptforge.domain.evaluation.port;

/** Creates and decodes {@link QuantileSketch quantile sketches} of one kind and accuracy. Thread-safe. */
public interface QuantileSketches {
    QuantileSketch create();

    /** Decodes {@link QuantileSketch#encode()} output; throws IllegalArgumentException when the bytes are not a sketch. */
    QuantileSketch decode(byte[] bytes);

    /** The relative accuracy guaranteed for quantiles (e.g. 0.01 means within 1% of the true value). */
    double relativeAccuracy();
}
