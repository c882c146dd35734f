package dev.promptforge.infra.shared.jdbc;

import dev.promptforge.domain.shared.Transactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Access to the relational database for the JDBC adapters. Writes run in one transaction per unit of work,
 * serialised in this process by a fair lock (SQLite has one writer; queueing here is cheaper than SQLite's busy
 * retries) and begun {@code IMMEDIATE} so a writer never has to upgrade a read lock. Reads outside a unit of work
 * borrow a pooled connection in autocommit mode; inside one they use its connection and see its writes.
 */
public final class Database implements Transactor {
    /**
     * Hears of each write transaction once it has let go of the writer: how long it waited for the writer lock and
     * how long it held it (the sum over time of the latter is the single writer's utilisation, which bounds
     * ingestion). Called on the writing thread, outside the lock; must not throw.
     */
    public interface WriteObserver {
        WriteObserver NONE = (waitedNanos, heldNanos, committed) -> {
        };

        void written(long waitedNanos, long heldNanos, boolean committed);
    }

    private final DataSource dataSource;
    private final WriteObserver observer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final ThreadLocal<java.util.List<Runnable>> afterCommit = new ThreadLocal<>();

    public Database(DataSource dataSource) {
        this(dataSource, WriteObserver.NONE);
    }

    public Database(DataSource dataSource, WriteObserver observer) {
        this.dataSource = dataSource;
        this.observer = observer;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        long asked = System.nanoTime();
        writeLock.lock();
        long got = System.nanoTime();
        boolean committed = false;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            current.set(c);
            afterCommit.set(new java.util.ArrayList<>());
            try {
                T result = work.get();
                c.commit();
                committed = true;
                for (Runnable r : afterCommit.get()) {
                    r.run();
                }
                return result;
            } finally {
                current.remove();
                afterCommit.remove();
                if (!committed) {
                    rollbackQuietly(c);
                }
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DataAccessFailure("transaction failed: " + e.getMessage(), e);
        } finally {
            long released = System.nanoTime();
            writeLock.unlock();
            observer.written(got - asked, released - got, committed);
        }
    }

    /** Whether this thread is inside a unit of work (its reads must see its own uncommitted writes). */
    public boolean inUnitOfWork() {
        return current.get() != null;
    }

    /** Runs {@code action} once the current unit of work has committed (at once outside one); not on rollback. */
    public void afterCommit(Runnable action) {
        java.util.List<Runnable> actions = afterCommit.get();
        if (actions == null) {
            action.run();
        } else {
            actions.add(action);
        }
    }

    /** Runs {@code work} in the current unit of work, or in a transaction of its own. */
    public <T> T write(SqlWork<T> work) {
        return inTransaction(() -> read(work));
    }

    /** Runs {@code work} on the current unit of work's connection, or on a pooled autocommit connection. */
    public <T> T read(SqlWork<T> work) {
        Connection c = current.get();
        try {
            if (c != null) {
                return work.run(c);
            }
            try (Connection fresh = dataSource.getConnection()) {
                return work.run(fresh);
            }
        } catch (SQLException e) {
            throw new DataAccessFailure("database access failed: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed or broken; the pool discards it and SQLite rolls back on close
        }
    }
}
