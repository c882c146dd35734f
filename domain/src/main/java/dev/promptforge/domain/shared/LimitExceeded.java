package dev.promptforge.domain.shared;

/** An input is larger than a configured limit (content size, batch size). */
public class LimitExceeded extends DomainException {
    private final long limit;
    private final long actual;

    public LimitExceeded(String code, String message, long limit, long actual) {
        super(code, message);
        this.limit = limit;
        this.actual = actual;
    }

    public long limit() {
        return limit;
    }

    public long actual() {
        return actual;
    }
}
