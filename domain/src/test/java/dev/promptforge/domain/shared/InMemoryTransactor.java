package dev.promptforge.domain.shared;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link Transactor} fake for the in-memory ports: it serialises units of work with one reentrant lock (so nested
 * calls join the outer unit) and nothing more. It does NOT roll back: writes made before {@code work} throws stay.
 * That is enough for the domain's use cases, which check everything that can fail before their first write; a test
 * that needs real atomicity runs against {@code Database} in infra.
 */
public final class InMemoryTransactor implements Transactor {
    private final ReentrantLock lock = new ReentrantLock(true);

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
