package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongHistoryTest {
    private static final String P = "support/triage";
    private static final SnapshotPolicy POLICY = new SnapshotPolicy(20, 3.0);

    private static String evolve(Random rnd, List<String> lines, int step) {
        int op = rnd.nextInt(100);
        if (op < 2) {
            lines.replaceAll(l -> l.toUpperCase(java.util.Locale.ROOT));
        } else if (op < 30 && lines.size() > 5) {
            lines.remove(rnd.nextInt(lines.size()));
        } else if (op < 60) {
            lines.add(rnd.nextInt(lines.size() + 1), "added at step " + step + " é😀");
        } else {
            lines.set(rnd.nextInt(lines.size()), "rewritten at step " + step + (rnd.nextBoolean() ? "\r" : ""));
        }
        return String.join("\n", lines) + (step % 7 == 0 ? "" : "\n");
    }

    @Test
    void boundsEveryDeltaChainAndReadsEveryVersionBackExactly() {
        VersioningFixture fx = VersioningFixture.inMemory().policy(POLICY).build();
        Random rnd = new Random(1000);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("instruction number " + i);
        }
        Map<CommitId, String> expected = new LinkedHashMap<>();
        String text = String.join("\n", lines) + "\n";
        expected.put(fx.create(P, text).id(), text);
        for (int step = 1; step < 1000; step++) {
            text = evolve(rnd, lines, step);
            expected.put(fx.commit(P, "main", text).id(), text);
        }

        int snapshots = 0;
        int longest = 0;
        for (Map.Entry<CommitId, String> e : expected.entrySet()) {
            StoredVersion v = fx.versions.find(WS, name(P), e.getKey()).orElseThrow();
            List<StoredVersion> chain = fx.versions.chain(WS, name(P), e.getKey());
            assertThat(chain.get(0).kind()).isEqualTo(StorageKind.SNAPSHOT);
            assertThat(chain).hasSize(v.chainLength() + 1);
            assertThat(v.chainLength()).isLessThanOrEqualTo(POLICY.maxChainLength());
            long deltaBytes = chain.stream().skip(1).mapToLong(s -> s.payload().length).sum();
            assertThat(v.chainBytes()).isEqualTo(deltaBytes);
            int textBytes = e.getValue().getBytes(StandardCharsets.UTF_8).length;
            assertThat((double) v.chainBytes()).isLessThanOrEqualTo(POLICY.maxChainBytesFactor() * Math.max(textBytes, 1));
            if (v.kind() == StorageKind.SNAPSHOT) {
                snapshots++;
            } else {
                assertThat(v.base()).isEqualTo(v.commit().firstParent());
            }
            longest = Math.max(longest, v.chainLength());
        }
        assertThat(longest).as("the length bound was reached").isEqualTo(POLICY.maxChainLength());
        assertThat(snapshots).isBetween(1000 / (POLICY.maxChainLength() + 1), 500);

        VersioningFixture cold = fx.reopened();
        for (Map.Entry<CommitId, String> e : expected.entrySet()) {
            assertThat(cold.store.read(WS, name(P), e.getKey()).content()).isEqualTo(e.getValue());
        }
        VerifyReport report = fx.verify();
        assertThat(report.ok()).isTrue();
        assertThat(report.checked()).isEqualTo(1000);
    }
}
