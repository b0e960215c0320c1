#!/usr/bin/env bash
# Runs every childproc benchmark side by side and prints one markdown table (medians, spreads, ratios).
#
#   benchmarks/run.sh            full run (about 15-20 minutes on 2 cores)
#   benchmarks/run.sh --quick    smoke run (about 3 minutes); or BENCH_MODE=quick
#   BENCH_PARTS=ratio,latency,threads,steps,launch,memory,jmh,output   which parts to run (all by default):
#                                   ratio: launcher against raw ProcessBuilder interleaved in one JVM at 0, 1,000
#                                   and 10,000 live children, per exit watcher; latency: exit-to-EXITED at 100
#                                   launches/s; threads: threads after 10,000 sequential children; steps: each
#                                   per-start step alone (JMH). BENCH_KEEP_RESULTS=1 appends to the results of an
#                                   earlier run instead of starting afresh
#   BENCH_WATCHERS=pidfd,jdk        the exit watchers the ratio, latency and threads parts compare
#   BENCH_RATIO_LIVE=0,1000,10000   the live children of the ratio part (0,200 in quick mode)
#   BENCH_THREADS_CHILDREN=10000    the sequential children of the threads part (1,000 in quick mode)
#   BENCH_BIG_CHILDREN=N            the large count of tracked children for the reap and gauge benchmarks
#                                   (default 10,000; 2,000 in quick mode)
#
# Builds what it needs (Maven, gcc), from a fresh clone. Writes the table to benchmarks/target/results/table.md
# (override with BENCH_OUT). Every child it starts carries CHILDPROC_BENCH_RUN in its environment; whatever is
# left of them at the end (a crashed JVM) is killed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
. "$here/bench-lib.sh"
mode="$(mode_from_args "${BENCH_MODE:-full}" "$@")"
case "$mode" in
  quick) rounds=1; warmup=1; measure=2; live=200; memory_rounds=1; memory_children=200
    ratio_live="0,200"; ratio_pairs=2; ratio_slice=1; latency_blocks=1; latency_seconds=2; threads_children=1000 ;;
  full) rounds=5; warmup=2; measure=4; live=1000; memory_rounds=3; memory_children=500
    ratio_live="0,1000,10000"; ratio_pairs=8; ratio_slice=2; latency_blocks=5; latency_seconds=4
    threads_children=10000 ;;
  *) echo "BENCH_MODE must be quick or full, was '$mode'" >&2; exit 2 ;;
esac

parts="${BENCH_PARTS:-ratio,latency,threads,steps,launch,memory,jmh,output}"
watchers="${BENCH_WATCHERS:-pidfd,jdk}"
ratio_live="${BENCH_RATIO_LIVE:-$ratio_live}"
threads_children="${BENCH_THREADS_CHILDREN:-$threads_children}"
part() { case ",$parts," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

root="$(cd "$here/.." && pwd)"
out_dir="$here/target/results"
table="${BENCH_OUT:-$out_dir/table.md}"
mkdir -p "$out_dir"
results="$out_dir/results.tsv"
if [ -z "${BENCH_KEEP_RESULTS:-}" ]; then : > "$results"; fi

command -v mvn >/dev/null || { echo "Maven (mvn) is needed: apt-get install maven" >&2; exit 1; }
command -v gcc >/dev/null || { echo "gcc is needed for the C baseline: apt-get install gcc" >&2; exit 1; }

# Three pipes per piped child: make room for the 10,000 children of the reap and gauge benchmarks.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Every sleep, true or java process whose environment holds this run's marker.
mark_run childproc-bench sleep true java line_writer head

echo "== Building (mode: $mode)" >&2
build_benchmarks "$root"
jar="$here/target/benchmarks.jar"
spawn="$here/target/spawn_true"
gcc -O2 -Wall -o "$spawn" "$here/src/main/c/spawn_true.c"
exit_stamp="$here/target/exit_stamp"
gcc -O2 -Wall -o "$exit_stamp" "$here/src/main/c/exit_stamp.c"
line_writer="$here/target/line_writer"
gcc -O2 -Wall -o "$line_writer" "$here/src/main/c/line_writer.c"

java_cmd=(java -Xmx512m -cp "$jar")
launch_section="1. Launch throughput of /bin/true (start, wait; one thread)"
cpu_section="1b. CPU time per launch of /bin/true (the launching process and its children; lower is better)"
raw="raw ProcessBuilder"
c_limit="C posix_spawn + waitpid"

label_of() {
  case "$1" in
    c) echo "$c_limit" ;;
    raw) echo "$raw" ;;
    raw-live) echo "raw ProcessBuilder, $live live children" ;;
    launcher-0) echo "DefaultProcessLauncher, 0 live tracked" ;;
    launcher-live) echo "DefaultProcessLauncher, $live live tracked" ;;
    launcher-0-fjp2) echo "DefaultProcessLauncher, 0 live, common pool parallelism 2 (profile)" ;;
    commons-exec) echo "Commons Exec 1.5.0 DefaultExecutor" ;;
    zt-exec) echo "zt-exec 1.12 ProcessExecutor" ;;
    nuprocess) echo "NuProcess 3.0.0" ;;
  esac
}
baselines_of() {
  case "$1" in
    c) echo "" ;;
    raw) echo "$c_limit~C" ;;
    launcher-live) echo "$raw~raw|$(label_of raw-live)~raw with $live live|$c_limit~C" ;;
    launcher-0-fjp2) echo "$(label_of launcher-0)~launcher, parallelism 1|$raw~raw|$c_limit~C" ;;
    *) echo "$raw~raw|$c_limit~C" ;;
  esac
}
target_of() {
  case "$1" in
    launcher-0|launcher-live) echo ">=0.97" ;;
    *) echo "" ;;
  esac
}

if part ratio; then
for watcher in ${watchers//,/ }; do
  echo "== 1. Launch ratio, $watcher watcher: live children $ratio_live, $ratio_pairs interleaved pairs of ${ratio_slice}s each (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "${java_cmd[@]}" -Dchildproc.exit-watcher="$watcher" io.childproc.benchmarks.LaunchRatio "$ratio_live" \
    "$ratio_pairs" "$ratio_slice" >> "$results"
done
fi

if part latency; then
echo "== 1c. Exit-to-EXITED latency at 100 launches/s: watchers $watchers, $latency_blocks block(s) of ${latency_seconds}s each (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"${java_cmd[@]}" io.childproc.benchmarks.ExitLatency "$exit_stamp" 100 "$latency_seconds" "$latency_blocks" \
  "$watchers" >> "$results"
fi

if part threads; then
echo "== 1d. Threads after $threads_children sequential children: raw, then watchers $watchers (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"${java_cmd[@]}" io.childproc.benchmarks.ThreadsAfterChildren "$threads_children" "raw,$watchers" >> "$results"
fi

if part steps; then
echo "== 1e. Per-start steps (JMH)" >&2
"${java_cmd[@]}" io.childproc.benchmarks.JmhRunner "$mode" "$results" steps >&2
fi

if part launch; then
modes=(c raw launcher-0 launcher-live raw-live commons-exec zt-exec nuprocess launcher-0-fjp2)
echo "== 1. Launch throughput: $rounds round(s) of ${#modes[@]} modes, ${warmup}s warm-up + ${measure}s each, fresh JVMs" >&2
for ((round = 0; round < rounds; round++)); do
  # Rotate the order each round so that no mode always runs first or after the same neighbour.
  for ((i = 0; i < ${#modes[@]}; i++)); do
    m="${modes[$(((i + round) % ${#modes[@]}))]}"
    case "$m" in
      c) output="$("$spawn" "$warmup" "$measure")" ;;
      raw-live|launcher-live) output="$("${java_cmd[@]}" io.childproc.benchmarks.LaunchThroughput \
          "${m%-live}-$live" "$warmup" "$measure")" ;;
      launcher-0-fjp2) output="$("${java_cmd[@]}" -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 \
          io.childproc.benchmarks.LaunchThroughput launcher-0 "$warmup" "$measure")" ;;
      *) output="$("${java_cmd[@]}" io.childproc.benchmarks.LaunchThroughput "$m" "$warmup" "$measure")" ;;
    esac
    value="$(echo "$output" | head -1)"
    echo "   round $((round + 1)) $m: $value launches/s" >&2
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$launch_section" "$(label_of "$m")" "launches/s" "$value" \
      "$(baselines_of "$m")" "$(target_of "$m")" >> "$results"
    cpu_ms="$(echo "$output" | sed -n 's/^cpu-ms-per-launch //p')"
    if [ -n "$cpu_ms" ]; then
      cpu_target=""
      case "$m" in launcher-0|launcher-live) cpu_target="<=1.031" ;; esac
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$cpu_section" "$(label_of "$m")" "CPU ms/launch" "$cpu_ms" \
        "$(baselines_of "$m")" "$cpu_target" >> "$results"
    fi
    close_ms="$(echo "$output" | sed -n 's/^close-ms //p')"
    if [ "$m" = "launcher-live" ] && [ -n "$close_ms" ]; then
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$launch_section" "DefaultProcessLauncher.close() ending $live live children" \
        "ms" "$close_ms" "" "" >> "$results"
    fi
  done
done

fi

if part output; then
# Output draining (issue 18): the launcher's one pump thread against thread-per-stream draining, same JVM.
case "$mode" in
  quick) output_children=100; output_seconds=5; bulk_children=20; bulk_mb=20; big_mb=200 ;;
  full) output_children=500; output_seconds=10; bulk_children=100; bulk_mb=20; big_mb=1000 ;;
esac
echo "== 7. Output draining: $output_children line writers for ${output_seconds}s, $bulk_children x $bulk_mb MB, one child of $big_mb MB (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
"${java_cmd[@]}" io.childproc.benchmarks.OutputDraining lines "$line_writer" "$output_children" "$output_seconds" >> "$results"
"${java_cmd[@]}" io.childproc.benchmarks.OutputDraining bulk "$bulk_children" "$bulk_mb" >> "$results"
"${java_cmd[@]}" io.childproc.benchmarks.OutputDraining big "$big_mb" >> "$results"
fi

if part memory; then
echo "== 6. Memory and threads per live child: $memory_rounds round(s), $memory_children sleep children, fresh JVMs" >&2
memory_section="6. JVM cost per live child ($memory_children idle sleep children)"
for ((round = 0; round < memory_rounds; round++)); do
  order=(raw launcher)
  if ((round % 2 == 1)); then order=(launcher raw); fi
  for m in "${order[@]}"; do
    output="$("${java_cmd[@]}" io.childproc.benchmarks.MemoryPerChild "$m" "$memory_children")"
    echo "   round $((round + 1)) $m: $(echo "$output" | tr '\n' ' ')" >&2
    name="$raw"; [ "$m" = launcher ] && name="DefaultProcessLauncher"
    while read -r key value; do
      case "$key" in
        rss-kib-per-child) what="RSS (VmRSS)"; unit="KiB/child" ;;
        threads-per-child) what="threads"; unit="threads/child" ;;
        heap-kib-per-child) what="Java heap after GC"; unit="KiB/child" ;;
        *) continue ;;
      esac
      base=""; target=""
      if [ "$m" = launcher ]; then
        base="$raw: $what~raw"
        [ "$key" = rss-kib-per-child ] && target="<=1.05"
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$memory_section" "$name: $what" "$unit" "$value" "$base" "$target" >> "$results"
    done <<< "$output"
  done
done

fi

# BENCH_PARTS=jmh runs both JMH parts; jmh-forked or jmh-shared runs one of them.
if part jmh || part jmh-forked; then
echo "== 2-5. JMH: reap before start, gauge reads, endpoint, process-tree scans" >&2
"${java_cmd[@]}" io.childproc.benchmarks.JmhRunner "$mode" "$results" forked >&2
fi
if part jmh || part jmh-shared; then
echo "== 2-3. JMH with many tracked children in one JVM" >&2
"${java_cmd[@]}" io.childproc.benchmarks.JmhRunner "$mode" "$results" shared ${BENCH_BIG_CHILDREN:-} >&2
fi


{
  echo "Mode: $mode. $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1));"
  echo "$(java -version 2>&1 | sed -n 2p); $(uname -sr); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  (cd "$root" && java -cp "$jar" io.childproc.benchmarks.Report "$results")
} > "$table"
cat "$table"
echo "Table written to $table" >&2
