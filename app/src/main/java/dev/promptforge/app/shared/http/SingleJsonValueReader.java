package dev.promptforge.app.shared.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.body.MessageBodyReader;
import io.micronaut.http.codec.CodecException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.body.JsonMessageHandler;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON request bodies of our own types hold exactly one JSON value. Micronaut's JSON reader binds the first value
 * and ignores whatever follows it, so {@code {"name":"p/a",...} {"name":"p/b"}} created {@code p/a} and answered 201,
 * although the client sent something else (two objects, or one cut and pasted twice). Such a body is now a 400
 * naming where the extra content starts. A body that is not strict UTF-8 ({@link Utf8Check}) is refused here too
 * (the reader decoded overlong forms). Everything else (syntax errors inside the value, wrong types, a field given
 * twice) is left to Micronaut's reader, which reports it with the member's name.
 *
 * <p>Ordered before Micronaut's JSON handlers; types outside {@code dev.promptforge} (and {@code byte[]} bodies,
 * such as event batches, which have their own parser) are not touched.
 */
@Singleton
@Order(JsonMessageHandler.ORDER - 10)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_JSON})
final class SingleJsonValueReader<T> implements MessageBodyReader<T> {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final JsonMessageHandler<T> delegate;

    SingleJsonValueReader(JsonMapper json) {
        this.delegate = new JsonMessageHandler<>(json);
    }

    @Override
    public boolean isReadable(Argument<T> type, MediaType mediaType) {
        return type.getType().getName().startsWith("dev.promptforge.") && delegate.isReadable(type, mediaType);
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, ByteBuffer<?> body) throws CodecException {
        byte[] bytes = body.toByteArray();
        String extra = extraContent(bytes);
        if (extra != null) {
            throw new CodecException(extra); // the caller releases the buffer
        }
        requireUtf8(type, mediaType, headers, bytes);
        return delegate.read(type, mediaType, headers, body);
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, InputStream in) throws CodecException {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new CodecException("the request body could not be read: " + e.getMessage(), e);
        }
        String extra = extraContent(bytes);
        if (extra != null) {
            throw new CodecException(extra);
        }
        requireUtf8(type, mediaType, headers, bytes);
        return delegate.read(type, mediaType, headers, new java.io.ByteArrayInputStream(bytes));
    }

    /**
     * Refuses {@code bytes} that are not strict UTF-8. The reader is given them first, as it reports the bad bytes
     * it does see with the member they are in; it decodes only the overlong forms, which are refused here.
     */
    private void requireUtf8(Argument<T> type, MediaType mediaType, Headers headers, byte[] bytes) {
        String notUtf8 = Utf8Check.problem(bytes);
        if (notUtf8 != null) {
            delegate.read(type, mediaType, headers, new java.io.ByteArrayInputStream(bytes));
            throw new CodecException(notUtf8);
        }
    }

    /**
     * What follows the first JSON value of {@code bytes}, described for the client, or null when nothing does (or
     * when the first value itself is malformed, which the binding reports better).
     */
    static String extraContent(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() == null) {
                return null;
            }
            p.skipChildren();
            try {
                if (p.nextToken() == null) {
                    return null;
                }
                return "the body holds more than one JSON value; another starts at " + where(p.currentTokenLocation())
                        + ". Send a single JSON object";
            } catch (JsonProcessingException e) {
                return "the body has content after its JSON value, at " + where(e.getLocation())
                        + ". Send a single JSON object";
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static String where(JsonLocation at) {
        return at == null ? "its end" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
