#!/bin/sh
# The user's configuration: rules from $XDG_CONFIG_HOME/tlsexplain/rules.d/
# (else ~/.config/...) and from TLSEXPLAIN_RULES load after the shipped
# rulebook and before --rules (a same id replaces the rule before it);
# --no-config skips both; errors name the file; rules list says where each
# rule came from; --version lists the paths.
. tests/lib.sh
C=$OUT/config
rm -rf "$C"
mkdir -p "$C/xdg/tlsexplain/rules.d" "$C/home/.config/tlsexplain/rules.d" "$C/env"
note() { sed "s/@FROM@/$2/g" tests/config/site-note.yaml.in >"$1"; }
note "$C/xdg/tlsexplain/rules.d/site.yaml" rules.d
note "$C/home/.config/tlsexplain/rules.d/site.yaml" home
note "$C/env/a.yaml" env-a
note "$C/env/b.yaml" env-b
note "$C/opt.yaml" --rules
log=fixtures/lab/expired-leaf-tls13.log
base=$("$TX" rules list | grep -c .)
title() { "$TX" rules list --format json "$@" | jq -r 'select(.id == "site-validity-note") | .title + " | " + .origin + " | " + .file'; }

# rules.d under XDG_CONFIG_HOME
export XDG_CONFIG_HOME="$(pwd)/$C/xdg"
got=$(title)
[ "$got" = "Site note from rules.d | config | $XDG_CONFIG_HOME/tlsexplain/rules.d/site.yaml" ] && ok "rules.d under XDG_CONFIG_HOME loads" || notok "XDG rules.d: '$got'"
n=$("$TX" rules list | grep -c .)
[ "$n" -eq $((base + 1)) ] && ok "rules list counts the config rule ($n)" || notok "rules list: $n rules, expected $((base + 1))"
"$TX" rules list | grep -q "^site-validity-note .*Site note from rules.d  \[config $XDG_CONFIG_HOME/tlsexplain/rules.d/site.yaml:3\]\$" &&
    ok "rules list (text) names the origin and file:line of a config rule" || notok "rules list text origin: $("$TX" rules list | grep site-)"
"$TX" rules list | grep '^cert-expired ' | grep -q '\[' && notok "a shipped rule's line changed" || ok "a shipped rule's line is unchanged"
[ "$("$TX" rules list --format json | jq -r 'select(.id == "cert-expired") | .origin')" = builtin ] && ok "rules list JSON: shipped rules are origin builtin" || notok "builtin origin"
"$TX" "$log" >"$OUT/config-explain.txt" 2>&1
grep -q 'Site note from rules.d' "$OUT/config-explain.txt" && ok "explain uses the config rule" || notok "explain ignores rules.d"
"$TX" --no-config "$log" >"$OUT/config-noconfig.txt" 2>&1
grep -q 'Site note' "$OUT/config-noconfig.txt" && notok "--no-config still loads rules.d" || ok "--no-config skips rules.d"
[ "$("$TX" rules list --no-config | grep -c .)" -eq "$base" ] && ok "rules list --no-config: the shipped rules only" || notok "rules list --no-config count"
for cmd in "timeline|$log" "compare|fixtures/lab/ok-tls13-rsa-app-truststore.log $log" "events|$log" "rules|check" "explain|$log"; do
    "$TX" ${cmd%%|*} --no-config ${cmd#*|} >/dev/null 2>"$OUT/config-cmd.err"
    st=$?
    [ $st -ne 2 ] && ok "--no-config is accepted by '${cmd%%|*}'" || notok "--no-config refused by '${cmd%%|*}': $(cat "$OUT/config-cmd.err")"
done
# rules check (no PATH) checks the config rules too; rules check PATH only PATH
"$TX" rules check >"$OUT/config-check.txt" 2>&1 && grep -q "^$((base + 1)) rules checked" "$OUT/config-check.txt" &&
    ok "rules check checks the shipped and the config rules" || notok "rules check: $(cat "$OUT/config-check.txt")"

# XDG_CONFIG_HOME unset, empty or relative: ~/.config
for x in unset "" relative/dir; do
    if [ "$x" = unset ]; then got=$(env -u XDG_CONFIG_HOME HOME="$(pwd)/$C/home" sh -c 'title() { "$1" rules list --format json | jq -r "select(.id == \"site-validity-note\") | .title"; }; title "$0"' "$TX")
    else got=$(env XDG_CONFIG_HOME="$x" HOME="$(pwd)/$C/home" "$TX" rules list --format json | jq -r 'select(.id == "site-validity-note") | .title'); fi
    [ "$got" = "Site note from home" ] && ok "XDG_CONFIG_HOME ${x:-empty}: ~/.config/tlsexplain/rules.d" || notok "XDG_CONFIG_HOME '$x': '$got'"
done
# a missing rules.d is no error
env XDG_CONFIG_HOME="$(pwd)/$C/nowhere" "$TX" "$log" >/dev/null 2>"$OUT/config-none.err"
[ $? -eq 1 ] && [ ! -s "$OUT/config-none.err" ] && ok "no rules.d: nothing, silently" || notok "no rules.d: $(cat "$OUT/config-none.err")"

# precedence: shipped < rules.d < TLSEXPLAIN_RULES (in its order) < --rules
export TLSEXPLAIN_RULES="$C/env/a.yaml::$C/env/b.yaml"
case $(title) in "Site note from env-b | TLSEXPLAIN_RULES | $C/env/b.yaml") ok "TLSEXPLAIN_RULES after rules.d, in its order (empty element skipped)" ;;
    *) notok "TLSEXPLAIN_RULES precedence: '$(title)'" ;; esac
case $(title --rules "$C/opt.yaml") in "Site note from --rules | --rules | $C/opt.yaml") ok "--rules after TLSEXPLAIN_RULES" ;;
    *) notok "--rules precedence: '$(title --rules "$C/opt.yaml")'" ;; esac
TLSEXPLAIN_RULES="$C/env" title | grep -q '^Site note from env-b | TLSEXPLAIN_RULES' && ok "TLSEXPLAIN_RULES takes a directory" || notok "TLSEXPLAIN_RULES directory"
case $(title --no-config --rules "$C/opt.yaml") in "Site note from --rules | --rules |"*) ok "--no-config keeps --rules" ;; *) notok "--no-config --rules" ;; esac
# a config rule replaces a shipped one of the same id
cp tests/config/override-expired.yaml "$C/xdg/tlsexplain/rules.d/zz-override.yaml"
"$TX" "$log" >"$OUT/config-override.txt" 2>&1
grep -q 'Expired, as our site explains it' "$OUT/config-override.txt" && ok "a config rule replaces the shipped rule of its id" || notok "override"
[ "$("$TX" rules list --format json | jq -r 'select(.id == "cert-expired") | .origin')" = config ] && ok "rules list: the replaced rule's origin is config" || notok "override origin"
[ "$("$TX" rules list | grep -c .)" -eq $((base + 1)) ] && ok "the replacement adds no rule" || notok "override count"
"$TX" --no-config "$log" | grep -q 'Expired, as our site' && notok "--no-config keeps the override" || ok "--no-config: the shipped rule again"
rm "$C/xdg/tlsexplain/rules.d/zz-override.yaml"

# --version: the paths it would load, in order, and the count
"$TX" --version >"$OUT/config-version.txt" 2>&1
if grep -q "^config: $XDG_CONFIG_HOME/tlsexplain/rules.d (rules.d)\$" "$OUT/config-version.txt" &&
    grep -q "^config: $C/env/a.yaml (TLSEXPLAIN_RULES)\$" "$OUT/config-version.txt" &&
    grep -q "^config: $C/env/b.yaml (TLSEXPLAIN_RULES)\$" "$OUT/config-version.txt" &&
    grep -q "^rules: $((base + 1)) (with config)\$" "$OUT/config-version.txt"; then ok "--version lists the config paths and counts their rules"
else notok "--version:"; sed 's/^/    /' "$OUT/config-version.txt"; fi
"$TX" --rules "$C/opt.yaml" --version | grep -q "^rules: $((base + 1)) (with config and --rules)\$" && ok "--version: config and --rules" || notok "--version with --rules"
"$TX" --no-config --version | grep -q '^config: not loaded (--no-config)$' && ok "--version --no-config" || notok "--version --no-config"
env TLSEXPLAIN_RULES="$C/missing.yaml" "$TX" --version | grep -q "^config: $C/missing.yaml (TLSEXPLAIN_RULES, not found)\$" && ok "--version: a missing path is marked" || notok "--version missing"
env XDG_CONFIG_HOME="$(pwd)/$C/nowhere" TLSEXPLAIN_RULES= "$TX" --version | grep -q "^config: $(pwd)/$C/nowhere/tlsexplain/rules.d (rules.d, not found)\$" && ok "--version: no rules.d is marked" || notok "--version no rules.d"

# errors: file:line:col: error: ... naming the file, exit 3; --no-config gets past them
unset TLSEXPLAIN_RULES
cp tests/config/broken.yaml "$C/xdg/tlsexplain/rules.d/broken.yaml"
"$TX" "$log" >"$OUT/config-broken.out" 2>"$OUT/config-broken.err"
st=$?
f="$XDG_CONFIG_HOME/tlsexplain/rules.d/broken.yaml"
[ $st -eq 3 ] && ok "a broken rules.d file: exit 3" || notok "broken rules.d: exit $st"
grep -q "^$f:4:5: error: unknown key 'titel'" "$OUT/config-broken.err" && ok "the error is file:line:col: error: naming the config file" || { notok "broken rules.d message:"; sed 's/^/    /' "$OUT/config-broken.err"; }
grep -q "^help: did you mean 'title'?" "$OUT/config-broken.err" && ok "the error has its help line" || notok "no help line"
grep -q "^tlsexplain: note: '$XDG_CONFIG_HOME/tlsexplain/rules.d' is the user's configuration (rules.d); --no-config skips it\$" "$OUT/config-broken.err" && ok "a note says the file is configuration and how to skip it" || notok "no config note"
[ ! -s "$OUT/config-broken.out" ] && ok "no report with broken configuration" || notok "a report was printed"
"$TX" --no-config "$log" >/dev/null 2>&1
[ $? -eq 1 ] && ok "--no-config gets past a broken rules.d" || notok "--no-config with broken rules.d"
rm "$C/xdg/tlsexplain/rules.d/broken.yaml"
env TLSEXPLAIN_RULES="tests/config/broken.yaml" "$TX" "$log" 2>"$OUT/config-broken-env.err" >/dev/null
st=$?
[ $st -eq 3 ] && grep -q "^tests/config/broken.yaml:4:5: error: unknown key 'titel'" "$OUT/config-broken-env.err" &&
    grep -q "(TLSEXPLAIN_RULES); --no-config skips it" "$OUT/config-broken-env.err" && ok "a broken TLSEXPLAIN_RULES file: exit 3, file:line:col" || notok "broken TLSEXPLAIN_RULES ($st)"
env TLSEXPLAIN_RULES="$C/missing.yaml" "$TX" "$log" 2>"$OUT/config-missing.err" >/dev/null
st=$?
[ $st -eq 3 ] && grep -q "^$C/missing.yaml: error: cannot open rules" "$OUT/config-missing.err" && ok "a missing TLSEXPLAIN_RULES path: exit 3, named" || notok "missing TLSEXPLAIN_RULES path ($st): $(cat "$OUT/config-missing.err")"
# the JSON of rules list with config rules still follows its schema
if python3 -c 'import jsonschema' 2>/dev/null; then
    "$TX" rules list --format json --rules "$C/opt.yaml" >"$OUT/config-rules.jsonl"
    python3 tests/validate_json.py --lines docs/rules-v1.schema.json "$OUT/config-rules.jsonl" >"$OUT/config-schema.txt" 2>&1 &&
        ok "rules list JSON with origins validates against rules-v1" || { notok "rules-v1 schema:"; head -5 "$OUT/config-schema.txt"; }
fi
finish
