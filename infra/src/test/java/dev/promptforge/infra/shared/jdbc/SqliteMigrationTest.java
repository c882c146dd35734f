package dev.promptforge.infra.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMigrationTest {
    @TempDir
    Path dir;

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void createsTheSchemaOnceAndThenHasNothingToDo() throws SQLException {
        try (var ds = SqliteDatabases.open(dir.resolve("sub/folder/promptforge.db"), "NORMAL", 2)) {
            assertThat(SqliteDatabases.migrate(ds)).isEqualTo(4);
            assertThat(SqliteDatabases.migrate(ds)).isZero();

            try (Connection c = ds.getConnection()) {
                assertThat(tables(c)).contains("workspaces", "prompts", "commits", "refs", "ref_moves", "prompt_search",
                        "flyway_schema_history", "runs", "event_partitions", "run_months", "metric_buckets");
                assertThat(pragma(c, "page_size")).isEqualTo("16384");
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'commits_by_prompt_seq'")) {
                    assertThat(rs.next()).as("V3's index").isTrue();
                    assertThat(rs.getString(1)).contains("commits (prompt_id, seq)");
                }
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT id FROM workspaces")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("default");
                    assertThat(rs.next()).isFalse();
                }
            }
        }
        try (var reopened = SqliteDatabases.open(dir.resolve("sub/folder/promptforge.db"), "FULL", 1)) {
            assertThat(SqliteDatabases.migrate(reopened)).isZero();
        }
    }

    @Test
    void opensTheFileInWalModeWithForeignKeysAndTheGivenSynchronousLevel() throws SQLException {
        try (var ds = SqliteDatabases.open(dir.resolve("promptforge.db"), "NORMAL", 2)) {
            SqliteDatabases.migrate(ds);
            try (Connection c = ds.getConnection()) {
                assertThat(pragma(c, "journal_mode")).isEqualToIgnoringCase("wal");
                assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
                assertThat(pragma(c, "synchronous")).isEqualTo("1");
                assertThat(pragma(c, "busy_timeout")).isEqualTo("10000");
            }
        }
    }

    @Test
    void createsANewFileWithIncrementalAutoVacuum() throws SQLException {
        try (var ds = SqliteDatabases.open(dir.resolve("promptforge.db"), "NORMAL", 2)) {
            SqliteDatabases.migrate(ds);
            try (Connection c = ds.getConnection()) {
                assertThat(pragma(c, "auto_vacuum")).as("0 none, 1 full, 2 incremental").isEqualTo("2");
            }
        }
    }

    @Test
    void givesTheRunsOfAnOlderDatabaseKeysInTheOrderTheyWereOpened() throws SQLException {
        try (var ds = SqliteDatabases.open(dir.resolve("promptforge.db"), "NORMAL", 2)) {
            org.flywaydb.core.Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("3").load()
                    .migrate();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO prompts (workspace_id, name, created_at) VALUES ('default', 'p', 0)");
                for (String[] run : new String[][] {{"run_b", "200"}, {"run_c", "300"}, {"run_a", "200"}}) {
                    s.execute("INSERT INTO runs (id, workspace_id, prompt_id, ref, commit_id, dataset, status, "
                            + "created_at) SELECT '" + run[0] + "', 'default', id, 'main', 'c', 'd', 'open', " + run[1]
                            + " FROM prompts");
                }
            }

            assertThat(SqliteDatabases.migrate(ds)).isEqualTo(1);

            List<String> keys = new ArrayList<>();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id || '=' || run_key FROM runs ORDER BY run_key")) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            // by the time they were opened, then by id
            assertThat(keys).containsExactly("run_a=1", "run_b=2", "run_c=3");
        }
    }

    @Test
    void aDatabaseANewerVersionMigratedIsRefusedAndLeftAsItWas() throws SQLException {
        Path file = dir.resolve("promptforge.db");
        List<String> before;
        try (var ds = SqliteDatabases.open(file, "NORMAL", 1)) {
            SqliteDatabases.migrate(ds);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                        + "checksum, installed_by, installed_on, execution_time, success) VALUES (5, '5', "
                        + "'things to come', 'SQL', 'V5__things_to_come.sql', 1, 'a newer server', CURRENT_TIMESTAMP, "
                        + "1, 1)");
                before = tables(c);
            }
        }
        try (var ds = SqliteDatabases.open(file, "NORMAL", 1)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqliteDatabases.migrate(ds))
                    .isInstanceOf(DataAccessFailure.class)
                    .hasMessageContaining("the database " + file.toAbsolutePath() + " was last opened by a newer "
                            + "promptforge: its schema is at version 5 (things to come), and this server knows "
                            + "versions up to 4")
                    .hasMessageContaining("stopped before writing anything to it")
                    .hasMessageContaining("restore a backup");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*), max(version) FROM flyway_schema_history")) {
                assertThat(tables(c)).isEqualTo(before);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(5);
            }
        }
    }
}
