#!/usr/bin/env bash
# The checks of the monitoring kit that need no running application:
#  1. promtool check rules and the promtool unit tests of every alert (firing and not firing);
#  2. the Kubernetes PrometheusRule holds the same groups and rules as the alerts file, and promtool accepts them;
#  3. lint.py: every alert's severity, summary, description and runbook (in the README or docs/); the dashboard's
#     variables, queries and panels.
# Needs promtool (Debian: apt-get install prometheus), python3 with PyYAML (apt-get install python3-yaml).
# Exits non-zero when a check or a test fails.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v promtool >/dev/null 2>&1; then
  echo "FAIL: promtool not found; install it (apt-get install prometheus) or put it on PATH" >&2
  exit 2
fi
# The first python3 that has PyYAML: the one on PATH, else Debian's (python3-yaml installs there).
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import yaml' >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
if [ -z "$python" ]; then
  echo "FAIL: no python3 with PyYAML; install it (apt-get install python3-yaml) or set PYTHON" >&2
  exit 2
fi

promtool check rules alerts/childproc-alerts.yml
promtool test rules alerts/tests/*.yml
echo "PASS: childproc alerting rules checked and unit-tested ($(ls alerts/tests/*.yml | wc -l) test files)"

"$python" prometheusrule.py --check
groups="$(mktemp "${TMPDIR:-/tmp}/childproc-prometheusrule-groups.XXXXXX.yml")"
trap 'rm -f "$groups"' EXIT
"$python" -c 'import sys, yaml; yaml.safe_dump(yaml.safe_load(open(sys.argv[1]))["spec"], open(sys.argv[2], "w"))' \
  kubernetes/childproc-prometheusrule.yaml "$groups"
promtool check rules "$groups" >/dev/null || { promtool check rules "$groups"; exit 1; }
echo "PASS: promtool accepts the groups of kubernetes/childproc-prometheusrule.yaml"

"$python" lint.py
