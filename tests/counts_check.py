#!/usr/bin/env python3
"""counts_check.py TLSEXPLAIN FILE... - the connection summary agrees with the
verdict, counts nothing twice, and no two findings cite the same evidence for
the same cause (issue 12, point 8; docs/evidence.md "Counting connections").

For each file, from `tlsexplain -f json` (and the text report for the
explicit wording), prints "ok - FILE" or "not ok - FILE: WHY", then the
closing "N passed, M failed" line of the suites.

  1. a FAILURE verdict has at least one failed connection; a SUCCESS none
  2. completed and failed exclude each other: completed + failed <= connections
  3. a connection that failed after its handshake completed is counted failed
     and said so in the text ("after its/their handshake completed")
  4. the failure groups add up to the failed count, each with a 16-hex-digit
     fingerprint of its own, first_line <= last_line, count >= 1
  5. no two reported findings of one category cite the very same lines
"""
import json
import re
import subprocess
import sys


def problems(tx, path):
    out = subprocess.run([tx, "-f", "json", path], capture_output=True, text=True)
    try:
        d = json.loads(out.stdout)
    except ValueError:
        return ["no JSON report (exit %d)" % out.returncode]
    bad = []
    s, v = d["summary"], d["verdict"]
    conns, done, failed = s["connections"], s["completed"], s["failed"]
    after = s.get("failed_after_completed", 0)
    if v == "failure" and failed < 1:
        bad.append("FAILURE verdict with %d failed connections" % failed)
    if v == "success" and failed:
        bad.append("SUCCESS verdict with %d failed connections" % failed)
    if done + failed > conns:
        bad.append("%d completed + %d failed > %d connections (counted twice)" % (done, failed, conns))
    if after > failed:
        bad.append("%d failed after completing > %d failed" % (after, failed))
    if after:
        text = subprocess.run([tx, "--color", "never", "--width", "200", path], capture_output=True, text=True).stdout
        if not re.search(r"\d+ failed \((all )?\d+ after (its|their) handshake completed\)", text):
            bad.append("%d failed after the handshake completed, not said in the text report" % after)
    groups = s.get("failures", [])
    total = sum(g["count"] for g in groups) + s.get("other_failures", 0)
    if total != failed:
        bad.append("failure groups hold %d connections, %d failed" % (total, failed))
    fps = [g["fingerprint"] for g in groups]
    if len(set(fps)) != len(fps):
        bad.append("a fingerprint is listed twice")
    for g in groups:
        if not re.fullmatch(r"[0-9a-f]{16}", g["fingerprint"]):
            bad.append("fingerprint %r is not 16 hex digits" % g["fingerprint"])
        if g["count"] < 1 or g["first_line"] > g["last_line"]:
            bad.append("failure group %s: count %d, lines %d..%d" % (g["fingerprint"], g["count"], g["first_line"], g["last_line"]))
    seen = {}
    for f in d["findings"]:
        lines = tuple(e["line"] for e in f["evidence"])
        if not lines:
            continue
        key = (f["category"], lines)
        if key in seen:
            bad.append("%s and %s (%s) cite the same lines %s" % (seen[key], f["id"], f["category"], list(lines)))
        seen[key] = f["id"]
    return bad


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: counts_check.py TLSEXPLAIN FILE...\n")
        return 2
    tx = sys.argv[1]
    npass = nfail = 0
    for path in sys.argv[2:]:
        bad = problems(tx, path)
        if bad:
            nfail += 1
            print("not ok - counts %s: %s" % (path, "; ".join(bad)))
        else:
            npass += 1
            print("ok - counts %s" % path)
    print("%d passed, %d failed" % (npass, nfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
