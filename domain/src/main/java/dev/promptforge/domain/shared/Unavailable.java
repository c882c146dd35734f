package dev.promptforge.domain.shared;

/** The service cannot take the request now (it is shutting down); nothing was changed and the same request may be
 * sent again later. */
public class Unavailable extends DomainException {
    public Unavailable(String code, String message) {
        super(code, message);
    }
}
