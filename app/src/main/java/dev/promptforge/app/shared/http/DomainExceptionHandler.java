package dev.promptforge.app.shared.http;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.DomainException;
import dev.promptforge.domain.shared.Forbidden;
import dev.promptforge.domain.shared.IntegrityViolation;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.LimitExceeded;
import dev.promptforge.domain.shared.NotFound;
import dev.promptforge.domain.shared.Unavailable;
import dev.promptforge.domain.versioning.ConflictHunk;
import dev.promptforge.domain.versioning.MergeConflict;
import dev.promptforge.domain.versioning.StaleRef;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers every domain failure as problem+json with its stable code and, where useful, extra members. */
@Produces
@Singleton
public class DomainExceptionHandler implements ExceptionHandler<DomainException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(DomainExceptionHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, DomainException e) {
        HttpStatus status = status(e);
        Map<String, Object> body = Problems.body(status, e.code(), e.getMessage());
        if (e instanceof InvalidInput invalid) {
            body.put("errors", invalid.errors().stream().map(f -> Problems.fieldError(f.field(), f.message())).toList());
        }
        if (e instanceof StaleRef stale) {
            body.put("ref", stale.ref().value());
            body.put("currentHead", stale.current() == null ? null : stale.current().hex());
        }
        if (e instanceof MergeConflict conflict) {
            body.put("conflicts", conflict.hunks().stream().map(DomainExceptionHandler::hunk).toList());
            if (conflict.config() != null) {
                Map<String, Object> config = new LinkedHashMap<>();
                config.put("base", conflict.config().base());
                config.put("ours", conflict.config().ours());
                config.put("theirs", conflict.config().theirs());
                body.put("configConflict", config);
            }
        }
        if (e instanceof LimitExceeded limit) {
            body.put("limit", limit.limit());
            body.put("actual", limit.actual());
        }
        if (e instanceof IntegrityViolation integrity) {
            body.put("commit", integrity.subject());
            LOG.error("integrity violation on {} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
        }
        return Problems.response(status, body);
    }

    private static Map<String, Object> hunk(ConflictHunk h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("baseStart", h.baseStart());
        m.put("base", h.base());
        m.put("ours", h.ours());
        m.put("theirs", h.theirs());
        return m;
    }

    static HttpStatus status(DomainException e) {
        if (e instanceof InvalidInput) {
            return HttpStatus.BAD_REQUEST;
        }
        if (e instanceof NotFound) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof Conflict) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof Forbidden) {
            return HttpStatus.FORBIDDEN;
        }
        if (e instanceof LimitExceeded) {
            return HttpStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        if (e instanceof Unavailable) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
