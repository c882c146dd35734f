package dev.promptforge.domain.shared;

/**
 * A failure the domain reports to its callers: a stable machine-readable {@link #code()} (such as
 * {@code versioning.ref-stale}) and a message that is safe to show to a user.
 *
 * <p>Subclasses name the kind of failure; adapters at the edge map each kind to a protocol status.
 */
public abstract class DomainException extends RuntimeException {
    private final String code;

    protected DomainException(String code, String message) {
        super(message);
        this.code = code;
    }

    protected DomainException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The stable code of this failure, {@code <feature>.<problem>}. */
    public String code() {
        return code;
    }
}
