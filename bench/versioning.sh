#!/usr/bin/env bash
# Versioning-store benchmark: storage against git, version-read latency (in process, over HTTP, git cat-file),
# fetch-by-label throughput with wrk. Writes bench/RESULTS.md (--quick: bench/target/RESULTS-quick.md).
#
#   bench/versioning.sh [--quick] [--no-build] [--out FILE]
#   bench/versioning.sh --reads-only [--quick] [--no-build]   in-process reads of both corpora only (no git,
#                                                            no HTTP, no RESULTS.md): for iterating on the read path
#
# Needs: JDK 17+, Maven, git, wrk (apt-get install -y wrk). About 6-8 minutes on 2 cores; --quick about 3.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
QUICK=""
BUILD=1
OUT=""
READS_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --no-build) BUILD=0 ;;
    --reads-only) READS_ONLY=1 ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$OUT" ]; then
  if [ -n "$QUICK" ]; then OUT="$BENCH/target/RESULTS-quick.md"; else OUT="$BENCH/RESULTS.md"; fi
fi
# 15 s of warm-up: after 5 s the label endpoint still ran 30-40% below its steady rate (JIT still compiling;
# two 10 s wrk runs in a row on one server: 13.4k then 20.1k, 10.0k then 21.8k requests/s)
DURATION=20; WARMUP=15
if [ -n "$QUICK" ]; then DURATION=5; WARMUP=3; fi
COMMAND="bench/versioning.sh${QUICK:+ $QUICK}"

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: '$1' is not installed. $2" >&2
    exit 1
  fi
}
need java "Install a JDK 17 or newer (apt-get install -y openjdk-17-jdk-headless)."
need mvn "Install Maven (apt-get install -y maven)."
need git "Install git (apt-get install -y git)."
need wrk "Install the load tool: apt-get update && apt-get install -y wrk"

log() { printf '\n[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Maven offline first (everything is usually in ~/.m2), online if that fails.
mvn_run() { mvn -q -B -o "$@" || mvn -q -B "$@"; }

JAR="$ROOT/app/target/promptforge.jar"
if [ "$BUILD" = 1 ]; then
  log "building the server jar and installing the modules (root: mvn install -DskipTests -Dexec.skip=true)"
  if ! (cd "$ROOT" && mvn_run install -DskipTests -Dexec.skip=true); then
    if [ -f "$JAR" ] && [ -d "$HOME/.m2/repository/dev/promptforge/promptforge-infra" ]; then
      echo "warning: the build failed (work in progress?); using the artifacts already built" >&2
    else
      echo "error: the build failed and there are no artifacts to fall back on" >&2
      exit 1
    fi
  fi
  log "building the benchmark"
  (cd "$BENCH" && mvn_run package)
fi
[ -f "$JAR" ] || { echo "error: $JAR is missing; run without --no-build" >&2; exit 1; }
[ -f "$BENCH/target/classpath.txt" ] || { echo "error: the benchmark is not built; run without --no-build" >&2; exit 1; }

JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx3g}
WORK="$(mktemp -d /tmp/promptforge-bench.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# Run from copies: other people rebuilding app/ or reinstalling the modules must not change the jars mid-run.
mkdir -p "$WORK/lib"
cp "$JAR" "$WORK/lib/promptforge.jar"
JAR="$WORK/lib/promptforge.jar"
cp -r "$BENCH/target/classes" "$WORK/lib/bench-classes"
CP="$WORK/lib/bench-classes"
IFS=":" read -r -a DEPS <"$BENCH/target/classpath.txt" || true  # no final newline
for dep in "${DEPS[@]}"; do
  cp "$dep" "$WORK/lib/"
  CP="$CP:$WORK/lib/$(basename "$dep")"
done
bench() { java $JAVA_OPTS -cp "$CP" dev.promptforge.bench.VersioningBench "$@"; }

# The server on $WORK/server; extra VAR=value settings as arguments. Sets URL and SERVER_PID.
start_server() {
  local port log
  port="$(bench free-port)"
  log="$WORK/server-$port.log"
  env PROMPTFORGE_DATA_DIR="$WORK/server" PROMPTFORGE_PORT="$port" "$@" java -jar "$JAR" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    if grep -q "promptforge is running at" "$log"; then
      URL="http://127.0.0.1:$port"
      echo "server pid $SERVER_PID at $URL ($*)"
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "error: the server did not start; its log:" >&2
  tail -50 "$log" >&2
  exit 1
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

if [ "$READS_ONLY" = 1 ]; then
  log "in-process reads only"
  bench reads --work "$WORK" $QUICK
  exit 0
fi

WRK_CMD="wrk -t2 -c64 -d${DURATION}s --latency"
cat >"$WORK/env.json" <<EOF
{
  "git": "$(git --version | sed 's/git version //')",
  "wrk": "$( (wrk -v 2>&1 || true) | head -1 | cut -c1-60)",
  "commit": "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -v '^?? bench/' | head -1)" ] && echo ' (+ uncommitted changes)')",
  "loadAtStart": "$(cut -d' ' -f1-3 /proc/loadavg)",
  "wrkCommand": "$WRK_CMD",
  "wrkWarmup": "$WARMUP"
}
EOF

log "(a)+(b) in process: storage, reads, git peer, snapshot-policy sweep"
bench inprocess --work "$WORK" $QUICK

log "(b) over HTTP, server caches off: replay through the API, then reads"
start_server PROMPTFORGE_VERSION_CACHE_CHARS=0 PROMPTFORGE_STORED_VERSION_CACHE_BYTES=0
bench http-load --work "$WORK" --url "$URL" $QUICK
bench http-read --work "$WORK" --url "$URL" --name http-cold --warm-passes 1 --passes 3 $QUICK
stop_server

log "(b)+(c) server with default settings (caches on): reads, then wrk"
start_server
bench http-read --work "$WORK" --url "$URL" --name http-cached --warm-passes 1 --passes 3 $QUICK
LABEL_URL="$URL$(head -1 "$WORK/label-path.txt")"
# Ceiling: /api/v1/info, a trivial controller on the event loop, where the label endpoint answers from its caches. /health is
# measured too but is no ceiling: by default it runs Micronaut's deadlocked-threads indicator on every call.
for target in "$LABEL_URL" "$URL/api/v1/info" "$URL/health"; do
  wrk -t2 -c64 -d"${WARMUP}s" "$target" >/dev/null
done
run_wrk() { # output-name wrk-arguments...
  echo "$WRK_CMD ${*:2}"
  $WRK_CMD "${@:2}" | tee "$WORK/wrk-$1.txt"
}
run_wrk label "$LABEL_URL"
run_wrk info "$URL/api/v1/info"
run_wrk label-rotating -s "$WORK/labels.lua" "$URL"
run_wrk info-lua -s "$WORK/info.lua" "$URL"
run_wrk health -d"$((DURATION / 2))s" "$URL/health"
stop_server

log "writing $OUT"
mkdir -p "$(dirname "$OUT")"
sed -i "s/\"wrkWarmup\"/\"loadAtEnd\": \"$(cut -d' ' -f1-3 /proc/loadavg)\",\n  \"wrkWarmup\"/" "$WORK/env.json"
bench report --work "$WORK" --out "$OUT" --command "$COMMAND" $QUICK
