#!/bin/sh
# Many files at once: -j N gives the bytes of -j 1 in the same order (stdout
# and stderr, every format, every command that takes several files, with a
# tool-output file that lends its listing and standard input among them);
# -R walks directories in byte order of names, skipping hidden entries and
# links to directories.  Then a ThreadSanitizer build runs the -j checks
# (build/tsan; skipped when the compiler cannot, or TX_NO_TSAN=1).
. tests/lib.sh
J=$OUT/jobs
rm -rf "$J"
mkdir -p "$J"
logs=$(ls fixtures/lab/*.log)
nlogs=$(printf '%s\n' $logs | grep -c .)
ctxf=fixtures/lab/evidence/untrusted-self-signed-jks.keytool.txt

# same_run NAME COMMAND ARGS...: -j 1 and -j 4 (and the default) give the same stdout, stderr and status
same_run() {
    name=$1
    cmd=$2
    shift 2
    "$TX" "$cmd" -j 1 "$@" >"$J/$name.1.out" 2>"$J/$name.1.err" </dev/null
    s1=$?
    "$TX" "$cmd" -j 4 "$@" >"$J/$name.4.out" 2>"$J/$name.4.err" </dev/null
    s4=$?
    "$TX" "$cmd" "$@" >"$J/$name.d.out" 2>"$J/$name.d.err" </dev/null
    sd=$?
    if [ $s1 -eq $s4 ] && [ $s1 -eq $sd ] && cmp -s "$J/$name.1.out" "$J/$name.4.out" && cmp -s "$J/$name.1.err" "$J/$name.4.err" &&
        cmp -s "$J/$name.1.out" "$J/$name.d.out" && cmp -s "$J/$name.1.err" "$J/$name.d.err" && [ -s "$J/$name.1.out" ]; then
        ok "$name: -j 4 and the default -j give the bytes of -j 1 (status $s1)"
    else
        notok "$name: -j 1 status $s1, -j 4 $s4, default $sd"
        diff "$J/$name.1.out" "$J/$name.4.out" | head -5 | sed 's/^/    /'
    fi
}
# shellcheck disable=SC2086
same_run text explain $logs
# shellcheck disable=SC2086
same_run json explain --format json $logs
# shellcheck disable=SC2086
same_run markdown explain --format markdown $logs
# shellcheck disable=SC2086
same_run sarif explain --format sarif $logs
# shellcheck disable=SC2086
same_run redact explain --redact $logs
# shellcheck disable=SC2086
same_run timeline timeline $logs
# shellcheck disable=SC2086
same_run events events --format json $logs
# shellcheck disable=SC2086
same_run context explain "$ctxf" $logs fixtures/lab/no-such-file.log
# shellcheck disable=SC2086
same_run json-errors explain --format json fixtures/lab/no-such-file.log $logs fixtures/lab
n=$(grep -c '^{' "$J/json.4.out")
[ "$n" -eq "$nlogs" ] && ok "json: one object per log ($n)" || notok "json: $n objects for $nlogs logs"
jq -r .file "$J/json.4.out" >"$J/json-order.txt" 2>/dev/null
printf '%s\n' $logs | cmp -s - "$J/json-order.txt" && ok "json: the objects in the order of the files" || notok "json order"
[ "$(grep -c 'is tool output' "$J/context.4.err")" -eq 1 ] && ok "the tool-output note once with -j 4" || notok "tool-output note with -j: $(grep -c 'is tool output' "$J/context.4.err")"
# the listing was lent to the logs in the workers: a finding that needs it is there
grep -q "not in the truststore you listed" "$J/context.4.out" && ok "with -j 4 the logs are checked against the listing" || notok "nothing lent with -j 4"
# standard input among the files, and a pipe that lends its listing (held, read once)
cat fixtures/lab/sni-unrecognized-name.log | "$TX" -j 1 fixtures/lab/expired-leaf-tls13.log - fixtures/lab/hostname-mismatch-san.log >"$J/stdin.1" 2>&1
cat fixtures/lab/sni-unrecognized-name.log | "$TX" -j 3 fixtures/lab/expired-leaf-tls13.log - fixtures/lab/hostname-mismatch-san.log >"$J/stdin.3" 2>&1
cmp -s "$J/stdin.1" "$J/stdin.3" && grep -q 'sni' "$J/stdin.3" && ok "standard input among the files: same with -j 3" || notok "stdin with -j"
# a FIFO that lends its listing: held by the context (read once), its own analysis in a worker
if mkfifo "$J/fifo" 2>/dev/null; then
    for j in 1 4; do
        cat "$ctxf" >"$J/fifo" &
        "$TX" -j $j "$J/fifo" fixtures/lab/untrusted-self-signed-jks.log fixtures/lab/sni-unrecognized-name.log >"$J/held.$j" 2>&1
        wait
    done
    cmp -s "$J/held.1" "$J/held.4" && grep -q 'is tool output' "$J/held.4" && grep -q 'not in the truststore you listed' "$J/held.4" &&
        ok "a FIFO's tool listing (held by the context): lent, and the same with -j 4" || notok "held FIFO with -j"
fi

# option values
for v in 0 65 -1 x ''; do
    "$TX" -j "$v" fixtures/lab/expired-leaf-tls13.log >/dev/null 2>"$J/bad.err"
    st=$?
    [ $st -eq 2 ] && grep -q -- '--jobs must be a number from 1 to 64' "$J/bad.err" && ok "-j '$v' is a usage error" || notok "-j '$v': $st"
done
"$TX" --jobs=2 fixtures/lab/expired-leaf-tls13.log fixtures/lab/sni-unrecognized-name.log >/dev/null 2>&1
[ $? -eq 1 ] && ok "--jobs=2" || notok "--jobs=2"
"$TX" compare -j 2 a b >/dev/null 2>&1
[ $? -eq 2 ] && ok "-j does not apply to compare" || notok "compare -j"
# the output fails: one message, exit 7, whatever the number of workers
# shellcheck disable=SC2086
"$TX" -j 4 $logs >/dev/full 2>"$J/full.err"
st=$?
[ $st -eq 7 ] && [ "$(grep -c 'cannot write the output' "$J/full.err")" -eq 1 ] && ok "-j 4 to /dev/full: exit 7, one message" || notok "-j 4 /dev/full: $st, $(cat "$J/full.err" | head -3)"

# --recursive: depth first, names in byte order, hidden entries and links to directories skipped
T=$J/tree
mkdir -p "$T/a" "$T/a-b" "$T/z/deep" "$T/.git" "$T/empty"
cp fixtures/lab/expired-leaf-tls13.log "$T/B.log"
cp fixtures/lab/sni-unrecognized-name.log "$T/a/y.log"
cp fixtures/lab/hostname-mismatch-san.log "$T/a-b/x.log"
gzip -c fixtures/lab/expired-leaf-tls13.log >"$T/a.log.gz"
cp fixtures/lab/sni-unrecognized-name.log "$T/z/deep/w.log"
cp fixtures/lab/sni-unrecognized-name.log "$T/.hidden.log"
cp fixtures/lab/sni-unrecognized-name.log "$T/.git/h.log"
ln -s ../.. "$T/z/deep/up"         # a loop, if it were followed
ln -s ../a.log.gz "$T/z/link.log"  # a link to a file is read
mkfifo "$T/z/fifo" 2>/dev/null || true
cat >"$J/tree.expected" <<EOT
$T/B.log
$T/a/y.log
$T/a-b/x.log
$T/a.log.gz
$T/z/deep/w.log
$T/z/link.log
EOT
"$TX" -R --format json "$T" >"$J/tree.json" 2>"$J/tree.err"
st=$?
jq -r .file "$J/tree.json" >"$J/tree.order" 2>/dev/null
if cmp -s "$J/tree.expected" "$J/tree.order" && [ $st -eq 1 ] && [ ! -s "$J/tree.err" ]; then
    ok "-R: regular files depth first in byte order; hidden entries, a FIFO, links to directories skipped; links to files read"
else
    notok "-R order (status $st):"; diff "$J/tree.expected" "$J/tree.order" | sed 's/^/    /'; sed 's/^/    /' "$J/tree.err"
fi
same_run recursive explain -R "$T"
same_run recursive-events events -R "$T"
"$TX" timeline --recursive "$T" >"$J/tree-timeline.txt" 2>&1 && [ -s "$J/tree-timeline.txt" ] && ok "timeline --recursive" || notok "timeline --recursive"
"$TX" -R "$T/a/y.log" "$T/a" >"$J/tree-mixed.txt" 2>&1
[ "$(grep -c '^  .*/y.log ' "$J/tree-mixed.txt")" -eq 2 ] && ok "-R: a file operand stays, a directory is walked" || notok "-R mixed operands"
"$TX" -R "$T/.git" >/dev/null 2>&1; [ $? -eq 1 ] && ok "-R: a hidden directory named as an operand is walked" || notok "-R hidden operand"
"$TX" -R "$T/empty" >"$J/empty.out" 2>"$J/empty.err"
st=$?
[ $st -eq 4 ] && grep -q "no file to read in the directory '$T/empty'" "$J/empty.err" && [ ! -s "$J/empty.out" ] && ok "-R on an empty directory: exit 4, no stdin read" || notok "-R empty: $st"
"$TX" -R "$T/empty" "$T/a" >/dev/null 2>&1; [ $? -eq 4 ] && ok "-R: an empty directory among others is an input error" || notok "-R empty among others"
"$TX" "$T" >/dev/null 2>"$J/nodir.err"; st=$?
[ $st -eq 4 ] && grep -q "is a directory, not a log file (--recursive reads the files under it)" "$J/nodir.err" && ok "a directory without -R: exit 4, the hint" || notok "dir without -R: $st"
if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$T/locked"; chmod 000 "$T/locked"
    "$TX" -R "$T/a" "$T/locked" >/dev/null 2>"$J/locked.err"; st=$?
    chmod 755 "$T/locked"
    [ $st -eq 4 ] && grep -q "cannot read the directory" "$J/locked.err" && ok "-R: an unreadable directory is an input error" || notok "-R unreadable: $st"
fi

# completions come from the option table
for o in --jobs --recursive --no-config; do
    "$TX" completion bash | grep -q -- "$o" && ok "bash completion knows $o" || notok "bash completion lacks $o"
done

# ThreadSanitizer: the -j runs again on a TSan build
if [ "${TX_NO_TSAN:-0}" = 1 ]; then
    ok "ThreadSanitizer run skipped (TX_NO_TSAN=1)"
elif ! printf 'int main(void){return 0;}\n' | ${CC:-cc} -fsanitize=thread -x c - -o "$J/tsan-probe" 2>/dev/null || ! "$J/tsan-probe"; then
    ok "ThreadSanitizer run skipped: ${CC:-cc} cannot build with -fsanitize=thread here"
elif ! env MAKEFLAGS= make -s --no-print-directory BUILD=build/tsan BIN=build/tsan/tlsexplain OPT="-O1 -g -fsanitize=thread" \
        LDFLAGS="-fsanitize=thread" build/tsan/tlsexplain >"$J/tsan-build.txt" 2>&1; then
    notok "TSan build"; tail -5 "$J/tsan-build.txt" | sed 's/^/    /'
else
    ok "TSan build (build/tsan/tlsexplain)"
    TS=build/tsan/tlsexplain
    export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
    tsan() {
        name=$1
        shift
        cmd=$1
        shift
        "$TS" "$cmd" -j 4 "$@" >"$J/tsan-$name.out" 2>"$J/tsan-$name.err" </dev/null
        st=$?
        if [ $st -ne 66 ] && ! grep -q 'ThreadSanitizer' "$J/tsan-$name.err" && cmp -s "$J/tsan-$name.out" "$J/$name.1.out"; then
            ok "TSan: $name with -j 4: no data race, the bytes of -j 1"
        else
            notok "TSan: $name (status $st)"; grep -A12 'WARNING: ThreadSanitizer' "$J/tsan-$name.err" | head -30 | sed 's/^/    /'
        fi
    }
    # shellcheck disable=SC2086
    tsan context explain "$ctxf" $logs fixtures/lab/no-such-file.log
    # shellcheck disable=SC2086
    tsan json explain --format json $logs
    # shellcheck disable=SC2086
    tsan events events --format json $logs
    tsan recursive explain -R "$T"
    if [ -p "$J/fifo" ]; then
        cat "$ctxf" >"$J/fifo" &
        "$TS" -j 4 "$J/fifo" fixtures/lab/untrusted-self-signed-jks.log fixtures/lab/sni-unrecognized-name.log >"$J/tsan-held" 2>&1
        st=$?
        wait
        [ $st -ne 66 ] && cmp -s "$J/tsan-held" "$J/held.1" && ok "TSan: a held FIFO with -j 4" || { notok "TSan: held FIFO ($st)"; grep -A12 'WARNING: ThreadSanitizer' "$J/tsan-held" | head -30 | sed 's/^/    /'; }
    fi
fi
finish
