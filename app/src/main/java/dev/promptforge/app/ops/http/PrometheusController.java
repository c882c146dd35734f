package dev.promptforge.app.ops.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/**
 * {@code GET /metrics/prometheus}: every meter in Prometheus's text format (0.0.4), for a Prometheus server to
 * scrape. Micronaut's own {@code /prometheus} and {@code /metrics} endpoints are turned off (application.yml), so
 * this is the one place; the meters are listed in README.md ("Operations").
 */
@Controller("/metrics/prometheus")
public class PrometheusController {
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;

    PrometheusController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get
    @Produces(TEXT_FORMAT)
    String scrape() {
        return registry.scrape();
    }
}
