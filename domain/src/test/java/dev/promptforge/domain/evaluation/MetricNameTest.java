package dev.promptforge.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricNameTest {
    @Test
    void namesAreEqualAndHashAlikeByTheirTextOnly() {
        MetricName a = new MetricName("accuracy");
        MetricName b = new MetricName(new String("accuracy".toCharArray()));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(new MetricName("Accuracy"))
                .isNotEqualTo("accuracy").isNotEqualTo(null);
        Map<MetricName, Integer> byName = new HashMap<>();
        byName.put(a, 1);
        assertThat(byName).containsEntry(b, 1);
        assertThat(MetricName.ofClient("x.y:z-1")).isEqualTo(new MetricName("x.y:z-1"));
        assertThat(new MetricName("_passed")).isEqualTo(MetricName.PASSED);
    }

    @Test
    void clientsCannotNameReservedOrMalformedMetrics() {
        assertThatThrownBy(() -> MetricName.ofClient("_passed")).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> new MetricName("")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new MetricName("a".repeat(65))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new MetricName("caf\u00e9")).isInstanceOf(InvalidInput.class);
    }
}
