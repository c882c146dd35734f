package dev.promptforge.infra.shared.jdbc;

/** An unexpected database failure (I/O, a bug in a statement). Surfaces as a 500; details go to the log. */
public final class DataAccessFailure extends RuntimeException {
    public DataAccessFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
