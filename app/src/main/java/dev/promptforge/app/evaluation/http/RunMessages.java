package dev.promptforge.app.evaluation.http;

import dev.promptforge.domain.evaluation.MetricComparison;
import dev.promptforge.domain.evaluation.Run;
import dev.promptforge.domain.evaluation.StoredEvent;
import dev.promptforge.domain.evaluation.Threshold;
import dev.promptforge.domain.evaluation.Verdict;
import dev.promptforge.domain.evaluation.stats.ProportionTest;
import dev.promptforge.domain.evaluation.stats.SampleSummary;
import dev.promptforge.domain.evaluation.stats.WelchTest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Request and response bodies of the evaluation API, and their mapping from domain types. */
final class RunMessages {
    private RunMessages() {
    }

    @Serdeable
    record CiRequest(@Nullable String sourceCommit, @Nullable String branch, @Nullable String pipelineUrl) {
    }

    @Serdeable
    record BaselineRequest(@Nullable String run, @Nullable String label) {
    }

    @Serdeable
    record OpenRunRequest(@Nullable String prompt, @Nullable String ref, @Nullable String dataset,
            @Nullable CiRequest ci, @Nullable BaselineRequest baseline) {
    }

    @Serdeable
    record ThresholdRequest(@Nullable Double minDelta, @Nullable Double maxRegression, @Nullable Double min,
            @Nullable String direction) {
    }

    @Serdeable
    record CompleteRunRequest(@Nullable Map<String, ThresholdRequest> thresholds) {
    }

    @Serdeable
    record IngestResponse(int accepted, int duplicates) {
    }

    @Serdeable
    record SampleResponse(long count, @Nullable Double mean, @Nullable Double stdDev) {
        static SampleResponse of(SampleSummary s) {
            return s == null ? null : new SampleResponse(s.count(), finite(s.mean()),
                    s.count() < 2 ? null : finite(Math.sqrt(s.variance())));
        }
    }

    @Serdeable
    record ThresholdResponse(@Nullable Double minDelta, @Nullable Double maxRegression, @Nullable Double min,
            String direction) {
        static ThresholdResponse of(Threshold t) {
            return t == null ? null : new ThresholdResponse(t.minDelta(), t.maxRegression(), t.min(),
                    t.direction().name().toLowerCase(Locale.ROOT));
        }
    }

    @Serdeable
    record MetricResponse(String metric, @Nullable SampleResponse current, @Nullable SampleResponse baseline,
            @Nullable Double delta, @Nullable Double pValue, @Nullable Double ciLow, @Nullable Double ciHigh,
            @Nullable Double degreesOfFreedom, @Nullable ThresholdResponse threshold, List<String> broken) {
        static MetricResponse of(MetricComparison c) {
            WelchTest t = c.test();
            return new MetricResponse(c.metric().value(), SampleResponse.of(c.current()), SampleResponse.of(c.baseline()),
                    t == null ? null : finite(t.difference()), t == null ? null : finite(t.pValue()),
                    t == null ? null : finite(t.ciLow()), t == null ? null : finite(t.ciHigh()),
                    t == null ? null : finite(t.degreesOfFreedom()), ThresholdResponse.of(c.threshold()), c.broken());
        }
    }

    @Serdeable
    record PassRateResponse(double current, double baseline, double difference, @Nullable Double z,
            @Nullable Double pValue, @Nullable Double ciLow, @Nullable Double ciHigh) {
        static PassRateResponse of(ProportionTest p) {
            return p == null ? null : new PassRateResponse(p.treatmentRate(), p.controlRate(), p.difference(),
                    finite(p.z()), finite(p.pValue()), finite(p.ciLow()), finite(p.ciHigh()));
        }
    }

    @Serdeable
    record VerdictResponse(String verdict, @Nullable String baseline, List<MetricResponse> metrics,
            @Nullable PassRateResponse passRate, List<String> reasons) {
        static VerdictResponse of(Verdict v) {
            return v == null ? null : new VerdictResponse(v.result(), v.baseline() == null ? null : v.baseline().value(),
                    v.metrics().stream().map(MetricResponse::of).toList(), PassRateResponse.of(v.passRate()), v.reasons());
        }
    }

    @Serdeable
    record RunResponse(String id, String prompt, String ref, String commit, String dataset, CiRequest ci,
            BaselineRequest baseline, String status, String createdAt, @Nullable String completedAt, long eventCount,
            @Nullable VerdictResponse verdict) {
        static RunResponse of(Run r, Verdict v) {
            return new RunResponse(r.id().value(), r.prompt().value(), r.ref(), r.commit().hex(), r.dataset(),
                    new CiRequest(r.ci().sourceCommit(), r.ci().branch(), r.ci().pipelineUrl()),
                    new BaselineRequest(r.baseline().run() == null ? null : r.baseline().run().value(),
                            r.baseline().label() == null ? null : r.baseline().label().value()),
                    r.status().wire(), r.createdAt().toString(),
                    r.completedAt() == null ? null : r.completedAt().toString(), r.eventCount(), VerdictResponse.of(v));
        }
    }

    @Serdeable
    record RunPageResponse(List<RunResponse> items, @Nullable String nextCursor) {
    }

    @Serdeable
    record EventResponse(String id, String run, String caseId, Map<String, Double> metrics, @Nullable Boolean passed,
            @Nullable Double latencyMs, @Nullable Long tokensIn, @Nullable Long tokensOut, @Nullable Double cost,
            @Nullable String model, String at, @Nullable String input, @Nullable String output,
            @Nullable String metadata) {
        static EventResponse of(StoredEvent s) {
            var e = s.event();
            Map<String, Double> metrics = new TreeMap<>();
            e.metrics().forEach((k, v) -> metrics.put(k.value(), v));
            return new EventResponse(e.clientId(), s.run().value(), e.caseId(), metrics, e.passed(), e.latencyMs(),
                    e.tokensIn(), e.tokensOut(), e.cost(), e.model(), e.at().toString(), e.input(), e.output(),
                    e.metadata());
        }
    }

    @Serdeable
    record EventPageResponse(List<EventResponse> items, @Nullable String nextCursor) {
    }

    @Serdeable
    record MetricsResponse(String scope, String bucket, String from, String to, double relativeAccuracy,
            List<BucketItem> items) {
    }

    static Double finite(double d) {
        return BucketItem.finite(d);
    }
}
