package dev.promptforge.app.ops.http;

import dev.promptforge.app.shared.config.PromptforgeConfig;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.VerifyReport;
import dev.promptforge.domain.versioning.VerifyRepository;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Operations endpoints: service information (answered on the event loop: no I/O) and the integrity check (on the
 * blocking executor: it reads the whole store).
 */
@Controller("/api/v1")
public class OpsController {
    private final VerifyRepository verify;
    private final PromptforgeConfig config;

    OpsController(VerifyRepository verify, PromptforgeConfig config) {
        this.verify = verify;
        this.config = config;
    }

    @Serdeable
    record InfoResponse(String name, String version, String database, String databaseFile, int retentionMonths) {
    }

    @Serdeable
    record ProblemItem(String prompt, String commit, String problem) {
    }

    @Serdeable
    record VerifyResponse(long checked, boolean ok, List<ProblemItem> bad, List<ProblemItem> unreadable) {
    }

    @Get("/info")
    InfoResponse info() {
        String version = OpsController.class.getPackage().getImplementationVersion();
        return new InfoResponse("promptforge", version == null ? "dev" : version, "sqlite",
                java.nio.file.Path.of(config.dataDir()).resolve(config.databaseFile()).toAbsolutePath().toString(),
                config.retentionMonths());
    }

    @Post("/verify")
    @ExecuteOn(TaskExecutors.BLOCKING)
    VerifyResponse verifyAll() {
        return response(verify.verify(WorkspaceId.DEFAULT, null));
    }

    @Get("/prompts/{name}/verify")
    @ExecuteOn(TaskExecutors.BLOCKING)
    VerifyResponse verifyPrompt(@PathVariable String name) {
        return response(verify.verify(WorkspaceId.DEFAULT, new PromptName(name)));
    }

    private static VerifyResponse response(VerifyReport r) {
        return new VerifyResponse(r.checked(), r.ok(), items(r.bad()), items(r.unreadable()));
    }

    private static List<ProblemItem> items(List<VerifyReport.Problem> problems) {
        return problems.stream().map(p -> new ProblemItem(p.prompt().value(), p.commit(), p.problem())).toList();
    }
}
