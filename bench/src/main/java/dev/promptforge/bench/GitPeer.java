package dev.promptforge.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The peer: the same corpus replayed into a real git repository (one file per prompt, one commit per version, by a
 * {@code git fast-import} stream written here), packed by {@code git gc}, read back by {@code git cat-file --batch}.
 */
final class GitPeer {
    final Path dir;

    GitPeer(Path dir) {
        this.dir = dir;
    }

    void init() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(List.of("git", "init", "-q", "-b", "main", dir.toString()), dir.getParent());
    }

    /**
     * Replays the corpus; returns the blob id of each version (by file position). The stream (each blob as a mark,
     * then the commit that sets the prompt's file to it) goes to {@code git fast-import} in a staging repository;
     * its pack is then exploded into loose objects here ({@code git unpack-objects}), so the repository looks as if
     * built by ordinary commits and {@code git gc} chooses every delta itself (gc reuses the storage of objects
     * that are already packed, so packing fast-import's output directly would measure fast-import's choices).
     */
    String[] replay(Corpus corpus) throws IOException, InterruptedException {
        Path staging = dir.resolveSibling(dir.getFileName() + "-staging");
        run(List.of("git", "init", "-q", "-b", "main", staging.toString()), dir.getParent());
        Path marks = staging.resolve("bench-marks.txt");
        Process p = new ProcessBuilder("git", "fast-import", "--quiet", "--export-marks=" + marks)
                .directory(staging.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
            for (Corpus.Version v : corpus.versions()) {
                int mark = v.index() + 1;
                ascii(out, "blob\nmark :" + mark + "\ndata " + v.utf8().length + "\n");
                out.write(v.utf8());
                ascii(out, "\n");
                byte[] msg = (v.message() + "\n").getBytes(StandardCharsets.UTF_8);
                String who = "corpus <corpus@promptforge.invalid> " + v.time() + " +0000\n";
                ascii(out, "commit refs/heads/main\nauthor " + who + "committer " + who + "data " + msg.length + "\n");
                out.write(msg);
                ascii(out, "M 100644 :" + mark + " " + v.name() + "\n\n");
            }
            ascii(out, "done\n");
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git fast-import failed with exit code " + p.exitValue());
        }
        Map<Integer, String> byMark = new HashMap<>();
        for (String line : Files.readAllLines(marks)) {
            int sp = line.indexOf(' ');
            byMark.put(Integer.parseInt(line.substring(1, sp)), line.substring(sp + 1).trim());
        }
        String[] blobs = new String[corpus.versions().size()];
        for (int i = 0; i < blobs.length; i++) {
            blobs[i] = byMark.get(i + 1);
        }
        try (Stream<Path> packs = Files.list(staging.resolve(".git/objects/pack"))) {
            for (Path pack : (Iterable<Path>) packs::iterator) {
                if (pack.toString().endsWith(".pack")) {
                    Process u = new ProcessBuilder("git", "unpack-objects", "-q").directory(dir.toFile())
                            .redirectInput(pack.toFile()).redirectErrorStream(true).start();
                    String output = new String(u.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (u.waitFor() != 0) {
                        throw new IllegalStateException("git unpack-objects failed: " + output);
                    }
                }
            }
        }
        String head = run(List.of("git", "rev-parse", "refs/heads/main"), staging).trim();
        run(List.of("git", "update-ref", "refs/heads/main", head), dir);
        deleteTree(staging);
        return blobs;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        }
    }

    /** Runs {@code git gc} (plain, or {@code --aggressive}); returns its wall time in ms. */
    long gc(boolean aggressive) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "gc", "-q"));
        if (aggressive) {
            cmd.add("--aggressive");
        }
        long t0 = System.nanoTime();
        run(cmd, dir);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Repacks from scratch with one delta-search thread ({@code git -c pack.threads=1 repack -a -d -f}, gc's window
     * and depth): what {@code git gc} gives on loose objects with one thread. With several threads git splits the
     * object list between them and finds fewer deltas, so plain gc's size varies from run to run on a 2-core machine.
     */
    long repackSingleThread() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(List.of("git", "-c", "pack.threads=1", "repack", "-q", "-a", "-d", "-f", "--window=10", "--depth=50"), dir);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Bytes of the .pack files (and the loose objects, normally none after gc). */
    long packBytes() throws IOException {
        long sum = 0;
        try (Stream<Path> files = Files.walk(dir.resolve(".git/objects"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                boolean loose = f.getParent().getFileName().toString().matches("[0-9a-f]{2}");
                if (Files.isRegularFile(f) && (n.endsWith(".pack") || loose)) {
                    sum += Files.size(f);
                }
            }
        }
        return sum;
    }

    long indexBytes() throws IOException {
        long sum = 0;
        try (Stream<Path> files = Files.list(dir.resolve(".git/objects/pack"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".idx")) {
                    sum += Files.size(f);
                }
            }
        }
        return sum;
    }

    /** On-disk bytes by object type (blob, tree, commit), from {@code %(objectsize:disk)}. */
    Map<String, Long> diskBytesByType() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "cat-file", "--batch-all-objects",
                "--batch-check=%(objecttype) %(objectsize:disk)").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        Map<String, Long> sums = new HashMap<>();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git cat-file --batch-check failed");
        }
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            sums.merge(f[0], Long.parseLong(f[1]), Long::sum);
        }
        return sums;
    }

    CatFile catFile() throws IOException {
        return new CatFile(new ProcessBuilder("git", "cat-file", "--batch").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** One long-running {@code git cat-file --batch}: write an object id, read its header and content. */
    static final class CatFile implements AutoCloseable {
        private final Process process;
        private final OutputStream out;
        private final InputStream in;

        CatFile(Process process) {
            this.process = process;
            this.out = new BufferedOutputStream(process.getOutputStream());
            this.in = new BufferedInputStream(process.getInputStream(), 1 << 16);
        }

        byte[] read(String objectId) throws IOException {
            out.write((objectId + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String header = line();
            String[] f = header.split(" ");
            if (f.length != 3) {
                throw new IOException("git cat-file: " + header);
            }
            int size = Integer.parseInt(f[2]);
            byte[] content = in.readNBytes(size);
            if (content.length != size || in.read() != '\n') {
                throw new IOException("git cat-file: short object " + objectId);
            }
            return content;
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(100);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("git cat-file ended");
                }
                b.write(c);
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            out.close();
            process.waitFor();
        }
    }

    private static void ascii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    static String run(List<String> cmd, Path cwd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
        }
        return output;
    }
}
