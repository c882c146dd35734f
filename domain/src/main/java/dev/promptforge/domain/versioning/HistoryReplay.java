package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.IntegrityViolation;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.port.VersionStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds every version of a prompt in storage order, each from its base's text, keeping in memory only the
 * texts later deltas still need. Damage is attributed to the commit whose own row is wrong; versions stored as
 * deltas on a damaged version are reported as unreadable through it.
 */
final class HistoryReplay {
    private HistoryReplay() {
    }

    /** One replayed version: its text, or what is wrong ({@code through}: the damaged base it depends on). */
    record Step(CommitId id, Commit commit, String text, String problem, CommitId through) {
        boolean ok() {
            return text != null;
        }
    }

    interface Sink {
        void step(Step step);
    }

    static void replay(VersionStore versions, WorkspaceId ws, PromptName name, Sink sink) {
        Map<CommitId, Integer> pending = new HashMap<>();
        for (CommitNode n : versions.graph(ws, name)) {
            if (!n.parents().isEmpty()) {
                pending.merge(n.parents().get(0), 1, Integer::sum);
            }
        }
        Map<CommitId, String> texts = new HashMap<>();
        Map<CommitId, CommitId> damagedBy = new HashMap<>();
        Set<CommitId> seen = new HashSet<>();
        versions.forEach(ws, name, new VersionStore.Visitor() {
            @Override
            public void version(StoredVersion v) {
                CommitId id = v.commit().id();
                seen.add(id);
                String text = null;
                String problem = null;
                CommitId through = null;
                try {
                    if (v.kind() == StorageKind.SNAPSHOT) {
                        text = PromptVersions.decode(v);
                    } else if (damagedBy.containsKey(v.base())) {
                        through = damagedBy.get(v.base());
                        problem = "stored as a delta on damaged commit " + through.abbreviated();
                    } else if (!texts.containsKey(v.base())) {
                        problem = "its delta base " + v.base().abbreviated() + " is missing";
                    } else {
                        List<Utf8Lines.Line> lines = Utf8Lines.split(texts.get(v.base()).getBytes(StandardCharsets.UTF_8));
                        LineDelta.apply(lines, v.payload());
                        text = Utf8Lines.text(lines);
                    }
                    if (text != null) {
                        PromptVersions.check(v.commit(), text);
                    }
                } catch (IntegrityViolation e) {
                    text = null;
                    problem = e.getMessage();
                } catch (LineDelta.Corrupt e) {
                    text = null;
                    problem = "its delta does not apply (" + e.getMessage() + ")";
                }
                if (text == null) {
                    damagedBy.put(id, through == null ? id : through);
                }
                if (v.base() != null) {
                    release(v.base());
                }
                if (text != null && pending.getOrDefault(id, 0) > 0) {
                    texts.put(id, text);
                }
                sink.step(new Step(id, v.commit(), text, problem, through));
            }

            @Override
            public void unreadable(CommitId id, CommitId base, String problem) {
                seen.add(id);
                damagedBy.put(id, id);
                if (base != null) {
                    release(base);
                }
                sink.step(new Step(id, null, null, problem, null));
            }

            private void release(CommitId base) {
                int left = pending.merge(base, -1, Integer::sum);
                if (left <= 0) {
                    texts.remove(base);
                }
            }
        });
    }
}
