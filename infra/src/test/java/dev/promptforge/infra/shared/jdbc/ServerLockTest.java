package dev.promptforge.infra.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLockTest {
    private static final Instant STARTED = Instant.parse("2026-11-22T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aSecondServerInAnotherProcessIsRefusedWithTheHoldersPidAndWhatToDo() throws Exception {
        Path db = dir.resolve("data/promptforge.db");
        Process holder = holdInAnotherProcess(db);
        try {
            assertThatThrownBy(() -> ServerLock.acquire(db, 1, STARTED))
                    .isInstanceOf(ServerLock.InUse.class)
                    .hasMessageContaining(db.toAbsolutePath().toString())
                    .hasMessageContaining("another promptforge server (pid " + holder.pid() + ", started ")
                    .hasMessageContaining("PROMPTFORGE_DATA_DIR");
        } finally {
            holder.getOutputStream().close(); // the holder exits when its input ends
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        try (ServerLock lock = ServerLock.acquire(db, 2, STARTED)) {
            assertThat(Files.readString(lock.path())).isEqualTo("pid 2\nstarted " + STARTED + "\n");
        }
    }

    @Test
    void aKilledHolderLeavesNoStaleLock() throws Exception {
        Path db = dir.resolve("promptforge.db");
        Process holder = holdInAnotherProcess(db);
        holder.destroyForcibly();
        assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        try (ServerLock lock = ServerLock.acquire(db, 3, STARTED)) {
            assertThat(lock.path()).isEqualTo(dir.resolve("promptforge.db.lock").toAbsolutePath());
        }
    }

    @Test
    void theSameProcessCannotTakeItTwiceAndCanAgainAfterClosing() {
        Path db = dir.resolve("promptforge.db");
        ServerLock first = ServerLock.acquire(db, 7, STARTED);
        assertThatThrownBy(() -> ServerLock.acquire(db, 7, STARTED))
                .isInstanceOf(ServerLock.InUse.class)
                .hasMessageContaining("in use by this same process (pid 7)");
        first.close();
        ServerLock.acquire(db, 7, STARTED).close();
    }

    @Test
    void anotherDatabaseFileInTheSameFolderHasItsOwnLock() {
        try (ServerLock a = ServerLock.acquire(dir.resolve("a.db"), 1, STARTED);
                ServerLock b = ServerLock.acquire(dir.resolve("b.db"), 1, STARTED)) {
            assertThat(a.path()).isNotEqualTo(b.path());
        }
    }

    @Test
    void aFolderThatCannotBeCreatedSaysSo() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> ServerLock.acquire(file.resolve("promptforge.db"), 1, STARTED))
                .hasMessageContaining("cannot lock " + file.resolve("promptforge.db.lock"))
                .hasMessageContaining("writable");
    }

    /** A JVM that takes the lock, says "locked", and holds it until its standard input ends. */
    private static Process holdInAnotherProcess(Path db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), db.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the holder process's first line").isEqualTo("locked");
        return p;
    }

    /** The other process of {@link #holdInAnotherProcess}. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (ServerLock lock = ServerLock.acquire(Path.of(args[0]), ProcessHandle.current().pid(),
                    Instant.now())) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold until the test closes our input
                }
            }
        }
    }
}
