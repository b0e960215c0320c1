#!/usr/bin/env bash
# The process-tree scan against the number of foreign processes on the machine (issue 22, target 2): for each
# count, starts that many foreign `sleep`s (orphans, outside the JVM's tree, started before it), then runs
# ScanScaling with 0 children and, at the counts in SCAN_CHILDREN_AT, with SCAN_CHILDREN children each with a
# grandchild. Results lines go to standard output (for Report), figures to standard error.
#
#   benchmarks/scan.sh [FOREIGN_COUNTS] [ROUNDS]      e.g. benchmarks/scan.sh 100,1000,2000,5000 40
#   SCAN_CHILDREN=1000 SCAN_CHILDREN_AT=1000          children runs (default: 1,000 children at 1,000 foreign)
#   SCAN_LABEL=after                                  the label of the rows
# Needs benchmarks/target/benchmarks.jar (benchmarks/run.sh or mvn -P benchmarks -pl benchmarks -am package).
# With gcc, also prints beside each count what one getdents64 listing of /proc costs by itself (src/main/c/list_proc.c):
# the floor of any scan that lists /proc.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="${BENCH_CP:-$here/target/benchmarks.jar}"
counts="${1:-100,1000,2000,5000}"
rounds="${2:-40}"
children="${SCAN_CHILDREN:-1000}"
children_at="${SCAN_CHILDREN_AT:-1000}"
label="${SCAN_LABEL:-scan}"
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export CHILDPROC_BENCH_RUN="childproc-scan-$$-$(date +%s)"
pidfile="$(mktemp)"
stop_foreign() {
  if [ -s "$pidfile" ]; then
    xargs -r kill -9 < "$pidfile" 2>/dev/null || true
  fi
  : > "$pidfile"
}
trap 'stop_foreign; rm -f "$pidfile"' EXIT
list_proc=""
if command -v gcc >/dev/null; then
  mkdir -p "$here/target"
  list_proc="$here/target/list_proc"
  gcc -O2 -Wall -o "$list_proc" "$here/src/main/c/list_proc.c"
fi
trap 'exit 130' INT TERM
for count in ${counts//,/ }; do
  stop_foreign
  # Orphans: the subshell exits, so they are nobody's in this JVM's tree.
  ( for ((i = 0; i < count; i++)); do sleep 900 & echo $! >> "$pidfile"; done ) </dev/null >/dev/null 2>&1
  if [ -n "$list_proc" ]; then
    echo "   $label, $count foreign: $("$list_proc" 400)" >&2
  fi
  java -Xmx512m -cp "$jar" io.childproc.benchmarks.ScanScaling 0 "$rounds" "$label, $count foreign"
  case ",$children_at," in
    *",$count,"*) java -Xmx512m -cp "$jar" io.childproc.benchmarks.ScanScaling "$children" "$rounds" \
      "$label, $count foreign" ;;
  esac
done
