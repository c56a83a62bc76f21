#!/bin/sh
# run.sh [-j N] [SUITE...] - run the test suites (default: all) and print a total.
#
# Every suite is tests/suite_<name>.sh; it prints one "ok - ...", "not ok - ..."
# or "skip - ..." line per check and ends with "N passed, M failed" (and
# ", K skipped" when it skipped something).  A skip is never a pass: the
# closing line counts the "skip - " lines apart, as
#   N passed, M failed, K skipped
# (CI greps its start, "N passed, M failed").
# TLSEXPLAIN (default ./tlsexplain) is the binary under test, so
# `make asan && sh tests/run.sh` tests the sanitizer build.
# -j N (or TX_JOBS=N) runs N suites at once (`make check`); each suite then
# writes under tests/out/<suite>/ and its lines are printed when it ends, in
# the order the suites were named.
set -u
cd "$(dirname "$0")/.." || exit 2
: "${TLSEXPLAIN:=./tlsexplain}"
export TLSEXPLAIN
jobs=${TX_JOBS:-1}
if [ "${1:-}" = -j ]; then
    [ $# -ge 2 ] || { echo "run.sh: -j needs a number" >&2; exit 2; }
    jobs=$2
    shift 2
fi
case $jobs in '' | *[!0-9]* | 0) echo "run.sh: -j needs a number" >&2; exit 2 ;; esac
if [ $# -gt 0 ]; then
    suites=$*
else
    suites=$(for f in tests/suite_*.sh; do n=${f#tests/suite_}; echo "${n%.sh}"; done)
fi
total_pass=0
total_fail=0
total_skip=0
start=$(date +%s)
nsuites=0
result_re='^[0-9]* passed, [0-9]* failed\(, [0-9]* skipped\)\{0,1\}$'

# report LABEL STATUS OUTPUT SECONDS: print the suite's lines but its passes, add up its counts
report() {
    label=$1 status=$2 out=$3 secs=$4
    nsuites=$((nsuites + 1))
    printf '%s\n' "$out" | grep -v '^ok - ' | grep -v "$result_re"
    last=$(printf '%s\n' "$out" | grep "$result_re" | tail -n 1)
    if [ -z "$last" ]; then
        echo "not ok - suite $label ended without a result line (status $status)"
        total_fail=$((total_fail + 1))
        return
    fi
    p=${last%% passed*}
    f=${last#*passed, }
    f=${f%% failed*}
    k=$(printf '%s\n' "$out" | grep -c '^skip - ')
    echo "   $label: $p passed, $f failed, $k skipped ($secs s)"
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - suite $label exited with status $status"
        f=1
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    total_skip=$((total_skip + k))
}

known=
for s in $suites; do
    if [ -f "tests/suite_$s.sh" ]; then
        known="$known $s"
    else
        echo "run.sh: no such suite: $s" >&2
        total_fail=$((total_fail + 1))
    fi
done

if [ "$jobs" -gt 1 ]; then
    par=tests/out/parallel
    rm -rf "$par"
    mkdir -p "$par"
    # one suite per job: its own output directory, its lines and status kept for the report
    printf '%s\n' $known | xargs -P "$jobs" -I{} sh -c \
        't0=$(date +%s); mkdir -p tests/out/{} && TX_OUT=tests/out/{} sh tests/suite_{}.sh >"$1/{}.log" 2>&1
         echo $? >"$1/{}.rc"; echo $(($(date +%s) - t0)) >"$1/{}.secs"' \
        sh "$par"
    for s in $known; do
        echo "== $s"
        report "$s" "$(cat "$par/$s.rc" 2>/dev/null || echo 127)" "$(cat "$par/$s.log" 2>/dev/null)" \
            "$(cat "$par/$s.secs" 2>/dev/null)"
    done
else
    for s in $known; do
        echo "== $s"
        t0=$(date +%s)
        out=$(sh "tests/suite_$s.sh" 2>&1)
        report "$s" $? "$out" $(($(date +%s) - t0))
    done
fi

# `make test` also runs the suites that matter most for memory safety on
# an ASan+UBSan build (and the -j suite, for the worker threads) (TX_ASAN = its binary, built by `make asan-bins`).
if [ $# -eq 0 ] && [ -n "${TX_ASAN:-}" ]; then
    if [ -x "$TX_ASAN" ]; then
        # jobs: the worker threads under ASan+LSan (its TSan step ran in the first pass)
        for s in unit hostile fuzz golden jobs; do
            echo "== asan:$s"
            t0=$(date +%s)
            out=$(env MAKEFLAGS= BUILD=build/asan BIN="$TX_ASAN" OPT="${TX_ASAN_OPT:-}" LDFLAGS="${TX_ASAN_LDFLAGS:-}" \
                TLSEXPLAIN="$TX_ASAN" TX_NO_TSAN=1 sh "tests/suite_$s.sh" 2>&1)
            report "asan:$s" $? "$out" $(($(date +%s) - t0))
        done
    else
        echo "not ok - TX_ASAN=$TX_ASAN is not an executable"
        total_fail=$((total_fail + 1))
    fi
fi
echo "== $nsuites suites in $(($(date +%s) - start)) s ($jobs at a time)"
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
