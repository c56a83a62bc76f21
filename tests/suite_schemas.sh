#!/bin/sh
# Every JSON output has a JSON Schema in docs/ and every object carries its schema's name and
# version ("schema"): explain (report-v1), events (events-v1), timeline (timeline-v1), compare
# (compare-v1), rules list (rules-v1).  The output of every fixture is validated against them
# (tests/validate_json.py, Debian's python3-jsonschema).
. tests/lib.sh
S=$OUT/schemas
rm -rf "$S"
mkdir -p "$S"
PY=/usr/bin/python3
if ! $PY -c 'import jsonschema' 2>/dev/null; then
    notok "python3-jsonschema is not installed (tools/setup-debian.sh)"
    finish
    exit 1
fi
V() { $PY tests/validate_json.py "$@"; }
ALL="fixtures/lab/*.log fixtures/public/*.log fixtures/tools/*.txt fixtures/lab/evidence/*.txt"
# each schema is itself valid, names its version, and requires the "schema" field of its outputs
for n in report events timeline compare rules; do
    f=docs/$n-v1.schema.json
    if $PY -c "import json,sys,jsonschema; s=json.load(open('$f')); jsonschema.validators.validator_for(s).check_schema(s); sys.exit(0 if s['properties']['schema']['const']=='$n-v1' else 1)" 2>"$S/check.err"; then
        ok "$f is a valid schema for \"schema\":\"$n-v1\""
    else
        notok "$f"; head -3 "$S/check.err" | sed 's/^/    /'
    fi
done
# the validation sees a wrong object: a record without its schema field, an event of an unknown type
printf '{"file":"x","line":1,"type":"target","conn":0}\n' >"$S/no-schema.jsonl"
printf '{"schema":"events-v1","file":"x","line":1,"type":"nonsense","conn":0}\n' >"$S/bad-type.jsonl"
V --lines docs/events-v1.schema.json "$S/no-schema.jsonl" >/dev/null && notok "an event without schema validates" || ok "an event without \"schema\" is invalid"
V --lines docs/events-v1.schema.json "$S/bad-type.jsonl" >/dev/null && notok "an unknown event type validates" || ok "an unknown event type is invalid"

# every fixture, every JSON output (one run per command over all fixtures: JSON Lines)
# shellcheck disable=SC2086
"$TX" --format json $ALL "$S/no-such.log" >"$S/explain.jsonl" 2>/dev/null
"$TX" events --format json $ALL >"$S/events.jsonl" 2>/dev/null
"$TX" timeline --format json $ALL >"$S/timeline.jsonl" 2>/dev/null
"$TX" rules list --format json >"$S/rules.jsonl" 2>/dev/null
"$TX" rules list --format json --rules rules/contrib >"$S/rules-contrib.jsonl" 2>/dev/null
for c in "report explain" "events events" "timeline timeline" "rules rules" "rules rules-contrib"; do
    set -- $c
    if V --lines docs/$1-v1.schema.json "$S/$2.jsonl" >"$S/$2.valid" 2>&1; then
        ok "$2: $(sed 's/^valid [^ ]* //' "$S/$2.valid") valid against docs/$1-v1.schema.json"
    else
        notok "$2 output invalid"; head -c 600 "$S/$2.valid" | sed 's/^/    /'
    fi
    n=$(grep -c . "$S/$2.jsonl")
    m=$(grep -c "^{\"schema\":\"$1-v1\"," "$S/$2.jsonl")
    [ "$n" -gt 0 ] && [ "$n" -eq "$m" ] && ok "$2: every one of $n objects starts with its schema version" || notok "$2: $m of $n objects carry \"schema\""
done
# the events schema names every event type of the model (parser/events.def), and no other
want=$(sed -n 's/^EV([A-Z_]*, *"\([a-z]*\)".*/\1/p' parser/events.def | sort | tr '\n' ' ')
have=$($PY -c "import json; print(' '.join(sorted(json.load(open('docs/events-v1.schema.json'))['properties']['type']['enum'])))")
[ -n "$want" ] && [ "$want" = "$have " ] && ok "the events schema lists every event type of parser/events.def" ||
    notok "events schema types '$have', parser/events.def '$want'"
# compare: every lab log against a working one, and the pairs of suite_compare's goldens
: >"$S/compare.jsonl"
OKL=fixtures/lab/ok-tls13-rsa-app-truststore.log
for f in fixtures/lab/*.log fixtures/public/0[0-2]*.log; do
    "$TX" compare --format json "$OKL" "$f" >>"$S/compare.jsonl" 2>/dev/null
done
"$TX" compare --format json fixtures/lab/expired-leaf-tls13.log "$OKL" >>"$S/compare.jsonl" 2>/dev/null
"$TX" compare --format json fixtures/lab/expired-leaf-tls13.log fixtures/lab/expired-leaf-tls13.log >>"$S/compare.jsonl" 2>/dev/null
if V --lines docs/compare-v1.schema.json "$S/compare.jsonl" >"$S/compare.valid" 2>&1; then
    ok "compare: $(sed 's/^valid [^ ]* //' "$S/compare.valid") valid against docs/compare-v1.schema.json"
else
    notok "compare output invalid"; head -c 600 "$S/compare.valid" | sed 's/^/    /'
fi
n=$(grep -c . "$S/compare.jsonl")
m=$(grep -c '^{"schema":"compare-v1",' "$S/compare.jsonl")
[ "$n" -gt 0 ] && [ "$n" -eq "$m" ] && ok "compare: every one of $n objects starts with its schema version" || notok "compare: $m of $n carry \"schema\""
# --redact changes no shape
"$TX" --redact --format json fixtures/lab/hostname-mismatch-san.log >"$S/redact.jsonl" 2>/dev/null
"$TX" events --redact --format json fixtures/lab/hostname-mismatch-san.log >"$S/redact-events.jsonl" 2>/dev/null
V --lines docs/report-v1.schema.json "$S/redact.jsonl" >/dev/null && V --lines docs/events-v1.schema.json "$S/redact-events.jsonl" >/dev/null &&
    ok "--redact output stays valid" || notok "--redact output invalid"
rm -rf "$S"
finish
