#!/usr/bin/env bash
# The body shared by bench/evaluation.sh and bench/live.sh: build, private jar copy, classpath, run.
set -euo pipefail

# usage: run-eval-bench.sh WRAPPER MAIN_CLASS WORK_PREFIX QUICK_OUT_NAME XMX [wrapper options...]
WRAPPER="$1"; MAIN="$2"; PREFIX="$3"; QUICK_NAME="$4"; XMX="$5"; shift 5
BENCH="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(dirname "$BENCH")"
QUICK=""
BUILD=1
OUT=""
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK="--quick" ;;
    --no-build) BUILD=0 ;;
    --out) OUT="$2"; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,11p' "$WRAPPER"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$OUT" ]; then
  if [ -n "$QUICK" ]; then OUT="${TMPDIR:-/tmp}/$QUICK_NAME"; else OUT="$BENCH/RESULTS-evaluation.md"; fi
fi

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is not installed. $2" >&2; exit 1; }; }
need java "Install a JDK 17 or newer (apt-get install -y openjdk-17-jdk-headless)."
need javac "Install a JDK (not only a JRE) 17 or newer."
need mvn "Install Maven (apt-get install -y maven)."
log() { printf '\n[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
mvn_run() { mvn -q -B -o "$@" || mvn -q -B "$@"; }

JAR="$ROOT/app/target/promptforge.jar"
if [ "$BUILD" = 1 ]; then
  log "building the server jar and installing the modules (root: mvn install -DskipTests -Dexec.skip=true)"
  if ! (cd "$ROOT" && mvn_run install -DskipTests -Dexec.skip=true); then
    if [ -f "$JAR" ] && [ -d "$HOME/.m2/repository/dev/promptforge/promptforge-infra" ]; then
      echo "warning: the build failed (work in progress?); using the artifacts already built" >&2
    else
      echo "error: the build failed and there are no artifacts to fall back on" >&2; exit 1
    fi
  fi
fi
[ -f "$JAR" ] || { echo "error: $JAR is missing; run without --no-build" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/promptforge-$PREFIX.XXXXXX")"
cleanup() { if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work files kept in $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

# Private copies: others rebuild app/target and reinstall the modules while this runs.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  cp "$JAR" "$WORK/pf.jar"
  if (cd "$WORK" && jar tf pf.jar >/dev/null 2>&1) && [ "$(stat -c %s "$JAR")" = "$(stat -c %s "$WORK/pf.jar")" ]; then break; fi
  echo "the server jar is being rewritten; retrying in 5 s" >&2; sleep 5
  [ "$attempt" = 10 ] && { echo "error: could not copy a complete $JAR" >&2; exit 1; }
done
log "resolving the benchmark classpath and compiling dev.promptforge.bench.eval"
(cd "$BENCH" && mvn_run dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
mkdir -p "$WORK/lib" "$WORK/classes"
tr ':' '\n' < "$WORK/cp.txt" | while read -r j; do [ -n "$j" ] && cp "$j" "$WORK/lib/"; done
javac -nowarn -d "$WORK/classes" -cp "$WORK/lib/*" "$BENCH"/src/main/java/dev/promptforge/bench/eval/*.java

log "running (load: $(uptime | sed 's/.*load average: //'))"
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-$XMX} -cp "$WORK/classes:$WORK/lib/*" "dev.promptforge.bench.eval.$MAIN" \
  --jar "$WORK/pf.jar" --work "$WORK" --out "$OUT" $QUICK ${EXTRA[@]+"${EXTRA[@]}"}
log "results: $OUT"
