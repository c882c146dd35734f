package dev.promptforge.app.shared.http;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Request bodies' string members accept JSON strings only. Micronaut Serialization 2.x reads a number or a
 * boolean into a {@code String} ({@code "name": 123} became the prompt "123"); a client that sends the wrong
 * type has a bug we should tell it about, not guess around.
 */
@Singleton
final class StrictStringDeserializer implements Deserializer<String> {
    @Override
    public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type)
            throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof String s) {
            return s;
        }
        throw decoder.createDeserializationException("expected a string, got " + shape(value), value);
    }

    @Override
    public String deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super String> type)
            throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }

    static String shape(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Map) {
            return "a JSON object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return "null";
    }
}
