#!/usr/bin/env bash
# End-to-end test of the childproc alerting rules against a real Prometheus server.
#
# 1. Starts the sample application (profile zombie-demo) on a free loopback port: its job leaves a zombie
#    grandchild every few seconds, so process_children_zombies rises above 0.
# 2. Starts Prometheus on a free loopback port, scraping the application every second, with a copy of
#    childproc-alerts.yml whose "for:" durations are shortened to E2E_FOR (default 5s).
# 3. Waits until Prometheus's /api/v1/alerts shows ChildProcessZombies firing.
# 4. Clears the zombies: switches the job off (POST /actuator/jobs/zombie-maker) and ends each live child with
#    DELETE /actuator/children/{pid}; each zombie goes with its parent.
# 5. Waits until the alert has resolved while the target is still up and the gauge reads 0.
# Every server it starts is stopped on exit, pass or fail. Prints PASS or FAIL and exits non-zero on failure.
#
# Needs java, curl, jq and prometheus (Debian: apt-get install prometheus jq curl). Uses
# sample-app/target/childproc-sample-app-*.jar, building it first when it is missing (or always with --build).
# Environment: SAMPLE_JAR (the jar to run), PROMETHEUS (the server binary), E2E_TIMEOUT (seconds each wait may
# take, default 120), E2E_FOR (the shortened "for:", default 5s), E2E_KEEP=1 (keep the work directory).
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
timeout="${E2E_TIMEOUT:-120}"
for_duration="${E2E_FOR:-5s}"
prometheus_bin="${PROMETHEUS:-$(command -v prometheus || true)}"
build=false
[ "${1:-}" = "--build" ] && build=true

work="$(mktemp -d "${TMPDIR:-/tmp}/childproc-e2e.XXXXXX")"
app_pid=""
prom_pid=""
result="FAIL"
reason=""

log() { printf '%s e2e: %s\n' "$(date +%H:%M:%S)" "$*"; }

stop() {
  # Stops one server we started: SIGTERM, up to 20 s to exit, then SIGKILL.
  local pid="$1" name="$2"
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || { log "stopped $name (pid $pid)"; return 0; }
    sleep 0.5
  done
  log "$name (pid $pid) did not stop after SIGTERM, killing it"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

cleanup() {
  local rc=$?
  stop "$prom_pid" prometheus
  stop "$app_pid" "sample application"
  if [ "$result" != "PASS" ]; then
    for f in app.log prometheus.log; do
      [ -f "$work/$f" ] && { echo "----- last lines of $f -----"; tail -n 40 "$work/$f"; }
    done
  fi
  if [ "${E2E_KEEP:-0}" = "1" ] || [ "$result" != "PASS" ]; then
    log "work directory kept: $work"
  else
    rm -rf "$work"
  fi
  echo "$result: childproc alerting end-to-end test${reason:+ ($reason)}"
  [ "$result" = "PASS" ] && exit 0
  [ "$rc" -ne 0 ] && exit "$rc"
  exit 1
}
trap cleanup EXIT
trap 'reason="interrupted"; exit 130' INT TERM

fail() { reason="$*"; log "$*"; exit 1; }

for tool in java curl jq; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found: install it (Debian: apt-get install $tool)"
done
[ -x "$prometheus_bin" ] || fail "prometheus not found: install it (apt-get install prometheus) or set PROMETHEUS"

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

# Polls a command until it succeeds, for at most $timeout seconds.
wait_until() {
  local what="$1"; shift
  local deadline=$(( SECONDS + timeout ))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 1
  done
  log "$what after $(( SECONDS - start_of_wait ))s"
}

# --- The sample application -------------------------------------------------------------------------------------
jar="${SAMPLE_JAR:-$root/sample-app/target/childproc-sample-app-0.1.0-SNAPSHOT.jar}"
if $build || [ ! -f "$jar" ]; then
  log "building the sample application"
  (cd "$root" && mvn -B -q -pl sample-app -am package -DskipTests) || fail "the sample application did not build"
fi
[ -f "$jar" ] || fail "no sample application jar at $jar"

app_port="$(free_port)" || fail "no free loopback port for the sample application"
log "starting the sample application (zombie-demo) on 127.0.0.1:$app_port"
java -jar "$jar" --spring.profiles.active=zombie-demo --server.address=127.0.0.1 --server.port="$app_port" \
  >"$work/app.log" 2>&1 &
app_pid=$!
app="http://127.0.0.1:$app_port"

app_ready() {
  kill -0 "$app_pid" 2>/dev/null || fail "the sample application exited at start-up (see app.log)"
  curl -sf "$app/actuator/health" >/dev/null
}
start_of_wait=$SECONDS
wait_until "sample application up" app_ready || fail "the sample application did not answer within ${timeout}s"

zombies_in_scrape() {
  curl -sf "$app/actuator/prometheus" | awk '/^process_children_zombies[ {]/ { if ($NF + 0 > 0) found = 1 } END { exit !found }'
}
start_of_wait=$SECONDS
wait_until "process_children_zombies above 0 in the application's scrape" zombies_in_scrape \
  || fail "process_children_zombies never rose above 0 in $app/actuator/prometheus"

# --- Prometheus ---------------------------------------------------------------------------------------------------
sed -E "s/^([[:space:]]*for:[[:space:]]*).*/\1$for_duration/" "$root/alerting/childproc-alerts.yml" >"$work/rules.yml"
grep -q "for: $for_duration" "$work/rules.yml" || fail "could not shorten the for: durations of the rules"
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $work/rules.yml
scrape_configs:
  - job_name: childproc-sample
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ['127.0.0.1:$app_port']
YAML
"$prometheus_bin" --version >/dev/null 2>&1 || fail "$prometheus_bin does not run"
promtool_bin="$(dirname "$prometheus_bin")/promtool"
if [ -x "$promtool_bin" ]; then
  "$promtool_bin" check config "$work/prometheus.yml" >"$work/check.log" 2>&1 \
    || { cat "$work/check.log"; fail "the generated Prometheus configuration is invalid"; }
fi

prom_port="$(free_port)" || fail "no free loopback port for Prometheus"
log "starting Prometheus on 127.0.0.1:$prom_port (rules with for: $for_duration)"
"$prometheus_bin" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
prom="http://127.0.0.1:$prom_port"

prom_ready() {
  kill -0 "$prom_pid" 2>/dev/null || fail "Prometheus exited at start-up (see prometheus.log)"
  curl -sf "$prom/-/ready" >/dev/null
}
start_of_wait=$SECONDS
wait_until "Prometheus ready" prom_ready || fail "Prometheus was not ready within ${timeout}s"

# State of ChildProcessZombies in /api/v1/alerts: firing, pending, or none.
zombie_alert_state() {
  curl -sf "$prom/api/v1/alerts" \
    | jq -r '[.data.alerts[] | select(.labels.alertname == "ChildProcessZombies") | .state]
             | if index("firing") then "firing" elif index("pending") then "pending" else "none" end'
}
zombies_firing() { [ "$(zombie_alert_state)" = "firing" ]; }
start_of_wait=$SECONDS
wait_until "ChildProcessZombies firing" zombies_firing \
  || fail "ChildProcessZombies did not fire within ${timeout}s (last state: $(zombie_alert_state))"
curl -sf "$prom/api/v1/alerts" \
  | jq -c '.data.alerts[] | select(.labels.alertname == "ChildProcessZombies") | {labels, state, value}'

# --- Clear the zombies ---------------------------------------------------------------------------------------------
log "switching the zombie-maker job off"
code="$(curl -s -o "$work/job.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d '{"enabled":false}' "$app/actuator/jobs/zombie-maker")"
[ "$code" = "200" ] || fail "POST /actuator/jobs/zombie-maker answered $code: $(cat "$work/job.json")"

end_live_children() {
  local pids pid code
  pids="$(curl -sf "$app/actuator/children" | jq -r '.children[] | select(.state == "RUNNING") | .pid')" || return 1
  for pid in $pids; do
    code="$(curl -s -o "$work/delete.json" -w '%{http_code}' -X DELETE "$app/actuator/children/$pid")"
    case "$code" in
      200) log "ended child $pid: $(jq -c . "$work/delete.json")" ;;
      404) ;; # exited meanwhile
      *) fail "DELETE /actuator/children/$pid answered $code: $(cat "$work/delete.json")" ;;
    esac
  done
  [ -z "$(curl -sf "$app/actuator/children" | jq -r '.children[] | select(.state == "RUNNING") | .pid')" ]
}
start_of_wait=$SECONDS
wait_until "every live child ended" end_live_children || fail "live children were left after ${timeout}s"

zombies_resolved() {
  [ "$(zombie_alert_state)" = "none" ] || return 1
  # Resolved because the gauge reads 0 on a target that is up, not because the scrape stopped.
  [ "$(curl -sf "$prom/api/v1/query" --data-urlencode 'query=up{job="childproc-sample"}' \
        | jq -r '.data.result[0].value[1] // "missing"')" = "1" ] || return 1
  [ "$(curl -sf "$prom/api/v1/query" --data-urlencode 'query=process_children_zombies{job="childproc-sample"}' \
        | jq -r '.data.result[0].value[1] // "missing"')" = "0" ]
}
start_of_wait=$SECONDS
wait_until "ChildProcessZombies resolved (target up, process_children_zombies 0)" zombies_resolved \
  || fail "ChildProcessZombies did not resolve within ${timeout}s (last state: $(zombie_alert_state))"

result="PASS"
