package dev.promptforge.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.shared.InvalidInput.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final EventRules RULES = new EventRules(100, 10, 4, 6, 18);
    /** U+1F600, one character and two UTF-16 units. */
    private static final String EMOJI = "\uD83D\uDE00";

    private static EvaluationEvent event(String id, String caseId, String model, String input, String output,
            String metadata) {
        return new EvaluationEvent(id, caseId, Map.of(new MetricName("accuracy"), 1.0), null, null, null, null, null,
                model, NOW, input, output, metadata);
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    @Test
    void textLimitsCountCharactersNotUtf16Units() {
        String four = EMOJI.repeat(4);
        assertThat(RULES.check(List.of(event(EMOJI.repeat(200), EMOJI.repeat(500), EMOJI.repeat(200), four, four,
                "\"" + EMOJI.repeat(4) + "\"")), NOW)).isEmpty();

        List<FieldError> errors = RULES.check(List.of(event(EMOJI.repeat(201), EMOJI.repeat(501),
                EMOJI.repeat(201), four + EMOJI, four + "a", "\"" + EMOJI.repeat(5) + "\"")), NOW);

        assertThat(fields(errors)).containsExactlyInAnyOrder("items[0].id", "items[0].case", "items[0].model",
                "items[0].input", "items[0].output", "items[0].metadata");
        assertThat(errors).filteredOn(e -> e.field().equals("items[0].input"))
                .extracting(FieldError::message).containsExactly("at most 4 characters");
    }

}
