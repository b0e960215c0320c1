#!/usr/bin/env bash
# End-to-end test of the monitoring kit: a fleet of two sample applications scraped by one real Prometheus server.
#
# 1. Starts two instances of the sample application on free loopback ports, side by side: "zombies" (profiles
#    zombie-demo: every 3 seconds a child that carries a zombie grandchild for 30 seconds, and blocked-demo: every 20
#    seconds a child that writes to a pipe nobody reads, blocked within milliseconds) and "quiet" (the default
#    profile: a child every second that prints its pid and exits; no zombie, no blocked child ever).
# 2. Starts Prometheus on a free loopback port, scraping both every second as job childproc-sample, with a copy of
#    alerts/childproc-alerts.yml whose "for:" durations are shortened to E2E_FOR (default 5s).
# 3. Waits until ChildProcessZombies and ChildProcessOutputBlocked fire for the zombies instance, with its instance
#    label. Both targets must be up and the quiet instance's process_children_zombies and process_children_blocked
#    must be scraped and read 0; at every poll of the whole run, no alert of any kind (pending or firing) may name
#    the quiet instance.
# 4. Evaluates the query of every panel of dashboards/childproc.json, with $job and $instance filled in for the quiet
#    instance: each must return a number, or the test fails with the panel's title.
# 5. Switches the zombie-maker job off (POST /actuator/jobs/zombie-maker); its last children end within 30 seconds
#    and their zombies with them. Waits until the alert has resolved, with the target up and the gauge at 0, while
#    ChildProcessOutputBlocked still fires (each alert reads its own gauge).
# 6. Evaluates every panel's query again, for the zombies instance; the "Children blocked on output" panel must
#    show at least one blocked child there.
# Both applications and Prometheus are stopped on exit: pass, fail or interrupt. Prints PASS or FAIL and exits
# non-zero on failure; on failure the last lines of every log are printed and the work directory is kept.
#
# Needs java, curl, jq, prometheus and python3 with PyYAML (Debian: apt-get install prometheus jq curl
# python3-yaml). Uses
# sample-app/target/childproc-sample-app-*.jar, building it first when it is missing (or always with --build).
# Environment: SAMPLE_JAR (the jar to run), PROMETHEUS (the server binary), E2E_TIMEOUT (seconds each wait may
# take, default 90), E2E_DEADLINE (seconds the whole test may take, default 240), E2E_FOR (the shortened "for:",
# default 5s), E2E_KEEP=1 (keep the work directory).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
timeout="${E2E_TIMEOUT:-90}"
deadline=$(( SECONDS + ${E2E_DEADLINE:-240} ))
for_duration="${E2E_FOR:-5s}"
prometheus_bin="${PROMETHEUS:-$(command -v prometheus || true)}"
dashboard="$here/dashboards/childproc.json"
job="childproc-sample"
build=false
[ "${1:-}" = "--build" ] && build=true

# Dashboard queries that read a meter the application exports only in some settings, as "panel title|refId" ->
# meter. Where the meter is missing from the instance's own scrape, the query is skipped with a message; where it is
# there, the query must return data like every other.
declare -A needs_meter=(
  # The cgroup v2 pids.max: absent on cgroup v1 hosts and where pids.max reads "max".
  ["Pids headroom|A"]=process_children_pids_max
  # The timer of the process-tree scan, in releases that have it.
  ["Process-tree scan time|A"]=process_children_scan_seconds_count
  ["Process-tree scan time|B"]=process_children_scan_seconds_max
)

work="$(mktemp -d "${TMPDIR:-/tmp}/childproc-e2e.XXXXXX")"
zombies_pid=""
quiet_pid=""
prom_pid=""
result="FAIL"
reason=""

log() { printf '%s e2e: %s\n' "$(date +%H:%M:%S)" "$*"; }

stop() {
  # Stops one server we started (each runs in its own session): SIGTERM, up to 20 s to exit, then SIGKILL to its
  # whole process group, so that no child of an application that hung is left behind.
  local pid="$1" name="$2"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; log "stopped $name (pid $pid)"; return 0; }
    sleep 0.5
  done
  log "$name (pid $pid) did not stop after SIGTERM, killing its process group"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

cleanup() {
  local rc=$?
  trap '' INT TERM
  stop "$prom_pid" prometheus
  stop "$zombies_pid" "sample application (zombie-demo)"
  stop "$quiet_pid" "sample application (default)"
  if [ "$result" != "PASS" ]; then
    for f in zombies.log quiet.log prometheus.log; do
      [ -f "$work/$f" ] && { echo "----- last lines of $f -----"; tail -n 30 "$work/$f"; }
    done
  fi
  if [ "${E2E_KEEP:-0}" = "1" ] || [ "$result" != "PASS" ]; then
    log "work directory kept: $work"
  else
    rm -rf "$work"
  fi
  echo "$result: childproc monitoring end-to-end test${reason:+ ($reason)}"
  [ "$result" = "PASS" ] && exit 0
  [ "$rc" -ne 0 ] && exit "$rc"
  exit 1
}
trap cleanup EXIT
trap 'reason="interrupted"; exit 130' INT TERM

fail() { reason="$*"; log "$*"; exit 1; }

for tool in java curl jq setsid; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found: install it (Debian: apt-get install $tool)"
done
[ -x "$prometheus_bin" ] || fail "prometheus not found: install it (apt-get install prometheus) or set PROMETHEUS"
jq -e '.panels | length > 0' "$dashboard" >/dev/null || fail "no panels in $dashboard"

# A loopback port nobody listens on now (the servers below fail clearly if it is taken in between).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Polls a command until it succeeds, for at most $timeout seconds and never past the whole test's deadline.
wait_until() {
  local what="$1"; shift
  local started=$SECONDS
  local until=$(( SECONDS + timeout ))
  [ "$until" -le "$deadline" ] || until=$deadline
  until "$@"; do
    [ "$SECONDS" -lt "$until" ] || { log "gave up waiting for: $what (after $(( SECONDS - started ))s)"; return 1; }
    sleep 1
  done
  log "$what after $(( SECONDS - started ))s"
}

# --- Two sample applications --------------------------------------------------------------------------------------
jar="${SAMPLE_JAR:-$root/sample-app/target/childproc-sample-app-0.1.0-SNAPSHOT.jar}"
if $build || [ ! -f "$jar" ]; then
  log "building the sample application"
  (cd "$root" && mvn -B -q -pl sample-app -am package -DskipTests) || fail "the sample application did not build"
fi
[ -f "$jar" ] || fail "no sample application jar at $jar"

start_app() {
  # start_app NAME PORT [ARG...]: the sample in its own session, so that stop can end its whole process group.
  local name="$1" port="$2"; shift 2
  setsid java -jar "$jar" --server.address=127.0.0.1 --server.port="$port" "$@" >"$work/$name.log" 2>&1 &
}
zombies_port="$(free_port)" || fail "no free loopback port for the zombie-demo instance"
# Spring Boot replaces a list as a whole: with both profiles active, blocked-demo's sample.jobs would replace
# zombie-demo's. So the zombie-demo instance gets the jobs of both profiles on its command line, read from the
# profile files (sample.jobs[i].name, .command[j], .interval, .output).
python="${PYTHON:-}"
for candidate in python3 /usr/bin/python3; do
  [ -n "$python" ] && break
  "$candidate" -c 'import yaml' >/dev/null 2>&1 && python="$candidate"
done
[ -n "$python" ] || fail "no python3 with PyYAML (apt-get install python3-yaml) to read the profiles' jobs"
mapfile -t both_jobs < <("$python" - "$root/sample-app/src/main/resources" zombie-demo blocked-demo <<'PY'
import sys, yaml
jobs = []
for profile in sys.argv[2:]:
    with open(f"{sys.argv[1]}/application-{profile}.yml", encoding="utf-8") as stream:
        jobs += yaml.safe_load(stream)["sample"]["jobs"]
for i, job in enumerate(jobs):
    for key, value in job.items():
        if isinstance(value, list):
            for j, word in enumerate(value):
                print(f"--sample.jobs[{i}].{key}[{j}]={word}")
        else:
            print(f"--sample.jobs[{i}].{key}={value}")
PY
)
[ ${#both_jobs[@]} -gt 0 ] || fail "could not read the jobs of the zombie-demo and blocked-demo profiles"
start_app zombies "$zombies_port" --spring.profiles.active=zombie-demo,blocked-demo "${both_jobs[@]}"
zombies_pid=$!
quiet_port="$(free_port)" || fail "no free loopback port for the default instance"
[ "$quiet_port" != "$zombies_port" ] || quiet_port="$(free_port)"
start_app quiet "$quiet_port"
quiet_pid=$!
zombies_instance="127.0.0.1:$zombies_port"
quiet_instance="127.0.0.1:$quiet_port"
log "starting the sample application twice: zombie-demo on $zombies_instance, default on $quiet_instance"

apps_ready() {
  kill -0 "$zombies_pid" 2>/dev/null || fail "the zombie-demo instance exited at start-up (see zombies.log)"
  kill -0 "$quiet_pid" 2>/dev/null || fail "the default instance exited at start-up (see quiet.log)"
  curl -sf "http://$zombies_instance/actuator/health" >/dev/null && curl -sf "http://$quiet_instance/actuator/health" >/dev/null
}
wait_until "both sample applications up" apps_ready || fail "the sample applications did not answer in time"

# --- Prometheus ---------------------------------------------------------------------------------------------------
sed -E "s/^([[:space:]]*for:[[:space:]]*).*/\1$for_duration/" "$here/alerts/childproc-alerts.yml" >"$work/rules.yml"
grep -q "for: $for_duration" "$work/rules.yml" || fail "could not shorten the for: durations of the rules"
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $work/rules.yml
scrape_configs:
  - job_name: $job
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ['$zombies_instance', '$quiet_instance']
YAML
"$prometheus_bin" --version >/dev/null 2>&1 || fail "$prometheus_bin does not run"
promtool_bin="$(dirname "$prometheus_bin")/promtool"
if [ -x "$promtool_bin" ]; then
  "$promtool_bin" check config "$work/prometheus.yml" >"$work/check.log" 2>&1 \
    || { cat "$work/check.log"; fail "the generated Prometheus configuration is invalid"; }
fi

prom_port="$(free_port)" || fail "no free loopback port for Prometheus"
log "starting Prometheus on 127.0.0.1:$prom_port (rules with for: $for_duration)"
setsid "$prometheus_bin" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
prom="http://127.0.0.1:$prom_port"

prom_ready() {
  kill -0 "$prom_pid" 2>/dev/null || fail "Prometheus exited at start-up (see prometheus.log)"
  curl -sf "$prom/-/ready" >/dev/null
}
wait_until "Prometheus ready" prom_ready || fail "Prometheus was not ready in time"

# The value of a PromQL query's first series, or "missing".
query_value() {
  curl -sf "$prom/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // "missing"'
}

# Every alert of the quiet instance fails the test: it leaks nothing and runs far below every limit. So does any
# alert but ChildProcessZombies and ChildProcessOutputBlocked for the zombie-demo instance (its 10 live children and 3
# blocked ones are under 70% of max-live).
alerts="[]"
refresh_alerts() {
  alerts="$(curl -sf "$prom/api/v1/alerts" | jq -c '.data.alerts')" || return 1
  local noisy
  noisy="$(jq -c --arg i "$quiet_instance" '[.[] | select(.labels.instance == $i)]' <<<"$alerts")"
  [ "$noisy" = "[]" ] || fail "an alert named the quiet default instance $quiet_instance: $noisy"
  noisy="$(jq -c --arg i "$zombies_instance" \
    '[.[] | select(.labels.instance == $i and .labels.alertname != "ChildProcessZombies"
      and .labels.alertname != "ChildProcessOutputBlocked")]' <<<"$alerts")"
  [ "$noisy" = "[]" ] \
    || fail "an alert other than ChildProcessZombies and ChildProcessOutputBlocked named $zombies_instance: $noisy"
}
# State of one alert for one instance: firing, pending or none.
alert_state() {
  jq -r --arg a "$1" --arg i "$2" '[.[] | select(.labels.alertname == $a and .labels.instance == $i) | .state]
    | if index("firing") then "firing" elif index("pending") then "pending" else "none" end' <<<"$alerts"
}
zombie_alert_state() { alert_state ChildProcessZombies "$1"; }
blocked_alert_state() { alert_state ChildProcessOutputBlocked "$1"; }

zombies_firing() {
  refresh_alerts || return 1
  [ "$(zombie_alert_state "$zombies_instance")" = "firing" ]
}
wait_until "ChildProcessZombies firing for $zombies_instance" zombies_firing \
  || fail "ChildProcessZombies did not fire for $zombies_instance (state: $(zombie_alert_state "$zombies_instance"))"
blocked_firing() {
  refresh_alerts || return 1
  [ "$(blocked_alert_state "$zombies_instance")" = "firing" ]
}
wait_until "ChildProcessOutputBlocked firing for $zombies_instance" blocked_firing \
  || fail "ChildProcessOutputBlocked did not fire for $zombies_instance (state: $(blocked_alert_state "$zombies_instance"))"
jq -c --arg i "$zombies_instance" '.[] | select(.labels.alertname == "ChildProcessOutputBlocked")
  | {labels, state, value, runbook: .annotations.runbook_url}' <<<"$alerts"
jq -c --arg i "$zombies_instance" \
  '.[] | select(.labels.alertname == "ChildProcessZombies") | {labels, state, value, runbook: .annotations.runbook_url}' \
  <<<"$alerts"
fired_job="$(jq -r --arg i "$zombies_instance" \
  '.[] | select(.labels.alertname == "ChildProcessZombies" and .labels.instance == $i) | .labels.job' <<<"$alerts")"
[ "$fired_job" = "$job" ] || fail "the alert carries job '$fired_job', not '$job'"

# Quiet because its gauge reads 0 on a target that is up, not because it is not scraped.
[ "$(query_value "up{instance=\"$quiet_instance\"}")" = "1" ] || fail "the default instance $quiet_instance is not up"
[ "$(query_value "up{instance=\"$zombies_instance\"}")" = "1" ] || fail "the zombie-demo instance is not up"
quiet_zombies="$(query_value "process_children_zombies{instance=\"$quiet_instance\"}")"
[ "$quiet_zombies" = "0" ] || fail "process_children_zombies of the default instance reads $quiet_zombies, not 0"
quiet_blocked="$(query_value "process_children_blocked{instance=\"$quiet_instance\"}")"
[ "$quiet_blocked" = "0" ] || fail "process_children_blocked of the default instance reads $quiet_blocked, not 0"
log "the default instance $quiet_instance is up, its zombie and blocked gauges read 0, and no alert names it"

# --- Every dashboard panel returns data ---------------------------------------------------------------------------
# Fills in the dashboard's variables for one instance as Grafana would ($__rate_interval: 1m, 60 scrapes here) and
# asks Prometheus for each query; a query with no series, or only NaN, fails with its panel's title.
check_panels() {
  local instance="$1" scrape title ref expr query meter values checked=0 skipped=0 problems=()
  scrape="$(curl -sf "http://$instance/actuator/prometheus")" || fail "no scrape from $instance"
  local escaped="${instance//./\\\\.}"
  while IFS=$'\t' read -r title ref expr; do
    meter="${needs_meter["$title|$ref"]:-}"
    if [ -n "$meter" ] && ! grep -qE "^$meter[ {]" <<<"$scrape"; then
      log "SKIP panel '$title' query $ref on $instance: it needs $meter, which this instance does not export"
      skipped=$(( skipped + 1 ))
      continue
    fi
    query="${expr//\$__rate_interval/1m}"
    query="${query//\$instance/"$escaped"}"
    query="${query//\$job/"$job"}"
    values="$(curl -sf "$prom/api/v1/query" --data-urlencode "query=$query" \
      | jq -r '[.data.result[].value[1] | select(. != "NaN")] | join(" ")')" \
      || { problems+=("panel '$title' query $ref: Prometheus refused it: $query"); continue; }
    if [ -z "$values" ]; then
      problems+=("panel '$title' query $ref returned no data for $instance: $query")
    else
      checked=$(( checked + 1 ))
      log "panel '$title' query $ref on $instance: $values"
    fi
  done < <(jq -r '.panels[] | .title as $t | .targets[] | [$t, .refId, .expr] | @tsv' "$dashboard")
  if [ ${#problems[@]} -gt 0 ]; then
    printf '%s\n' "${problems[@]}"
    fail "${#problems[@]} dashboard quer$( [ ${#problems[@]} -eq 1 ] && echo y || echo ies) returned no data for $instance (first: ${problems[0]})"
  fi
  log "every dashboard query returned data for $instance ($checked checked, $skipped skipped)"
}
# The dashboard's job and instance variables offer the fleet: Grafana's label_values(selector, label) is
# Prometheus's /api/v1/label/<label>/values?match[]=<selector>.
check_variable() {
  local name="$1" definition selector label values
  shift
  definition="$(jq -r --arg n "$name" '.templating.list[] | select(.name == $n) | .query' "$dashboard")"
  [[ "$definition" =~ ^label_values\((.*),[[:space:]]*([a-z_]+)\)$ ]] \
    || fail "variable $name: '$definition' is not label_values(selector, label)"
  selector="${BASH_REMATCH[1]//\$job/"$job"}"
  label="${BASH_REMATCH[2]}"
  values="$(curl -sf -G "$prom/api/v1/label/$label/values" --data-urlencode "match[]=$selector" \
    | jq -r '.data | join(" ")')" || fail "variable $name: Prometheus refused $selector"
  for want in "$@"; do
    [[ " $values " == *" $want "* ]] || fail "variable $name offers '$values', not $want"
  done
  log "variable $name offers: $values"
}
check_variable job "$job"
check_variable instance "$zombies_instance" "$quiet_instance"

check_panels "$quiet_instance"

# --- Switch the zombie-maker job off: the alert resolves ------------------------------------------------------------
log "switching the zombie-maker job of $zombies_instance off"
code="$(curl -s -o "$work/job.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d '{"enabled":false}' "http://$zombies_instance/actuator/jobs/zombie-maker")"
[ "$code" = "200" ] || fail "POST /actuator/jobs/zombie-maker answered $code: $(cat "$work/job.json")"

zombies_resolved() {
  refresh_alerts || return 1
  [ "$(zombie_alert_state "$zombies_instance")" = "none" ] || return 1
  # Resolved because the gauge reads 0 on a target that is up, not because the scrape stopped.
  [ "$(query_value "up{instance=\"$zombies_instance\"}")" = "1" ] || return 1
  [ "$(query_value "process_children_zombies{instance=\"$zombies_instance\"}")" = "0" ] || return 1
  # Each alert reads its own gauge: the children blocked on their output are still there.
  [ "$(blocked_alert_state "$zombies_instance")" = "firing" ]
}
wait_until "ChildProcessZombies resolved for $zombies_instance (target up, process_children_zombies 0)" \
  zombies_resolved \
  || fail "ChildProcessZombies did not resolve for $zombies_instance (state: $(zombie_alert_state "$zombies_instance"))"

check_panels "$zombies_instance"
# The blocked-demo profile's children show in their panel: at least one blocked child.
blocked_panel="$(jq -r '.panels[] | select(.title == "Children blocked on output") | .targets[0].expr' "$dashboard")"
[ -n "$blocked_panel" ] || fail "no 'Children blocked on output' panel in $dashboard"
blocked_query="${blocked_panel//\$instance/"${zombies_instance//./\\\\.}"}"
blocked_query="${blocked_query//\$job/"$job"}"
blocked_value="$(query_value "$blocked_query")"
[[ "$blocked_value" =~ ^[1-9][0-9]*$ ]] \
  || fail "panel 'Children blocked on output' reads $blocked_value for $zombies_instance, not a blocked child or more"
log "panel 'Children blocked on output' on $zombies_instance: $blocked_value blocked"
refresh_alerts || fail "Prometheus did not answer /api/v1/alerts"

result="PASS"
