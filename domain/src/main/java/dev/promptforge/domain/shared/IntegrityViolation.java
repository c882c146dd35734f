package dev.promptforge.domain.shared;

/**
 * Stored data does not match its hash or cannot be rebuilt. Never recovered from silently: the caller gets this
 * error instead of wrong data. The message names the damaged object.
 */
public class IntegrityViolation extends DomainException {
    private final String subject;

    public IntegrityViolation(String code, String subject, String message) {
        super(code, message);
        this.subject = subject;
    }

    /** The identifier of the damaged object (for versions, the commit id). */
    public String subject() {
        return subject;
    }
}
