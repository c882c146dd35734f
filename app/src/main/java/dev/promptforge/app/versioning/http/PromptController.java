package dev.promptforge.app.versioning.http;

import dev.promptforge.app.versioning.http.Requests.CommitRequest;
import dev.promptforge.app.versioning.http.Requests.CreatePromptRequest;
import dev.promptforge.app.versioning.http.Requests.MergeRequest;
import dev.promptforge.app.versioning.http.Requests.RenderRequest;
import dev.promptforge.app.versioning.http.Requests.RevertRequest;
import dev.promptforge.app.versioning.http.Responses.CommitCreatedResponse;
import dev.promptforge.app.versioning.http.Responses.CommitResponse;
import dev.promptforge.app.versioning.http.Responses.CreatedPromptResponse;
import dev.promptforge.app.versioning.http.Responses.DiffLineResponse;
import dev.promptforge.app.versioning.http.Responses.DiffResponse;
import dev.promptforge.app.versioning.http.Responses.HunkResponse;
import dev.promptforge.app.versioning.http.Responses.MergeResponse;
import dev.promptforge.app.versioning.http.Responses.PageResponse;
import dev.promptforge.app.versioning.http.Responses.PromptSummaryResponse;
import dev.promptforge.app.versioning.http.Responses.RenderResponse;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.CommitPromptVersion;
import dev.promptforge.domain.versioning.CommitPromptVersionCommand;
import dev.promptforge.domain.versioning.CreatePrompt;
import dev.promptforge.domain.versioning.CreatePromptCommand;
import dev.promptforge.domain.versioning.DiffQuery;
import dev.promptforge.domain.versioning.DiffVersions;
import dev.promptforge.domain.versioning.ExportHistory;
import dev.promptforge.domain.versioning.ListCommits;
import dev.promptforge.domain.versioning.ListPrompts;
import dev.promptforge.domain.versioning.LogQuery;
import dev.promptforge.domain.versioning.MergeBranches;
import dev.promptforge.domain.versioning.MergeCommand;
import dev.promptforge.domain.versioning.MergeOutcome;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.ReadPromptQuery;
import dev.promptforge.domain.versioning.ReadPromptVersion;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.RenderPrompt;
import dev.promptforge.domain.versioning.RenderQuery;
import dev.promptforge.domain.versioning.RevertCommand;
import dev.promptforge.domain.versioning.RevertCommit;
import dev.promptforge.domain.versioning.TextDiff;
import dev.promptforge.domain.versioning.Version;
import dev.promptforge.domain.versioning.VersionDiff;
import dev.promptforge.app.shared.http.Params;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutorService;
import java.util.Map;

/**
 * The versioning API: prompts, commits, diffs, merges, reverts, render and export (branches and labels:
 * {@link RefController}; the fetch by ref: {@link PromptFetchController}). A prompt name may contain {@code /}:
 * clients send it percent-encoded as one path segment.
 */
@Controller("/api/v1/prompts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PromptController {
    static final String ACTOR_HEADER = "X-Promptforge-Actor";
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final MediaType DIFF = MediaType.of("text/x-diff");
    static final String DIFF_MINIMAL = "X-Promptforge-Diff-Minimal";

    private final CreatePrompt createPrompt;
    private final CommitPromptVersion commitVersion;
    private final ReadPromptVersion readVersion;
    private final RenderPrompt renderPrompt;
    private final ListCommits listCommits;
    private final ListPrompts listPrompts;
    private final DiffVersions diffVersions;
    private final MergeBranches mergeBranches;
    private final RevertCommit revertCommit;
    private final ExportHistory exportHistory;
    private final ExecutorService exportWriters;
    private final JsonConfigs configs;

    PromptController(CreatePrompt createPrompt, CommitPromptVersion commitVersion, ReadPromptVersion readVersion,
            RenderPrompt renderPrompt, ListCommits listCommits, ListPrompts listPrompts, DiffVersions diffVersions,
            MergeBranches mergeBranches, RevertCommit revertCommit, ExportHistory exportHistory,
            JsonConfigs configs, @Named(TaskExecutors.BLOCKING) ExecutorService exportWriters) {
        this.exportWriters = exportWriters;
        this.createPrompt = createPrompt;
        this.commitVersion = commitVersion;
        this.readVersion = readVersion;
        this.renderPrompt = renderPrompt;
        this.listCommits = listCommits;
        this.listPrompts = listPrompts;
        this.diffVersions = diffVersions;
        this.mergeBranches = mergeBranches;
        this.revertCommit = revertCommit;
        this.exportHistory = exportHistory;
        this.configs = configs;
    }

    @Post
    HttpResponse<CreatedPromptResponse> create(@Body CreatePromptRequest body,
            @Nullable @Header(ACTOR_HEADER) String actor) {
        Commit c = createPrompt.create(new CreatePromptCommand(WS, new PromptName(body.name()), body.content(),
                configs.canonical(body.config()), body.message(), author(body.author(), actor)));
        return HttpResponse.created(new CreatedPromptResponse(c.prompt().value(), c.id().hex()));
    }

    @Get
    PageResponse<PromptSummaryResponse> list(@Nullable @QueryValue String q, @Nullable @QueryValue String cursor,
            @Nullable @QueryValue String limit) {
        Page<dev.promptforge.domain.versioning.PromptSummary> page = listPrompts.list(WS, q, cursor,
                Params.intParam("limit", limit, 50));
        return new PageResponse<>(page.items().stream().map(p -> new PromptSummaryResponse(p.name().value(),
                p.head().hex(), p.updatedAt().toString())).toList(), page.nextCursor());
    }

    @Post("/{name}/render")
    RenderResponse render(@PathVariable String name, @Nullable @QueryValue String ref, @Body RenderRequest body) {
        Map<String, String> values = new LinkedHashMap<>();
        if (body.variables() != null) {
            body.variables().forEach((k, v) -> values.put(k, JsonConfigs.variable(k, v)));
        }
        RenderPrompt.Rendered r = renderPrompt.render(new RenderQuery(WS, prompt(name), ref, values));
        return new RenderResponse(r.commit().id().hex(), r.text());
    }

    @Post("/{name}/commits")
    HttpResponse<CommitCreatedResponse> commit(@PathVariable String name, @Body CommitRequest body,
            @Nullable @Header(ACTOR_HEADER) String actor) {
        Commit c = commitVersion.commit(new CommitPromptVersionCommand(WS, prompt(name),
                new RefName(body.branch() == null ? "main" : body.branch()), body.expectedHead(), body.content(),
                configs.canonical(body.config()), body.message(), author(body.author(), actor)));
        return HttpResponse.created(new CommitCreatedResponse(c.id().hex()));
    }

    @Get("/{name}/commits")
    PageResponse<CommitResponse> log(@PathVariable String name, @Nullable @QueryValue String ref,
            @Nullable @QueryValue String cursor, @Nullable @QueryValue String limit) {
        Page<Commit> page = listCommits.list(new LogQuery(WS, prompt(name), ref, cursor, Params.intParam("limit", limit, 50)));
        return new PageResponse<>(page.items().stream().map(c -> commit(c, null)).toList(), page.nextCursor());
    }

    @Get("/{name}/commits/{id}")
    HttpResponse<CommitResponse> showCommit(@PathVariable String name, @PathVariable String id) {
        Version v = readVersion.read(new ReadPromptQuery(WS, prompt(name), id, true));
        return HttpResponse.ok(commit(v.commit(), v.content()))
                .header(HttpHeaders.ETAG, "\"" + v.commit().id().hex() + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
    }

    @Get("/{name}/diff")
    @Produces({MediaType.APPLICATION_JSON, "text/x-diff", MediaType.TEXT_PLAIN})
    HttpResponse<?> diff(@PathVariable String name, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
            @Nullable @QueryValue String format, @Nullable @QueryValue String context) {
        String f = format == null ? "unified" : format;
        if (!f.equals("unified") && !f.equals("json")) {
            throw InvalidInput.field("versioning.invalid-format", "format", "format must be 'unified' or 'json'");
        }
        VersionDiff d = diffVersions.diff(new DiffQuery(WS, prompt(name), from, to,
                Params.intParam("context", context, TextDiff.DEFAULT_CONTEXT)));
        // a diff of texts too different for a bounded line diff is one hunk replacing all between the common head
        // and tail; the header (and "minimal" in JSON) says so (docs/storage-format.md, "Diff cost")
        String minimal = String.valueOf(d.minimal());
        if (f.equals("unified")) {
            return HttpResponse.ok(d.text().unified(name, name)).contentType(DIFF).header(DIFF_MINIMAL, minimal);
        }
        return HttpResponse.ok(new DiffResponse(d.from().id().hex(), d.to().id().hex(), d.configChanged(),
                configs.tree(d.fromConfig()), configs.tree(d.toConfig()), d.minimal(), d.text().hunks().stream()
                .map(h -> new HunkResponse(h.oldStart(), h.oldLines(), h.newStart(), h.newLines(), h.lines().stream()
                        .map(l -> new DiffLineResponse(String.valueOf(l.op()), l.text(), l.noNewlineAtEnd())).toList()))
                .toList())).contentType(MediaType.APPLICATION_JSON_TYPE).header(DIFF_MINIMAL, minimal);
    }


    @Post("/{name}/merges")
    HttpResponse<MergeResponse> merge(@PathVariable String name, @Body MergeRequest body,
            @Nullable @Header(ACTOR_HEADER) String actor) {
        MergeOutcome outcome = mergeBranches.merge(new MergeCommand(WS, prompt(name), body.source(),
                new RefName(body.target() == null ? "main" : body.target()), body.expectedTargetHead(), body.message(),
                author(body.author(), actor)));
        if (outcome instanceof MergeOutcome.Merged m) {
            return HttpResponse.created(new MergeResponse(m.commit().id().hex(), "merged"));
        }
        if (outcome instanceof MergeOutcome.FastForward f) {
            return HttpResponse.ok(new MergeResponse(f.head().hex(), "fast-forward"));
        }
        return HttpResponse.ok(new MergeResponse(((MergeOutcome.UpToDate) outcome).head().hex(), "up-to-date"));
    }

    @Post("/{name}/reverts")
    HttpResponse<CommitCreatedResponse> revert(@PathVariable String name, @Body RevertRequest body,
            @Nullable @Header(ACTOR_HEADER) String actor) {
        Commit c = revertCommit.revert(new RevertCommand(WS, prompt(name), body.commit(),
                new RefName(body.branch() == null ? "main" : body.branch()), body.expectedHead(),
                author(body.author(), actor)));
        return HttpResponse.created(new CommitCreatedResponse(c.id().hex()));
    }

    @Get("/{name}/export")
    @Produces({"application/x-git-fast-import", MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    HttpResponse<InputStream> export(@PathVariable String name) {
        PromptName prompt = prompt(name);
        // the body is written after the status is sent: an unknown prompt must fail here, as a 404 (HEAD too)
        exportHistory.requirePrompt(WS, prompt);
        InputStream stream = PipedExport.start(exportWriters, "export of '" + name + "'",
                out -> exportHistory.export(WS, prompt, out));
        return HttpResponse.ok(stream).contentType(MediaType.of("application/x-git-fast-import"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"promptforge-export.fi\"");
    }

    private static PromptName prompt(String name) {
        return new PromptName(name);
    }

    static String author(String fromBody, String fromHeader) {
        if (fromBody != null && !fromBody.isBlank()) {
            return fromBody;
        }
        return fromHeader != null && !fromHeader.isBlank() ? headerText(fromHeader) : "anonymous";
    }

    /**
     * The text of the actor header. HTTP hands header bytes over one character per byte (ISO-8859-1), but clients
     * (curl, browsers' fetch, CI scripts) send names in UTF-8, so {@code Jürgen} arrived as {@code JÃ¼rgen} and an
     * emoji as control characters; bytes that are not UTF-8 are refused rather than guessed at.
     */
    static String headerText(String value) {
        if (value.chars().allMatch(c -> c < 0x80) || value.chars().anyMatch(c -> c > 0xFF)) {
            return value;
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw InvalidInput.field("versioning.invalid-author", ACTOR_HEADER, ACTOR_HEADER
                    + " must be UTF-8 text");
        }
    }

    private CommitResponse commit(Commit c, String content) {
        return new CommitResponse(c.id().hex(), c.parents().stream().map(CommitId::hex).toList(), c.author(), c.message(),
                c.committedAt().toString(), c.contentHash(), c.contentLength(), configs.tree(c.config()), content);
    }

}
