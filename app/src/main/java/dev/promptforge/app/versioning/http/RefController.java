package dev.promptforge.app.versioning.http;

import dev.promptforge.app.versioning.http.Requests.BranchRequest;
import dev.promptforge.app.versioning.http.Requests.LabelRequest;
import dev.promptforge.app.versioning.http.Responses.LabelMoveResponse;
import dev.promptforge.app.versioning.http.Responses.RefHistoryResponse;
import dev.promptforge.app.versioning.http.Responses.RefListResponse;
import dev.promptforge.app.versioning.http.Responses.RefMoveResponse;
import dev.promptforge.app.versioning.http.Responses.RefResponse;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.CreateBranch;
import dev.promptforge.domain.versioning.DeleteBranch;
import dev.promptforge.domain.versioning.ListRefs;
import dev.promptforge.domain.versioning.MoveLabel;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.ReadRefHistory;
import dev.promptforge.domain.versioning.Ref;
import dev.promptforge.domain.versioning.RefCommand;
import dev.promptforge.domain.versioning.RefHistoryQuery;
import dev.promptforge.domain.versioning.RefKind;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.RefUpdate;
import dev.promptforge.domain.versioning.RefsQuery;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;

/**
 * Branches and labels of a prompt: list, create and delete branches, point labels (every change a
 * compare-and-swap; a stale one is a 409 with the current head), and the recorded history of a ref's moves.
 */
@Controller("/api/v1/prompts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RefController {
    private static final WorkspaceId WS = WorkspaceId.DEFAULT;
    private static final String ACTOR_HEADER = PromptController.ACTOR_HEADER;

    private final CreateBranch createBranch;
    private final DeleteBranch deleteBranch;
    private final MoveLabel moveLabel;
    private final ListRefs listRefs;
    private final ReadRefHistory refHistory;

    RefController(CreateBranch createBranch, DeleteBranch deleteBranch, MoveLabel moveLabel, ListRefs listRefs,
            ReadRefHistory refHistory) {
        this.createBranch = createBranch;
        this.deleteBranch = deleteBranch;
        this.moveLabel = moveLabel;
        this.listRefs = listRefs;
        this.refHistory = refHistory;
    }

    @Get("/{name}/branches")
    RefListResponse branches(@PathVariable String name) {
        return refList(listRefs.list(new RefsQuery(WS, prompt(name), RefKind.BRANCH)));
    }

    @Post("/{name}/branches")
    HttpResponse<RefResponse> createBranch(@PathVariable String name, @Body BranchRequest body,
            @Nullable @Header(ACTOR_HEADER) String actor) {
        Ref r = createBranch.create(new RefCommand(WS, prompt(name), new RefName(body.name()),
                body.from() == null ? "main" : body.from(), null, PromptController.author(body.actor(), actor), null));
        return HttpResponse.created(ref(r));
    }

    @Delete("/{name}/branches/{branch}")
    HttpResponse<Void> deleteBranch(@PathVariable String name, @PathVariable String branch,
            @Nullable @QueryValue String expected, @Nullable @Header(ACTOR_HEADER) String actor) {
        deleteBranch.delete(new RefCommand(WS, prompt(name), new RefName(branch), null, expected, PromptController.author(null, actor),
                null));
        return HttpResponse.noContent();
    }

    @Get("/{name}/labels")
    RefListResponse labels(@PathVariable String name) {
        return refList(listRefs.list(new RefsQuery(WS, prompt(name), RefKind.LABEL)));
    }

    @Put("/{name}/labels/{label}")
    LabelMoveResponse moveLabel(@PathVariable String name, @PathVariable String label, @Body LabelRequest body,
            @Nullable @Header(ACTOR_HEADER) String actor) {
        if (body.commit() == null || body.commit().isEmpty()) {
            throw InvalidInput.field("versioning.invalid-ref", "commit", "commit (the ref to point the label at) is required");
        }
        RefUpdate u = moveLabel.move(new RefCommand(WS, prompt(name), new RefName(label), body.commit(),
                body.expected(), PromptController.author(body.actor(), actor), body.reason()));
        if (u instanceof RefUpdate.Created c) {
            return new LabelMoveResponse(label, c.to().hex(), null, "created");
        }
        if (u instanceof RefUpdate.FastForward f) {
            return new LabelMoveResponse(label, f.to().hex(), f.from().hex(), "fast-forward");
        }
        if (u instanceof RefUpdate.Moved m) {
            return new LabelMoveResponse(label, m.to().hex(), m.from().hex(), "moved");
        }
        if (u instanceof RefUpdate.NoChange n) {
            return new LabelMoveResponse(label, n.at().hex(), n.at().hex(), "no-change");
        }
        throw new IllegalStateException("unexpected label update " + u);
    }

    @Get("/{name}/refs/{ref}/history")
    RefHistoryResponse history(@PathVariable String name, @PathVariable String ref) {
        return new RefHistoryResponse(refHistory.read(new RefHistoryQuery(WS, prompt(name), new RefName(ref))).stream()
                .map(m -> new RefMoveResponse(m.ref().value(), m.kind().wireName(), hex(m.from()), hex(m.to()), m.actor(),
                        m.reason(), m.at().toString())).toList());
    }

    private static PromptName prompt(String name) {
        return new PromptName(name);
    }

    private static RefListResponse refList(List<Ref> list) {
        return new RefListResponse(list.stream().map(RefController::ref).toList());
    }

    private static RefResponse ref(Ref r) {
        return new RefResponse(r.name().value(), r.kind().wireName(), r.target().hex(), r.updatedAt().toString());
    }

    private static String hex(CommitId id) {
        return id == null ? null : id.hex();
    }
}
