package dev.promptforge.domain.versioning;

/**
 * A commit as the {@link dev.promptforge.domain.versioning.port.VersionStore} keeps it: the commit, how its text is
 * stored, and the payload (the UTF-8 text for a snapshot; a {@link LineDelta} against {@code base} for a delta).
 * {@code chainLength} counts deltas since the last snapshot (0 for a snapshot) and {@code chainBytes} sums their
 * payload sizes; the {@link SnapshotPolicy} reads both.
 */
public record StoredVersion(Commit commit, StorageKind kind, CommitId base, int chainLength, long chainBytes,
        byte[] payload) {
    public StoredVersion {
        if ((kind == StorageKind.SNAPSHOT) != (base == null)) {
            throw new IllegalArgumentException("a snapshot has no base; a delta has one");
        }
    }
}
