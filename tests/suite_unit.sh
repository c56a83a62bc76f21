#!/bin/sh
# The C unit tests (tests/unit/test_*.c), each a program printing "N passed, M failed".
. tests/lib.sh
make -s unit-bins >/dev/null || { notok "unit tests build"; finish; exit 1; }
BUILD=${BUILD:-build/default}
for t in tests/unit/test_*.c; do
    name=$(basename "$t" .c)
    bin=$BUILD/tests/$name
    res=$("$bin" 2>&1)
    st=$?
    last=$(printf '%s\n' "$res" | tail -n 1)
    p=${last%% passed*}
    f=${last#*passed, }
    f=${f%% failed*}
    case $p in *[!0-9]*|'') p=0; f=1 ;; esac
    PASS=$((PASS + p))
    FAIL=$((FAIL + f))
    if [ "$st" -ne 0 ] || [ "$f" -ne 0 ]; then
        printf '%s\n' "$res" | grep -v 'passed,.*failed' | sed "s/^/  $name: /"
        echo "not ok - $name ($last)"
    else
        echo "ok - $name ($last)"
    fi
done
finish
