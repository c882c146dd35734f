package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.InvalidInput;

/** Where a run came from in CI: the source commit, branch and pipeline URL (each optional, at most 2,000 characters). */
public record CiInfo(String sourceCommit, String branch, String pipelineUrl) {
    public static final CiInfo NONE = new CiInfo(null, null, null);

    public CiInfo {
        for (String s : new String[] {sourceCommit, branch, pipelineUrl}) {
            if (s != null && s.length() > 2000) {
                throw InvalidInput.field("evaluation.invalid-ci", "ci", "CI fields are at most 2,000 characters");
            }
        }
    }
}
