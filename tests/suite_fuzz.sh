#!/bin/sh
# Fuzz replay: every committed corpus input and every regression input
# (tests/fuzz/corpus/<target>/, tests/fuzz/regressions/<target>/) through
# its fuzz target, built with plain cc and the library objects
# (`make fuzz-replay-bins`, no libFuzzer).  A crash, a sanitizer report
# (under `make asan-test`) or a hang (timeout 300) fails the check.
. tests/lib.sh
BUILD=${BUILD:-build/default}
make -s fuzz-replay-bins >/dev/null || { notok "fuzz replay drivers build"; finish; exit 1; }
for src in tests/fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    t=${t#fuzz_}
    bin=$BUILD/fuzz/fuzz_$t
    for kind in corpus regressions; do
        dir=tests/fuzz/$kind/$t
        n=$(find "$dir" -type f ! -name '.*' 2>/dev/null | wc -l)
        if [ "$n" -eq 0 ]; then
            ok "$t $kind: empty"
            continue
        fi
        log=$OUT/fuzz-$t-$kind.log
        timeout 300 "$bin" "$dir" >"$log" 2>&1
        st=$?
        if [ "$st" -eq 0 ] && grep -q "^$n inputs\? replayed" "$log"; then
            ok "$t $kind: $n inputs replayed"
        else
            notok "$t $kind: exit $st"
            # which input: replay again naming each one
            timeout 300 "$bin" -v "$dir" 2>&1 | grep '^regress: ' | tail -n 1 | sed 's/^/    last input: /'
            grep -v '^regress: ' "$log" | head -30 | sed 's/^/    /'
        fi
    done
done
finish
