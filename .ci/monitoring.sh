#!/usr/bin/env bash
# CI: the monitoring kit (monitoring/). First the checks that need no application (promtool tests of the alerts, the
# Kubernetes PrometheusRule against the alerts file, the runbooks and the dashboard), then the end-to-end test: two
# sample applications scraped by a real Prometheus server, the zombie alert for one of them only, every dashboard
# panel's query. Installs prometheus (promtool and the server), jq, curl and python3-yaml when missing. Run it
# after `mvn -B verify`, which builds the sample application's jar that the end-to-end test runs (it builds the jar
# itself when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

export DEBIAN_FRONTEND=noninteractive
need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v setsid >/dev/null 2>&1 || need+=(util-linux)
if ! python3 -c 'import yaml' >/dev/null 2>&1 && ! /usr/bin/python3 -c 'import yaml' >/dev/null 2>&1; then
  need+=(python3-yaml)
fi
if [ ${#need[@]} -gt 0 ]; then
  # Install the packages without letting their service start (the end-to-end test runs its own server); a
  # policy-rc.d that was there before is left as it was.
  policy_added=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=true
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u)
  if $policy_added; then
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
fi

monitoring/test.sh
monitoring/e2e.sh
echo "monitoring: checks and end-to-end test passed in $(( SECONDS - started ))s"
