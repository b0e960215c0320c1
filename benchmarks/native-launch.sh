#!/usr/bin/env bash
# The native launch experiment (issue 14, item 5): posix_spawn through JNA with exits watched by pidfd + epoll,
# against raw ProcessBuilder and C, interleaved in one JVM. Writes docs-ready markdown.
#
#   benchmarks/native-launch.sh           full run (about 10-15 minutes on 2 cores)
#   benchmarks/native-launch.sh --quick   smoke run (about 1 minute)
#   NATIVE_LIVE=N        live sleep children for the live-children part (default 10,000; 200 in quick mode; 0 skips)
#   NATIVE_EXTRA_FDS=N   extra descriptors opened in the JVM (default 3,000)
#   NATIVE_RAW_FIRST=1  start the ProcessBuilder live children before the native ones (the second phase inherits a
#                        grown heap and reads low on memory per child: alternate the order between runs)
#   NATIVE_JAVA=path     the java binary (default: java on the PATH); on Java 24+ the script adds
#                        --enable-native-access=ALL-UNNAMED
#
# Builds what it needs (Maven, gcc). Writes to benchmarks/target/results/native-launch.md (override with
# NATIVE_OUT). Every child carries CHILDPROC_BENCH_RUN in its environment; whatever is left of them at the end,
# on success or failure, is killed. Exits non-zero when the smoke check of the native path fails.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
. "$here/bench-lib.sh"
mode="$(mode_from_args full "$@")"
case "$mode" in
  quick) rounds=1; warmup=0.3; measure=1; live=${NATIVE_LIVE:-200}; live_rounds=1 ;;
  full) rounds=5; warmup=1; measure=3; live=${NATIVE_LIVE:-10000}; live_rounds=3 ;;
esac
extra=${NATIVE_EXTRA_FDS:-3000}
java_bin=${NATIVE_JAVA:-java}

root="$(cd "$here/.." && pwd)"
out="${NATIVE_OUT:-$here/target/results/native-launch.md}"
mkdir -p "$(dirname "$out")"

command -v mvn >/dev/null || { echo "Maven (mvn) is needed: apt-get install maven" >&2; exit 1; }
command -v gcc >/dev/null || { echo "gcc is needed for the C limit: apt-get install gcc" >&2; exit 1; }

# One pidfd per native live child, plus the extra descriptors: raise the limit, and say so if it is too low.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
need=$((live + extra + 1000))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  echo "ulimit -n is $(ulimit -n) (hard limit $(ulimit -Hn)); this run needs about $need: lower NATIVE_LIVE or" \
    "raise the hard limit" >&2
  exit 1
fi

# Every process this run started (the JVM, its children, the C helper) still alive; not this script's shells.
mark_run childproc-native sleep true sh java spawn_limit grep ls

echo "== Building" >&2
build_benchmarks "$root"
jar="$here/target/benchmarks.jar"
limit="$here/target/spawn_limit"
gcc -O2 -Wall -o "$limit" "$here/src/main/c/spawn_limit.c"

java_cmd=("$java_bin" -Xmx512m)
feature="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ "${feature%%.*}" -ge 24 ] 2>/dev/null; then java_cmd+=(--enable-native-access=ALL-UNNAMED); fi
order=()
if [ -n "${NATIVE_RAW_FIRST:-}" ]; then order=(raw-first); fi
command_line="NativeLaunchBench $limit $rounds $warmup $measure $extra $live $live_rounds ${order[*]:-}"
load_before="$(uptime)"
echo "== Running ($mode): $command_line; load: $load_before" >&2
body="$("${java_cmd[@]}" -cp "$jar" io.childproc.benchmarks.nativelaunch.NativeLaunchBench \
  "$limit" "$rounds" "$warmup" "$measure" "$extra" "$live" "$live_rounds" ${order[@]+"${order[@]}"})"
load_after="$(uptime)"

{
  echo "## Native launch run, $mode mode, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Command: \`${NATIVE_RAW_FIRST:+NATIVE_RAW_FIRST=1 }benchmarks/native-launch.sh $*\` (harness: \`$command_line\`, ${measure} s measured after ${warmup} s warm-up per mode and round)"
  echo "- Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem/ {print $2}') GB; $(uname -sr); $(ldd --version | head -1)"
  echo "- JDK: $("$java_bin" -version 2>&1 | sed -n 2p) ($("${java_cmd[@]}" -version 2>&1 | head -1)); JNA 5.19.1"
  echo "- Load before: \`${load_before# }\`; after: \`${load_after# }\`"
  echo "- ulimit -n $(ulimit -n), pid_max $(cat /proc/sys/kernel/pid_max)"
  echo
  echo "$body"
} > "$out"
cat "$out"
echo "Written to $out" >&2
