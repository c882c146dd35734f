package dev.promptforge.app.metrics.ws;

import dev.promptforge.domain.evaluation.MetricName;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open subscriptions by topic and metric, so that a change visits only the subscriptions of its own topic and
 * metric (and those of its topic taking every metric). A batch changes a bucket of each of its metrics in each topic;
 * looked up by topic alone, every subscription of a topic was asked about every metric's change, which was a third of
 * the flusher's time with 1,000 subscribers of one metric and 8 metrics in the batches (bench/live.sh). Not
 * thread-safe: the hub guards it.
 */
final class SubscriptionIndex {
    private final Map<Topic, Map<MetricName, Set<LiveSubscription>>> byTopic = new HashMap<>();
    /** Subscriptions held; written under the hub's lock, read by the meters' scrape from any thread. */
    private volatile int size;

    /** The key under which subscriptions to every metric of a topic are kept. */
    private static final MetricName ALL = null;

    void add(LiveSubscription s) {
        if (byTopic.computeIfAbsent(s.topic(), t -> new HashMap<>())
                .computeIfAbsent(s.metric(), m -> new LinkedHashSet<>())
                .add(s)) {
            size++;
        }
    }

    void remove(LiveSubscription s) {
        Map<MetricName, Set<LiveSubscription>> byMetric = byTopic.get(s.topic());
        if (byMetric == null) {
            return;
        }
        Set<LiveSubscription> subs = byMetric.get(s.metric());
        if (subs == null || !subs.remove(s)) {
            return;
        }
        size--;
        if (subs.isEmpty()) {
            byMetric.remove(s.metric());
            if (byMetric.isEmpty()) {
                byTopic.remove(s.topic());
            }
        }
    }

    /** How many subscriptions it holds. */
    int size() {
        return size;
    }

    /**
     * The subscriptions a change of {@code metric} in {@code topic} may concern (their time ranges still to be
     * checked): those of the metric, then those of every metric. Empty when there are none.
     */
    List<Set<LiveSubscription>> of(Topic topic, MetricName metric) {
        Map<MetricName, Set<LiveSubscription>> byMetric = byTopic.get(topic);
        if (byMetric == null) {
            return List.of();
        }
        Set<LiveSubscription> one = byMetric.get(metric);
        Set<LiveSubscription> all = byMetric.get(ALL);
        if (one == null) {
            return all == null ? List.of() : List.of(all);
        }
        return all == null ? List.of(one) : List.of(one, all);
    }
}
