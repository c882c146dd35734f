package dev.promptforge.app.shared.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds RFC 9457 {@code application/problem+json} responses: type, title, status, detail, code, extras. */
public final class Problems {
    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    private static final String TYPE_BASE = "https://promptforge.dev/problems/";

    private Problems() {
    }

    public static Map<String, Object> body(HttpStatus status, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code);
        body.put("title", status.getReason());
        body.put("status", status.getCode());
        body.put("detail", detail);
        body.put("code", code);
        return body;
    }

    public static MutableHttpResponse<Map<String, Object>> response(HttpStatus status, Map<String, Object> body) {
        return HttpResponse.<Map<String, Object>>status(status).contentType(PROBLEM_JSON).body(body);
    }

    public static MutableHttpResponse<Map<String, Object>> of(HttpStatus status, String code, String detail) {
        return response(status, body(status, code, detail));
    }

    /** A field error as it appears in {@code errors}. */
    public static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    public static MutableHttpResponse<Map<String, Object>> badRequest(String code, String detail,
            List<Map<String, String>> errors) {
        Map<String, Object> body = body(HttpStatus.BAD_REQUEST, code, detail);
        body.put("errors", errors);
        return response(HttpStatus.BAD_REQUEST, body);
    }
}
