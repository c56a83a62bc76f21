#!/bin/sh
# bench/run.sh - throughput and memory of tlsexplain against grep (make bench).
#
# Builds a corpus under bench/corpus/ (not committed): the lab and public
# fixtures, their threads renamed per copy and two logs interleaved line by
# line, with application log lines between, concatenated to 100 MiB and
# 1 GiB.  Then runs `tlsexplain FILE`, `tlsexplain events --format json FILE`,
# `grep -F -c -f bench/literals.txt FILE` and `wc -l FILE` (read() and a
# newline search: the floor any line reader pays) in turn, 5 times each,
# page-cached, and prints median MB/s, the ratios and peak RSS
# (/usr/bin/time).  Not a test: nothing is asserted.
# Then MANY (2000) small logs in one run against the same bytes in one file,
# and ten times the rules against the shipped rulebook (RULES10=0 skips it).
# SIZES="100" (MiB) limits the run (SIZES= : start-up only); RUNS=5; MANY=0 skips the many files.
set -eu
cd "$(dirname "$0")/.."
TX=${TLSEXPLAIN:-./tlsexplain}
SIZES=${SIZES-"100 1024"}
RUNS=${RUNS:-5}
dir=bench/corpus
mkdir -p "$dir"

unit=$dir/unit.log
if [ -n "$SIZES" ] && [ ! -s "$unit" ]; then
    echo "bench: building the interleaved unit from the fixtures ..."
    i=0
    tmp=$dir/tmp
    mkdir -p "$tmp"
    set -- fixtures/lab/*.log fixtures/public/*.log
    : >"$unit"
    while [ $# -ge 2 ]; do
        i=$((i + 1))
        sed "s/|main|/|pool-$i-thread-1|/" "$1" >"$tmp/a"
        sed "s/|main|/|pool-$i-thread-2|/" "$2" >"$tmp/b"
        # two logs interleaved record by record (a record is a header line and its
        # body: JSSE prints each record at once, threads interleave between
        # records), an application line after every 8th record
        awk -v i="$i" '
            function start(line) { return line ~ /^javax\.net\.ssl\|/ || line ~ /^\[/ || line ~ /^\*\*\*/ || line ~ /^[A-Za-z0-9_-]+, (READ|WRITE|RECV|SEND)/ }
            FNR == 1 { f++ }
            { if (start($0) || n[f] == 0) n[f]++; rec[f, n[f]] = rec[f, n[f]] $0 "\n" }
            END {
                m = n[1] > n[2] ? n[1] : n[2]
                for (k = 1; k <= m; k++) {
                    if (k <= n[1]) printf "%s", rec[1, k]
                    if (k <= n[2]) printf "%s", rec[2, k]
                    if (k % 8 == 0) printf "2026-11-27 10:%02d:%02d,123 INFO  [pool-%d-thread-3] com.example.orders.OrderService - processed order %d in 12 ms\n", (k/60)%60, k%60, i, k
                }
            }' "$tmp/a" "$tmp/b" >>"$unit"
        shift 2
    done
    rm -rf "$tmp"
fi
for mib in $SIZES; do
    f=$dir/corpus-${mib}m.log
    want=$((mib * 1024 * 1024))
    if [ ! -s "$f" ] || [ "$(stat -c %s "$f")" -lt "$want" ]; then
        echo "bench: building $f ..."
        : >"$f"
        while [ "$(stat -c %s "$f")" -lt "$want" ]; do cat "$unit" >>"$f"; done
        truncate -s "$want" "$f"
    fi
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(nproc) cores, $(uname -m), $(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | sed 's/^ *//')"
echo "prefilter: $("$TX" --version >/dev/null && strings "$TX" | grep -m1 -o 'hyperscan\|aho-corasick' || echo unknown)"
echo "date: $(date -u +%Y-%m-%d)"
for mib in $SIZES; do
    f=$dir/corpus-${mib}m.log
    bytes=$(stat -c %s "$f")
    cat "$f" >/dev/null # page cache
    : >"$dir/tx.times"
    : >"$dir/ev.times"
    : >"$dir/grep.times"
    : >"$dir/wc.times"
    : >"$dir/tx.rss"
    n=0
    while [ $n -lt "$RUNS" ]; do
        /usr/bin/time -q -f "%e %M" -o "$dir/t" "$TX" "$f" >"$dir/tx.out" 2>&1 || true
        read -r t rss <"$dir/t"
        echo "$t" >>"$dir/tx.times"
        echo "$rss" >>"$dir/tx.rss"
        # (grep stops at the first match when its output is /dev/null: write to a file)
        /usr/bin/time -q -f "%e %M" -o "$dir/t" "$TX" events --format json "$f" >/dev/null 2>&1 || true
        read -r t rss <"$dir/t"
        echo "$t" >>"$dir/ev.times"
        echo "$rss" >>"$dir/tx.rss"
        /usr/bin/time -q -f "%e %M" -o "$dir/t" grep -F -c -f bench/literals.txt "$f" >"$dir/grep.out" 2>&1 || true
        read -r t rss <"$dir/t"
        echo "$t" >>"$dir/grep.times"
        /usr/bin/time -q -f "%e %M" -o "$dir/t" wc -l "$f" >"$dir/wc.out" 2>&1 || true
        read -r t rss <"$dir/t"
        echo "$t" >>"$dir/wc.times"
        n=$((n + 1))
    done
    tx=$(median <"$dir/tx.times")
    ev=$(median <"$dir/ev.times")
    gr=$(median <"$dir/grep.times")
    wc=$(median <"$dir/wc.times")
    rss=$(sort -n "$dir/tx.rss" | tail -n 1)
    awk -v b="$bytes" -v tx="$tx" -v ev="$ev" -v gr="$gr" -v wc="$wc" -v rss="$rss" -v mib="$mib" 'BEGIN {
        txr = tx > 0 ? b / tx / 1e6 : 0; evr = ev > 0 ? b / ev / 1e6 : 0;
        grr = gr > 0 ? b / gr / 1e6 : 0; wcr = wc > 0 ? b / wc / 1e6 : 0;
        printf "%5d MiB: tlsexplain %.2f s = %.0f MB/s (peak RSS %.1f MiB); grep -F -c -f %.2f s = %.0f MB/s; ratio %.2fx\n",
            mib, tx, txr, rss / 1024, gr, grr, (grr > 0 ? txr / grr : 0)
        printf "           events --format json %.2f s = %.0f MB/s (%.2fx grep); wc -l (read+memchr) %.2f s = %.0f MB/s\n",
            ev, evr, (grr > 0 ? evr / grr : 0), wc, wcr }'
done
# many files: MANY small logs (the lab and public fixtures, in turn) in one
# invocation against the same bytes in one file, both `-j 1 --format json`
# (one thread: the cost per input, not the cores), RUNS rounds interleaved,
# the median of wall and CPU (user + sys) time.  MANY=0 skips it.
MANY=${MANY-$([ -n "$SIZES" ] && echo 2000 || echo 0)}
if [ "$MANY" -gt 0 ]; then
    mdir=$dir/many-$MANY
    if [ ! -f "$mdir/.done" ]; then
        echo "bench: copying $MANY small logs to $mdir ..."
        rm -rf "$mdir"
        mkdir -p "$mdir"
        i=0
        while [ $i -lt "$MANY" ]; do
            for f in fixtures/lab/*.log fixtures/public/*.log; do
                [ $i -lt "$MANY" ] || break
                cp "$f" "$mdir/$(printf %05d $i).log"
                i=$((i + 1))
            done
        done
        cat "$mdir"/*.log >"$dir/many-$MANY.log"
        : >"$mdir/.done"
    fi
    : >"$dir/many.times"
    : >"$dir/one.times"
    n=0
    while [ $n -lt "$RUNS" ]; do
        /usr/bin/time -q -f "%e %U %S" -o "$dir/t" "$TX" -j 1 --format json "$mdir"/*.log >/dev/null 2>&1 || true
        awk '{ print $1, $2 + $3 }' "$dir/t" >>"$dir/many.times"
        /usr/bin/time -q -f "%e %U %S" -o "$dir/t" "$TX" -j 1 --format json "$dir/many-$MANY.log" >/dev/null 2>&1 || true
        awk '{ print $1, $2 + $3 }' "$dir/t" >>"$dir/one.times"
        n=$((n + 1))
    done
    mw=$(cut -d' ' -f1 "$dir/many.times" | median); mc=$(cut -d' ' -f2 "$dir/many.times" | median)
    ow=$(cut -d' ' -f1 "$dir/one.times" | median); oc=$(cut -d' ' -f2 "$dir/one.times" | median)
    awk -v n="$MANY" -v b="$(stat -c %s "$dir/many-$MANY.log")" -v mw="$mw" -v mc="$mc" -v ow="$ow" -v oc="$oc" 'BEGIN {
        printf "many files: %d small logs (%.1f MB) %.2f s wall, %.2f s CPU; the same bytes in one file %.2f s wall, %.2f s CPU; ratio %.2fx wall, %.2fx CPU\n",
            n, b / 1e6, mw, mc, ow, oc, (ow > 0 ? mw / ow : 0), (oc > 0 ? mc / oc : 0) }'
fi
# ten times the rules: the shipped rule files copied nine times under other
# ids (bench/corpus/rules10x, given with --rules) against the shipped rulebook
# alone, explain of the first 16 MiB of the corpus, RUNS rounds interleaved.
# The copies come from no build cache: their start-up (patterns compiled)
# is in the figure; the empty input shows it apart.  RULES10=0 skips it.
RULES10=${RULES10-$([ -n "$SIZES" ] && echo 1 || echo 0)}
first=$(for mib in $SIZES; do echo "$mib"; done | sort -n | head -n 1)
if [ "$RULES10" -gt 0 ] && [ -n "$first" ]; then
    r10=$dir/rules10x
    if [ ! -f "$r10/.done" ]; then
        rm -rf "$r10"
        mkdir -p "$r10"
        for k in 1 2 3 4 5 6 7 8 9; do
            for f in rules/tls/*.yaml; do
                grep -q '^rules:' "$f" || continue # categories, profiles, CAs, vendors: data, once
                sed "s/^  - id: \(.*\)\$/  - id: \1-x$k/" "$f" >"$r10/$(basename "$f" .yaml)-x$k.yaml"
            done
        done
        : >"$r10/.done"
    fi
    f16=$dir/corpus-16m-head.log
    [ -s "$f16" ] || head -c $((16 * 1024 * 1024)) "$dir/corpus-${first}m.log" >"$f16"
    : >"$dir/r1.times"; : >"$dir/r10.times"; : >"$dir/r1e.times"; : >"$dir/r10e.times"
    n=0
    while [ $n -lt "$RUNS" ]; do
        for w in r1 r10; do
            if [ $w = r1 ]; then set -- "$TX"; else set -- "$TX" --rules "$r10"; fi
            /usr/bin/time -q -f "%e %U %S" -o "$dir/t" "$@" "$f16" >/dev/null 2>&1 || true
            awk '{ print $1, $2 + $3 }' "$dir/t" >>"$dir/$w.times"
            /usr/bin/time -q -f "%e %U %S" -o "$dir/t" "$@" /dev/null >/dev/null 2>&1 || true
            awk '{ print $1, $2 + $3 }' "$dir/t" >>"$dir/${w}e.times"
        done
        n=$((n + 1))
    done
    a=$(cut -d' ' -f2 "$dir/r1.times" | median); b=$(cut -d' ' -f2 "$dir/r10.times" | median)
    ae=$(cut -d' ' -f2 "$dir/r1e.times" | median); be=$(cut -d' ' -f2 "$dir/r10e.times" | median)
    awk -v a="$a" -v b="$b" -v ae="$ae" -v be="$be" -v n="$(ls "$r10" | wc -l)" 'BEGIN {
        printf "10x rules (16 MiB, CPU): shipped %.2f s, + %d copied rule files %.2f s: %.2fx; empty input %.2f s and %.2f s; without start-up %.2fx\n",
            a, n, b, (a > 0 ? b / a : 0), ae, be, (a - ae > 0 ? (b - be) / (a - ae) : 0) }'
fi
# start-up: an empty input, with the build's caches and without (TLSEXPLAIN_NO_CACHE: the
# rule files parsed, patterns and Hyperscan databases compiled), and --help (the process
# alone: exec, dynamic linking).  Each: STARTS runs in a row timed together, 5 times
# interleaved, the median per run; with perf, also its task-clock (CPU) per run.
STARTS=${STARTS:-20}
now() { date +%s%N; }
starts() { # label command...: one batch of STARTS runs, the mean in ms
    t0=$(now)
    i=0
    while [ $i -lt "$STARTS" ]; do "$@" >/dev/null 2>&1 </dev/null || true; i=$((i + 1)); done
    t1=$(now)
    awk -v a="$t0" -v b="$t1" -v n="$STARTS" 'BEGIN { printf "%.2f\n", (b - a) / n / 1e6 }'
}
: >"$dir/su.cache"; : >"$dir/su.nocache"; : >"$dir/su.help"
for r in 1 2 3 4 5; do
    starts "$TX" /dev/null >>"$dir/su.cache"
    starts env TLSEXPLAIN_NO_CACHE=1 "$TX" /dev/null >>"$dir/su.nocache"
    starts "$TX" --help >>"$dir/su.help"
done
cpu() { # task-clock ms per run, or "-"
    if command -v perf >/dev/null 2>&1 && perf stat -x, -e task-clock -r 3 true >/dev/null 2>&1; then
        "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { printf "%.2f", $1; f = 1 } END { if (!f) printf "-" }'
    else printf -- "-"; fi
}
c1=$(cpu perf stat -x, -e task-clock -r "$STARTS" "$TX" /dev/null)
c2=$(cpu perf stat -x, -e task-clock -r "$STARTS" env TLSEXPLAIN_NO_CACHE=1 "$TX" /dev/null)
c3=$(cpu perf stat -x, -e task-clock -r "$STARTS" "$TX" --help)
echo "start-up (empty input; wall ms per run, median of 5 x $STARTS runs; CPU ms per run, perf task-clock):"
echo "  with the build's caches:          $(median <"$dir/su.cache") ms wall, $c1 ms CPU"
echo "  without (TLSEXPLAIN_NO_CACHE=1):  $(median <"$dir/su.nocache") ms wall, $c2 ms CPU"
echo "  tlsexplain --help (process only): $(median <"$dir/su.help") ms wall, $c3 ms CPU"
