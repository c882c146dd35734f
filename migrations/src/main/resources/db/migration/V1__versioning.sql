-- Versioned prompt repository: workspaces, prompts, commits with their stored text, refs and ref history.
-- Layout and hashing are described in docs/storage-format.md. Times are Unix epoch milliseconds.

CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

INSERT INTO workspaces (id, name, created_at) VALUES ('default', 'Default workspace', 0);

CREATE TABLE prompts (
    id           INTEGER PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    name         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, name)
);

-- Append-only. seq is the storage order: a commit's parents and delta base always have a smaller seq.
CREATE TABLE commits (
    seq            INTEGER PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id),
    prompt_id      INTEGER NOT NULL REFERENCES prompts (id),
    id             TEXT NOT NULL,
    parent1        TEXT,
    parent2        TEXT,
    author         TEXT NOT NULL,
    message        TEXT NOT NULL,
    committed_at   INTEGER NOT NULL,
    content_hash   TEXT NOT NULL,
    content_length INTEGER NOT NULL,
    config         TEXT,
    storage        TEXT NOT NULL CHECK (storage IN ('snapshot', 'delta')),
    base           TEXT,
    chain_length   INTEGER NOT NULL,
    chain_bytes    INTEGER NOT NULL,
    compression    TEXT NOT NULL CHECK (compression IN ('none', 'deflate')),
    payload        BLOB NOT NULL,
    UNIQUE (prompt_id, id),
    CHECK ((storage = 'snapshot') = (base IS NULL))
);

-- Branches and labels share one namespace per prompt. Moved only by compare-and-swap on commit_id.
CREATE TABLE refs (
    prompt_id    INTEGER NOT NULL REFERENCES prompts (id),
    name         TEXT NOT NULL,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    kind         TEXT NOT NULL CHECK (kind IN ('branch', 'label')),
    commit_id    TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (prompt_id, name)
) WITHOUT ROWID;

-- Every move of every ref, append-only: created (old_commit NULL), moved, deleted (new_commit NULL).
CREATE TABLE ref_moves (
    id           INTEGER PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    prompt_id    INTEGER NOT NULL REFERENCES prompts (id),
    ref          TEXT NOT NULL,
    kind         TEXT NOT NULL,
    old_commit   TEXT,
    new_commit   TEXT,
    actor        TEXT NOT NULL,
    reason       TEXT,
    at           INTEGER NOT NULL
);

CREATE INDEX ref_moves_by_ref ON ref_moves (prompt_id, ref, id);

-- Full-text search over prompt names and the content of main; rowid = prompts.id.
CREATE VIRTUAL TABLE prompt_search USING fts5 (name, content, tokenize = 'unicode61 remove_diacritics 2');
