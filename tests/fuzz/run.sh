#!/bin/sh
# run.sh [TARGET...] - run the libFuzzer targets (`make fuzz`).
#
# Builds every tests/fuzz/fuzz_<target>.c with clang
# -fsanitize=fuzzer,address,undefined into fuzz-out/build/ (git-ignored),
# then runs each target for FUZZ_SECONDS (default 60) with its dictionary,
# on a scratch corpus fuzz-out/corpus/<target>/ seeded from the committed
# tests/fuzz/corpus/<target>/ and tests/fuzz/regressions/<target>/.
# FUZZ_JOBS=N runs N targets at once (default 1).  A crash is minimized
# and the result copied to tests/fuzz/regressions/<target>/ (commit it
# with the fix); the script then exits 1.
#
#   FUZZ_SECONDS=600 make fuzz            ten minutes per target
#   sh tests/fuzz/run.sh tokenizer        one target
set -u
cd "$(dirname "$0")/../.." || exit 2
: "${FUZZ_SECONDS:=60}"
: "${FUZZ_JOBS:=1}"
: "${FUZZ_CC:=clang}"
# absolute: the cli target runs its commands in a scratch folder, and a
# crash or timeout artifact is written from there
OUTDIR=$(pwd)/fuzz-out
FB=$OUTDIR/build
if [ $# -gt 0 ]; then
    targets=$*
else
    targets=$(for f in tests/fuzz/fuzz_*.c; do n=${f#tests/fuzz/fuzz_}; echo "${n%.c}"; done)
fi
command -v "$FUZZ_CC" >/dev/null 2>&1 || { echo "fuzz: $FUZZ_CC not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }

san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
bins=
for t in $targets; do bins="$bins $FB/libfuzzer/fuzz_$t"; done
make --no-print-directory BUILD=$FB CC="$FUZZ_CC" OPT="-O1 -g -fno-omit-frame-pointer" \
    MOREFLAGS="$san" LDFLAGS="-fsanitize=address,undefined" $bins || exit 2

# per-target input size cap and dictionary
maxlen() { case $1 in tokenizer) echo 65536 ;; compare) echo 131072 ;; capture_args) echo 8192 ;; *) echo 32768 ;; esac; }
dict() { case $1 in rules_yaml) echo tests/fuzz/rules.dict ;; cli) echo tests/fuzz/cli.dict ;; capture_args) echo tests/fuzz/capture.dict ;; *) echo tests/fuzz/jsse.dict ;; esac; }

run_one() {
    t=$1
    work=$OUTDIR/corpus/$t
    art=$OUTDIR/artifacts/$t
    reg=tests/fuzz/regressions/$t
    mkdir -p "$work" "$art" "$reg"
    rm -f "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*
    log=$OUTDIR/$t.log
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$FB/libfuzzer/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -max_len="$(maxlen "$t")" \
        -dict="$(dict "$t")" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$art/" "$work" "tests/fuzz/corpus/$t" "$reg" >"$log" 2>&1
    st=$?
    execs=$(grep 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    found=0
    for a in "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*; do
        [ -f "$a" ] || continue
        found=1
        min=$art/min-$(basename "$a")
        "$FB/libfuzzer/fuzz_$t" -minimize_crash=1 -max_total_time=60 -exact_artifact_path="$min" "$a" \
            >"$min.log" 2>&1
        [ -s "$min" ] || cp "$a" "$min"
        cp "$min" "$reg/$(basename "$a")"
        echo "fuzz $t: FOUND $(basename "$a") -> $reg/$(basename "$a") (log: $log)"
    done
    echo "fuzz $t: ${FUZZ_SECONDS}s, ${execs:-?} executions, ${cov:-cov: ?}, exit $st"
    [ "$found" -eq 0 ] && [ "$st" -eq 0 ]
}

rc=0
set -- $targets
while [ $# -gt 0 ]; do
    # a batch of FUZZ_JOBS targets at once
    pids=
    i=0
    while [ $# -gt 0 ] && [ "$i" -lt "$FUZZ_JOBS" ]; do
        run_one "$1" &
        pids="$pids $!"
        i=$((i + 1))
        shift
    done
    for p in $pids; do wait "$p" || rc=1; done
done
exit $rc
