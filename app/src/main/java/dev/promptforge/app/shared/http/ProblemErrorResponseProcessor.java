package dev.promptforge.app.shared.http;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every error the framework answers itself (malformed JSON, wrong types, unknown routes, wrong methods,
 * bodies too large, unexpected exceptions) into problem+json. Internals never reach the body: a 500 carries a
 * request id that is logged with the stack trace.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

    @Override
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext ctx, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        String code;
        String detail;
        switch (status) {
            case NOT_FOUND -> {
                code = "request.not-found";
                detail = "no resource at " + ctx.getRequest().getMethod() + " " + ctx.getRequest().getPath()
                        + "; see /openapi.yml for the API";
            }
            case METHOD_NOT_ALLOWED -> {
                code = "request.method-not-allowed";
                detail = ctx.getRequest().getMethod() + " is not allowed on " + ctx.getRequest().getPath();
            }
            case REQUEST_ENTITY_TOO_LARGE -> {
                // Netty's decoder reports a request line or headers past its limits as a 413 without a cause (a body
                // over max-request-size has ContentLengthExceededException); a line it could not read comes with
                // its placeholder request, GET /bad-request
                if (ctx.getRootCause().isEmpty()) {
                    if ("/bad-request".equals(ctx.getRequest().getPath())) {
                        return Problems.of(HttpStatus.REQUEST_URI_TOO_LONG, "request.uri-too-long", "the URL is "
                                + "longer than the server reads (4 KiB with the method); send long values in the body");
                    }
                    return Problems.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request.headers-too-large",
                            "the request's headers are larger than the server reads (8 KiB in all); send less in them");
                }
                code = "request.too-large";
                detail = "the request body is larger than the server accepts";
            }
            case UNSUPPORTED_MEDIA_TYPE -> {
                code = RequestBodyTypeFilter.CODE;
                detail = "send application/json";
            }
            case BAD_REQUEST -> {
                return badRequest(ctx);
            }
            default -> {
                if (status.getCode() >= 500) {
                    String id = UUID.randomUUID().toString();
                    LOG.error("request {} failed: {} {}", id, ctx.getRequest().getMethod(), ctx.getRequest().getPath(),
                            ctx.getRootCause().orElse(null));
                    Map<String, Object> body = Problems.body(status, "internal",
                            "the server failed to handle this request; quote request id " + id + " to the operator");
                    body.put("requestId", id);
                    return Problems.response(status, body);
                }
                code = "request." + status.name().toLowerCase().replace('_', '-');
                detail = status.getReason();
            }
        }
        return Problems.of(status, code, detail);
    }

    private static MutableHttpResponse<Map<String, Object>> badRequest(ErrorContext ctx) {
        // a URL that is not valid (a bad percent escape, a character that must be escaped) was reported as a problem
        // of the body
        for (Throwable t = ctx.getRootCause().orElse(null); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof URISyntaxException u) {
                String problem = u.getReason() + (u.getIndex() >= 0 ? " at character " + u.getIndex() : "");
                return Problems.badRequest("request.invalid", "the URL is malformed: " + problem + "; "
                        + "percent-encode reserved and non-ASCII characters in paths and query values (%2F for / in "
                        + "a prompt name, %25 for %)", List.of(Problems.fieldError("url", problem)));
            }
        }
        List<BodyErrors.Problem> problems = ctx.getRootCause()
                .map(cause -> List.of(BodyErrors.describe(cause, cause.getMessage())))
                .orElseGet(() -> ctx.getErrors().stream()
                        .map(e -> new BodyErrors.Problem(e.getPath().orElse("body"), BodyErrors.plain(e.getMessage())))
                        .toList());
        HttpMethod method = ctx.getRequest().getMethod();
        boolean bodiless = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.DELETE
                || method == HttpMethod.OPTIONS;
        if (bodiless && problems.stream().allMatch(p -> p.field().equals("body"))) {
            // a request line or header Netty could not read (a control character in a header, say): there is no
            // body to blame
            return Problems.badRequest("request.invalid", "the request could not be read: its request line or a "
                    + "header is malformed (such as a control character in a header value)", List.of());
        }
        String detail = problems.isEmpty() ? "the request is malformed"
                : "the request is malformed: " + problems.get(0).field() + ": " + problems.get(0).message();
        return Problems.badRequest("request.invalid", detail,
                problems.stream().map(p -> Problems.fieldError(p.field(), p.message())).toList());
    }
}
