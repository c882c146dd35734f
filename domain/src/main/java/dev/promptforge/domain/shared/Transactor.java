package dev.promptforge.domain.shared;

import java.util.function.Supplier;

/**
 * Runs a unit of work atomically: every write inside {@code work} lands, or none does (an exception thrown by
 * {@code work} rolls back). Nested calls join the outer unit. Implementations serialise writers.
 */
public interface Transactor {
    <T> T inTransaction(Supplier<T> work);
}
