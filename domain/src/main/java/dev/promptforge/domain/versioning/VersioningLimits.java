package dev.promptforge.domain.versioning;

/** Size limits of versioned data, in UTF-8 bytes. */
public record VersioningLimits(long maxContentBytes, long maxConfigBytes) {
    public static final VersioningLimits DEFAULT = new VersioningLimits(2 * 1024 * 1024, 64 * 1024);
}
