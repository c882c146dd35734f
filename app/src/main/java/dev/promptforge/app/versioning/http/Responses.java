package dev.promptforge.app.versioning.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Response bodies of the versioning API. */
final class Responses {
    private Responses() {
    }

    @Serdeable
    record CreatedPromptResponse(String name, String commit) {
    }

    @Serdeable
    record PromptResponse(String name, String ref, String commit, String content, @Nullable JsonNode config) {
    }

    @Serdeable
    record CommitResponse(String id, List<String> parents, String author, String message, String committedAt,
            String contentHash, long contentLength, @Nullable JsonNode config, @Nullable String content) {
    }

    @Serdeable
    record CommitCreatedResponse(String commit) {
    }

    @Serdeable
    record PromptSummaryResponse(String name, String head, String updatedAt) {
    }

    @Serdeable
    record PageResponse<T>(List<T> items, @Nullable String nextCursor) {
    }

    @Serdeable
    record RenderResponse(String commit, String text) {
    }

    @Serdeable
    record RefResponse(String name, String kind, String commit, String updatedAt) {
    }

    @Serdeable
    record RefListResponse(List<RefResponse> items) {
    }

    @Serdeable
    record LabelMoveResponse(String label, String commit, @Nullable String previous, String result) {
    }

    @Serdeable
    record RefMoveResponse(String ref, String kind, @Nullable String from, @Nullable String to, String actor,
            @Nullable String reason, String at) {
    }

    @Serdeable
    record RefHistoryResponse(List<RefMoveResponse> items) {
    }

    @Serdeable
    record MergeResponse(String commit, String result) {
    }

    @Serdeable
    record DiffLineResponse(String op, String text, boolean noNewlineAtEnd) {
    }

    @Serdeable
    record HunkResponse(int oldStart, int oldLines, int newStart, int newLines, List<DiffLineResponse> lines) {
    }

    @Serdeable
    record DiffResponse(String from, String to, boolean configChanged, @Nullable JsonNode fromConfig,
            @Nullable JsonNode toConfig, boolean minimal, List<HunkResponse> hunks) {
    }
}
