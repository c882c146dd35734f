package dev.promptforge.app.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** A query parameter given twice is a 400 naming it; Micronaut joined the values with a comma. */
@MicronautTest
class RepeatedParameterTest extends ApiTestSupport {
    @Test
    void aParameterGivenTwiceIsRefusedNamingItAndOnceIsFine() {
        Res twice = get("/api/v1/prompts?limit=1&limit=2");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.contentType()).startsWith("application/problem+json");
        assertThat(twice.str("code")).isEqualTo("request.invalid-parameter");
        assertThat(twice.str("detail")).isEqualTo("query parameter 'limit' is given 2 times; give it once");

        Res scopes = get("/api/v1/metrics?scope=prompt:a&scope=run:b&bucket=day");
        assertThat(scopes.status()).isEqualTo(400);
        assertThat(scopes.str("detail")).contains("'scope' is given 2 times");

        assertThat(get("/api/v1/prompts?limit=1").status()).isEqualTo(200);
        assertThat(get("/api/v1/prompts?limit=1&q=x").status()).isEqualTo(200);
    }
}
