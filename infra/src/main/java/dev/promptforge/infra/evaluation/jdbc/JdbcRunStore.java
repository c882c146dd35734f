package dev.promptforge.infra.evaluation.jdbc;

import dev.promptforge.domain.evaluation.Baseline;
import dev.promptforge.domain.evaluation.CiInfo;
import dev.promptforge.domain.evaluation.Run;
import dev.promptforge.domain.evaluation.RunId;
import dev.promptforge.domain.evaluation.RunStatus;
import dev.promptforge.domain.evaluation.port.RunStore;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.CommitId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.RefName;
import dev.promptforge.infra.shared.jdbc.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RunStore} over the {@code runs} table; run ids sort by creation time, so listings page by id. */
public final class JdbcRunStore implements RunStore {
    private static final String COLUMNS = "r.id, p.name, r.ref, r.commit_id, r.dataset, r.ci_source_commit, r.ci_branch, "
            + "r.ci_pipeline_url, r.baseline_run, r.baseline_label, r.status, r.created_at, r.completed_at, "
            + "r.event_count, r.resolved_baseline, r.thresholds";
    private static final String FROM = " FROM runs r JOIN prompts p ON p.id = r.prompt_id ";
    private final Database db;

    public JdbcRunStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(WorkspaceId ws, Run run) {
        db.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO runs (id, workspace_id, prompt_id, ref, commit_id, "
                    + "dataset, ci_source_commit, ci_branch, ci_pipeline_url, baseline_run, baseline_label, status, "
                    + "created_at, run_key) SELECT ?, ?, p.id, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, "
                    // the next key; the writer lock serialises run creation (V4__run_keys.sql)
                    + "(SELECT coalesce(max(run_key), 0) + 1 FROM runs) FROM prompts p "
                    + "WHERE p.workspace_id = ? AND p.name = ?")) {
                int i = 1;
                ps.setString(i++, run.id().value());
                ps.setString(i++, ws.value());
                ps.setString(i++, run.ref());
                ps.setString(i++, run.commit().hex());
                ps.setString(i++, run.dataset());
                ps.setString(i++, run.ci().sourceCommit());
                ps.setString(i++, run.ci().branch());
                ps.setString(i++, run.ci().pipelineUrl());
                ps.setString(i++, run.baseline().run() == null ? null : run.baseline().run().value());
                ps.setString(i++, run.baseline().label() == null ? null : run.baseline().label().value());
                ps.setLong(i++, run.createdAt().toEpochMilli());
                ps.setString(i++, ws.value());
                ps.setString(i, run.prompt().value());
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("prompt " + run.prompt() + " vanished while opening a run");
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Run> find(WorkspaceId ws, RunId id) {
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + FROM
                    + "WHERE r.id = ? AND r.workspace_id = ?")) {
                ps.setString(1, id.value());
                ps.setString(2, ws.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs)) : Optional.<Run>empty();
                }
            }
        });
    }

    @Override
    public Page<Run> list(WorkspaceId ws, PromptName prompt, String ref, String dataset, String cursor, int limit) {
        if (cursor != null && !cursor.matches("run_[0-9A-Z]{26}")) {
            throw InvalidInput.field("evaluation.invalid-cursor", "cursor", "cursor must be a nextCursor value");
        }
        return db.read(conn -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + FROM + "WHERE r.workspace_id = ?");
            List<String> args = new ArrayList<>(List.of(ws.value()));
            if (prompt != null) {
                sql.append(" AND p.name = ?");
                args.add(prompt.value());
            }
            if (ref != null) {
                sql.append(" AND r.ref = ?");
                args.add(ref);
            }
            if (dataset != null) {
                sql.append(" AND r.dataset = ?");
                args.add(dataset);
            }
            if (cursor != null) {
                sql.append(" AND r.id < ?");
                args.add(cursor);
            }
            sql.append(" ORDER BY r.id DESC LIMIT ").append(limit + 1);
            try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                List<Run> runs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        runs.add(run(rs));
                    }
                }
                boolean more = runs.size() > limit;
                List<Run> shown = more ? runs.subList(0, limit) : runs;
                return new Page<>(shown, more ? shown.get(shown.size() - 1).id().value() : null);
            }
        });
    }

    @Override
    public Optional<Run> latestCompleted(WorkspaceId ws, PromptName prompt, String dataset, CommitId commit,
            RunId excluding) {
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + FROM + "WHERE r.workspace_id = ? "
                    + "AND p.name = ? AND r.dataset = ? AND r.status = 'completed' AND r.commit_id = ? AND r.id <> ? "
                    + "ORDER BY r.completed_at DESC, r.id DESC LIMIT 1")) {
                ps.setString(1, ws.value());
                ps.setString(2, prompt.value());
                ps.setString(3, dataset);
                ps.setString(4, commit.hex());
                ps.setString(5, excluding.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs)) : Optional.<Run>empty();
                }
            }
        });
    }

    @Override
    public boolean complete(WorkspaceId ws, RunId id, Instant at, RunId resolvedBaseline, String thresholds) {
        return db.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE runs SET status = 'completed', completed_at = ?, "
                    + "resolved_baseline = ?, thresholds = ? WHERE id = ? AND workspace_id = ? AND status = 'open'")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, resolvedBaseline == null ? null : resolvedBaseline.value());
                ps.setString(3, thresholds);
                ps.setString(4, id.value());
                ps.setString(5, ws.value());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void addEvents(WorkspaceId ws, RunId id, long accepted) {
        db.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE runs SET event_count = event_count + ? WHERE id = ? AND workspace_id = ?")) {
                ps.setLong(1, accepted);
                ps.setString(2, id.value());
                ps.setString(3, ws.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Run run(ResultSet rs) throws SQLException {
        String baselineRun = rs.getString(9);
        String baselineLabel = rs.getString(10);
        long completed = rs.getLong(13);
        boolean hasCompleted = !rs.wasNull();
        String resolved = rs.getString(15);
        return new Run(new RunId(rs.getString(1)), new PromptName(rs.getString(2)), rs.getString(3),
                new CommitId(rs.getString(4)), rs.getString(5), new CiInfo(rs.getString(6), rs.getString(7),
                rs.getString(8)), new Baseline(baselineRun == null ? null : new RunId(baselineRun),
                baselineLabel == null ? null : new RefName(baselineLabel)),
                "completed".equals(rs.getString(11)) ? RunStatus.COMPLETED : RunStatus.OPEN,
                Instant.ofEpochMilli(rs.getLong(12)), hasCompleted ? Instant.ofEpochMilli(completed) : null,
                rs.getLong(14), resolved == null ? null : new RunId(resolved), rs.getString(16));
    }
}
