package dev.promptforge.infra.shared.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A real SQLite file in a test's temporary folder, opened as the application opens it and migrated by Flyway. */
public final class SqliteTestDatabase implements AutoCloseable {
    public final Path file;
    public final HikariDataSource dataSource;
    public final Database db;

    private SqliteTestDatabase(Path file) {
        this.file = file;
        this.dataSource = SqliteDatabases.open(file, "NORMAL", 4);
        this.db = new Database(dataSource);
    }

    /** Opens {@code promptforge.db} in {@code dir} and applies the migrations. */
    public static SqliteTestDatabase migratedIn(Path dir) {
        SqliteTestDatabase database = new SqliteTestDatabase(dir.resolve("promptforge.db"));
        SqliteDatabases.migrate(database.dataSource);
        return database;
    }

    /** A second, independent pool on the same file, as another process would have. */
    public SqliteTestDatabase another() {
        return new SqliteTestDatabase(file);
    }

    /** Runs one SQL statement with the given parameters outside the adapters; returns the rows changed. */
    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query, or {@code null}. */
    public Object queryOne(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
