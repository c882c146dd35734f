package dev.promptforge.app.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are UTF-8 JSON (NDJSON for event batches): a Content-Type that is not a media type, or that
 * declares another charset, is a 415 naming it, and nothing is stored; media type names match in any case.
 */
@MicronautTest
class RequestBodyTypeTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";

    private static String name() {
        return "ctype/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] promptBody(String name, String content) {
        return ("{\"name\":\"" + name + "\",\"content\":\"" + content + "\",\"message\":\"m\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void assertRefused(Res r, String detailPart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(415);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.str("code")).isEqualTo("request.unsupported-media-type");
        assertThat(r.str("detail")).contains(detailPart);
    }

    @Test
    void aContentTypeThatIsNotAMediaTypeIsRefusedNotReadAsJson() {
        for (String type : new String[] {"garbage", "application", "application/", "/json", "a/b/c", "appl ication/json"}) {
            String name = name();
            assertRefused(postRaw(P, promptBody(name, "hi"), type), "'" + type + "' is not a media type");
            assertThat(get(P + "/" + enc(name)).status()).as("nothing created for %s", type).isEqualTo(404);
        }
    }

    @Test
    void aBodyDeclaredInAnotherCharsetIsRefusedNotDecodedAsUtf8AndStoredChanged() {
        String name = name();
        // Latin-1 "\u00c3\u00bc" is the bytes C3 BC, which also read as UTF-8 "\u00fc": it was stored changed, with a 201
        byte[] latin1 = ("{\"name\":\"" + name + "\",\"content\":\"\u00c3\u00bc\",\"message\":\"m\"}")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(postRaw(P, latin1, "application/json; charset=iso-8859-1"), "charset=iso-8859-1");
        assertThat(get(P + "/" + enc(name)).status()).isEqualTo(404);

        Res utf8 = postRaw(P, promptBody(name, "J\u00fcrgen"), "application/json; charset=\"UTF-8\"");
        assertThat(utf8.status()).as(utf8.toString()).isEqualTo(201);
        assertThat(get(P + "/" + enc(name)).str("content")).isEqualTo("J\u00fcrgen");
    }

    @Test
    void mediaTypeNamesMatchInAnyCase() {
        String name = name();
        Res created = postRaw(P, promptBody(name, "hi {{x}}"), "Application/JSON");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        Res run = postRaw("/api/v1/runs", ("{\"prompt\":\"" + name + "\",\"dataset\":\"d\"}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(run.status()).as(run.toString()).isEqualTo(201);
        byte[] ndjson = ("{\"id\":\"e1\",\"case\":\"c1\",\"metrics\":{\"acc\":1}}\n"
                + "{\"id\":\"e2\",\"case\":\"c2\",\"metrics\":{\"acc\":0}}\n").getBytes(StandardCharsets.UTF_8);
        Res events = postRaw("/api/v1/runs/" + run.str("id") + "/events", ndjson, "Application/X-NDJSON");
        assertThat(events.status()).as("read as NDJSON, not as a JSON array: %s", events).isEqualTo(200);
        assertThat(events.map()).containsEntry("accepted", 2);
    }

    @Test
    void aWellFormedTypeTheRouteDoesNotTakeIsA415Problem() {
        String name = name();
        Res r = postRaw(P, promptBody(name, "hi"), "text/plain");
        assertThat(r.status()).as(r.toString()).isEqualTo(415);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(get(P + "/" + enc(name)).status()).isEqualTo(404);
    }
}
