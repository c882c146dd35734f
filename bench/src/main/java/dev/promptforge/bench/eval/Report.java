package dev.promptforge.bench.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one script's section of the results file between {@code <!-- name:begin -->} and {@code <!-- name:end -->},
 * keeping everything else (the other script's section, notes written by hand).
 */
final class Report {
    private Report() {
    }

    static void writeSection(Path file, String name, String title, String body) throws IOException {
        String begin = "<!-- " + name + ":begin (written by the script; edits inside are overwritten) -->";
        String end = "<!-- " + name + ":end -->";
        String block = begin + "\n" + body.strip() + "\n" + end;
        String text = Files.exists(file) ? Files.readString(file) : "# " + title + "\n\n";
        int b = text.indexOf("<!-- " + name + ":begin");
        int e = text.indexOf(end);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + block + text.substring(e + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, text);
    }

    static String machine() {
        StringBuilder sb = new StringBuilder();
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> l.replaceAll("\\D+", "")).orElse("0");
            sb.append(Runtime.getRuntime().availableProcessors()).append(" cores (").append(cpu).append("), ")
                    .append(Long.parseLong(mem) / 1024 / 1024).append(" GiB RAM, Java ")
                    .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name"))
                    .append(' ').append(System.getProperty("os.version"));
        } catch (IOException | RuntimeException e) {
            sb.append("unknown machine (").append(e).append(')');
        }
        return sb.toString();
    }
}
