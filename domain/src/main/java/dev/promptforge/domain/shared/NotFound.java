package dev.promptforge.domain.shared;

/** Something the caller named does not exist (a prompt, a ref, a commit). */
public class NotFound extends DomainException {
    public NotFound(String code, String message) {
        super(code, message);
    }
}
