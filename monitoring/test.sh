#!/usr/bin/env bash
# Checks the childproc alerting rules and runs their promtool unit tests.
# Needs promtool (Debian/Ubuntu: apt-get install prometheus). Exits non-zero when a check or a test fails.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v promtool >/dev/null 2>&1; then
  echo "FAIL: promtool not found; install it (apt-get install prometheus) or put it on PATH" >&2
  exit 2
fi

promtool check rules childproc-alerts.yml
promtool test rules tests/*.yml
echo "PASS: childproc alerting rules checked and unit-tested ($(ls tests/*.yml | wc -l) test files)"
