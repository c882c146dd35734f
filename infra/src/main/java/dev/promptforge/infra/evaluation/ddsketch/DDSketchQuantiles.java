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
 * (default 1%), mergeable, negative values and zero supported, compact encoding. Decoding is deferred to the
 * first use of a sketch: a read of buckets whose quantiles are answered from a cache, or that only needs their
 * counts and sums (a run's verdict), never decodes.
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
        return new Sketch(bytes);
    }

    @Override
    public double relativeAccuracy() {
        return relativeAccuracy;
    }

    private static final class Sketch implements QuantileSketch {
        private final byte[] encoded;
        /** Volatile: a cached, shared sketch may be read by two threads first at once; each then decodes its own. */
        private volatile DDSketch sketch;

        Sketch(DDSketch sketch) {
            this.encoded = null;
            this.sketch = sketch;
        }

        Sketch(byte[] encoded) {
            this.encoded = encoded;
        }

        private DDSketch sketch() {
            DDSketch s = sketch;
            if (s == null) {
                try {
                    s = DDSketch.decode(ByteArrayInput.wrap(encoded), UnboundedSizeDenseStore::new);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("not a DDSketch encoding: " + e.getMessage(), e);
                }
                sketch = s;
            }
            return s;
        }

        @Override
        public void add(double value) {
            sketch().accept(value);
        }

        @Override
        public void merge(QuantileSketch other) {
            sketch().mergeWith(((Sketch) other).sketch());
        }

        @Override
        public double quantile(double q) {
            DDSketch s = sketch();
            return s.isEmpty() ? Double.NaN : s.getValueAtQuantile(q);
        }

        @Override
        public double[] quantiles(double... qs) {
            DDSketch s = sketch();
            if (s.isEmpty()) {
                double[] nan = new double[qs.length];
                java.util.Arrays.fill(nan, Double.NaN);
                return nan;
            }
            return s.getValuesAtQuantiles(qs);
        }

        @Override
        public long count() {
            return Math.round(sketch().getCount());
        }

        @Override
        public byte[] encode() {
            DDSketch s = sketch;
            if (s == null) {
                return encoded.clone();
            }
            GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(64);
            try {
                s.encode(out, false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("encoding into memory cannot fail", e);
            }
            return out.trimmedCopy();
        }
    }
}
