package dev.promptforge.infra.versioning.jdbc;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.PromptSummary;
import dev.promptforge.domain.versioning.port.PromptCatalog;
import dev.promptforge.infra.shared.jdbc.Database;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link PromptCatalog} over the {@code prompts} table and the FTS5 index {@code prompt_search}. Listing pages by
 * name (keyset); search ranks by BM25 with names weighted above content and pages by offset.
 */
public final class JdbcPromptCatalog implements PromptCatalog {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+");
    private static final String SUMMARY = "SELECT p.name, r.commit_id, r.updated_at FROM prompts p "
            + "JOIN refs r ON r.prompt_id = p.id AND r.name = 'main' ";

    private final Database db;

    public JdbcPromptCatalog(Database db) {
        this.db = db;
    }

    @Override
    public void create(WorkspaceId ws, PromptName name, Instant at) {
        db.write(conn -> {
            long id;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO prompts (workspace_id, name, created_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT (workspace_id, name) DO NOTHING RETURNING id")) {
                ps.setString(1, ws.value());
                ps.setString(2, name.value());
                ps.setLong(3, at.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new Conflict("versioning.prompt-exists", "a prompt named '" + name + "' already exists");
                    }
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO prompt_search (rowid, name, content) VALUES (?, ?, '')")) {
                ps.setLong(1, id);
                ps.setString(2, name.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean exists(WorkspaceId ws, PromptName name) {
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM prompts WHERE workspace_id = ? AND name = ?")) {
                ps.setString(1, ws.value());
                ps.setString(2, name.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Page<PromptSummary> list(WorkspaceId ws, String query, String cursor, int limit) {
        Cursor from = Cursor.parse(cursor, query != null);
        if (query != null) {
            String match = matchExpression(query);
            if (match == null) {
                return new Page<>(List.of(), null);
            }
            return db.read(conn -> {
                try (PreparedStatement ps = conn.prepareStatement(SUMMARY + "JOIN prompt_search s ON s.rowid = p.id "
                        + "WHERE prompt_search MATCH ? AND p.workspace_id = ? "
                        + "ORDER BY bm25(prompt_search, 10.0, 1.0), p.name LIMIT ? OFFSET ?")) {
                    ps.setString(1, match);
                    ps.setString(2, ws.value());
                    ps.setInt(3, limit + 1);
                    ps.setLong(4, from.offset);
                    List<PromptSummary> items = read(ps);
                    boolean more = items.size() > limit;
                    return new Page<>(more ? items.subList(0, limit) : items,
                            more ? Cursor.offset(from.offset + limit) : null);
                }
            });
        }
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(SUMMARY + "WHERE p.workspace_id = ? AND p.name > ? "
                    + "ORDER BY p.name LIMIT ?")) {
                ps.setString(1, ws.value());
                ps.setString(2, from.after);
                ps.setInt(3, limit + 1);
                List<PromptSummary> items = read(ps);
                boolean more = items.size() > limit;
                List<PromptSummary> shown = more ? items.subList(0, limit) : items;
                return new Page<>(shown, more ? Cursor.after(shown.get(shown.size() - 1).name().value()) : null);
            }
        });
    }

    private static List<PromptSummary> read(PreparedStatement ps) throws java.sql.SQLException {
        List<PromptSummary> items = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                items.add(new PromptSummary(new PromptName(rs.getString(1)), new CommitId(rs.getString(2)),
                        Instant.ofEpochMilli(rs.getLong(3))));
            }
        }
        return items;
    }

    /** Every word of the query as a quoted prefix term, all required; {@code null} when there is no word. */
    static String matchExpression(String query) {
        List<String> terms = new ArrayList<>();
        Matcher m = TOKEN.matcher(query);
        while (m.find() && terms.size() < 32) {
            terms.add("\"" + m.group() + "\"*");
        }
        return terms.isEmpty() ? null : String.join(" ", terms);
    }

    @Override
    public void index(WorkspaceId ws, PromptName name, String content) {
        db.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE prompt_search SET content = ? WHERE rowid = "
                    + "(SELECT id FROM prompts WHERE workspace_id = ? AND name = ?)")) {
                ps.setString(1, content);
                ps.setString(2, ws.value());
                ps.setString(3, name.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<PromptName> all(WorkspaceId ws) {
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM prompts WHERE workspace_id = ? ORDER BY name")) {
                ps.setString(1, ws.value());
                List<PromptName> names = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(new PromptName(rs.getString(1)));
                    }
                }
                return names;
            }
        });
    }

    /** Opaque page cursors: {@code n:<last name>} for listings, {@code o:<offset>} for searches, base64url. */
    private record Cursor(String after, long offset) {
        static Cursor parse(String cursor, boolean search) {
            if (cursor == null || cursor.isEmpty()) {
                return new Cursor("", 0);
            }
            try {
                String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                if (!search && s.startsWith("n:")) {
                    return new Cursor(s.substring(2), 0);
                }
                if (search && s.startsWith("o:")) {
                    return new Cursor("", Long.parseLong(s.substring(2)));
                }
            } catch (IllegalArgumentException e) {
                // falls through to the error below
            }
            throw InvalidInput.field("versioning.invalid-cursor", "cursor",
                    "cursor is not a nextCursor value of this listing");
        }

        static String after(String name) {
            return encode("n:" + name);
        }

        static String offset(long offset) {
            return encode("o:" + offset);
        }

        private static String encode(String s) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
