-- Evaluation runs, the registry of monthly event partitions and time-bucketed metrics.
-- Event rows live in tables events_YYYYMM created on first use by the application (see docs/evaluation.md).

CREATE TABLE runs (
    id                 TEXT PRIMARY KEY,
    workspace_id       TEXT NOT NULL REFERENCES workspaces (id),
    prompt_id          INTEGER NOT NULL REFERENCES prompts (id),
    ref                TEXT NOT NULL,
    commit_id          TEXT NOT NULL,
    dataset            TEXT NOT NULL,
    ci_source_commit   TEXT,
    ci_branch          TEXT,
    ci_pipeline_url    TEXT,
    baseline_run       TEXT,
    baseline_label     TEXT,
    status             TEXT NOT NULL CHECK (status IN ('open', 'completed')),
    created_at         INTEGER NOT NULL,
    completed_at       INTEGER,
    event_count        INTEGER NOT NULL DEFAULT 0,
    resolved_baseline  TEXT,
    thresholds         TEXT
) WITHOUT ROWID;

CREATE INDEX runs_by_prompt ON runs (workspace_id, prompt_id, dataset, status, commit_id, completed_at);

-- Months that have an events_YYYYMM table.
CREATE TABLE event_partitions (
    month      TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Which partitions hold events of a run (to find a retried client id across a month boundary).
CREATE TABLE run_months (
    run_id TEXT NOT NULL,
    month  TEXT NOT NULL,
    PRIMARY KEY (run_id, month)
) WITHOUT ROWID;

CREATE TABLE metric_buckets (
    workspace_id TEXT NOT NULL,
    scope        TEXT NOT NULL,
    metric       TEXT NOT NULL,
    size         TEXT NOT NULL CHECK (size IN ('hour', 'day', 'week')),
    start        INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    sum          REAL NOT NULL,
    sum_squares  REAL NOT NULL,
    min          REAL NOT NULL,
    max          REAL NOT NULL,
    sketch       BLOB NOT NULL,
    PRIMARY KEY (workspace_id, scope, size, metric, start)
) WITHOUT ROWID;

CREATE INDEX metric_buckets_by_start ON metric_buckets (start);
