package dev.promptforge.infra.shared.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on one JDBC connection. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
