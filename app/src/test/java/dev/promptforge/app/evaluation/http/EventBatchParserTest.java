package dev.promptforge.app.evaluation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventBatchParserTest {
    @Test
    void readsUtcTimesDirectlyExactlyAsTheGeneralParserDoes() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong() % 10_000_000_000L, random.nextInt(1_000_000_000));
            String iso = t.toString(); // 0, 3, 6 or 9 fraction digits, 'Z'
            assertThat(EventBatchParser.utcInstant(iso)).as(iso).isEqualTo(OffsetDateTime.parse(iso).toInstant());
        }
        for (String s : List.of("2026-11-21T10:15:30.5Z", "2026-11-21T10:15:30.12345678Z", "2024-02-29T23:59:59Z",
                "0000-01-01T00:00:00Z")) {
            assertThat(EventBatchParser.utcInstant(s)).as(s).isEqualTo(OffsetDateTime.parse(s).toInstant());
        }
    }

    @Test
    void leavesEveryOtherFormAndInvalidTimesToTheGeneralParser() {
        for (String s : List.of("2026-11-21T10:15:30+01:00", "2026-11-21T10:15Z", "2026-11-21t10:15:30Z",
                "2026-11-21T10:15:30.Z", "2026-11-21T10:15:30.1234567890Z", "2025-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T10:15:60Z", "2026-1a-21T10:15:30Z",
                "+2026-11-21T10:15:30Z", "2026-11-21 10:15:30Z")) {
            assertThat(EventBatchParser.utcInstant(s)).as(s).isNull();
        }
    }

    @Test
    void aBatchWithAnInvalidTimeStillNamesTheItem() {
        byte[] body = ("{\"id\":\"a\",\"case\":\"c\",\"at\":\"2026-11-21T10:15:30Z\"}\n"
                + "{\"id\":\"b\",\"case\":\"c\",\"at\":\"2025-02-29T00:00:00Z\"}\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventBatchParser.parse(body, true)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.errors()).extracting(InvalidInput.FieldError::field).containsExactly("items[1].at"));
        byte[] offset = "[{\"id\":\"a\",\"case\":\"c\",\"at\":\"2026-11-21T11:15:30+01:00\",\"metrics\":{\"acc\":1}}]"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(EventBatchParser.parse(offset, false).get(0).at()).isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
    }

    @Test
    void aFieldOrMetricGivenTwiceIsAnErrorNamingItNotLastWins() {
        byte[] body = ("{\"id\":\"a\",\"case\":\"c\",\"passed\":true,\"passed\":false}\n"
                + "{\"id\":\"b\",\"case\":\"c\",\"metrics\":{\"acc\":1,\"acc\":0}}\n"
                + "{\"id\":\"c\",\"case\":\"c\",\"latencyMs\":null,\"latencyMs\":3}\n"
                + "{\"id\":\"d\",\"case\":\"c\",\"metrics\":{\"acc\":1},\"metadata\":{\"k\":1}}\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventBatchParser.parse(body, true)).isInstanceOfSatisfying(InvalidInput.class,
                e -> {
                    assertThat(e.errors()).extracting(InvalidInput.FieldError::field)
                            .containsExactly("items[0].passed", "items[1].metrics.acc", "items[2].latencyMs");
                    assertThat(e.errors().get(0).message()).contains("given twice");
                });
        byte[] array = "[{\"id\":\"a\",\"id\":\"b\",\"case\":\"c\"}]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventBatchParser.parse(array, false)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.errors()).extracting(InvalidInput.FieldError::field).containsExactly("items[0].id"));
        byte[] once = ("{\"id\":\"a\",\"case\":\"c\",\"passed\":true,\"metrics\":{\"acc\":1,\"f1\":0.5},"
                + "\"metadata\":{\"id\":1,\"case\":2}}").getBytes(StandardCharsets.UTF_8);
        assertThat(EventBatchParser.parse(once, true).get(0).metrics()).hasSize(2);
    }

    @Test
    void metadataKeepsItsNumbersExactly() {
        byte[] body = ("{\"id\":\"a\",\"case\":\"c\",\"metadata\":{\"big\":1e400,\"fine\":0.30000000000000000001,"
                + "\"long\":123456789012345678901234567890,\"plain\":2.5,\"n\":[-0.0,7]}}").getBytes(StandardCharsets.UTF_8);
        String metadata = EventBatchParser.parse(body, true).get(0).metadata();
        assertThat(metadata).doesNotContain("Infinity").contains("0.30000000000000000001")
                .contains("123456789012345678901234567890").contains("\"plain\":2.5");
        assertThat(new java.math.BigDecimal(metadata.replaceAll(".*\"big\":([^,]+),.*", "$1")))
                .isEqualByComparingTo("1e400");
    }
}
