package dev.promptforge.app.shared.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Settings under {@code promptforge.*} in {@code application.yml}; each can be set by environment variable
 * ({@code PROMPTFORGE_DATA_DIR}, {@code PROMPTFORGE_DATABASE_SYNCHRONOUS}, ...).
 *
 * @param dataDir folder of the embedded database file
 * @param databaseFile the database file name inside {@code dataDir}
 * @param databaseSynchronous SQLite {@code synchronous} level: FULL makes every acknowledged write survive power loss
 * @param databasePoolSize pooled connections (readers; writers are serialised)
 * @param versionCacheChars budget of the verified-text cache, in characters (0 disables it)
 * @param maxChainLength longest delta chain before a snapshot is stored
 * @param maxChainBytesFactor delta bytes read per version, as a multiple of its size, before a snapshot is stored
 * @param maxContentBytes largest prompt text accepted
 * @param retentionMonths months of evaluation events kept (whole calendar months, UTC)
 * @param maxBatchEvents most events in one batch (413 above)
 * @param storedVersionCacheBytes budget of the cache of stored rows (inflated payloads) that spares reads of long
 *     delta chains their query and decompression; texts are still rebuilt and verified (0 disables it)
 * @param refCacheMillis how long a ref read outside a write may be served from memory; this process's own writes
 *     invalidate it at once, so this bounds staleness only when something else writes the file (another server
 *     cannot: {@code ServerLock})
 */
@ConfigurationProperties("promptforge")
public record PromptforgeConfig(
        @Bindable(defaultValue = "./data") String dataDir,
        @Bindable(defaultValue = "promptforge.db") String databaseFile,
        @Bindable(defaultValue = "FULL") String databaseSynchronous,
        @Bindable(defaultValue = "8") int databasePoolSize,
        @Bindable(defaultValue = "33554432") long versionCacheChars,
        @Bindable(defaultValue = "400") int maxChainLength,
        @Bindable(defaultValue = "4.0") double maxChainBytesFactor,
        @Bindable(defaultValue = "2097152") long maxContentBytes,
        @Bindable(defaultValue = "18") int retentionMonths,
        @Bindable(defaultValue = "10000") int maxBatchEvents,
        @Bindable(defaultValue = "1000") long refCacheMillis,
        @Bindable(defaultValue = "67108864") long storedVersionCacheBytes) {
}
