package dev.promptforge.app.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** A URL or headers longer than the server reads are told apart from a body too large: 414 and 431, not 413. */
@MicronautTest
class OversizedRequestTest extends ApiTestSupport {
    @Test
    void aTooLongUrlIsA414ProblemSayingWhatToShorten() {
        Res r = get("/api/v1/prompts?q=" + "a".repeat(20_000));
        assertThat(r.status()).as(r.toString()).isEqualTo(414);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.str("code")).isEqualTo("request.uri-too-long");
        assertThat(r.str("detail")).contains("URL").doesNotContain("request body");
    }

    @Test
    void aBodyOverTheLimitIsStillA413() {
        Res r = postRaw("/api/v1/prompts", new byte[17 * 1024 * 1024], "application/json");
        assertThat(r.status()).as(r.toString()).isEqualTo(413);
        assertThat(r.str("code")).isEqualTo("request.too-large");
        assertThat(r.str("detail")).contains("body");
    }

    @Test
    void tooLargeHeadersAreA431Problem() {
        Res r = get("/api/v1/prompts", "X-Big", "b".repeat(20_000));
        assertThat(r.status()).as(r.toString()).isEqualTo(431);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.str("code")).isEqualTo("request.headers-too-large");
        assertThat(r.str("detail")).contains("header").doesNotContain("request body");
        assertThat(get("/api/v1/prompts").status()).as("the server still answers").isEqualTo(200);
    }
}
