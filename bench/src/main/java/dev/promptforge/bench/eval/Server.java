package dev.promptforge.bench.eval;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A promptforge server in a child process (its own data folder and port), plus machine readings. */
final class Server implements AutoCloseable {
    private final Process process;
    private final String url;
    private final Path log;

    private Server(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static Server start(Path jar, Path dataDir, Path log, Map<String, String> env, List<String> jvmArgs)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PROMPTFORGE_DATA_DIR", dataDir.toString());
        pb.environment().put("PROMPTFORGE_PORT", Integer.toString(port));
        pb.environment().putAll(env);
        Process p = pb.start();
        // never leave a server behind if this JVM is interrupted
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (p.isAlive()) {
                p.destroy();
                try {
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            }
        }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited (" + p.exitValue() + "); see " + log);
            }
            String text = Files.exists(log) ? Files.readString(log) : "";
            int i = text.indexOf("promptforge is running at ");
            if (i >= 0) {
                String rest = text.substring(i + "promptforge is running at ".length());
                String u = rest.split("\\s")[0];
                return new Server(p, u.endsWith("/") ? u.substring(0, u.length() - 1) : u, log);
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the server did not start within 180 s; see " + log);
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** CPU seconds (user + system) the server process has used so far. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Seconds the server's JIT compilers have spent so far ({@code jstat -compiler}, column Time); NaN when jstat
     * cannot tell. A phase during which this grows by a second or more ran beside compilation, not steady code.
     */
    double jitSeconds() {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        try {
            Process p = new ProcessBuilder(jstat.toString(), "-compiler", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes()).strip().split("\n");
            p.waitFor(10, TimeUnit.SECONDS);
            return Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[3]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** SIGTERM and wait for the orderly shutdown (the pool closes the database). */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return s;
        } catch (IOException | InterruptedException e) {
            return "uptime unavailable: " + e;
        }
    }

    /**
     * Machine-wide CPU counters from the first line of {@code /proc/stat}, in seconds summed over all cores:
     * {busy (user, nice, system, irq, softirq), idle (idle, iowait), steal (time the hypervisor gave this VM's
     * vCPUs to someone else)}; NaNs when unreadable. Differences over a phase, divided by its wall seconds, are
     * cores: busy minus our two processes is the rest of the machine, steal is capacity we did not get.
     */
    static double[] machineCpu() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new double[] {(user + nice + system + irq + softirq) / 100.0, (idle + iowait) / 100.0,
                steal / 100.0};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    /**
     * Per group of threads of process {@code pid} (thread names without their trailing digits): {CPU seconds, seconds
     * spent runnable but waiting for a CPU}, from {@code /proc/PID/task/TID/schedstat}; empty when unreadable.
     */
    static java.util.Map<String, double[]> threadStats(long pid) {
        java.util.Map<String, double[]> groups = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9#]+$", "");
                    String[] f = Files.readString(t.resolve("schedstat")).strip().split(" ");
                    double[] g = groups.computeIfAbsent(name, k -> new double[2]);
                    g[0] += Long.parseLong(f[0]) / 1e9;
                    g[1] += Long.parseLong(f[1]) / 1e9;
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Map.of();
        }
        return groups;
    }

    /** {@code after - before} per group, the groups with at least {@code min} seconds of CPU or waiting, largest first. */
    static String threadDiff(java.util.Map<String, double[]> before, java.util.Map<String, double[]> after,
            double min) {
        record Row(String name, double cpu, double waiting) {
        }
        return after.entrySet().stream().map(e -> {
            double[] b = before.getOrDefault(e.getKey(), new double[2]);
            return new Row(e.getKey(), e.getValue()[0] - b[0], e.getValue()[1] - b[1]);
        }).filter(r -> r.cpu >= min || r.waiting >= min)
                .sorted(java.util.Comparator.comparingDouble((Row r) -> r.cpu + r.waiting).reversed())
                .map(r -> String.format("%s %.2f/%.2f", r.name, r.cpu, r.waiting))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** {@code after - before} per group: {CPU seconds, seconds waiting for a CPU}. */
    static java.util.Map<String, double[]> threadDelta(java.util.Map<String, double[]> before,
            java.util.Map<String, double[]> after) {
        java.util.Map<String, double[]> d = new java.util.TreeMap<>();
        after.forEach((name, a) -> {
            double[] b = before.getOrDefault(name, new double[2]);
            d.put(name, new double[] {a[0] - b[0], a[1] - b[1]});
        });
        return d;
    }

    /** CPU seconds this JVM has used (the load generator). */
    static double selfCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static void log(String msg) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), msg);
        System.out.flush();
    }
}
