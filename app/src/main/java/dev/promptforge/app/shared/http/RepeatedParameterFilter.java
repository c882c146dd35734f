package dev.promptforge.app.shared.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;

/**
 * Every query parameter of the API takes one value. Micronaut binds a parameter given twice as its values joined by
 * commas, so {@code ?ref=main&ref=x} read the ref {@code main,x} and {@code scope=prompt:a&scope=run:b} looked up a
 * prompt named {@code a,run:b}; either is now a 400 naming the parameter.
 */
@ServerFilter("/api/**")
final class RepeatedParameterFilter {
    static final String CODE = "request.invalid-parameter";

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        for (String name : request.getParameters().names()) {
            List<String> values = request.getParameters().getAll(name);
            if (values.size() > 1) {
                String shown = name.length() > 100 ? name.substring(0, 100) + "..." : name;
                return Problems.of(HttpStatus.BAD_REQUEST, CODE, "query parameter '" + shown + "' is given "
                        + values.size() + " times; give it once");
            }
        }
        return null;
    }
}
