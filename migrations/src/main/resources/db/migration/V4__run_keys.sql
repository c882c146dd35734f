-- Each run gets a small integer key, which the monthly event partitions (events_YYYYMM, created by the server, not
-- here) store in place of the run's 26-character text id: their unique (run, client id) index and the (run) index
-- that serves a run's events in order are then a few bytes an entry instead of ~30. The server converts partitions
-- of the older shape at start (JdbcEventStore.upgradePartitions). Runs are never deleted, so a key is never reused.
-- Existing runs are numbered in the order they were opened; a new run takes the highest key plus one.
ALTER TABLE runs ADD COLUMN run_key INTEGER;
UPDATE runs SET run_key = k.n
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM runs) AS k
WHERE runs.id = k.id;
CREATE UNIQUE INDEX runs_by_key ON runs (run_key);
