#!/usr/bin/env bash
# Evaluation benchmark: HTTP ingestion beside the raw sqlite-jdbc ceiling (same run), metric-query latency over
# ~10 million events, retention of a 1M-event month. Writes its section of bench/RESULTS-evaluation.md
# (--quick: ${TMPDIR:-/tmp}/RESULTS-evaluation-quick.md).
#
#   bench/evaluation.sh [--quick] [--no-build] [--out FILE] [-- extra options of EvaluationBench]
#
# Extra options: --bulk-events N (10000000), --archive-events N (1000000), --load-budget SECONDS (330; past it the
# rest is loaded in process), --ceiling-rows N (1000000), --rounds N (5), --no-isolated-retention. Needs JDK 17+ and
# Maven. About 10 minutes on 2 cores, --quick about 2. KEEP_WORK=1 keeps the work folder (databases, server logs);
# BENCH_JAVA_OPTS (default -Xmx3g).
exec "$(dirname "$0")/lib/run-eval-bench.sh" "$0" EvaluationBench eval RESULTS-evaluation-quick.md -Xmx3g "$@"
