package dev.promptforge.infra.evaluation.ddsketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import dev.promptforge.domain.evaluation.port.QuantileSketch;
import dev.promptforge.domain.evaluation.port.QuantileSketches;
import java.io.IOException;

/**
 * {@link QuantileSketches} by Datadog's DDSketch: quantiles within a relative error of {@code relativeAccuracy}
 * (default 1%), mergeable, negative values and zero supported, compact encoding.
 */
public final class DDSketchQuantiles implements QuantileSketches {
    private final double relativeAccuracy;

    public DDSketchQuantiles(double relativeAccuracy) {
        this.relativeAccuracy = relativeAccuracy;
    }

    @Override
    public QuantileSketch create() {
        return new Sketch(DDSketches.unboundedDense(relativeAccuracy));
    }

    @Override
    public QuantileSketch decode(byte[] bytes) {
        try {
            return new Sketch(DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a DDSketch encoding: " + e.getMessage(), e);
        }
    }

    @Override
    public double relativeAccuracy() {
        return relativeAccuracy;
    }

    private static final class Sketch implements QuantileSketch {
        private final DDSketch sketch;

        Sketch(DDSketch sketch) {
            this.sketch = sketch;
        }

        @Override
        public void add(double value) {
            sketch.accept(value);
        }

        @Override
        public void merge(QuantileSketch other) {
            sketch.mergeWith(((Sketch) other).sketch);
        }

        @Override
        public double quantile(double q) {
            return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
        }

        @Override
        public double[] quantiles(double... qs) {
            if (sketch.isEmpty()) {
                double[] nan = new double[qs.length];
                java.util.Arrays.fill(nan, Double.NaN);
                return nan;
            }
            return sketch.getValuesAtQuantiles(qs);
        }

        @Override
        public long count() {
            return Math.round(sketch.getCount());
        }

        @Override
        public byte[] encode() {
            GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(64);
            try {
                sketch.encode(out, false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("encoding into memory cannot fail", e);
            }
            return out.trimmedCopy();
        }
    }
}
