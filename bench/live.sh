#!/usr/bin/env bash
# Live-metrics benchmark: end-to-end latency from the REST call that stores a batch to the WebSocket update that
# carries it, with 1,000 subscribers while ingestion runs at full speed, and the ingestion rate with and without
# them. Writes its section of bench/RESULTS-evaluation.md (--quick: ${TMPDIR:-/tmp}/RESULTS-live-quick.md).
#
#   bench/live.sh [--quick] [--no-build] [--out FILE] [-- extra options of LiveBench]
#
# Extra options: --subscribers N (1000), --batches N per phase (300), --rounds N (12 ABBA rounds after warm-up pairs
# until the server's JIT settles; the slowdown is the median of the rounds' with/without ratios), --senders 1,2,4
# (configurations, each on a fresh server; 4 is full speed), --client-pass-ms N (0: least time between two passes of the subscribers'
# selector thread over its ready sockets; 0 = read as soon as one is ready).
# Needs JDK 17+ and Maven. About 12 minutes on 2 cores; --quick about 2.
# KEEP_WORK=1 keeps the work folder; BENCH_JAVA_OPTS (default -Xmx2g).
exec "$(dirname "$0")/lib/run-eval-bench.sh" "$0" LiveBench live RESULTS-live-quick.md -Xmx2g "$@"
