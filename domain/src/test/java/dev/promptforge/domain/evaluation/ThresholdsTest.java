package dev.promptforge.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import org.junit.jupiter.api.Test;

class ThresholdsTest {
    @Test
    void readsSpecsAndReadsBackWhatItWrites() {
        Thresholds t = Thresholds.parse("accuracy:min=0.8,maxRegression=0.02;latency:direction=decrease,minDelta=1e-4");
        assertThat(t.byMetric().get(new MetricName("accuracy")).min()).isEqualTo(0.8);
        assertThat(t.byMetric().get(new MetricName("latency")).minDelta()).isEqualTo(1e-4);
        assertThat(Thresholds.parse(t.format())).isEqualTo(t);
    }

    @Test
    void aMetricGivenTwiceOrAKeyRepeatedIsRefusedNotOverwritten() {
        // the second spec replaced the first: min=0.95 was lost and the CI gate passed
        assertThatThrownBy(() -> Thresholds.parse("accuracy:min=0.95;accuracy:direction=increase"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("the threshold of 'accuracy' is given twice");
        assertThatThrownBy(() -> Thresholds.parse("accuracy:min=0.95,min=0.1"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("'min' is given twice in the threshold of 'accuracy'");
    }

    @Test
    void numbersAreDecimalsNotJavaLiterals() {
        for (String bad : new String[] {"1d", "0x1p-1", "NaN", "Infinity", "1_000", ""}) {
            assertThatThrownBy(() -> Thresholds.parse("accuracy:min=" + bad)).as(bad)
                    .isInstanceOf(InvalidInput.class).hasMessageContaining("is not a finite number");
        }
        assertThat(Thresholds.parse("a:min=-.5").byMetric().get(new MetricName("a")).min()).isEqualTo(-0.5);
        assertThat(Thresholds.parse("a:min=+2.").byMetric().get(new MetricName("a")).min()).isEqualTo(2.0);
    }
}
