package dev.promptforge.infra.versioning.jdbc;

import dev.promptforge.domain.versioning.port.PromptCatalogContract;
import dev.promptforge.infra.shared.jdbc.SqliteTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class JdbcPromptCatalogTest extends PromptCatalogContract {
    @TempDir
    Path dir;
    private SqliteTestDatabase database;

    @Override
    protected Ports createPorts() {
        database = SqliteTestDatabase.migratedIn(dir);
        return new Ports(new JdbcPromptCatalog(database.db), new JdbcRefStore(database.db));
    }

    @AfterEach
    void close() {
        database.close();
    }
}
