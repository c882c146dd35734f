package dev.promptforge.app.shared.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.cors.CorsUtil;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteMatch;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A 405 names the methods the resource has, in {@code Allow} (RFC 9110 15.5.6 requires it); Micronaut's answer had
 * none, so a client sending {@code DELETE} to a prompt learned only that it was wrong. {@code HEAD} is listed
 * with {@code GET}, and {@code OPTIONS}, which is answered here: 200 with {@code Allow} and no body.
 */
@ServerFilter("/**")
final class AllowHeaderFilter {
    private final Router router;

    AllowHeaderFilter(Router router) {
        this.router = router;
    }

    @ResponseFilter
    void allow(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.status() != HttpStatus.METHOD_NOT_ALLOWED || response.getHeaders().contains(HttpHeaders.ALLOW)) {
            return;
        }
        Set<String> methods = router.findAny(request.getPath(), request)
                .map(UriRouteMatch::getHttpMethod)
                .map(HttpMethod::name)
                .collect(Collectors.toCollection(TreeSet::new));
        if (methods.isEmpty()) {
            return;
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        response.getHeaders().remove(HttpHeaders.ALLOW);
        response.getHeaders().add(HttpHeaders.ALLOW, String.join(", ", methods));
        if (request.getMethod() == HttpMethod.OPTIONS && !CorsUtil.isPreflightRequest(request)) {
            // the answer to OPTIONS itself: the methods and nothing else. Micronaut's options filter turned the 405
            // into a 200 but kept its problem body and appended OPTIONS to Allow a second time; it leaves a 200 alone
            response.status(HttpStatus.OK);
            response.body(null);
            response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        }
    }
}
