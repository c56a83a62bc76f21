#!/bin/sh
# run.sh [SUITE...] - run the test suites (default: all) and print a total.
#
# Every suite is tests/suite_<name>.sh; it prints one "ok - ..." or
# "not ok - ..." line per check and ends with "N passed, M failed".
# TLSEXPLAIN (default ./tlsexplain) is the binary under test, so
# `make asan && sh tests/run.sh` tests the sanitizer build.
set -u
cd "$(dirname "$0")/.." || exit 2
: "${TLSEXPLAIN:=./tlsexplain}"
export TLSEXPLAIN
if [ $# -gt 0 ]; then
    suites=$*
else
    suites=$(for f in tests/suite_*.sh; do n=${f#tests/suite_}; echo "${n%.sh}"; done)
fi
total_pass=0
total_fail=0
for s in $suites; do
    script=tests/suite_$s.sh
    if [ ! -f "$script" ]; then
        echo "run.sh: no such suite: $s" >&2
        total_fail=$((total_fail + 1))
        continue
    fi
    echo "== $s"
    out=$(sh "$script" 2>&1)
    status=$?
    printf '%s\n' "$out" | grep -v '^ok - ' | grep -v '^[0-9]* passed, [0-9]* failed$'
    last=$(printf '%s\n' "$out" | grep '^[0-9]* passed, [0-9]* failed$' | tail -n 1)
    if [ -z "$last" ]; then
        echo "not ok - suite $s ended without a result line (status $status)"
        total_fail=$((total_fail + 1))
        continue
    fi
    p=${last%% passed*}
    f=${last#*passed, }
    f=${f%% failed*}
    echo "   $s: $last"
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - suite $s exited with status $status"
        f=1
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
done
# `make test` also runs the suites that matter most for memory safety on
# an ASan+UBSan build (and the -j suite, for the worker threads) (TX_ASAN = its binary, built by `make asan-bins`).
if [ $# -eq 0 ] && [ -n "${TX_ASAN:-}" ]; then
    if [ -x "$TX_ASAN" ]; then
        # jobs: the worker threads under ASan+LSan (its TSan step ran in the first pass)
        for s in unit hostile fuzz golden jobs; do
            echo "== asan:$s"
            out=$(env MAKEFLAGS= BUILD=build/asan BIN="$TX_ASAN" OPT="${TX_ASAN_OPT:-}" LDFLAGS="${TX_ASAN_LDFLAGS:-}" \
                TLSEXPLAIN="$TX_ASAN" TX_NO_TSAN=1 sh "tests/suite_$s.sh" 2>&1)
            status=$?
            printf '%s\n' "$out" | grep -v '^ok - ' | grep -v '^[0-9]* passed, [0-9]* failed$'
            last=$(printf '%s\n' "$out" | grep '^[0-9]* passed, [0-9]* failed$' | tail -n 1)
            if [ -z "$last" ]; then
                echo "not ok - suite asan:$s ended without a result line (status $status)"
                total_fail=$((total_fail + 1))
                continue
            fi
            p=${last%% passed*}
            f=${last#*passed, }
            f=${f%% failed*}
            [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
            echo "   asan:$s: $last"
            total_pass=$((total_pass + p))
            total_fail=$((total_fail + f))
        done
    else
        echo "not ok - TX_ASAN=$TX_ASAN is not an executable"
        total_fail=$((total_fail + 1))
    fi
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
