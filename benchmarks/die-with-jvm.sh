#!/usr/bin/env bash
# The die-with-the-JVM experiment (issue 20, item 4; report in docs/die-with-jvm.md): util-linux
# `setpriv --pdeathsig KILL` as a prefix of a child's command, its cost per launch against plain launches in one JVM,
# and its traps tried with real processes (thread end, kill -9, set-uid, the JVM as PID 1, what ps shows, a missing
# program). Plain JDK: compiled with javac alone, no Maven build.
#
#   benchmarks/die-with-jvm.sh            full run (about 2 minutes)
#   benchmarks/die-with-jvm.sh --quick    smoke run (about 30 s)
#   DWJ_JAVA=path   the java binary (default: java on the PATH)
#   DWJ_PARTS=traps,cost   which parts to run (both by default)
#
# Writes markdown to benchmarks/target/results/die-with-jvm.md (override with DWJ_OUT). Every process it starts
# carries CHILDPROC_DIE_WITH_JVM_RUN in its environment; whatever is left of them at the end is killed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
. "$here/bench-lib.sh"
mode="$(mode_from_args full "$@")"
case "$mode" in
  quick) pairs=2; slice=1 ;;
  full) pairs=10; slice=2 ;;
esac
java_bin=${DWJ_JAVA:-java}
parts="${DWJ_PARTS:-traps,cost}"
part() { case ",$parts," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
javac_bin="$(dirname "$(command -v "$java_bin")")/javac"
[ -x "$javac_bin" ] || javac_bin=javac
command -v setpriv >/dev/null || { echo "setpriv (util-linux) is needed: apt-get install util-linux" >&2; exit 1; }

classes="$here/target/die-with-jvm"
out="${DWJ_OUT:-$here/target/results/die-with-jvm.md}"
mkdir -p "$classes" "$(dirname "$out")"

# What the experiment starts (not this script's shells).
bench_run_variable=CHILDPROC_DIE_WITH_JVM_RUN
mark_run childproc-dwj java sleep suid-sleep sh setpriv unshare true

"$javac_bin" -d "$classes" "$here/src/main/java/io/childproc/benchmarks/DieWithJvm.java" \
  "$here/src/main/java/io/childproc/benchmarks/Slices.java"
run=("$java_bin" -Xmx256m -cp "$classes" io.childproc.benchmarks.DieWithJvm)
{
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), $("$java_bin" -version 2>&1 | head -1), kernel $(uname -r)," \
    "$(setpriv --version), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  if part traps; then
  echo
  echo "### Traps"
  echo
  "${run[@]}" traps
  fi
  if part cost; then
  echo
  echo "### Cost per launch ($pairs interleaved pairs of ${slice}s slices, one JVM, one thread)"
  echo
  echo "| what | median | spread (min-max) | pairs |"
  echo "|---|---:|---:|---:|"
  "${run[@]}" cost "$pairs" "$slice"
  fi
  echo
  echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
