package dev.promptforge.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the versioning-store benchmark; bench/versioning.sh runs the steps in order:
 * <pre>
 *   inprocess  --work DIR [--corpus-dir DIR] [--quick]        storage, in-process + git reads, policy sweep
 *   reads      --work DIR [--corpus-dir DIR] [--quick] [--only prompts|prompts-md]
 *                                                             in-process reads only (no git, no sweep), for iterating
 *   http-load  --work DIR --url URL [--corpus-dir DIR]         replay over HTTP, set the production labels
 *   http-read  --work DIR --url URL --name NAME [--warm-passes N] [--passes N]  timed HTTP reads of the sample
 *   report     --work DIR --out FILE --command CMD [--quick]   write RESULTS.md
 *   free-port                                                   print a free TCP port
 * </pre>
 */
public final class VersioningBench {
    private VersioningBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: VersioningBench inprocess|reads|http-load|http-read|report|free-port [options]");
            System.exit(2);
        }
        Map<String, String> opt = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                opt.put("quick", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opt.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        boolean quick = opt.containsKey("quick");
        Path work = opt.containsKey("work") ? Path.of(opt.get("work")) : null;
        switch (args[0]) {
            case "free-port" -> {
                try (ServerSocket s = new ServerSocket(0)) {
                    System.out.println(s.getLocalPort());
                }
            }
            case "inprocess" -> {
                List<Corpus> corpora = corpora(opt);
                int[] sweep = quick ? new int[] {16, 64, 400} : new int[] {16, 32, 64, 128, 400};
                ObjectNode r = new InProcessBench(work, quick, false).run(corpora, corpora.get(1), sweep);
                r.put("maxTextBytes", corpora.get(1).maxVersionBytes());
                write(work.resolve("inprocess.json"), r);
            }
            case "reads" -> {
                List<Corpus> corpora = corpora(opt).stream()
                        .filter(c -> !opt.containsKey("only") || c.key().equals(opt.get("only"))).toList();
                write(work.resolve("reads.json"), new InProcessBench(work, quick, true).run(corpora, corpora.get(0),
                        new int[0]));
            }
            case "http-load" -> write(work.resolve("http-load.json"),
                    new HttpBench(opt.get("url"), work, quick).load(corpora(opt)));
            case "http-read" -> write(work.resolve(opt.get("name") + ".json"),
                    new HttpBench(opt.get("url"), work, quick).read(corpora(opt),
                            Integer.parseInt(opt.getOrDefault("warm-passes", "0")),
                            Integer.parseInt(opt.getOrDefault("passes", "3"))));
            case "report" -> {
                String md = new Report(work).render(opt.getOrDefault("command", "bench/versioning.sh"), quick);
                Files.writeString(Path.of(opt.get("out")), md);
                System.out.println("wrote " + opt.get("out"));
            }
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    private static List<Corpus> corpora(Map<String, String> opt) throws Exception {
        Path dir = Path.of(opt.getOrDefault("corpus-dir", "/work/shared/corpus"));
        long t0 = System.nanoTime();
        List<Corpus> list = List.of(
                Corpus.load("prompts", "awesome-chatgpt-prompts prompts.csv rows",
                        dir.resolve("awesome-chatgpt-prompts.prompts.jsonl.xz")),
                Corpus.load("prompts-md", "awesome-chatgpt-prompts PROMPTS.md",
                        dir.resolve("awesome-chatgpt-prompts.PROMPTS-md.jsonl.xz")));
        InProcessBench.log(String.format("corpora loaded in %.1f s", (System.nanoTime() - t0) / 1e9));
        return list;
    }

    private static void write(Path file, ObjectNode node) throws Exception {
        Files.writeString(file, Corpus.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
