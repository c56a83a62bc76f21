#!/bin/sh
# CI formats: --format sarif validated against the official SARIF 2.1.0 schema (vendored in
# tests/sarif/, see its README; python3-jsonschema from Debian) for every fixture, and checked
# against the JSON report of the same run (one result per finding, evidence lines as locations,
# rule metadata); --fail-on CATEGORY|confidence:N decides the exit status.
. tests/lib.sh
C=$OUT/ci
rm -rf "$C"
mkdir -p "$C"
PY=/usr/bin/python3
SCHEMA=tests/sarif/sarif-schema-2.1.0.json
if ! $PY -c 'import jsonschema' 2>/dev/null; then
    notok "python3-jsonschema is not installed (tools/setup-debian.sh): SARIF cannot be validated"
    finish
    exit 1
fi
# the validator works: a valid minimal log passes, a wrong version and a result without a
# message are refused
printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[]}]}' >"$C/min.sarif"
printf '{"version":"2.0.0","runs":[]}' >"$C/bad-version.sarif"
printf '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r"}]}]}' >"$C/bad-result.sarif"
$PY tests/validate_json.py $SCHEMA "$C/min.sarif" >/dev/null && ok "schema validator accepts a minimal SARIF log" || notok "validator refuses a minimal log"
$PY tests/validate_json.py $SCHEMA "$C/bad-version.sarif" >/dev/null && notok "validator accepts version 2.0.0" || ok "validator refuses version 2.0.0"
$PY tests/validate_json.py $SCHEMA "$C/bad-result.sarif" >/dev/null && notok "validator accepts a result without message" || ok "validator refuses a result without message"

# every fixture, in batches (a batch is one SARIF log, as in a CI job over many files), plus
# one input that cannot be read (an error notification) and standard input
sarif_batch() { # NAME FILE...
    name=$1
    shift
    "$TX" --format sarif "$@" >"$C/$name.sarif" 2>/dev/null
    st=$?
    "$TX" --format json "$@" >"$C/$name.jsonl" 2>/dev/null
    jst=$?
    if $PY tests/validate_json.py $SCHEMA "$C/$name.sarif" >"$C/$name.valid" 2>&1; then
        ok "$name: SARIF valid against the 2.1.0 schema"
    else
        notok "$name: SARIF invalid"; head -5 "$C/$name.valid" | sed 's/^/    /'
    fi
    if $PY tests/sarif/check.py "$C/$name.sarif" "$C/$name.jsonl" >"$C/$name.check" 2>&1; then
        ok "$name: $(tail -n 1 "$C/$name.check")"
    else
        notok "$name: SARIF and JSON disagree"; head -5 "$C/$name.check" | sed 's/^/    /'
    fi
    code=$(jq '.runs[0].invocations[0].exitCode' "$C/$name.sarif" 2>/dev/null)
    [ "$st" = "$jst" ] && [ "$code" = "$st" ] && ok "$name: exit $st, as JSON's and the invocation's" ||
        notok "$name: exit $st, JSON $jst, invocation $code"
}
sarif_batch lab fixtures/lab/*.log
sarif_batch public fixtures/public/*.log
sarif_batch tools fixtures/tools/*.txt
sarif_batch evidence fixtures/lab/evidence/*.txt
sarif_batch missing-input fixtures/lab/expired-leaf-tls13.log "$C/no-such.log"
"$TX" --format sarif - <fixtures/lab/hostname-mismatch-san.log >"$C/stdin.sarif" 2>/dev/null
"$TX" --format json - <fixtures/lab/hostname-mismatch-san.log >"$C/stdin.jsonl" 2>/dev/null
$PY tests/validate_json.py $SCHEMA "$C/stdin.sarif" >/dev/null && $PY tests/sarif/check.py "$C/stdin.sarif" "$C/stdin.jsonl" >/dev/null &&
    [ "$(jq -r '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri' "$C/stdin.sarif")" = stdin ] &&
    ok "stdin: valid, uri 'stdin'" || notok "stdin SARIF"
# a file name with a space and a '%' is percent-encoded in the URI (still valid)
cp fixtures/lab/expired-leaf-tls13.log "$C/my log 100%.log"
"$TX" --format sarif "$C/my log 100%.log" >"$C/space.sarif" 2>/dev/null
$PY tests/validate_json.py $SCHEMA "$C/space.sarif" >/dev/null &&
    jq -r '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri' "$C/space.sarif" | grep -q 'my%20log%20100%25.log$' &&
    ok "a file name with a space and %: percent-encoded URI" || notok "file name URI"
# --redact reaches SARIF too
"$TX" --redact --format sarif fixtures/lab/hostname-mismatch-san.log >"$C/redact.sarif" 2>/dev/null
host=$("$TX" --format json fixtures/lab/hostname-mismatch-san.log 2>/dev/null | jq -r '.findings[0].evidence[].text' | grep -o '[a-z0-9-]*\.[a-z0-9.-]*\.example' | head -n 1)
[ -n "$host" ] && ! grep -q "$host" "$C/redact.sarif" && $PY tests/validate_json.py $SCHEMA "$C/redact.sarif" >/dev/null &&
    ok "--redact --format sarif masks $host" || notok "--redact sarif shows '$host'"
# SARIF is for explain and capture
for cmd in "events" "timeline" "rules list" "compare fixtures/lab/ok-tls13-rsa-app-truststore.log"; do
    "$TX" $cmd --format sarif fixtures/lab/expired-leaf-tls13.log >/dev/null 2>&1
    st=$?; [ $st -eq 2 ] && ok "$cmd --format sarif: usage error" || notok "$cmd --format sarif: exit $st"
done

# --fail-on: the exit status follows the condition, computed here from the JSON report
E=fixtures/lab/expired-leaf-tls13.log
OKL=fixtures/lab/ok-tls13-rsa-app-truststore.log
"$TX" --format json $E >"$C/e.json" 2>/dev/null
"$TX" --format json $OKL >"$C/ok.json" 2>/dev/null
top=$(jq -r '.top_category' "$C/e.json")
maxc=$(jq '[.findings[].confidence] | max // 0' "$C/e.json")
other=$("$TX" rules list --format json | jq -r '.category' | sort -u | grep -v -x "$top" | head -n 1)
failon() { # EXPECTED-STATUS DESCRIPTION ARGS...
    want=$1 d=$2
    shift 2
    "$TX" "$@" >/dev/null 2>"$C/failon.err"
    st=$?
    [ $st -eq "$want" ] && ok "--fail-on: $d (exit $st)" || { notok "--fail-on: $d: exit $st, want $want"; head -2 "$C/failon.err" | sed 's/^/    /'; }
}
failon 1 "the failure's category $top" --fail-on "$top" $E
failon 0 "another category ($other) on that failure" --fail-on "$other" $E
failon 1 "one of two categories matches" --fail-on "$other" --fail-on "$top" $E
failon 1 "confidence:$maxc (its top confidence)" --fail-on "confidence:$maxc" $E
[ "$maxc" -lt 100 ] && failon 0 "confidence:$((maxc + 1)) (above every finding)" --fail-on "confidence:$((maxc + 1))" $E
n_ok=$(jq '.findings | length' "$C/ok.json")
failon "$([ "$n_ok" -gt 0 ] && echo 1 || echo 0)" "confidence:0 on a working log with $n_ok findings" --fail-on confidence:0 $OKL
failon 0 "$top on a working log" --fail-on "$top" $OKL
failon 1 "several files, one matches" --fail-on "$top" $OKL $E
failon 4 "an input error wins" --fail-on "$top" $E "$C/no-such.log"
failon 2 "an unknown category" --fail-on no-such-category $E
grep -q "no rule has the category 'no-such-category'" "$C/failon.err" && ok "--fail-on: the unknown category is named" || notok "--fail-on unknown category message"
failon 2 "confidence:101" --fail-on confidence:101 $E
failon 2 "confidence:" --fail-on confidence: $E
failon 2 "an option not for events" events --fail-on "$top" $E
failon 1 "compare: the failing log's category" compare --fail-on "$top" $OKL $E
failon 0 "compare: another category" compare --fail-on "$other" $OKL $E
failon 1 "with --format sarif" --format sarif --fail-on "$top" $E
"$TX" --format sarif --fail-on "$other" $E >"$C/fo.sarif" 2>/dev/null
st=$?
[ $st -eq 0 ] && [ "$(jq '.runs[0].invocations[0].exitCode' "$C/fo.sarif")" = 0 ] && [ "$(jq '.runs[0].results | length' "$C/fo.sarif")" -gt 0 ] &&
    ok "--fail-on with sarif: results kept, exit 0 recorded" || notok "--fail-on sarif exit $st"
rm -rf "$C"
finish
