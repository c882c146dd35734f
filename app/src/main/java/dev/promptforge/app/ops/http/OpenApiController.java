package dev.promptforge.app.ops.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI document generated from the controllers at build time (never hand-kept). */
@Controller
@Hidden
public class OpenApiController {
    static final String RESOURCE = "META-INF/swagger/promptforge-v1.yml";
    private final byte[] document;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: the build generates it (micronaut-openapi)");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get("/openapi.yml")
    @Produces("application/yaml")
    HttpResponse<byte[]> openApi() {
        return HttpResponse.ok(document).contentType(MediaType.of("application/yaml"));
    }
}
