package dev.promptforge.domain.versioning;

import java.util.List;

/**
 * The result of an integrity check: how many versions were checked, the commits whose own stored data is wrong
 * ({@code bad}), and the commits that cannot be rebuilt because they are stored through a bad one.
 */
public record VerifyReport(long checked, List<Problem> bad, List<Problem> unreadable) {
    public VerifyReport {
        bad = List.copyOf(bad);
        unreadable = List.copyOf(unreadable);
    }

    /** A problem with one commit (or ref, then {@code commit} is the ref's target). */
    public record Problem(PromptName prompt, String commit, String problem) {
    }

    public boolean ok() {
        return bad.isEmpty() && unreadable.isEmpty();
    }
}
