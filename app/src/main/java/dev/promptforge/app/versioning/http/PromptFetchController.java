package dev.promptforge.app.versioning.http;

import dev.promptforge.app.versioning.http.Responses.PromptResponse;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.ReadPromptQuery;
import dev.promptforge.domain.versioning.ReadPromptVersion;
import dev.promptforge.domain.versioning.Version;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * {@code GET /api/v1/prompts/{name}?ref=}: the fetch that applications make at run time (usually of the
 * {@code production} label), so it is the hottest read of the API. It runs on the event loop: when the ref and
 * its verified text are both in memory it answers there and then; otherwise it hands the read to the blocking
 * executor, like every other versioning endpoint ({@link PromptController}). Measured with wrk at 64 connections
 * on 2 cores: skipping the executor hop for cached labels is what brings this endpoint to the trivial endpoint's
 * rate (bench/RESULTS.md, section c). The JSON body of a commit fetched by a given ref never changes, so it is
 * serialised once and kept ({@link FetchBodies}): serialising the response and parsing the stored configuration
 * took about a third of this endpoint's server CPU per request.
 */
@Controller("/api/v1/prompts")
public class PromptFetchController {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;

    private final ReadPromptVersion readVersion;
    private final JsonConfigs configs;
    private final ExecutorService blocking;
    private final JsonMapper json;
    /** Bodies up to 2 MiB each are kept (a prompt's content is at most 1 MiB by default). */
    private final FetchBodies bodies = new FetchBodies(16L * 1024 * 1024);

    PromptFetchController(ReadPromptVersion readVersion, JsonConfigs configs,
            @Named(TaskExecutors.BLOCKING) ExecutorService blocking, JsonMapper json) {
        this.readVersion = readVersion;
        this.configs = configs;
        this.blocking = blocking;
        this.json = json;
    }

    @Get("/{name}")
    CompletableFuture<HttpResponse<byte[]>> show(@PathVariable String name, @Nullable @QueryValue String ref,
            @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String shown = ref == null || ref.isEmpty() ? "main" : ref;
        ReadPromptQuery query = new ReadPromptQuery(WS, new PromptName(name), shown, false);
        Optional<Version> cached = readVersion.readCached(query);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(respond(cached.get(), shown, ifNoneMatch));
        }
        return CompletableFuture.supplyAsync(() -> respond(readVersion.read(query), shown, ifNoneMatch), blocking);
    }

    private HttpResponse<byte[]> respond(Version v, String shown, String ifNoneMatch) {
        String etag = "\"" + v.commit().id().hex() + "\"";
        boolean immutable = shown.equals(v.commit().id().hex());
        String cacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        if (matches(ifNoneMatch, v.commit().id())) {
            return HttpResponse.<byte[]>status(HttpStatus.NOT_MODIFIED).header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl);
        }
        byte[] body = bodies.get(v.commit().id().hex(), shown, () -> serialise(v, shown));
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, cacheControl);
    }

    private byte[] serialise(Version v, String shown) {
        try {
            return json.writeValueAsBytes(new PromptResponse(v.commit().prompt().value(), shown, v.commit().id().hex(),
                    v.content(), configs.tree(v.commit().config())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether an {@code If-None-Match} list names the commit (strong or weak tag, or {@code *}). */
    static boolean matches(String ifNoneMatch, CommitId id) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals("\"" + id.hex() + "\"")) {
                return true;
            }
        }
        return false;
    }
}
