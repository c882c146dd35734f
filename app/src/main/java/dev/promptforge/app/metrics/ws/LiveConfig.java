package dev.promptforge.app.metrics.ws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of live metrics under {@code promptforge.live.*} (environment: {@code PROMPTFORGE_LIVE_FLUSH_INTERVAL},
 * ...).
 *
 * @param flushInterval the time between two updates of one subscription under a steady stream of changes (150 ms:
 *         about 7 a second); a change after a quiet interval is sent by the flusher's next look (a sixteenth of the
 *         interval at most), and two updates are never closer than half of it; subscriptions are spread over 16
 *         slots of it, so their updates do not leave in one burst
 * @param maxSubscriptions subscriptions one connection may hold
 * @param maxFrameBytes largest client message handled; larger ones get {@code live.frame-too-large} (a message
 *         over {@link MetricsSocket#HARD_FRAME_LIMIT} bytes, in one frame or several, is refused with close code 1009)
 * @param maxQueuedMessages client messages of one connection waiting to be handled before further ones are refused
 * @param maxOutstandingSends messages written to a connection but not yet taken by its socket; above this the
 *         connection is behind and its changes wait (coalesced) in its pending buckets
 * @param maxLag longest a connection may stay behind before it is closed (4008)
 * @param maxPendingBuckets most changed buckets one subscription may hold back while behind before the connection is
 *         closed (4008)
 * @param historySize bucket changes remembered for {@code resume}; an older position gets a fresh snapshot
 * @param pingInterval how often a WebSocket ping frame and an application {@code ping} are sent
 * @param idleTimeout a connection with no message and no pong for this long is closed (1001)
 * @param closeGrace how long a closed connection may take to read its close frame before its socket is dropped
 * @param concurrentWriters event loops that may write live messages at the same moment, a chunk of 32 writes each
 *         before the next in line (0: a quarter of the cores, at least one), so that the fan-out never takes every
 *         core from ingestion
 */
@ConfigurationProperties("promptforge.live")
record LiveConfig(
        @Bindable(defaultValue = "150ms") Duration flushInterval,
        @Bindable(defaultValue = "32") int maxSubscriptions,
        @Bindable(defaultValue = "16384") int maxFrameBytes,
        @Bindable(defaultValue = "64") int maxQueuedMessages,
        @Bindable(defaultValue = "16") int maxOutstandingSends,
        @Bindable(defaultValue = "10s") Duration maxLag,
        @Bindable(defaultValue = "50000") int maxPendingBuckets,
        @Bindable(defaultValue = "50000") int historySize,
        @Bindable(defaultValue = "15s") Duration pingInterval,
        @Bindable(defaultValue = "45s") Duration idleTimeout,
        @Bindable(defaultValue = "5s") Duration closeGrace,
        @Bindable(defaultValue = "0") int concurrentWriters) {
}
