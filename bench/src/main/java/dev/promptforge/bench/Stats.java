package dev.promptforge.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Latency summaries from per-operation nanosecond timings (nearest-rank percentiles), reported in microseconds. */
final class Stats {
    private Stats() {
    }

    static double percentileMicros(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
    }

    /**
     * Several timed passes over the same sample: each statistic is the median of that statistic over the passes
     * (so one burst of noise from a neighbour on the machine moves one pass, not the figure); the per-pass p50 and
     * p99 are kept beside it.
     */
    static ObjectNode summaryOfPasses(long[][] passes) {
        List<ObjectNode> each = new ArrayList<>();
        for (long[] p : passes) {
            each.add(summary(p));
        }
        ObjectNode n = Corpus.JSON.createObjectNode();
        n.put("n", passes[0].length);
        n.put("passes", passes.length);
        for (String k : new String[] {"p50", "p90", "p99", "max", "mean"}) {
            double[] v = each.stream().mapToDouble(e -> e.get(k).asDouble()).sorted().toArray();
            n.put(k, v[v.length / 2]);
        }
        ArrayNode p50s = n.putArray("passP50");
        ArrayNode p99s = n.putArray("passP99");
        for (ObjectNode e : each) {
            p50s.add(Math.round(e.get("p50").asDouble()));
            p99s.add(Math.round(e.get("p99").asDouble()));
        }
        return n;
    }

    static ObjectNode summary(long[] nanos) {
        ObjectNode n = Corpus.JSON.createObjectNode();
        n.put("n", nanos.length);
        if (nanos.length == 0) {
            return n;
        }
        n.put("p50", percentileMicros(nanos, 50));
        n.put("p90", percentileMicros(nanos, 90));
        n.put("p99", percentileMicros(nanos, 99));
        n.put("max", percentileMicros(nanos, 100));
        n.put("mean", Arrays.stream(nanos).average().orElse(0) / 1000.0);
        return n;
    }
}
