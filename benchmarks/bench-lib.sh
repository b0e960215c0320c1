# Shared by run.sh, native-launch.sh and die-with-jvm.sh (sourced, not run).

# mode_from_args DEFAULT ARG...: prints quick or full, from --quick or --full (the last wins), else DEFAULT;
# fails on any other argument.
mode_from_args() {
  local mode="$1" arg
  shift
  for arg in "$@"; do
    case "$arg" in
      --quick) mode=quick ;;
      --full) mode=full ;;
      *) echo "Unknown argument '$arg': use --quick or --full" >&2; return 2 ;;
    esac
  done
  echo "$mode"
}

# mark_run PREFIX COMM...: exports CHILDPROC_BENCH_RUN (or the variable named by bench_run_variable, when the
# script sets it), which every child of the run inherits, and on exit (success, failure or Ctrl-C) kills every
# process still alive whose environment holds it and whose command name is one of COMM (never the script's own
# shells unless COMM names them).
mark_run() {
  bench_run_variable="${bench_run_variable:-CHILDPROC_BENCH_RUN}"
  bench_run_id="$1-$$-$(date +%s)"
  export "$bench_run_variable=$bench_run_id"
  shift
  bench_comms=" $* "
  trap kill_what_the_run_left EXIT
  trap 'exit 130' INT TERM
}

kill_what_the_run_left() {
  local pids="" pid comm
  for pid in $(grep -lxzs "$bench_run_variable=$bench_run_id" /proc/[0-9]*/environ 2>/dev/null \
      | sed -n 's#^/proc/\([0-9]*\)/environ$#\1#p'); do
    comm=""
    { read -r comm < "/proc/$pid/comm"; } 2>/dev/null || continue
    case "$bench_comms" in
      *" $comm "*) pids="$pids $pid" ;;
    esac
  done
  if [ -n "$pids" ]; then
    kill -9 $pids 2>/dev/null || true
    echo "Killed $(echo $pids | wc -w) process(es) this run had left behind" >&2
  fi
}

# build_benchmarks ROOT: builds the benchmarks jar with the reactor (never installs).
build_benchmarks() {
  (cd "$1" && mvn -B -q -P benchmarks -pl benchmarks -am package -DskipTests)
}
