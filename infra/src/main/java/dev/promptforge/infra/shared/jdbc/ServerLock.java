package dev.promptforge.infra.shared.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One server per database file: an exclusive lock on {@code <file>.lock}, held for as long as the server runs.
 *
 * <p>The server keeps state about its file in memory that another process writing the same file would make wrong:
 * which monthly event partitions exist (a month dropped by the other's retention), the refs it read a moment ago,
 * and the live subscribers, who would never hear of the other's events. A second server on the same folder (a
 * second {@code java -jar} in the same directory, a restart that did not wait for the old process) is therefore
 * refused at start, naming the process that holds the file.
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock()}): it goes with the process, so a crash or
 * {@code kill -9} never leaves a stale lock behind. The file itself stays (deleting it would race with a server
 * starting); it holds the holder's pid and start time for the message. Other tools that open the database (the
 * benchmarks, a backup reading it) do not take this lock.
 */
public final class ServerLock implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code databaseFile}: the same folder, {@code .lock} appended. */
    public static Path pathFor(Path databaseFile) {
        Path abs = databaseFile.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code databaseFile} for this process, creating the folder if needed, or throws
     * {@link InUse} naming the holder and what to do.
     */
    public static ServerLock acquire(Path databaseFile, long pid, Instant startedAt) {
        Path path = pathFor(databaseFile);
        FileChannel channel = null;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
                channel.close();
                channel = null;
                throw new InUse(databaseFile, "this same process (pid " + pid + ")");
            }
            if (lock == null) {
                // the lock is advisory: the holder's pid and start time can be read while it holds it
                String holder = describeHolder(channel);
                channel.close();
                channel = null;
                throw new InUse(databaseFile, holder);
            }
            byte[] owner = ("pid " + pid + "\nstarted " + startedAt + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner), 0);
            channel.force(false);
            return new ServerLock(path, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + path + " for this server (" + e.getMessage()
                    + "); check that the data folder exists and is writable by this user", e);
        }
    }

    /** "another promptforge server (pid 42, started ...)" from the holder's lock file, as far as it can be read. */
    private static String describeHolder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(256);
        channel.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        String pid = null;
        String started = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("pid ")) {
                pid = line.substring(4).trim();
            } else if (line.startsWith("started ")) {
                started = line.substring(8).trim();
            }
        }
        if (pid == null) {
            return "another promptforge server";
        }
        return "another promptforge server (pid " + pid + (started == null ? "" : ", started " + started) + ")";
    }

    public Path path() {
        return path;
    }

    /** Lets the next server start. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below releases it too
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** The database file is in use by another server. */
    public static final class InUse extends IllegalStateException {
        InUse(Path databaseFile, String holder) {
            super("the database " + databaseFile.toAbsolutePath() + " is in use by " + holder
                    + ". Only one server may use a database file. Stop that server first, or give this one a "
                    + "folder of its own: PROMPTFORGE_DATA_DIR=/some/folder (or -promptforge.data-dir=/some/folder).");
        }
    }
}
