#!/bin/sh
# Golden outputs stored as data: for every fixture log, the event dump
# (tests/golden/events/) and the explain report (tests/golden/explain/).
# BLESS=1 rewrites the expectations from the current output (review the
# diff before committing).
. tests/lib.sh
bless=${BLESS:-0}
for log in fixtures/lab/*.log fixtures/public/*.log; do
    [ -f "$log" ] || continue
    stem=$(basename "$log" .log)
    dir=$(basename "$(dirname "$log")")
    for kind in events explain; do
        exp=tests/golden/$kind/$dir/$stem.txt
        got=$OUT/golden-$kind-$dir-$stem.txt
        if [ "$kind" = events ]; then
            "$TX" events "$log" >"$got" 2>&1
        else
            "$TX" explain --color never --width 100 "$log" >"$got" 2>&1
        fi
        if [ "$bless" = 1 ]; then
            mkdir -p "$(dirname "$exp")"
            cp "$got" "$exp"
            ok "blessed $kind $dir/$stem"
        elif [ ! -f "$exp" ]; then
            notok "$kind $dir/$stem: no expectation (run make bless)"
        elif cmp -s "$got" "$exp"; then
            ok "$kind $dir/$stem"
        else
            notok "$kind $dir/$stem differs from $exp:"
            diff -u "$exp" "$got" | head -20 | sed 's/^/    /'
        fi
    done
done
finish
