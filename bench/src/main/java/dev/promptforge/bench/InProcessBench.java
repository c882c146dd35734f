package dev.promptforge.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promptforge.domain.versioning.Commit;
import dev.promptforge.domain.versioning.LineDelta;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.PromptVersions;
import dev.promptforge.domain.versioning.ReadPromptVersion;
import dev.promptforge.domain.versioning.Sha256;
import dev.promptforge.domain.versioning.SnapshotPolicy;
import dev.promptforge.domain.versioning.StoredVersion;
import dev.promptforge.domain.versioning.Utf8Lines;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Storage (a), in-process and git reads (b), the snapshot-policy sweep and a read-phase breakdown. */
final class InProcessBench {
    /** Timed passes over each sample; figures are medians over the passes. */
    static final int PASSES = 5;
    private final Path work;
    private final boolean quick;
    /** Only promptforge's reads: no git peer, no storage comparison (for iterating on the read path). */
    private final boolean readsOnly;

    InProcessBench(Path work, boolean quick, boolean readsOnly) {
        this.work = work;
        this.quick = quick;
        this.readsOnly = readsOnly;
    }

    static int sampleSize(Corpus c, boolean quick) {
        boolean large = c.fullTextBytes() / c.versions().size() > 64 * 1024; // mean version size
        return quick ? (large ? 100 : 300) : (large ? 500 : 2000);
    }

    /** Reads one version and says whether the text is exactly the corpus text. */
    /** Reads a version: its text (a String) or bytes (git), checked against the corpus after the clock stops. */
    private interface Reader {
        Object read(Corpus.Version v) throws Exception;
    }

    private static boolean matches(Corpus.Version v, Object read) {
        return read instanceof byte[] ? Arrays.equals((byte[]) read, v.utf8()) : v.content().equals(read);
    }

    /** A replayed promptforge database, open for reading. */
    private record Opened(Store store, String[] ids, ObjectNode node, String label) implements Reader {
        @Override
        public Object read(Corpus.Version v) {
            return store.readVerified(v.name(), ids[v.index()]).content();
        }
    }

    ObjectNode run(List<Corpus> corpora, Corpus sweepCorpus, int[] sweep) throws Exception {
        ObjectNode out = Corpus.JSON.createObjectNode();
        ObjectNode byCorpus = out.putObject("corpora");
        ArrayNode rows = out.putArray("sweep");
        for (Corpus c : corpora) {
            byCorpus.set(c.key(), corpus(c, c == sweepCorpus ? sweep : new int[0], rows));
        }
        out.put("sweepCorpus", sweepCorpus.key());
        out.put("defaultMaxChainLength", SnapshotPolicy.DEFAULT.maxChainLength());
        out.put("defaultMaxChainBytesFactor", SnapshotPolicy.DEFAULT.maxChainBytesFactor());
        out.put("checkpointInterval", PromptVersions.CHECKPOINT_INTERVAL);
        return out;
    }

    /**
     * One corpus: promptforge with the default policy, git, and (for the sweep corpus) one database per swept policy;
     * storage figures and read-back checks for each, then timed reads of the same sample by all of them,
     * interleaved version by version so that noise from the rest of the machine falls on all of them alike.
     */
    private ObjectNode corpus(Corpus c, int[] sweep, ArrayNode sweepRows) throws Exception {
        log("== " + c.title() + ": " + c.versions().size() + " versions of " + c.names().size() + " prompts, "
                + c.fullTextBytes() + " bytes of full text");
        List<Opened> opened = new ArrayList<>();
        GitPeer.CatFile cat = null;
        try {
            Opened pf = open(c, SnapshotPolicy.DEFAULT, "pf-" + c.key());
            opened.add(pf);
            ObjectNode g = Corpus.JSON.createObjectNode();
            GitPeer git = new GitPeer(work.resolve("git-" + c.key()));
            String[] blobs = readsOnly ? null : gitStorage(c, git, g);
            cat = readsOnly ? null : git.catFile();
            GitPeer.CatFile catFile = cat;
            int gitMismatches = 0;
            for (Corpus.Version v : readsOnly ? List.<Corpus.Version>of() : c.versions()) { // read-back, warm-up
                if (!Arrays.equals(catFile.read(blobs[v.index()]), v.utf8())) {
                    gitMismatches++;
                }
            }
            g.put("readBackMismatches", gitMismatches);
            Map<Integer, Opened> swept = new java.util.LinkedHashMap<>();
            for (int maxChain : sweep) {
                if (maxChain == SnapshotPolicy.DEFAULT.maxChainLength()) {
                    swept.put(maxChain, pf);
                } else {
                    Opened o = open(c, new SnapshotPolicy(maxChain, SnapshotPolicy.DEFAULT.maxChainBytesFactor()),
                            "sweep-" + maxChain);
                    opened.add(o);
                    swept.put(maxChain, o);
                }
            }

            List<Reader> readers = new ArrayList<>();
            List<ObjectNode> nodes = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (Opened o : opened) {
                readers.add(o);
                nodes.add(o.node());
                labels.add(o.label());
                // the same database through readers with caches (each warmed by the untimed pass)
                Map<String, ReadPromptVersion> cached = Map.of("rowCache", o.store().readRowCached,
                        "defaults", o.store().readDefaults, "smallCache", o.store().readSmallCache);
                for (String key : List.of("rowCache", "defaults", "smallCache")) {
                    ReadPromptVersion reader = cached.get(key);
                    readers.add(v -> Store.read(reader, v.name(), o.ids()[v.index()]).content());
                    nodes.add(o.node().putObject(key));
                    labels.add(o.label() + " (" + key + ")");
                }
            }
            if (catFile != null) {
                readers.add(v -> catFile.read(blobs[v.index()]));
                nodes.add(g);
                labels.add("git-" + c.key());
            }
            int[] sample = c.sample(sampleSize(c, quick));
            timeInterleaved(c, sample, readers, nodes, labels);

            for (Opened o : opened) {
                o.node().set("phases", phases(o.store(), c, o.ids(), sample));
            }
            if (readsOnly) {
                return pf.node();
            }
            cat.close();
            cat = null;
            g.put("singleThreadMs", git.repackSingleThread());
            g.put("singleThread.packBytes", git.packBytes());
            git.diskBytesByType().forEach((k, v) -> g.put("singleThread.disk." + k, v));
            log(String.format("  git: pack %.4f, blobs %.4f of full text after a one-thread repack",
                    g.get("singleThread.packBytes").asDouble() / c.fullTextBytes(),
                    g.get("singleThread.disk.blob").asDouble() / c.fullTextBytes()));
            if (!quick) {
                g.put("aggressiveGcMs", git.gc(true));
                g.put("aggressive.packBytes", git.packBytes());
                git.diskBytesByType().forEach((k, v) -> g.put("aggressive.disk." + k, v));
                log(String.format("  git: pack %.4f of full text after gc --aggressive",
                        g.get("aggressive.packBytes").asDouble() / c.fullTextBytes()));
            }
            for (var e : swept.entrySet()) {
                ObjectNode row = e.getValue().node().deepCopy();
                row.put("maxChainLength", e.getKey());
                row.put("maxChainBytesFactor", SnapshotPolicy.DEFAULT.maxChainBytesFactor());
                row.put("isDefault", e.getKey() == SnapshotPolicy.DEFAULT.maxChainLength());
                sweepRows.add(row);
            }
            ObjectNode r = pf.node();
            r.set("git", g);
            return r;
        } finally {
            if (cat != null) {
                cat.close();
            }
            for (Opened o : opened) {
                o.store().close();
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(o.store().file + suffix));
                }
            }
        }
    }

    /** Replays {@code c} into a fresh database with {@code policy}: storage figures and the read-back check. */
    private Opened open(Corpus c, SnapshotPolicy policy, String label) throws Exception {
        ObjectNode r = Corpus.JSON.createObjectNode();
        r.put("versions", c.versions().size());
        r.put("prompts", c.names().size());
        r.put("longestHistory", c.longestHistory());
        r.put("fullTextBytes", c.fullTextBytes());
        r.put("maxChainLength", policy.maxChainLength());
        Store store = new Store(work.resolve(label + ".db"), policy);
        long t0 = System.nanoTime();
        String[] ids = store.replay(c);
        long replayNanos = System.nanoTime() - t0;
        r.put("replayMs", replayNanos / 1_000_000);
        r.put("replayCommitsPerSecond", c.versions().size() / (replayNanos / 1e9));

        ObjectNode storage = r.putObject("storage");
        storage.put("payloadBytes", store.queryLong("SELECT SUM(length(payload)) FROM commits"));
        storage.put("commitColumnBytes", store.commitColumnBytes());
        storage.put("snapshots", store.queryLong("SELECT COUNT(*) FROM commits WHERE storage = 'snapshot'"));
        storage.put("deltas", store.queryLong("SELECT COUNT(*) FROM commits WHERE storage = 'delta'"));
        storage.put("maxChain", store.queryLong("SELECT MAX(chain_length) FROM commits"));
        storage.put("snapshotPayloadBytes",
                store.queryLong("SELECT SUM(length(payload)) FROM commits WHERE storage = 'snapshot'"));
        Path copy = work.resolve(label + "-vacuumed.db");
        store.vacuumedSizes(copy).forEach((k, v) -> storage.put("vacuumed." + k, v));
        Files.deleteIfExists(copy);

        // read-back of every version (also the JIT warm-up of the read path)
        long t1 = System.nanoTime();
        int mismatches = 0;
        for (Corpus.Version v : c.versions()) {
            if (!store.readVerified(v.name(), ids[v.index()]).content().equals(v.content())) {
                mismatches++;
            }
        }
        r.put("readBackMismatches", mismatches);
        r.put("readBackMs", (System.nanoTime() - t1) / 1_000_000);
        log(String.format("  %s: replayed in %.1f s; payload %.4f, commits rows %.4f of the full text; %d snapshots,"
                + " longest chain %d; read-back %d mismatches", label, replayNanos / 1e9,
                storage.get("payloadBytes").asDouble() / c.fullTextBytes(),
                storage.get("commitColumnBytes").asDouble() / c.fullTextBytes(), storage.get("snapshots").asLong(),
                storage.get("maxChain").asLong(), mismatches));
        return new Opened(store, ids, r, label);
    }

    /**
     * A warm-up pass over the sample by every reader, then {@link #PASSES} timed passes; within a pass each
     * version is read by every reader in turn (starting with a different reader each time).
     */
    private void timeInterleaved(Corpus c, int[] sample, List<Reader> readers, List<ObjectNode> nodes,
            List<String> labels) throws Exception {
        int n = readers.size();
        for (int k : sample) {
            for (Reader r : readers) {
                r.read(c.versions().get(k));
            }
        }
        long[][][] nanos = new long[n][PASSES][sample.length];
        long[][][] cpuNanos = new long[n][PASSES][sample.length];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int[] mismatches = new int[n];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int k = 0; k < sample.length; k++) {
                Corpus.Version v = c.versions().get(sample[k]);
                for (int j = 0; j < n; j++) {
                    int r = (j + k) % n;
                    long cpu = threads.getCurrentThreadCpuTime();
                    long s = System.nanoTime();
                    Object read = readers.get(r).read(v);
                    nanos[r][pass][k] = System.nanoTime() - s;
                    cpuNanos[r][pass][k] = threads.getCurrentThreadCpuTime() - cpu;
                    if (!matches(v, read)) {
                        mismatches[r]++;
                    }
                }
            }
        }
        for (int r = 0; r < n; r++) {
            nodes.get(r).set("read", Stats.summaryOfPasses(nanos[r]));
            // CPU time of the reading thread: what the read costs, without the time other processes on this
            // shared machine kept it off a core (GC pauses are in the wall time only)
            nodes.get(r).set("cpu", Stats.summaryOfPasses(cpuNanos[r]));
            nodes.get(r).put("sampleMismatches", mismatches[r]);
            log(String.format("  %s: read p50 %.0f us, p99 %.0f us (passes: %s); thread CPU p50 %.0f us, p99 %.0f us",
                    labels.get(r), nodes.get(r).get("read").get("p50").asDouble(),
                    nodes.get(r).get("read").get("p99").asDouble(), nodes.get(r).get("read").get("passP99"),
                    nodes.get(r).get("cpu").get("p50").asDouble(), nodes.get(r).get("cpu").get("p99").asDouble()));
        }
    }

    /**
     * Where a verified read spends its time, by redoing {@code PromptVersions.read} step by step: the chain query
     * (and, by a raw JDBC query, how much of it is the SQL alone), rebuilding the text, and checking both hashes.
     */
    private ObjectNode phases(Store store, Corpus c, String[] ids, int[] sample) throws Exception {
        // the adapter's query (JdbcVersionStore.queryChain): the prompt's rows from the version down, newest first
        String rawChain = "SELECT c.id, c.storage, c.base, c.compression, c.payload FROM commits t JOIN commits c"
                + " ON c.prompt_id = t.prompt_id AND c.seq <= t.seq WHERE t.prompt_id ="
                + " (SELECT id FROM prompts WHERE workspace_id = ? AND name = ?) AND t.id = ? ORDER BY c.seq DESC";
        int n = sample.length;
        long[] chainQuery = new long[n];
        long[] sql = new long[n];
        long[] unpack = new long[n];
        long[] rebuild = new long[n];
        long[] verify = new long[n];
        long[] chainLength = new long[n];
        long[] chainPayload = new long[n];
        for (int pass = 0; pass < 2; pass++) { // pass 0 warms up
            for (int k = 0; k < n; k++) {
                Corpus.Version v = c.versions().get(sample[k]);
                PromptName name = new PromptName(v.name());
                String id = ids[v.index()];
                // 1. the SQL of the chain query alone (the rest of chain() is decompression and row mapping)
                long a = System.nanoTime();
                List<byte[]> packed = new ArrayList<>();
                List<String> methods = new ArrayList<>();
                try (Connection conn = store.ds.getConnection(); PreparedStatement ps = conn.prepareStatement(rawChain)) {
                    ps.setString(1, Store.WS.value());
                    ps.setString(2, name.value());
                    ps.setString(3, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        String wanted = id;
                        while (wanted != null && rs.next()) { // keeps the chain's rows, as the adapter's walk does
                            if (wanted.equals(rs.getString(1))) {
                                methods.add(rs.getString(4));
                                packed.add(rs.getBytes(5));
                                wanted = "snapshot".equals(rs.getString(2)) ? null : rs.getString(3);
                            }
                        }
                    }
                }
                long b = System.nanoTime();
                // 2. the adapter's chain() (SQL + inflate + row mapping), 3. rebuild, 4. verify
                long d = System.nanoTime();
                List<StoredVersion> chain = store.versionStore.chain(Store.WS, name,
                        new dev.promptforge.domain.versioning.CommitId(id));
                long e = System.nanoTime();
                List<Utf8Lines.Line> lines = Utf8Lines.split(chain.get(0).payload());
                for (StoredVersion sv : chain.subList(1, chain.size())) {
                    LineDelta.apply(lines, sv.payload());
                }
                long f = System.nanoTime();
                // as PromptVersions does: SHA-256 of the lines' UTF-8 joined, the commit id, then the text joined
                Commit commit = chain.get(chain.size() - 1).commit();
                byte[] utf8 = Utf8Lines.utf8(lines);
                boolean ok = utf8.length == commit.contentLength() && Sha256.hex(utf8).equals(commit.contentHash())
                        && commit.idMatches();
                String text = Utf8Lines.text(lines);
                long g = System.nanoTime();
                if (!ok || text.isEmpty() != (commit.contentLength() == 0)) {
                    throw new IllegalStateException("phase breakdown rebuilt a wrong text for " + id);
                }
                sql[k] = b - a;
                chainQuery[k] = e - d;
                unpack[k] = Math.max(0, chainQuery[k] - sql[k]);
                rebuild[k] = f - e;
                verify[k] = g - f;
                chainLength[k] = chain.size() - 1;
                long bytes = 0;
                for (StoredVersion sv : chain) {
                    bytes += sv.payload().length;
                }
                chainPayload[k] = bytes;
            }
        }
        ObjectNode p = Corpus.JSON.createObjectNode();
        p.set("chainQuery", Stats.summary(chainQuery));
        p.set("sqlOnly", Stats.summary(sql));
        p.set("unpack", Stats.summary(unpack));
        p.set("rebuild", Stats.summary(rebuild));
        p.set("verify", Stats.summary(verify));
        p.put("meanDeltasApplied", Arrays.stream(chainLength).average().orElse(0));
        p.put("maxDeltasApplied", Arrays.stream(chainLength).max().orElse(0));
        p.put("meanChainPayloadBytes", Arrays.stream(chainPayload).average().orElse(0));
        return p;
    }

    /** The git peer's storage: replay, plain gc, pack and per-type sizes. Returns the blob id of each version. */
    private String[] gitStorage(Corpus c, GitPeer git, ObjectNode g) throws Exception {
        git.init();
        long t0 = System.nanoTime();
        String[] blobs = git.replay(c);
        g.put("fastImportMs", (System.nanoTime() - t0) / 1_000_000);
        g.put("gcMs", git.gc(false));
        g.put("packBytes", git.packBytes());
        g.put("idxBytes", git.indexBytes());
        git.diskBytesByType().forEach((k, v) -> g.put("disk." + k, v));
        log(String.format("  git: pack %.4f of full text (plain gc), blobs %.4f", g.get("packBytes").asDouble()
                / c.fullTextBytes(), g.get("disk.blob").asDouble() / c.fullTextBytes()));
        return blobs;
    }

    static void log(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
