package dev.promptforge.app.shared.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Locale;

/**
 * The API reads request bodies as UTF-8 JSON (NDJSON for event batches). Micronaut read a body whose
 * {@code Content-Type} is not a media type at all ({@code garbage}) as JSON, and ignored the charset: a body
 * declared {@code charset=iso-8859-1} was decoded as UTF-8, so Latin-1 {@code Ã¼} (bytes C3 BC) was stored as
 * {@code ü} with a 201, and other Latin-1 text got a 400 about bytes. Both are now a 415 that
 * names the header's value and says what to send. A well-formed type that a route does not take (say
 * {@code text/plain}) is left to Micronaut's own 415.
 */
@ServerFilter("/api/**")
final class RequestBodyTypeFilter {
    static final String CODE = "request.unsupported-media-type";

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
            return null;
        }
        String value = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        String problem = value == null || value.isBlank() ? null : problem(value);
        return problem == null ? null : Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, CODE, problem);
    }

    /** What is wrong with a {@code Content-Type} value for a request body, or null when nothing is. */
    static String problem(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        int semi = value.indexOf(';');
        String name = (semi < 0 ? value : value.substring(0, semi)).trim();
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0
                || !token(name.substring(0, slash)) || !token(name.substring(slash + 1))) {
            return "Content-Type '" + shown + "' is not a media type; send application/json (or "
                    + "application/x-ndjson for event batches)";
        }
        MediaType type;
        try {
            type = MediaType.of(value);
        } catch (RuntimeException e) {
            return "Content-Type '" + shown + "' could not be read (" + e.getMessage() + "); send application/json";
        }
        String charset = type.getParameters().get("charset").orElse(null);
        if (charset != null) {
            String c = charset.trim().replace("\"", "").toLowerCase(Locale.ROOT);
            if (!c.equals("utf-8") && !c.equals("utf8")) {
                return "request bodies are read as UTF-8, and this one says charset=" + charset
                        + ": send it encoded as UTF-8, with charset=utf-8 or no charset";
            }
        }
        return null;
    }

    /** An RFC 9110 token: the characters a type or subtype may hold. */
    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean ok = ch > 32 && ch < 127 && "()<>@,;:\\\"/[]?={}".indexOf(ch) < 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
