package dev.promptforge.app.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Requests the JDK client cannot send (a bad percent escape, an unescaped quote, a control character in a header):
 * each is a 400 problem naming what is wrong; they were all reported as problems of the body.
 */
@MicronautTest
class MalformedRequestTest extends ApiTestSupport {
    private String exchange(String head) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMalformedUrlIsNamedAsTheUrlWithWhatToDo() throws IOException {
        String escape = exchange("GET /api/v1/prompts/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(escape).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("the URL is malformed: Malformed escape pair at character 16")
                .contains("\"field\":\"url\"").contains("%2F for / in a prompt name").doesNotContain("body");
        String quote = exchange("GET /api/v1/prompts?q=\" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(quote).startsWith("HTTP/1.1 400").contains("the URL is malformed: Illegal character in query")
                .doesNotContain("body");
    }

    @Test
    void aMalformedHeaderIsNotBlamedOnTheBody() throws IOException {
        String header = exchange("GET /api/v1/prompts HTTP/1.1\r\nHost: x\r\nX-Promptforge-Actor: a\u0001b\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(header).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("its request line or a header is malformed").doesNotContain("body");
    }
}
