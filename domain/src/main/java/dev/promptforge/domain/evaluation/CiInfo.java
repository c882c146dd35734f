package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.UnicodeText;

/**
 * Where a run came from in CI: the source commit, branch and pipeline URL (each optional, at most 2,000 characters
 * of well-formed Unicode text).
 */
public record CiInfo(String sourceCommit, String branch, String pipelineUrl) {
    public static final CiInfo NONE = new CiInfo(null, null, null);

    public CiInfo {
        check(sourceCommit, "ci.sourceCommit");
        check(branch, "ci.branch");
        check(pipelineUrl, "ci.pipelineUrl");
    }

    private static void check(String value, String field) {
        if (UnicodeText.longerThan(value, 2000)) {
            throw InvalidInput.field("evaluation.invalid-ci", field, "CI fields are at most 2,000 characters");
        }
        UnicodeText.require(value, "evaluation.invalid-ci", field);
    }
}
