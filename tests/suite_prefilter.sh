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
# the AC build has its prefilter: every literal set of the shipped rules and
# of ten times them (copied under other ids, as bench/run.sh does) is built
# (`rules check` warns "no prefilter" otherwise), and the literal-set unit
# test passes against it
if [ -n "$ac" ]; then
    if make -s PREFILTER=ac BUILD=build/ac BIN="$ac" build/ac/tests/test_prefilter >"$OUT/ac-unit-build.log" 2>&1; then
        last=$(build/ac/tests/test_prefilter 2>&1 | tail -n 1)
        case $last in
        *" passed, 0 failed") ok "test_prefilter against the Aho-Corasick build ($last)" ;;
        *) notok "test_prefilter against the Aho-Corasick build: $last" ;;
        esac
    else notok "test_prefilter against the Aho-Corasick build: does not build"; fi
    r10=$OUT/rules10x
    rm -rf "$r10"
    mkdir -p "$r10"
    for k in 1 2 3 4 5 6 7 8 9; do
        for r in rules/tls/*.yaml; do
            grep -q '^rules:' "$r" || continue
            sed "s/^  - id: \(.*\)\$/  - id: \1-x$k/" "$r" >"$r10/$(basename "$r" .yaml)-x$k.yaml"
        done
    done
    for set in shipped ten; do
        if [ $set = shipped ]; then "$ac" rules check >"$OUT/ac-check.txt" 2>&1
        else "$ac" rules check --rules "$r10" >"$OUT/ac-check.txt" 2>&1; fi
        if grep -q 'rules checked' "$OUT/ac-check.txt" && ! grep -q 'no prefilter' "$OUT/ac-check.txt"; then
            ok "Aho-Corasick build: every literal set built ($set rules)"
        else notok "Aho-Corasick build: a literal set not built ($set rules):"; grep 'no prefilter\|error' "$OUT/ac-check.txt" | head -3 | sed 's/^/    /'; fi
    done
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
# the shipped rule files copied under other ids (ten times the rules: the
# copies share their conditions and line patterns with the originals, whose
# searches and evaluations serve them, analysis.c; --no-prefilter runs each):
# every fixture in one run, the same findings either way
copies=$OUT/rules-copies
rm -rf "$copies"
mkdir -p "$copies"
for r in rules/tls/*.yaml; do
    grep -q '^rules:' "$r" || continue
    sed 's/^  - id: \(.*\)$/  - id: \1-copy/' "$r" >"$copies/$(basename "$r")"
done
set -- fixtures/lab/*.log fixtures/public/*.log
"$TX" --format json -j 1 --rules "$copies" "$@" >"$OUT/cp-on.json" 2>&1
"$TX" --format json -j 1 --rules "$copies" --no-prefilter "$@" >"$OUT/cp-off.json" 2>&1
if [ "$(wc -l <"$OUT/cp-on.json")" -ge $# ] && cmp -s "$OUT/cp-on.json" "$OUT/cp-off.json"; then
    ok "copied rule files: the same with and without the prefilter on $# fixtures"
else notok "copied rule files: the prefilter (shared searches and evaluations) changes a result"; fi
n=$(grep -o '"id":"[a-z0-9-]*-copy","category"' "$OUT/cp-on.json" | wc -l)
if [ "$n" -gt 100 ]; then ok "copied rule files: the copies fire ($n findings)"
else notok "copied rule files: only $n findings of copies"; fi
# the bench corpus shape: interleaved threads and application lines
if [ -s bench/corpus/unit.log ]; then
    "$TX" --format json bench/corpus/unit.log >"$OUT/pf-on.json" 2>&1
    "$TX" --format json --no-prefilter bench/corpus/unit.log >"$OUT/pf-off.json" 2>&1
    if cmp -s "$OUT/pf-on.json" "$OUT/pf-off.json"; then ok "same with and without prefilter: bench unit"; else notok "prefilter changes the bench unit"; fi
fi
finish
