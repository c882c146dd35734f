package dev.promptforge.app.versioning.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** Request bodies of the versioning API. Missing fields arrive as {@code null} and are rejected by the domain with 400. */
final class Requests {
    private Requests() {
    }

    @Serdeable
    record CreatePromptRequest(@Nullable String name, @Nullable String content, @Nullable JsonNode config,
            @Nullable String message, @Nullable String author) {
    }

    @Serdeable
    record CommitRequest(@Nullable String branch, @Nullable String expectedHead, @Nullable String content,
            @Nullable JsonNode config, @Nullable String message, @Nullable String author) {
    }

    @Serdeable
    record RenderRequest(@Nullable Map<String, JsonNode> variables) {
    }

    @Serdeable
    record BranchRequest(@Nullable String name, @Nullable String from, @Nullable String actor) {
    }

    @Serdeable
    record LabelRequest(@Nullable String commit, @Nullable String expected, @Nullable String reason,
            @Nullable String actor) {
    }

    @Serdeable
    record MergeRequest(@Nullable String source, @Nullable String target, @Nullable String expectedTargetHead,
            @Nullable String message, @Nullable String author) {
    }

    @Serdeable
    record RevertRequest(@Nullable String commit, @Nullable String branch, @Nullable String expectedHead,
            @Nullable String author) {
    }
}
