package dev.promptforge.domain.versioning;

/**
 * Decides whether a new version is stored as a full snapshot or as a delta against its first parent, so that
 * rebuilding any version costs a bounded amount of work (after Mercurial's revlog): a snapshot for a root commit,
 * when the delta chain would grow past {@code maxChainLength}, when the deltas read since the last snapshot would
 * exceed {@code maxChainBytesFactor} times the text's size, or when the delta is larger than the text itself.
 */
public record SnapshotPolicy(int maxChainLength, double maxChainBytesFactor) {
    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(400, 4.0);

    public SnapshotPolicy {
        if (maxChainLength < 0 || maxChainBytesFactor < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * @param parent the stored first parent ({@code null} for a root commit)
     * @param deltaBytes the size of the delta against the parent
     * @param textBytes the size of the new text
     */
    public boolean wantsSnapshot(StoredVersion parent, long deltaBytes, long textBytes) {
        if (parent == null) {
            return true;
        }
        if (deltaBytes >= textBytes) {
            return true;
        }
        if (parent.chainLength() + 1 > maxChainLength) {
            return true;
        }
        return parent.chainBytes() + deltaBytes > maxChainBytesFactor * Math.max(textBytes, 1);
    }
}
