package dev.promptforge.domain.evaluation;

import dev.promptforge.domain.shared.UnicodeText;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;

/**
 * What a set of metric buckets summarises: one run, one commit, one prompt, or one experiment variant.
 * Written as {@code <kind>:<id>} ({@code run:run_01J...}, {@code commit:<64 hex>}, {@code prompt:support/triage},
 * {@code experiment:<id>/<variant>}).
 */
public record Scope(Kind kind, String id) {
    public enum Kind {
        RUN, COMMIT, PROMPT, EXPERIMENT;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Scope {
        if (kind == null || id == null || id.isEmpty() || UnicodeText.longerThan(id, 300)) {
            throw InvalidInput.field("evaluation.invalid-scope", "scope", "a scope is <kind>:<id>");
        }
    }

    public static Scope parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw InvalidInput.field("evaluation.invalid-scope", "scope",
                    "scope must be run:<id>, commit:<id>, prompt:<name> or experiment:<id>");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInput.field("evaluation.invalid-scope", "scope",
                    "unknown scope kind '" + text.substring(0, colon) + "': use run, commit, prompt or experiment");
        }
        String id = text.substring(colon + 1);
        checkId(kind, id);
        return new Scope(kind, id);
    }

    /** A malformed id is a 400 naming what a well-formed one looks like, with the id type's own error code. */
    private static void checkId(Kind kind, String id) {
        switch (kind) {
            case RUN:
                new RunId(id);
                break;
            case COMMIT:
                if (!CommitId.isFullHex(id)) {
                    throw InvalidInput.field("versioning.invalid-commit-id", "scope",
                            "a commit scope needs the full commit id (64 hex digits)");
                }
                break;
            case PROMPT:
                new PromptName(id);
                break;
            default:
                break;
        }
    }

    public static Scope run(RunId id) {
        return new Scope(Kind.RUN, id.value());
    }

    /** The stored and wire form, {@code <kind>:<id>}. */
    public String key() {
        return kind.wire() + ":" + id;
    }

    @Override
    public String toString() {
        return key();
    }
}
