#!/usr/bin/env python3
"""Writes the Kubernetes PrometheusRule manifest from the Prometheus alerting rules, or checks that it matches them.

    monitoring/prometheusrule.py           # writes monitoring/kubernetes/childproc-prometheusrule.yaml
    monitoring/prometheusrule.py --check   # fails unless the manifest holds the same groups and rules

The manifest's spec.groups is the rules file's groups, unchanged: one source of truth, two packagings. --check
compares the parsed groups rule by rule (so it says which rule differs), then the whole text with what this script
writes (so a hand edit of the manifest fails too). Needs PyYAML (Debian: apt-get install python3-yaml).
"""
import argparse
import pathlib
import sys

try:
    import yaml
except ImportError:
    sys.exit("FAIL: PyYAML not found; install it (Debian: apt-get install python3-yaml, or pip install pyyaml)")

HERE = pathlib.Path(__file__).resolve().parent
RULES = HERE / "alerts" / "childproc-alerts.yml"
MANIFEST = HERE / "kubernetes" / "childproc-prometheusrule.yaml"

HEADER = """\
# Generated from monitoring/alerts/childproc-alerts.yml by monitoring/prometheusrule.py: do not edit by hand, change
# the rules file and run the script again (monitoring/test.sh fails when the two differ).
#
# The childproc alerting rules as a PrometheusRule for the Prometheus Operator (kube-prometheus, kube-prometheus-stack).
# Apply it in the namespace your Prometheus reads rules from, with the labels its ruleSelector asks for, for example:
#   kubectl apply -n monitoring -f childproc-prometheusrule.yaml
#   kubectl label -n monitoring prometheusrule childproc release=kube-prometheus-stack
"""


def load(path):
    try:
        with open(path, encoding="utf-8") as stream:
            return yaml.safe_load(stream)
    except FileNotFoundError:
        sys.exit(f"FAIL: {path} not found")
    except yaml.YAMLError as error:
        sys.exit(f"FAIL: {path} is not valid YAML: {error}")


class _Dumper(yaml.SafeDumper):
    """Writes long annotations folded (">-"), as the rules file does, instead of wrapping plain scalars."""


def _string(dumper, value):
    style = ">" if len(value) > 80 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def manifest_text(rules):
    manifest = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {
            "name": "childproc",
            "labels": {
                "app.kubernetes.io/name": "childproc",
                "app.kubernetes.io/component": "alerting-rules",
            },
        },
        "spec": {"groups": rules["groups"]},
    }
    return HEADER + yaml.dump(manifest, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=120, allow_unicode=True)


def rule_id(rule):
    labels = rule.get("labels") or {}
    extra = ",".join(f"{key}={labels[key]}" for key in ("severity", "limit") if key in labels)
    return f"{rule.get('alert') or rule.get('record')}{{{extra}}}"


def differences(expected_groups, actual_groups):
    """Says, group by group and rule by rule, where the manifest's groups differ from the rules file's."""
    found = []
    expected_names = [group.get("name") for group in expected_groups]
    actual_names = [group.get("name") for group in actual_groups]
    if expected_names != actual_names:
        found.append(f"groups {actual_names} in the manifest, {expected_names} in the rules file")
    for expected, actual in zip(expected_groups, actual_groups):
        name = expected.get("name")
        for key in sorted((set(expected) | set(actual)) - {"rules"}):
            if expected.get(key) != actual.get(key):
                found.append(f"group {name}: {key} is {actual.get(key)!r} in the manifest, {expected.get(key)!r} in the rules file")
        expected_rules = expected.get("rules") or []
        actual_rules = actual.get("rules") or []
        expected_ids = [rule_id(r) for r in expected_rules]
        actual_ids = [rule_id(r) for r in actual_rules]
        if expected_ids != actual_ids:
            missing = [r for r in expected_ids if r not in actual_ids]
            extra = [r for r in actual_ids if r not in expected_ids]
            found.append(f"group {name}: the manifest's rules differ from the rules file's"
                         + (f"; missing from the manifest: {missing}" if missing else "")
                         + (f"; only in the manifest: {extra}" if extra else "")
                         + ("" if missing or extra else "; in another order"))
            continue
        for index, (want, have) in enumerate(zip(expected_rules, actual_rules)):
            for key in sorted(set(want) | set(have)):
                if want.get(key) != have.get(key):
                    found.append(f"group {name}, rule {index + 1} ({rule_id(want)}): {key} is {have.get(key)!r} "
                                 f"in the manifest, {want.get(key)!r} in the rules file")
    return found


def check(rules):
    if not MANIFEST.exists():
        return [f"{MANIFEST.relative_to(HERE.parent)} is missing"]
    manifest = load(MANIFEST)
    problems = []
    if manifest.get("apiVersion") != "monitoring.coreos.com/v1" or manifest.get("kind") != "PrometheusRule":
        problems.append(f"the manifest is a {manifest.get('apiVersion')}/{manifest.get('kind')}, "
                        "not a monitoring.coreos.com/v1 PrometheusRule")
    problems += differences(rules["groups"], (manifest.get("spec") or {}).get("groups") or [])
    if not problems and MANIFEST.read_text(encoding="utf-8") != manifest_text(rules):
        problems.append("the manifest holds the same rules but is not what prometheusrule.py writes (edited by hand?)")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check the manifest instead of writing it")
    args = parser.parse_args()
    rules = load(RULES)
    if not isinstance(rules, dict) or not rules.get("groups"):
        sys.exit(f"FAIL: {RULES} has no groups")
    summary = ", ".join(f"{group['name']}: {len(group.get('rules') or [])} rules" for group in rules["groups"])
    if args.check:
        problems = check(rules)
        if problems:
            for problem in problems:
                print(f"FAIL: {problem}", file=sys.stderr)
            print("Run monitoring/prometheusrule.py to write the manifest again.", file=sys.stderr)
            sys.exit(1)
        print(f"PASS: {MANIFEST.relative_to(HERE.parent)} holds the groups of {RULES.relative_to(HERE.parent)} ({summary})")
    else:
        MANIFEST.parent.mkdir(parents=True, exist_ok=True)
        MANIFEST.write_text(manifest_text(rules), encoding="utf-8")
        print(f"wrote {MANIFEST.relative_to(HERE.parent)} ({summary})")


if __name__ == "__main__":
    main()
