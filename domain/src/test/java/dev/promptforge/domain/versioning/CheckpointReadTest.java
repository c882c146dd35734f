package dev.promptforge.domain.versioning;

import static dev.promptforge.domain.versioning.VersioningFixture.WS;
import static dev.promptforge.domain.versioning.VersioningFixture.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.IntegrityViolation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads of a long delta chain start from verified texts kept in the cache (checkpoints every
 * {@link PromptVersions#CHECKPOINT_INTERVAL} deltas), and damage is still caught and blamed on its row.
 */
class CheckpointReadTest {
    private static final String P = "support/triage";
    private static final int VERSIONS = 40;
    private final VersioningFixture fx = VersioningFixture.inMemory().build();
    private final List<Commit> commits = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    /** One chain: a snapshot, then 39 deltas, each changing one line. */
    @BeforeEach
    void history() {
        String text = String.join("", IntStream.range(0, 60).mapToObj(i -> "instruction " + i + "\n").toList());
        commits.add(fx.create(P, text));
        texts.add(text);
        for (int i = 1; i < VERSIONS; i++) {
            text = text.replace("instruction " + i + "\n", "instruction " + i + " (revised " + i + ")\n");
            commits.add(fx.commit(P, "main", text));
            texts.add(text);
        }
        StoredVersion last = fx.versions.find(WS, name(P), id(VERSIONS - 1)).orElseThrow();
        assertThat(last.chainLength()).as("setup: one chain from the snapshot").isEqualTo(VERSIONS - 1);
        assertThat(PromptVersions.CHECKPOINT_INTERVAL).as("setup: checkpoints at 16 and 32").isEqualTo(16);
    }

    private CommitId id(int i) {
        return commits.get(i).id();
    }

    private static Version read(VersioningFixture f, CommitId id) {
        return f.readVersion.read(new ReadPromptQuery(WS, name(P), id.hex(), true));
    }

    private void damagePayload(int commit) {
        fx.memoryVersions().tamper(id(commit), bytes -> {
            String s = new String(bytes, StandardCharsets.UTF_8);
            String from = "(revised " + commit + ")";
            assertThat(s).as("payload of commit %d", commit).contains(from);
            return s.replace(from, "(REVISED " + commit + ")").getBytes(StandardCharsets.UTF_8);
        });
    }

    @Test
    void aReadThroughAVerifiedCheckpointDoesNotNeedTheRowsBeforeIt() {
        VersioningFixture warm = fx.reopened();
        assertThat(read(warm, id(39)).content()).isEqualTo(texts.get(39));
        damagePayload(5);

        assertThat(read(warm, id(37)).content()).as("rebuilt from the checkpoint at 32").isEqualTo(texts.get(37));
        assertThat(read(warm, id(20)).content()).as("rebuilt from the checkpoint at 16").isEqualTo(texts.get(20));
        assertThatThrownBy(() -> read(warm, id(10))).as("its nearest checkpoint is the snapshot: through the damage")
                .isInstanceOfSatisfying(IntegrityViolation.class, e -> {
                    assertThat(e.code()).isEqualTo("versioning.integrity");
                    assertThat(e.subject()).isEqualTo(id(5).hex());
                });
        VerifyReport report = warm.verify();
        assertThat(report.bad()).extracting(VerifyReport.Problem::commit).containsExactly(id(5).hex());
        assertThatThrownBy(() -> read(fx.reopened(), id(37))).as("after a restart the damage is in the way again")
                .isInstanceOfSatisfying(IntegrityViolation.class, e -> assertThat(e.subject()).isEqualTo(id(5).hex()));
    }

    @Test
    void servesACheckpointItselfWithoutItsRowsAndKeepsItsLinesSharedWithTheCheckpointBefore() {
        VersioningFixture warm = fx.reopened();
        read(warm, id(39));
        damagePayload(32);

        assertThat(read(warm, id(32)).content()).as("a checkpoint: verified when kept").isEqualTo(texts.get(32));
        assertThat(warm.cache.get(WS, name(P), id(32))).as("and now kept with its text").isNotNull();
        Map<CommitId, VersionCache.Entry> kept = warm.cache.entriesOf(WS, name(P));
        List<Utf8Lines.Line> at16 = kept.get(id(16)).lines();
        List<Utf8Lines.Line> at32 = kept.get(id(32)).lines();
        assertThat(at16).as("checkpoints are kept as lines").isNotNull();
        assertThat(at32.get(59).text()).as("a line no delta touched between 16 and 32").isEqualTo("instruction 59");
        assertThat(at32.get(59)).as("the same line, not a copy").isSameAs(at16.get(59));
        assertThat(at32.get(20)).isNotSameAs(at16.get(20));
        assertThat(at32.get(20).text()).isEqualTo("instruction 20 (revised 20)");
        long payloads = IntStream.rangeClosed(17, 32)
                .map(i -> fx.versions.find(WS, name(P), id(i)).orElseThrow().payload().length).sum();
        assertThat(kept.get(id(32)).linesCharge()).as("references, and what the 16 deltas since 16 added (one line each)")
                .isEqualTo(VersionCache.CHARS_PER_LINE_REF * (long) at32.size() + 2 * payloads
                        + VersionCache.CHARS_PER_NEW_LINE * 16L);
    }

    @Test
    void namesADamagedRowBetweenTheCheckpointAndTheVersionRead() {
        VersioningFixture warm = fx.reopened();
        read(warm, id(39));
        damagePayload(34);

        assertThatThrownBy(() -> read(warm, id(36))).isInstanceOfSatisfying(IntegrityViolation.class, e -> {
            assertThat(e.code()).isEqualTo("versioning.integrity");
            assertThat(e.subject()).as("the commit whose row is broken").isEqualTo(id(34).hex());
        });
        assertThat(read(warm, id(33)).content()).isEqualTo(texts.get(33));
        assertThat(read(warm, id(39)).content()).as("served from the cache: verified before the damage")
                .isEqualTo(texts.get(39));
    }

    @Test
    void keepsNoCheckpointWhoseOwnCommitFailsItsChecks() {
        fx.memoryVersions().tamperRow(id(16), v -> {
            Commit c = v.commit();
            Commit forged = Commit.restore(c.id(), c.prompt(), c.parents(), "mallory", c.message(), c.committedAt(),
                    c.contentHash(), c.contentLength(), c.config());
            return new StoredVersion(forged, v.kind(), v.base(), v.chainLength(), v.chainBytes(), v.payload());
        });
        VersioningFixture warm = fx.reopened();

        assertThat(read(warm, id(20)).content()).as("its text is right; only 16's own fields are not")
                .isEqualTo(texts.get(20));
        assertThatThrownBy(() -> read(warm, id(16))).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.subject()).isEqualTo(id(16).hex()));
    }

    @Test
    void keepsNoCheckpointsWithTheCacheOff() {
        VersioningFixture off = VersioningFixture.with(fx.versions, fx.refs, fx.catalog, fx.differ, fx.tx)
                .clock(fx.clock).cacheChars(0).build();
        assertThat(read(off, id(39)).content()).isEqualTo(texts.get(39));
        damagePayload(5);

        assertThatThrownBy(() -> read(off, id(37))).isInstanceOfSatisfying(IntegrityViolation.class,
                e -> assertThat(e.subject()).isEqualTo(id(5).hex()));
    }

    @Test
    void readsEveryVersionRightInAnyOrderWithABudgetSmallerThanTheHistory() {
        long total = texts.stream().mapToLong(String::length).sum();
        VersioningFixture small = VersioningFixture.with(fx.versions, fx.refs, fx.catalog, fx.differ, fx.tx)
                .clock(fx.clock).cacheChars(total / 5).build();
        for (int round = 0; round < 3; round++) {
            for (int i = VERSIONS - 1; i >= 0; i -= 3) {
                assertThat(read(small, id(i)).content()).isEqualTo(texts.get(i));
            }
            for (int i = 0; i < VERSIONS; i += 2) {
                assertThat(read(small, id(i)).content()).isEqualTo(texts.get(i));
            }
        }
    }
}
