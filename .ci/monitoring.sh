#!/usr/bin/env bash
# CI: the alerting rules' promtool unit tests, then the end-to-end test against a real Prometheus server.
# Installs prometheus (promtool and the server), jq and curl when missing. Run it after `mvn -B verify`, which
# builds the sample application's jar that the end-to-end test runs (it builds the jar itself when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  # Install the packages without letting their service start (the end-to-end test runs its own server).
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

alerting/test.sh
alerting/e2e.sh
