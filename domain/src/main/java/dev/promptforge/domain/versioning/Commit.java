package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.UnicodeText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * An immutable version of a prompt: its parents (none for the first commit, one, or two for a merge; the first
 * parent is the branch it was made on), author, message, time (millisecond precision), the SHA-256 and length of
 * the exact content, and the model configuration (canonical JSON text, or {@code null}). The {@link #id()} is the
 * SHA-256 of {@link CommitEncoding} over all of that, so changing any of it changes the id.
 */
public record Commit(CommitId id, PromptName prompt, List<CommitId> parents, String author, String message,
        Instant committedAt, String contentHash, long contentLength, String config) {

    public static final int MAX_AUTHOR = 200;
    public static final int MAX_MESSAGE = 10_000;

    public Commit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        parents = List.copyOf(parents);
        if (parents.size() > 2) {
            throw new IllegalArgumentException("a commit has at most two parents");
        }
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(contentHash, "contentHash");
    }

    /** A new commit; checks author and message and computes the id. */
    public static Commit create(PromptName prompt, List<CommitId> parents, String author, String message,
            Instant at, Content content, String config) {
        checkAuthor(author);
        checkMessage(message);
        Instant time = at.truncatedTo(ChronoUnit.MILLIS);
        CommitId id = computeId(prompt, parents, content.hash(), content.byteLength(), config, author, time, message);
        return new Commit(id, prompt, parents, author, message, time, content.hash(), content.byteLength(), config);
    }

    /** A commit loaded from storage, as stored; call {@link #idMatches()} to check it. */
    public static Commit restore(CommitId id, PromptName prompt, List<CommitId> parents, String author,
            String message, Instant at, String contentHash, long contentLength, String config) {
        return new Commit(id, prompt, parents, author, message, at, contentHash, contentLength, config);
    }

    static CommitId computeId(PromptName prompt, List<CommitId> parents, String contentHash, long contentLength,
            String config, String author, Instant at, String message) {
        return new CommitId(Sha256.hex(
                CommitEncoding.encode(prompt, parents, contentHash, contentLength, config, author, at, message)));
    }

    /** Whether the stored id equals the hash of the stored fields. */
    public boolean idMatches() {
        return id.equals(computeId(prompt, parents, contentHash, contentLength, config, author, committedAt, message));
    }

    public boolean isMerge() {
        return parents.size() == 2;
    }

    /** The first parent, or {@code null} for a root commit. */
    public CommitId firstParent() {
        return parents.isEmpty() ? null : parents.get(0);
    }

    /** The first line of the message. */
    public String subject() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static void checkAuthor(String author) {
        checkAuthor(author, "author");
    }

    /** {@code field}: the request's name for who acts ({@code author} of a commit, {@code actor} of a ref move). */
    static void checkAuthor(String author, String field) {
        if (author == null || author.isBlank() || UnicodeText.longerThan(author, MAX_AUTHOR)
                || author.chars().anyMatch(Character::isISOControl)) {
            throw InvalidInput.field("versioning.invalid-author", field,
                    field + " must be 1-" + MAX_AUTHOR + " printable characters");
        }
        UnicodeText.require(author, "versioning.invalid-author", field);
    }

    static void checkMessage(String message) {
        if (message == null || message.isBlank()) {
            throw InvalidInput.field("versioning.invalid-message", "message", "a commit message is required");
        }
        if (UnicodeText.longerThan(message, MAX_MESSAGE)) {
            throw InvalidInput.field("versioning.invalid-message", "message",
                    "the commit message is longer than " + MAX_MESSAGE + " characters");
        }
        UnicodeText.require(message, "versioning.invalid-message", "message");
    }
}
