package dev.promptforge.app.evaluation.http;

import dev.promptforge.app.evaluation.http.RunMessages.CompleteRunRequest;
import dev.promptforge.app.ops.IngestMeters;
import dev.promptforge.app.evaluation.http.RunMessages.EventPageResponse;
import dev.promptforge.app.evaluation.http.RunMessages.EventResponse;
import dev.promptforge.app.evaluation.http.RunMessages.IngestResponse;
import dev.promptforge.app.evaluation.http.RunMessages.OpenRunRequest;
import dev.promptforge.app.evaluation.http.RunMessages.RunPageResponse;
import dev.promptforge.app.evaluation.http.RunMessages.RunResponse;
import dev.promptforge.app.evaluation.http.RunMessages.VerdictResponse;
import dev.promptforge.domain.evaluation.Baseline;
import dev.promptforge.domain.evaluation.CiInfo;
import dev.promptforge.domain.evaluation.CompleteRun;
import dev.promptforge.domain.evaluation.IngestEvaluationEvents;
import dev.promptforge.domain.evaluation.IngestResult;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.OpenRun;
import dev.promptforge.domain.evaluation.OpenRunCommand;
import dev.promptforge.domain.evaluation.ReadRuns;
import dev.promptforge.domain.evaluation.Run;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.StoredEvent;
import dev.promptforge.domain.evaluation.Threshold;
import dev.promptforge.domain.evaluation.Thresholds;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.app.shared.http.Params;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluation runs from CI: open, post event batches (JSON array or NDJSON), complete with a verdict, read. */
@Controller("/api/v1/runs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RunController {
    static final String NDJSON = "application/x-ndjson";
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;

    private final OpenRun openRun;
    private final IngestEvaluationEvents ingest;
    private final CompleteRun completeRun;
    private final ReadRuns readRuns;
    private final IngestMeters meters;

    RunController(OpenRun openRun, IngestEvaluationEvents ingest, CompleteRun completeRun, ReadRuns readRuns,
            IngestMeters meters) {
        this.openRun = openRun;
        this.ingest = ingest;
        this.completeRun = completeRun;
        this.readRuns = readRuns;
        this.meters = meters;
    }

    @Post
    HttpResponse<RunResponse> open(@Body OpenRunRequest body) {
        if (body.prompt() == null) {
            throw InvalidInput.field("evaluation.invalid-prompt", "prompt", "prompt is required");
        }
        var ci = body.ci() == null ? CiInfo.NONE
                : new CiInfo(body.ci().sourceCommit(), body.ci().branch(), body.ci().pipelineUrl());
        Baseline baseline = Baseline.NONE;
        if (body.baseline() != null) {
            baseline = new Baseline(body.baseline().run() == null ? null : new RunId(body.baseline().run()),
                    body.baseline().label() == null ? null : new RefName(body.baseline().label()));
        }
        Run run = openRun.open(new OpenRunCommand(WS, new PromptName(body.prompt()), body.ref(), body.dataset(), ci,
                baseline));
        return HttpResponse.created(RunResponse.of(run, null));
    }

    @Post("/{id}/events")
    @Consumes({MediaType.APPLICATION_JSON, NDJSON})
    IngestResponse events(@PathVariable String id, @Body byte[] body,
            @Nullable @Header(HttpHeaders.CONTENT_TYPE) String contentType) {
        RunId run = new RunId(id);
        // media type names are case-insensitive (RFC 9110 8.3.1): Application/X-NDJSON was read as a JSON array
        boolean ndjson = contentType != null && contentType.strip().toLowerCase(java.util.Locale.ROOT).startsWith(NDJSON);
        IngestResult r = ingest.ingest(WS, run, EventBatchParser.parse(body == null ? new byte[0] : body, ndjson));
        meters.ingested(r);
        return new IngestResponse(r.accepted(), r.duplicates());
    }

    @Post("/{id}/complete")
    VerdictResponse complete(@PathVariable String id, @Nullable @Body CompleteRunRequest body) {
        Map<MetricName, Threshold> map = new LinkedHashMap<>();
        if (body != null && body.thresholds() != null) {
            body.thresholds().forEach((metric, t) -> map.put(new MetricName(metric), t == null
                    ? new Threshold(null, null, null, null)
                    : new Threshold(t.minDelta(), t.maxRegression(), t.min(), Thresholds.direction(t.direction()))));
        }
        return VerdictResponse.of(completeRun.complete(WS, new RunId(id), new Thresholds(map)));
    }

    @Get("/{id}")
    RunResponse get(@PathVariable String id) {
        ReadRuns.RunView v = readRuns.get(WS, new RunId(id));
        return RunResponse.of(v.run(), v.verdict());
    }

    @Get
    RunPageResponse list(@Nullable @QueryValue String prompt, @Nullable @QueryValue String ref,
            @Nullable @QueryValue String dataset, @Nullable @QueryValue String cursor,
            @Nullable @QueryValue String limit) {
        Page<Run> page = readRuns.list(WS, prompt == null ? null : new PromptName(prompt), ref, dataset, cursor,
                Params.intParam("limit", limit, 50));
        return new RunPageResponse(page.items().stream().map(r -> RunResponse.of(r, null)).toList(), page.nextCursor());
    }

    @Get("/{id}/events")
    EventPageResponse listEvents(@PathVariable String id, @Nullable @QueryValue String cursor,
            @Nullable @QueryValue String limit) {
        Page<StoredEvent> page = readRuns.events(WS, new RunId(id), cursor, Params.intParam("limit", limit, 100));
        List<EventResponse> items = page.items().stream().map(EventResponse::of).toList();
        return new EventPageResponse(items, page.nextCursor());
    }

}
