#!/usr/bin/env python3
"""Checks what promtool does not: the alerts' labels, annotations and runbook links, and the Grafana dashboard.

    monitoring/lint.py

Alerts: every rule has severity warning or critical, a summary and a description that name {{ $labels.job }} and
{{ $labels.instance }}, and a runbook_url "README.md#<anchor>" or "docs/<page>.md#<anchor>" whose heading exists in
that page.
Dashboard: the datasource, job and instance variables; every panel titled, on the ${datasource} data source, with
queries that select every childproc series by job=~"$job" and instance=~"$instance" and use no other variable than
$__rate_interval; and every panel title shown in the README or in docs/monitoring.md. Prints each problem and exits 1
when there is one.
Needs PyYAML (Debian: apt-get install python3-yaml).
"""
import json
import pathlib
import re
import sys

try:
    import yaml
except ImportError:
    sys.exit("FAIL: PyYAML not found; install it (Debian: apt-get install python3-yaml, or pip install pyyaml)")

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
RULES = HERE / "alerts" / "childproc-alerts.yml"
DASHBOARD = HERE / "dashboards" / "childproc.json"
README = ROOT / "README.md"
MONITORING_DOC = ROOT / "docs" / "monitoring.md"

SELECTOR = '{job=~"$job", instance=~"$instance"}'
ALLOWED_VARIABLES = {"$job", "$instance", "$__rate_interval"}


def github_anchors(markdown):
    """The anchors GitHub gives the headings of a Markdown text."""
    anchors = set()
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        heading = line.lstrip("#").strip().lower()
        heading = re.sub(r"[^\w\- ]", "", heading)
        anchors.add(heading.replace(" ", "-"))
    return anchors


def page_anchors(page):
    """The anchors of a page of the project given as a relative path, or None when the page does not exist."""
    path = ROOT / page
    return github_anchors(path.read_text(encoding="utf-8")) if path.is_file() else None


def lint_rules():
    problems = []
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    count = 0
    for group in rules["groups"]:
        for rule in group["rules"]:
            if "alert" not in rule:
                continue
            count += 1
            where = f"{rule['alert']}{{{', '.join(f'{k}={v}' for k, v in (rule.get('labels') or {}).items())}}}"
            severity = (rule.get("labels") or {}).get("severity")
            if severity not in ("warning", "critical"):
                problems.append(f"{where}: severity is {severity!r}, not warning or critical")
            annotations = rule.get("annotations") or {}
            for key in ("summary", "description"):
                text = annotations.get(key, "")
                for label in ("$labels.job", "$labels.instance"):
                    if label not in text:
                        problems.append(f"{where}: the {key} does not name {{{{ {label} }}}}")
            runbook = annotations.get("runbook_url", "")
            match = re.fullmatch(r"(README\.md|docs/[\w-]+\.md)#([\w-]+)", runbook)
            if not match:
                problems.append(f"{where}: runbook_url {runbook!r} is not README.md#<anchor> or docs/<page>.md#<anchor>")
                continue
            anchors = page_anchors(match.group(1))
            if anchors is None:
                problems.append(f"{where}: runbook_url {runbook!r}: {match.group(1)} does not exist")
            elif match.group(2) not in anchors:
                problems.append(f"{where}: runbook_url {runbook!r}: {match.group(1)} has no heading with that anchor")
    return count, problems


def lint_dashboard(readme):
    problems = []
    try:
        dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return 0, [f"{DASHBOARD.name} is not valid JSON: {error}"]
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    datasource = variables.get("datasource", {})
    if datasource.get("type") != "datasource" or datasource.get("query") != "prometheus":
        problems.append("no 'datasource' variable of type datasource for Prometheus")
    for name in ("job", "instance"):
        variable = variables.get(name, {})
        if variable.get("type") != "query" or variable.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f"no '{name}' query variable on the ${{datasource}} data source")
    if not isinstance(dashboard.get("schemaVersion"), int) or dashboard["schemaVersion"] < 36:
        problems.append(f"schemaVersion {dashboard.get('schemaVersion')!r}: give 36 or later (Grafana 9+)")
    panels = dashboard.get("panels", [])
    ids = [panel.get("id") for panel in panels]
    if len(set(ids)) != len(ids):
        problems.append(f"panel ids are not unique: {ids}")
    for panel in panels:
        title = panel.get("title")
        if not title:
            problems.append(f"panel {panel.get('id')} has no title")
            continue
        if f"**{title}**" not in readme:
            problems.append(f"panel '{title}': neither the README nor docs/monitoring.md shows it (as **{title}**)")
        if panel.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f"panel '{title}': its data source is not ${{datasource}}")
        targets = panel.get("targets") or []
        if not targets:
            problems.append(f"panel '{title}' has no query")
        for target in targets:
            expr = target.get("expr", "")
            where = f"panel '{title}', query {target.get('refId')}"
            series = re.findall(r"process_children_\w+(?:\{[^}]*\})?", expr)
            if not series:
                problems.append(f"{where}: reads no process_children_ series")
            for selector in series:
                if not selector.endswith(SELECTOR):
                    problems.append(f"{where}: {selector} does not select {SELECTOR}")
            unknown = set(re.findall(r"\$\{?\w+\}?", expr)) - ALLOWED_VARIABLES
            if unknown:
                problems.append(f"{where}: uses {sorted(unknown)}; only {sorted(ALLOWED_VARIABLES)} are filled in")
    return len(panels), problems


def main():
    shown = README.read_text(encoding="utf-8")
    if MONITORING_DOC.is_file():
        shown += "\n" + MONITORING_DOC.read_text(encoding="utf-8")
    alerts, rule_problems = lint_rules()
    panels, dashboard_problems = lint_dashboard(shown)
    problems = rule_problems + dashboard_problems
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"PASS: {alerts} alerting rules with severity, summary, description and a runbook; "
          f"{panels} dashboard panels on $datasource, filtered by $job and $instance, each shown in the docs")


if __name__ == "__main__":
    main()
