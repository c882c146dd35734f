package dev.promptforge.infra.versioning.jdbc;

import static dev.promptforge.infra.versioning.jdbc.JdbcVersionStore.PROMPT_ID;

import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.Ref;
import dev.promptforge.domain.versioning.RefKind;
import dev.promptforge.domain.versioning.RefMove;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.domain.versioning.RefUpdate;
import dev.promptforge.domain.versioning.port.RefStore;
import dev.promptforge.infra.shared.jdbc.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link RefStore} over the {@code refs} and {@code ref_moves} tables. Each swap is one conditional
 * {@code INSERT}/{@code UPDATE}/{@code DELETE} (the expected value is in its {@code WHERE}), and its move is
 * recorded in the same transaction.
 */
public final class JdbcRefStore implements RefStore {
    /** Committed ref values, for reads outside a unit of work (the fetch-by-label path). */
    private final java.util.Map<String, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object cacheLock = new Object();
    private long generation;
    private final Database db;
    private final long maxAgeNanos;

    private record Cached(Optional<Ref> ref, long loadedAt) {
    }

    /**
     * @param maxAgeMillis how long a cached ref may be served without asking the database; writes through this
     *     store invalidate at once, so this only bounds staleness from writers in other processes (0 disables)
     */
    public JdbcRefStore(Database db, long maxAgeMillis) {
        this.db = db;
        this.maxAgeNanos = maxAgeMillis * 1_000_000L;
    }

    public JdbcRefStore(Database db) {
        this(db, 0);
    }

    private static String key(WorkspaceId ws, PromptName prompt, RefName name) {
        return ws.value() + '\u0000' + prompt.value() + '\u0000' + name.value();
    }

    @Override
    public Optional<Ref> find(WorkspaceId ws, PromptName prompt, RefName name) {
        if (maxAgeNanos <= 0 || db.inUnitOfWork()) {
            return db.read(conn -> find(conn, ws, prompt, name));
        }
        String key = key(ws, prompt, name);
        Cached hit = cache.get(key);
        long now = System.nanoTime();
        if (hit != null && now - hit.loadedAt() < maxAgeNanos) {
            return hit.ref();
        }
        long seen;
        synchronized (cacheLock) {
            seen = generation;
        }
        Optional<Ref> ref = db.read(conn -> find(conn, ws, prompt, name));
        synchronized (cacheLock) {
            // a write that committed while we read bumped the generation: our value may be old, do not keep it
            if (generation == seen) {
                cache.put(key, new Cached(ref, now));
            }
        }
        return ref;
    }

    @Override
    public Optional<Ref> findCached(WorkspaceId ws, PromptName prompt, RefName name) {
        if (maxAgeNanos <= 0 || db.inUnitOfWork()) {
            return Optional.empty();
        }
        Cached hit = cache.get(key(ws, prompt, name));
        return hit != null && System.nanoTime() - hit.loadedAt() < maxAgeNanos ? hit.ref() : Optional.empty();
    }

    private void invalidate(WorkspaceId ws, PromptName prompt, RefName name) {
        Runnable drop = () -> {
            synchronized (cacheLock) {
                generation++;
                cache.remove(key(ws, prompt, name));
            }
        };
        drop.run();
        db.afterCommit(drop);
    }

    private static Optional<Ref> find(Connection conn, WorkspaceId ws, PromptName prompt, RefName name)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT name, kind, commit_id, updated_at FROM refs "
                + "WHERE prompt_id = " + PROMPT_ID + " AND name = ?")) {
            ps.setString(1, ws.value());
            ps.setString(2, prompt.value());
            ps.setString(3, name.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ref(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Ref> list(WorkspaceId ws, PromptName prompt, RefKind kind) {
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT name, kind, commit_id, updated_at FROM refs "
                    + "WHERE prompt_id = " + PROMPT_ID + " AND kind = ? ORDER BY name")) {
                ps.setString(1, ws.value());
                ps.setString(2, prompt.value());
                ps.setString(3, kind.wireName());
                List<Ref> refs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        refs.add(ref(rs));
                    }
                }
                return refs;
            }
        });
    }

    @Override
    public RefUpdate compareAndSet(WorkspaceId ws, PromptName prompt, RefName name, RefKind kind, CommitId expected,
            CommitId target, boolean fastForward, Change change) {
        return db.write(conn -> {
            invalidate(ws, prompt, name);
            int rows;
            if (expected == null) {
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO refs (prompt_id, name, workspace_id, kind, "
                        + "commit_id, updated_at) SELECT p.id, ?, p.workspace_id, ?, ?, ? FROM prompts p "
                        + "WHERE p.workspace_id = ? AND p.name = ? ON CONFLICT (prompt_id, name) DO NOTHING")) {
                    ps.setString(1, name.value());
                    ps.setString(2, kind.wireName());
                    ps.setString(3, target.hex());
                    ps.setLong(4, change.at().toEpochMilli());
                    ps.setString(5, ws.value());
                    ps.setString(6, prompt.value());
                    rows = ps.executeUpdate();
                }
            } else {
                if (expected.equals(target)) {
                    Optional<Ref> now = find(conn, ws, prompt, name);
                    if (now.isPresent() && now.get().kind() == kind && now.get().target().equals(target)) {
                        return new RefUpdate.NoChange(target);
                    }
                    return miss(now, kind, name, expected);
                }
                try (PreparedStatement ps = conn.prepareStatement("UPDATE refs SET commit_id = ?, updated_at = ? "
                        + "WHERE prompt_id = " + PROMPT_ID + " AND name = ? AND kind = ? AND commit_id = ?")) {
                    ps.setString(1, target.hex());
                    ps.setLong(2, change.at().toEpochMilli());
                    ps.setString(3, ws.value());
                    ps.setString(4, prompt.value());
                    ps.setString(5, name.value());
                    ps.setString(6, kind.wireName());
                    ps.setString(7, expected.hex());
                    rows = ps.executeUpdate();
                }
            }
            if (rows == 0) {
                return miss(find(conn, ws, prompt, name), kind, name, expected);
            }
            record(conn, ws, prompt, name, kind, expected, target, change);
            if (expected == null) {
                return new RefUpdate.Created(target);
            }
            return fastForward ? new RefUpdate.FastForward(expected, target) : new RefUpdate.Moved(expected, target);
        });
    }

    @Override
    public RefUpdate delete(WorkspaceId ws, PromptName prompt, RefName name, RefKind kind, CommitId expected,
            Change change) {
        return db.write(conn -> {
            invalidate(ws, prompt, name);
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM refs WHERE prompt_id = " + PROMPT_ID
                    + " AND name = ? AND kind = ? AND commit_id = ?")) {
                ps.setString(1, ws.value());
                ps.setString(2, prompt.value());
                ps.setString(3, name.value());
                ps.setString(4, kind.wireName());
                ps.setString(5, expected.hex());
                if (ps.executeUpdate() == 0) {
                    return miss(find(conn, ws, prompt, name), kind, name, expected);
                }
            }
            record(conn, ws, prompt, name, kind, expected, null, change);
            return new RefUpdate.Deleted(expected);
        });
    }

    private static RefUpdate miss(Optional<Ref> now, RefKind kind, RefName name, CommitId expected) {
        if (now.isPresent() && now.get().kind() != kind) {
            return new RefUpdate.Rejected("'" + name + "' is a " + now.get().kind().wireName() + ", not a "
                    + kind.wireName());
        }
        return new RefUpdate.Stale(expected, now.map(Ref::target).orElse(null));
    }

    private static void record(Connection conn, WorkspaceId ws, PromptName prompt, RefName name, RefKind kind,
            CommitId from, CommitId to, Change change) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO ref_moves (workspace_id, prompt_id, ref, kind, "
                + "old_commit, new_commit, actor, reason, at) VALUES (?, " + PROMPT_ID + ", ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, ws.value());
            ps.setString(2, ws.value());
            ps.setString(3, prompt.value());
            ps.setString(4, name.value());
            ps.setString(5, kind.wireName());
            ps.setString(6, from == null ? null : from.hex());
            ps.setString(7, to == null ? null : to.hex());
            ps.setString(8, change.actor());
            ps.setString(9, change.reason());
            ps.setLong(10, change.at().toEpochMilli());
            ps.executeUpdate();
        }
    }

    @Override
    public List<RefMove> history(WorkspaceId ws, PromptName prompt, RefName name) {
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT ref, kind, old_commit, new_commit, actor, reason, at "
                    + "FROM ref_moves WHERE prompt_id = " + PROMPT_ID + " AND ref = ? ORDER BY id DESC")) {
                ps.setString(1, ws.value());
                ps.setString(2, prompt.value());
                ps.setString(3, name.value());
                List<RefMove> moves = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String from = rs.getString(3);
                        String to = rs.getString(4);
                        moves.add(new RefMove(new RefName(rs.getString(1)), kind(rs.getString(2)),
                                from == null ? null : new CommitId(from), to == null ? null : new CommitId(to),
                                rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))));
                    }
                }
                return moves;
            }
        });
    }

    private static Ref ref(ResultSet rs) throws SQLException {
        return new Ref(new RefName(rs.getString(1)), kind(rs.getString(2)), new CommitId(rs.getString(3)),
                Instant.ofEpochMilli(rs.getLong(4)));
    }

    private static RefKind kind(String s) {
        return RefKind.valueOf(s.toUpperCase(Locale.ROOT));
    }
}
