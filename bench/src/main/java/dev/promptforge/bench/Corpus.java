package dev.promptforge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tukaani.xz.XZInputStream;

/**
 * One corpus file (xz JSON Lines, one version a line, oldest first within a prompt). Corpus prompt names may hold
 * newlines, '/' and be very long, so each prompt is stored as {@code <key>/<4-digit index>} (index in order of
 * first appearance).
 */
record Corpus(String key, String title, Path file, List<Version> versions, List<String> names) {

    /** One version of one prompt. {@code index} is its position in the file. */
    record Version(int index, int prompt, String name, int seq, long time, String message, String content,
            byte[] utf8) {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static Corpus load(String key, String title, Path file) throws IOException {
        List<Version> versions = new ArrayList<>();
        Map<String, Integer> promptIndex = new LinkedHashMap<>();
        Map<Integer, Integer> nextSeq = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        try (InputStream in = new XZInputStream(Files.newInputStream(file), -1);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                String upstream = n.get("prompt").asText();
                int p = promptIndex.computeIfAbsent(upstream, k -> {
                    names.add(String.format("%s/%04d", key, names.size()));
                    return names.size() - 1;
                });
                int seq = n.get("seq").asInt();
                int expected = nextSeq.getOrDefault(p, 0);
                if (seq != expected) {
                    throw new IllegalStateException(file + ": prompt '" + upstream + "' has seq " + seq + " where "
                            + expected + " was expected");
                }
                nextSeq.put(p, seq + 1);
                String message = n.path("message").asText("");
                if (message.isBlank()) {
                    message = "corpus version " + seq;
                }
                String content = n.get("content").asText();
                versions.add(new Version(versions.size(), p, names.get(p), seq, n.path("time").asLong(0), message,
                        content, content.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new Corpus(key, title, file, List.copyOf(versions), List.copyOf(names));
    }

    long fullTextBytes() {
        long sum = 0;
        for (Version v : versions) {
            sum += v.utf8().length;
        }
        return sum;
    }

    long maxVersionBytes() {
        long max = 0;
        for (Version v : versions) {
            max = Math.max(max, v.utf8().length);
        }
        return max;
    }

    /** Versions per prompt, longest history. */
    int longestHistory() {
        int max = 0;
        for (Version v : versions) {
            max = Math.max(max, v.seq() + 1);
        }
        return max;
    }

    /**
     * The seeded random sample of historical versions (uniform over all versions, with replacement) that every
     * reader (in process, HTTP, git) reads, so all of them read the same versions.
     */
    int[] sample(int n) {
        Random random = new Random(0x5EEDL ^ key.hashCode());
        int[] picks = new int[n];
        for (int i = 0; i < n; i++) {
            picks[i] = random.nextInt(versions.size());
        }
        return picks;
    }
}
