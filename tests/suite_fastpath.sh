#!/bin/sh
# The fast paths never change a result (issue 17): for every fixture (lab,
# public, held-out, the framing samples, the evidence files), the explain JSON
# and the events JSON are the same byte for byte with the fast paths and
# without them (TLSEXPLAIN_NO_FASTPATH: every SSLLogger header through the
# general path, parser/dialect_jdk11.c, and every hex-dump row through the
# reader's general path, parser/parser.c), exit codes and stderr included.
# Each mode reads every file in one invocation (-j 1: one report after the
# other); a difference is then looked for file by file.
. tests/lib.sh
set -- fixtures/lab/*.log fixtures/public/*.log fixtures/public/heldout/*.log tests/framing/*.log \
    fixtures/lab/evidence/*.txt
n=0
for f in "$@"; do [ -f "$f" ] && n=$((n + 1)); done
if [ "$n" -lt 500 ]; then notok "expected the fixtures (500 or more files), found $n"; fi
for mode in "--format json" "events --format json"; do
    # shellcheck disable=SC2086
    "$TX" $mode -j 1 "$@" >"$OUT/fp-on.txt" 2>&1
    echo "exit $?" >>"$OUT/fp-on.txt"
    # shellcheck disable=SC2086
    TLSEXPLAIN_NO_FASTPATH=1 "$TX" $mode -j 1 "$@" >"$OUT/fp-off.txt" 2>&1
    echo "exit $?" >>"$OUT/fp-off.txt"
    lines=$(wc -l <"$OUT/fp-on.txt")
    if [ "$lines" -ge "$n" ] && cmp -s "$OUT/fp-on.txt" "$OUT/fp-off.txt"; then
        ok "tlsexplain $mode: the same with and without the fast paths on $n files ($lines lines, $(wc -c <"$OUT/fp-on.txt") bytes)"
    else
        notok "tlsexplain $mode differs with TLSEXPLAIN_NO_FASTPATH (or printed $lines lines for $n files)"
        for f in "$@"; do
            # shellcheck disable=SC2086
            "$TX" $mode "$f" >"$OUT/fp-1on.txt" 2>&1
            # shellcheck disable=SC2086
            TLSEXPLAIN_NO_FASTPATH=1 "$TX" $mode "$f" >"$OUT/fp-1off.txt" 2>&1
            cmp -s "$OUT/fp-1on.txt" "$OUT/fp-1off.txt" || { echo "    differs: $f"; diff "$OUT/fp-1on.txt" "$OUT/fp-1off.txt" | head -4 | sed 's/^/    /'; }
        done
    fi
done
# the lab logs with CRLF line ends (hex rows ending in CR take the row fast
# path too), all in one file
# same_both_ways FILE WHAT: explain and events JSON of FILE are the same with
# and without the fast paths
same_both_ways() {
    for mode in "--format json" "events --format json"; do
        # shellcheck disable=SC2086
        a=$("$TX" $mode "$1" 2>&1 | cksum)
        # shellcheck disable=SC2086
        b=$(TLSEXPLAIN_NO_FASTPATH=1 "$TX" $mode "$1" 2>&1 | cksum)
        if [ "$a" = "$b" ]; then ok "$2, $mode: the same with and without the fast paths"
        else notok "$2, $mode: differs with TLSEXPLAIN_NO_FASTPATH"; fi
    done
}
cat fixtures/lab/*.log | sed 's/$/\r/' >"$OUT/fp-crlf.log"
same_both_ways "$OUT/fp-crlf.log" "lab logs with CRLF in one file"
# the lab logs with their SSLLogger hex rows indented by 15 blanks (the bulk
# row scan's deepest shape) every other row, by a tab every fifth, and a NUL
# in the ASCII column of every third: all in one file, so bodies are split
# by the reader's chunks
cat fixtures/lab/*.log | awk '/^  [0-9A-F][0-9A-F][0-9A-F][0-9A-F]: / { n++; if (n % 5 == 0) sub(/^  /, "\t");
    else if (n % 2 == 0) sub(/^  /, "               "); if (n % 3 == 0) sub(/\.\.$/, ".@NUL@") } { print }' | sed 's/@NUL@/\x00/' >"$OUT/fp-rows.log"
same_both_ways "$OUT/fp-rows.log" "lab logs with re-indented rows and NULs in one file"
# the bench corpus shape (threads interleaved record by record, application
# lines between): the unit make bench builds, when it is there
if [ -s bench/corpus/unit.log ]; then
    for mode in "--format json" "events --format json"; do
        # shellcheck disable=SC2086
        a=$("$TX" $mode bench/corpus/unit.log 2>&1 | cksum)
        # shellcheck disable=SC2086
        b=$(TLSEXPLAIN_NO_FASTPATH=1 "$TX" $mode bench/corpus/unit.log 2>&1 | cksum)
        if [ "$a" = "$b" ]; then ok "bench unit, $mode: the same with and without the fast paths"
        else notok "bench unit, $mode: differs with TLSEXPLAIN_NO_FASTPATH"; fi
    done
else
    skip "no bench/corpus/unit.log (make bench builds it)"
fi
finish
