package dev.promptforge.infra.versioning.jdbc;

import dev.promptforge.domain.versioning.VersioningFixture;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import dev.promptforge.infra.versioning.diffutils.DiffUtilsDiffer;

/** The domain's use cases wired to the real adapters: JDBC stores, java-diff-utils and {@code Database} as transactor. */
final class JdbcVersioningFixtures {
    private JdbcVersioningFixtures() {
    }

    static VersioningFixture.Builder on(SqliteTestDatabase database) {
        return VersioningFixture.with(new JdbcVersionStore(database.db), new JdbcRefStore(database.db),
                new JdbcPromptCatalog(database.db), new DiffUtilsDiffer(), database.db);
    }
}
