package dev.promptforge.app.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A 405 says which methods the resource has (Allow), and OPTIONS answers with them instead of a 405. */
@MicronautTest
class AllowedMethodsTest extends ApiTestSupport {
    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMethodTheResourceDoesNotHaveIsA405ProblemListingTheOnesItHas() throws Exception {
        HttpResponse<String> r = send("DELETE", "/api/v1/prompts");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("request.method-not-allowed");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS, POST");

        HttpResponse<String> put = send("PUT", "/api/v1/runs");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("POST")
                .doesNotContain("PUT").doesNotContain("DELETE"));
    }

    @Test
    void optionsIsAnsweredWithTheResourcesMethodsNotA405() throws Exception {
        HttpResponse<String> r = send("OPTIONS", "/api/v1/prompts");
        assertThat(r.statusCode()).isEqualTo(200);
        // one Allow, each method once, and no body: it was the 405 problem under a 200, Allow "GET, ..., OPTIONS,OPTIONS"
        assertThat(r.headers().allValues("Allow")).containsExactly("GET, HEAD, OPTIONS, POST");
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).isEmpty();
        HttpResponse<String> one = send("OPTIONS", "/api/v1/prompts/a%2Fb");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().allValues("Allow")).containsExactly("GET, HEAD, OPTIONS");
        assertThat(one.body()).isEmpty();
        assertThat(send("OPTIONS", "/api/v1/nothing-here").statusCode()).isEqualTo(404);
    }
}
