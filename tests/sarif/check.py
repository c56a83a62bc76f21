#!/usr/bin/python3
"""check.py SARIF JSONL: the SARIF log says what the JSON Lines report of the
same run says.  One result per reported finding (same file, rule id, kind
-> level, confidence -> rank), its locations the finding's evidence lines
(file and line), ruleIndex pointing at its rule, every rule of the run's
tool with the id, title and category that `rules list` gives, failed
inputs as error notifications.  Prints "not ok - ..." lines; exit 1 on any."""
import json
import sys
import urllib.parse

LEVEL = {"cause": "error", "risk": "warning", "note": "note"}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        log = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    bad = []
    if log.get("version") != "2.1.0" or len(log.get("runs", [])) != 1:
        bad.append("not one SARIF 2.1.0 run")
        print("\n".join("not ok - " + b for b in bad))
        return 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    if len(rules) < 10 or len({r["id"] for r in rules}) != len(rules):
        bad.append("rules missing or not unique: %d" % len(rules))
    expected = []
    errors = []
    for rec in records:
        if rec.get("verdict") == "error":
            errors.append(rec["error"])
            continue
        for fd in rec["findings"]:
            expected.append((rec["file"], fd))
    if len(results) != len(expected):
        bad.append("%d results for %d findings" % (len(results), len(expected)))
    for res, (file, fd) in zip(results, expected):
        where = "%s %s" % (file, fd["id"])
        if res["ruleId"] != fd["id"]:
            bad.append("%s: result %s out of order" % (where, res["ruleId"]))
            continue
        rule = rules[res["ruleIndex"]]
        # a finding has its rule's category, or one an `adjust` item of the rule gives
        # (the rule's tags list them after its own)
        if rule["id"] != fd["id"] or rule["shortDescription"]["text"] != fd["title"] or fd["category"] not in rule["properties"]["tags"] \
                or res["properties"]["category"] != fd["category"]:
            bad.append("%s: ruleIndex %d is %s" % (where, res["ruleIndex"], rule["id"]))
        if res["level"] != LEVEL[fd["kind"]] or res["rank"] != fd["confidence"]:
            bad.append("%s: level %s rank %s" % (where, res["level"], res["rank"]))
        if not res["message"]["text"].startswith(fd["title"]):
            bad.append("%s: message does not start with the title" % where)
        want = [(file, ev["line"]) for ev in fd["evidence"]] or [(file, None)]
        got = []
        for loc in res["locations"]:
            pl = loc["physicalLocation"]
            uri = urllib.parse.unquote(pl["artifactLocation"]["uri"])
            got.append(("-" if uri == "stdin" else uri, pl.get("region", {}).get("startLine")))
        if got != want:
            bad.append("%s: locations %s, evidence %s" % (where, got[:3], want[:3]))
    inv = run["invocations"][0]
    notes = [n["message"]["text"] for n in inv.get("toolExecutionNotifications", [])]
    if notes != errors or inv["executionSuccessful"] != (not errors):
        bad.append("notifications %s for errors %s" % (notes, errors))
    for b in bad[:20]:
        print("not ok - " + b)
    print("checked %d results, %d rules, %d notifications" % (len(results), len(rules), len(notes)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
