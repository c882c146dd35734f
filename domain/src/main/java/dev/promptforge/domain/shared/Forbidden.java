package dev.promptforge.domain.shared;

/** The caller may not do this (a protected label, a role without the right). */
public class Forbidden extends DomainException {
    public Forbidden(String code, String message) {
        super(code, message);
    }
}
