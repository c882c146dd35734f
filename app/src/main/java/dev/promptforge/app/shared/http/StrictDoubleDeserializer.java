package dev.promptforge.app.shared.http;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Request bodies' number members accept JSON numbers only, as {@link StrictStringDeserializer} does for strings.
 * Micronaut Serialization read the string {@code "0.5"} into a {@code Double}: a threshold sent as text passed the CI
 * gate as if it were a number, which hides the client's bug instead of telling it.
 */
@Singleton
final class StrictDoubleDeserializer implements Deserializer<Double> {
    @Override
    public Double deserialize(Decoder decoder, DecoderContext context, Argument<? super Double> type)
            throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw decoder.createDeserializationException("expected a number, got " + StrictStringDeserializer.shape(value)
                + (value instanceof String ? " (write numbers without quotes)" : ""), value);
    }

    @Override
    public Double deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Double> type)
            throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
