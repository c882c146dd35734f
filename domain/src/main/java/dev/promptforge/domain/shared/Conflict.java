package dev.promptforge.domain.shared;

/** The request is valid but clashes with the current state (a name taken, a stale expected value). */
public class Conflict extends DomainException {
    public Conflict(String code, String message) {
        super(code, message);
    }
}
