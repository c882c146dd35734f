package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotPolicyTest {
    private static final SnapshotPolicy POLICY = new SnapshotPolicy(3, 2.0);
    private static final Commit ROOT = Commit.create(new PromptName("p"), List.of(), "a", "m", Instant.EPOCH,
            Content.of("x"), null);

    private static StoredVersion parent(int chainLength, long chainBytes) {
        return chainLength == 0 ? new StoredVersion(ROOT, StorageKind.SNAPSHOT, null, 0, 0, new byte[0])
                : new StoredVersion(ROOT, StorageKind.DELTA, ROOT.id(), chainLength, chainBytes, new byte[0]);
    }

    @Test
    void storesARootCommitAsASnapshot() {
        assertThat(POLICY.wantsSnapshot(null, 1, 100)).isTrue();
    }

    @Test
    void storesASmallChangeAsADelta() {
        assertThat(POLICY.wantsSnapshot(parent(0, 0), 10, 100)).isFalse();
    }

    @Test
    void boundsTheNumberOfDeltasSinceTheLastSnapshot() {
        assertThat(POLICY.wantsSnapshot(parent(2, 20), 10, 100)).isFalse();
        assertThat(POLICY.wantsSnapshot(parent(3, 30), 10, 100)).isTrue();
    }

    @Test
    void boundsTheBytesOfDeltasReadSinceTheLastSnapshot() {
        assertThat(POLICY.wantsSnapshot(parent(1, 150), 50, 100)).isFalse();
        assertThat(POLICY.wantsSnapshot(parent(1, 150), 51, 100)).isTrue();
    }

    @Test
    void storesASnapshotWhenTheDeltaIsNoSmallerThanTheText() {
        assertThat(POLICY.wantsSnapshot(parent(0, 0), 100, 100)).isTrue();
        assertThat(POLICY.wantsSnapshot(parent(0, 0), 101, 100)).isTrue();
        assertThat(POLICY.wantsSnapshot(parent(0, 0), 99, 100)).isFalse();
        assertThat(POLICY.wantsSnapshot(parent(0, 0), 20, 0)).isTrue();
    }

    @Test
    void refusesNegativeLimits() {
        assertThatThrownBy(() -> new SnapshotPolicy(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotPolicy(1, -0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
