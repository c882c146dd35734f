package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.IntegrityViolation;
import dev.promptforge.domain.shared.WorkspaceId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a prompt's whole history as a {@code git fast-import} stream: one commit per version with its parents,
 * author, time and message, the content as the file named like the prompt and the configuration beside it as
 * {@code <name>.config.json}; then every branch as {@code refs/heads/<branch>} and every label as
 * {@code refs/tags/<label>}. Damaged history stops the export with an integrity error.
 */
public final class ExportHistory {
    private final PromptVersions store;

    public ExportHistory(PromptVersions store) {
        this.store = store;
    }

    /**
     * Throws {@code NotFound} ({@code versioning.prompt-not-found}) when there is no such prompt: a streamed answer
     * checks this before it commits to a success status, since {@link #export} writes as it reads.
     */
    public void requirePrompt(WorkspaceId ws, PromptName name) {
        store.requirePrompt(ws, name);
    }

    public void export(WorkspaceId ws, PromptName name, OutputStream out) {
        store.requirePrompt(ws, name);
        Map<CommitId, Integer> marks = new HashMap<>();
        String path = quote(name.value());
        String configPath = quote(name.value() + ".config.json");
        try {
            HistoryReplay.replay(store.versions(), ws, name, step -> {
                if (!step.ok()) {
                    throw new IntegrityViolation("versioning.integrity", step.id().hex(),
                            "cannot export: commit " + step.id().abbreviated() + " is damaged: " + step.problem());
                }
                Commit c = step.commit();
                int mark = marks.size() + 1;
                marks.put(c.id(), mark);
                try {
                    write(out, "commit refs/heads/" + RefName.MAIN + "\n");
                    write(out, "mark :" + mark + "\n");
                    write(out, "original-oid " + c.id() + "\n");
                    String who = person(c.author()) + " " + (c.committedAt().toEpochMilli() / 1000) + " +0000\n";
                    write(out, "author " + who);
                    write(out, "committer " + who);
                    data(out, c.message().getBytes(StandardCharsets.UTF_8));
                    if (c.parents().isEmpty()) {
                        // fast-import would otherwise parent a root commit on the branch's current tip
                        write(out, "deleteall\n");
                    } else {
                        write(out, "from :" + marks.get(c.parents().get(0)) + "\n");
                        for (CommitId p : c.parents().subList(1, c.parents().size())) {
                            write(out, "merge :" + marks.get(p) + "\n");
                        }
                        write(out, "deleteall\n");
                    }
                    write(out, "M 100644 inline " + path + "\n");
                    data(out, step.text().getBytes(StandardCharsets.UTF_8));
                    if (c.config() != null) {
                        write(out, "M 100644 inline " + configPath + "\n");
                        data(out, c.config().getBytes(StandardCharsets.UTF_8));
                    }
                    write(out, "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (RefKind kind : RefKind.values()) {
                for (Ref ref : store.refs().list(ws, name, kind)) {
                    Integer mark = marks.get(ref.target());
                    if (mark != null) {
                        write(out, "reset " + (kind == RefKind.BRANCH ? "refs/heads/" : "refs/tags/") + ref.name()
                                + "\nfrom :" + mark + "\n\n");
                    }
                }
            }
            write(out, "done\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** git's "Name <email>": an author that looks like an address is used as both. */
    static String person(String author) {
        String clean = author.replaceAll("[<>\n]", "").strip();
        if (clean.isEmpty()) {
            clean = "unknown";
        }
        String email = clean.matches("[^@\\s]+@[^@\\s]+") ? clean : "";
        return clean + " <" + email + ">";
    }

    /** A fast-import path in C-style quotes. */
    static String quote(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void data(OutputStream out, byte[] bytes) throws IOException {
        write(out, "data " + bytes.length + "\n");
        out.write(bytes);
        write(out, "\n");
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
