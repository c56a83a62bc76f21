#!/bin/sh
# The prefilter never changes a result: for every fixture, the explain JSON
# is the same with the prefilter, without it (--no-prefilter: every line
# pattern on every line, every field test on every event), and with the
# other prefilter engine (the portable Aho-Corasick build when the default
# is Hyperscan/Vectorscan), and with the Hyperscan databases compiled at
# start-up instead of taken from the build (TLSEXPLAIN_NO_CACHE: rules/hscache.h;
# it also parses the shipped rule files instead of taking their YAML documents
# from the build, rules/yamldoc.h: the rulebook itself is compared too).  And the shipped rules never stop a regex search
# or trip the run-wide regex budget on any fixture.
. tests/lib.sh
ac=build/ac/tlsexplain
if make -s PREFILTER=ac BUILD=build/ac BIN="$ac" >"$OUT/ac-build.log" 2>&1; then
    ok "portable Aho-Corasick build"
else
    notok "portable Aho-Corasick build:"; sed 's/^/    /' "$OUT/ac-build.log" | tail -5
    ac=
fi
for form in "rules list --format json" "rules list --format markdown" "rules list" "rules check" "--version"; do
    # shellcheck disable=SC2086
    "$TX" $form >"$OUT/rb-cache.txt" 2>&1; echo "exit $?" >>"$OUT/rb-cache.txt"
    # shellcheck disable=SC2086
    TLSEXPLAIN_NO_CACHE=1 "$TX" $form >"$OUT/rb-parse.txt" 2>&1; echo "exit $?" >>"$OUT/rb-parse.txt"
    if [ "$(wc -l <"$OUT/rb-cache.txt")" -ge 2 ] && cmp -s "$OUT/rb-cache.txt" "$OUT/rb-parse.txt"; then
        ok "tlsexplain $form: the same from the build's parsed rule files and from parsing them"
    else notok "tlsexplain $form differs with TLSEXPLAIN_NO_CACHE"; diff "$OUT/rb-cache.txt" "$OUT/rb-parse.txt" | head -5 | sed 's/^/    /'; fi
done
for f in fixtures/lab/*.log fixtures/public/*.log fixtures/lab/evidence/*.txt; do
    [ -f "$f" ] || continue
    "$TX" --format json "$f" >"$OUT/pf-on.json" 2>&1
    "$TX" --format json --no-prefilter "$f" >"$OUT/pf-off.json" 2>&1
    if cmp -s "$OUT/pf-on.json" "$OUT/pf-off.json"; then ok "same with and without prefilter: $f"
    else notok "prefilter changes the result of $f"; diff "$OUT/pf-on.json" "$OUT/pf-off.json" | head -5 | sed 's/^/    /'; fi
    TLSEXPLAIN_NO_CACHE=1 "$TX" --format json "$f" >"$OUT/pf-nocache.json" 2>&1
    if cmp -s "$OUT/pf-on.json" "$OUT/pf-nocache.json"; then ok "same with the build's Hyperscan databases and compiled ones: $f"
    else notok "the build's Hyperscan databases change the result of $f"; diff "$OUT/pf-on.json" "$OUT/pf-nocache.json" | head -5 | sed 's/^/    /'; fi
    # the shipped rules never come near the regex budget: no search stopped,
    # no rule switched off, even with every pattern run on every line
    if grep -q '"limits":\[[^]]*\(regex search\|switched off\)' "$OUT/pf-on.json" "$OUT/pf-off.json"; then
        notok "shipped rules hit the regex limits or budget on $f"
    else ok "no regex limit or budget hit by the shipped rules: $f"; fi
    if [ -n "$ac" ]; then
        "$ac" --format json "$f" >"$OUT/pf-ac.json" 2>&1
        if cmp -s "$OUT/pf-on.json" "$OUT/pf-ac.json"; then ok "same with the other engine: $f"
        else notok "the two prefilter engines differ on $f"; diff "$OUT/pf-on.json" "$OUT/pf-ac.json" | head -5 | sed 's/^/    /'; fi
    fi
done
# the bench corpus shape: interleaved threads and application lines
if [ -s bench/corpus/unit.log ]; then
    "$TX" --format json bench/corpus/unit.log >"$OUT/pf-on.json" 2>&1
    "$TX" --format json --no-prefilter bench/corpus/unit.log >"$OUT/pf-off.json" 2>&1
    if cmp -s "$OUT/pf-on.json" "$OUT/pf-off.json"; then ok "same with and without prefilter: bench unit"; else notok "prefilter changes the bench unit"; fi
fi
finish
