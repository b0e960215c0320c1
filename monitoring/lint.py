#!/usr/bin/env python3
"""Checks what promtool does not: the alerts' labels, annotations and runbook links, and the Grafana dashboard.

    monitoring/lint.py

Alerts: every rule has severity warning or critical, a summary and a description that name {{ $labels.job }} and
{{ $labels.instance }}, and a runbook_url "docs/monitoring.md#<anchor>" whose heading exists in that page
(the anchor as GitHub makes it from the heading).
Dashboard: the datasource, job and instance variables; every panel titled, on the ${datasource} data source, with
queries that select every childproc series by job=~"$job" and instance=~"$instance" and use no other variable than
$__rate_interval; every panel title shown in docs/monitoring.md; and every query of every panel named in the
README's listing of what the panels showed ("panel '<title>' query <refId>"). Prints each problem and exits 1 when there is one.
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
RUNBOOKS = "docs/monitoring.md"
DOCS = ROOT / RUNBOOKS
README = ROOT / "README.md"
MONITORING_DOC = ROOT / "docs" / "monitoring.md"

SELECTOR = '{job=~"$job", instance=~"$instance"}'
ALLOWED_VARIABLES = {"$job", "$instance", "$__rate_interval"}


def github_anchors(markdown):
    """The anchors GitHub gives the headings of a Markdown text (a repeated heading gets -1, -2, ...)."""
    anchors = set()
    seen = {}
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not re.match(r"#{1,6} ", line):
            continue
        heading = line.lstrip("#").strip().lower()
        heading = re.sub(r"[^\w\- ]", "", heading).replace(" ", "-")
        count = seen.get(heading, 0)
        seen[heading] = count + 1
        anchors.add(heading if count == 0 else f"{heading}-{count}")
    return anchors


def lint_rules(docs):
    problems = []
    anchors = github_anchors(docs)
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
            match = re.fullmatch(re.escape(RUNBOOKS) + r"#([\w-]+)", runbook)
            if not match:
                problems.append(f"{where}: runbook_url {runbook!r} is not {RUNBOOKS}#<anchor>")
            elif match.group(1) not in anchors:
                problems.append(f"{where}: runbook_url {runbook!r}: {RUNBOOKS} has no heading with that anchor")
    return count, problems


def lint_dashboard(docs, readme):
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
        if f"**{title}**" not in docs:
            problems.append(f"panel '{title}': {RUNBOOKS} does not show it (as **{title}**)")
        if panel.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f"panel '{title}': its data source is not ${{datasource}}")
        targets = panel.get("targets") or []
        if not targets:
            problems.append(f"panel '{title}' has no query")
        for target in targets:
            expr = target.get("expr", "")
            where = f"panel '{title}', query {target.get('refId')}"
            if f"panel '{title}' query {target.get('refId')} " not in readme:
                problems.append(f"{where}: README.md's listing of the panels does not show it")
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
    docs = DOCS.read_text(encoding="utf-8")
    alerts, rule_problems = lint_rules(docs)
    panels, dashboard_problems = lint_dashboard(docs, README.read_text(encoding="utf-8"))
    problems = rule_problems + dashboard_problems
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"PASS: {alerts} alerting rules with severity, summary, description and a runbook in {RUNBOOKS}; "
          f"{panels} dashboard panels on $datasource, filtered by $job and $instance, each shown in {RUNBOOKS}")


if __name__ == "__main__":
    main()
