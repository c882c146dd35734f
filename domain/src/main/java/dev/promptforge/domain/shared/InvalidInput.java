package dev.promptforge.domain.shared;

import java.util.List;

/**
 * An input breaks a rule of the domain. {@link #errors()} lists each bad field (may be empty when the message
 * says it all).
 */
public class InvalidInput extends DomainException {
    private final List<FieldError> errors;

    public InvalidInput(String code, String message) {
        this(code, message, List.of());
    }

    public InvalidInput(String code, String message, List<FieldError> errors) {
        super(code, message);
        this.errors = List.copyOf(errors);
    }

    /** One rule broken by one field. */
    public static InvalidInput field(String code, String field, String message) {
        return new InvalidInput(code, message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** A field (a JSON pointer or a parameter name) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
