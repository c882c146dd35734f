package dev.promptforge.domain.versioning;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code git} for tests that check our output against it, isolated from the user's and system's
 * configuration. Tests call {@link #assumeAvailable()} and are skipped where git is not installed.
 */
public final class GitCli {
    private GitCli() {
    }

    public static void assumeAvailable() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= new File(dir, "git").canExecute();
        }
        assumeTrue(found, "git is not on PATH");
    }

    /** Runs git in {@code dir} (stdin from {@code input} when not null); returns stdout, fails on a non-zero exit. */
    public static byte[] run(Path dir, Path input, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(input == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(input.toFile()));
        File err = dir.resolve(".git-stderr.txt").toFile();
        pb.redirectError(err);
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("git " + String.join(" ", args) + " failed (" + p.exitValue() + "): "
                        + java.nio.file.Files.readString(err.toPath()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String runText(Path dir, String... args) {
        return new String(run(dir, null, args), StandardCharsets.UTF_8);
    }
}
