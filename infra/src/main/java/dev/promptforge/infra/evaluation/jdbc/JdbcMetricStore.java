package dev.promptforge.infra.evaluation.jdbc;

import dev.promptforge.domain.evaluation.BucketKey;
import dev.promptforge.domain.evaluation.BucketSize;
import dev.promptforge.domain.evaluation.MetricBucket;
import dev.promptforge.domain.evaluation.MetricName;
import dev.promptforge.domain.evaluation.Scope;
import dev.promptforge.domain.evaluation.port.MetricStore;
import dev.promptforge.domain.evaluation.port.QuantileSketches;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.infra.shared.jdbc.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link MetricStore} over {@code metric_buckets} (primary key: workspace, scope, size, metric, start).
 *
 * <p>Buckets written recently are kept in memory as committed, sketches decoded, so ingestion merges into them
 * without reading and decoding their rows again (measured: reading and decoding 70-100 buckets was about a
 * quarter of the write transaction of a 1,000-event batch). The cache only ever holds committed values: a write
 * removes its keys at once and puts the new buckets back after its transaction commits, so a rollback leaves
 * them absent and the next read goes to the table. Writes are serialised by {@link Database}, so no two
 * transactions update the cache at once.
 */
public final class JdbcMetricStore implements MetricStore {
    private static final String COLUMNS = "scope, metric, size, start, count, sum, sum_squares, min, max, sketch";
    /** Enough for the buckets of dozens of runs ingesting at once (~72-200 per run); a few KiB each. */
    private static final int CACHED_BUCKETS = 8192;
    private final Database db;
    private final QuantileSketches sketches;
    private final Map<CacheKey, MetricBucket> cache = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<CacheKey, MetricBucket> eldest) {
                    return size() > CACHED_BUCKETS;
                }
            });

    private record CacheKey(WorkspaceId ws, BucketKey key) {
    }

    public JdbcMetricStore(Database db, QuantileSketches sketches) {
        this.db = db;
        this.sketches = sketches;
    }

    /** The buckets found; their sketches may be shared with the cache and must not be modified. */
    @Override
    public Map<BucketKey, MetricBucket> find(WorkspaceId ws, Collection<BucketKey> keys) {
        Map<BucketKey, MetricBucket> found = new HashMap<>();
        List<BucketKey> missing = new ArrayList<>();
        for (BucketKey k : keys) {
            MetricBucket cached = cache.get(new CacheKey(ws, k));
            if (cached != null) {
                found.put(k, cached);
            } else {
                missing.add(k);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        return db.read(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM metric_buckets "
                    + "WHERE workspace_id = ? AND scope = ? AND size = ? AND metric = ? AND start = ?")) {
                for (BucketKey k : missing) {
                    ps.setString(1, ws.value());
                    ps.setString(2, k.scope().key());
                    ps.setString(3, k.size().wire());
                    ps.setString(4, k.metric().value());
                    ps.setLong(5, k.start().toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            found.put(k, bucket(rs));
                        }
                    }
                }
            }
            return found;
        });
    }

    @Override
    public void put(WorkspaceId ws, Collection<MetricBucket> buckets) {
        List<MetricBucket> written = List.copyOf(buckets);
        db.write(conn -> {
            written.forEach(b -> cache.remove(new CacheKey(ws, b.key())));
            try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO metric_buckets (workspace_id, "
                    + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (MetricBucket b : buckets) {
                    int i = 1;
                    ps.setString(i++, ws.value());
                    ps.setString(i++, b.key().scope().key());
                    ps.setString(i++, b.key().metric().value());
                    ps.setString(i++, b.key().size().wire());
                    ps.setLong(i++, b.key().start().toEpochMilli());
                    ps.setLong(i++, b.count());
                    ps.setDouble(i++, b.sum());
                    ps.setDouble(i++, b.sumOfSquares());
                    ps.setDouble(i++, b.min());
                    ps.setDouble(i++, b.max());
                    ps.setBytes(i, b.sketch().encode());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            db.afterCommit(() -> written.forEach(b -> cache.put(new CacheKey(ws, b.key()), b)));
            return null;
        });
    }

    @Override
    public List<MetricBucket> range(WorkspaceId ws, Scope scope, MetricName metric, BucketSize size, Instant from,
            Instant to) {
        return db.read(conn -> {
            String sql = "SELECT " + COLUMNS + " FROM metric_buckets WHERE workspace_id = ? AND scope = ? AND size = ?"
                    + (metric == null ? "" : " AND metric = ?") + " AND start >= ? AND start < ? ORDER BY metric, start";
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, ws.value());
                ps.setString(i++, scope.key());
                ps.setString(i++, size.wire());
                if (metric != null) {
                    ps.setString(i++, metric.value());
                }
                ps.setLong(i++, from.toEpochMilli());
                ps.setLong(i, to.toEpochMilli());
                List<MetricBucket> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    MetricName last = metric;
                    while (rs.next()) {
                        // every row is of the queried scope and size: the keys reuse them instead of parsing and
                        // validating the stored text again per row (a query reads up to a few hundred rows)
                        String name = rs.getString(2);
                        if (last == null || !last.value().equals(name)) {
                            last = new MetricName(name);
                        }
                        out.add(bucket(rs, new BucketKey(scope, last, size, Instant.ofEpochMilli(rs.getLong(4)))));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        return db.write(conn -> {
            synchronized (cache) {
                cache.keySet().removeIf(k -> k.key().start().isBefore(cutoff));
            }
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM metric_buckets WHERE start < ?")) {
                ps.setLong(1, cutoff.toEpochMilli());
                return (long) ps.executeUpdate();
            }
        });
    }

    private MetricBucket bucket(ResultSet rs) throws SQLException {
        return bucket(rs, new BucketKey(Scope.parse(rs.getString(1)), new MetricName(rs.getString(2)),
                BucketSize.parse(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4))));
    }

    private MetricBucket bucket(ResultSet rs, BucketKey key) throws SQLException {
        return new MetricBucket(key, rs.getLong(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9),
                sketches.decode(rs.getBytes(10)));
    }
}
