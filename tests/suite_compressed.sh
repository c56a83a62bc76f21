#!/bin/sh
# Compressed inputs: .gz, .zst, .xz and .bz2 copies of the fixtures (made here, never
# committed) give byte-identical reports to the plain files - by name, from a pipe, among
# several inputs (a compressed keytool listing is still lent, a compressed FIFO still read
# once) - so evidence line numbers are those of the decompressed text; a truncated or corrupt
# file is a clear input error (exit 4) with the report of what was read; a decompression bomb
# stays in flat memory.
. tests/lib.sh
Z=$(pwd)/$OUT/compressed
rm -rf "$Z"
mkdir -p "$Z/plain" "$Z/gz" "$Z/zst" "$Z/xz" "$Z/bz2"
TXA=$TX
case $TX in /*) ;; *) TXA=$(pwd)/$TX ;; esac
for t in gzip zstd xz bzip2; do
    command -v $t >/dev/null 2>&1 || { notok "$t is not installed (tools/setup-debian.sh)"; finish; exit 1; }
done
compress() { # FORMAT < plain > compressed
    case $1 in gz) gzip -c -6 ;; zst) zstd -q -c -3 ;; xz) xz -c -6 ;; bz2) bzip2 -c -9 ;; esac
}

# the same relative name in two directories: plain and compressed reports agree byte for byte,
# file names included: every lab log in gzip (JSON), a spread of them with public logs and the
# tool fixtures in every format (text and JSON)
n=0
for f in fixtures/lab/*.log fixtures/public/00*.log fixtures/tools/*.txt; do
    b=$(basename "$f")
    cp "$f" "$Z/plain/$b"
    n=$((n + 1))
    case $f in
        fixtures/lab/*) compress gz <"$f" >"$Z/gz/$b"; [ $((n % 9)) -eq 0 ] || continue ;;
        fixtures/tools/*) [ $((n % 3)) -eq 0 ] || continue ;;
    esac
    for z in zst xz bz2; do compress $z <"$f" >"$Z/$z/$b"; done
done
for z in gz zst xz bz2; do
    same=0 differ=
    for c in "$Z/$z"/*; do
        b=$(basename "$c")
        fmts="json text"
        [ $z = gz ] && case $b in [0-9]*|*.txt) ;; *) fmts=json ;; esac
        for fmt in $fmts; do
            (cd "$Z/plain" && "$TXA" --color never --format $fmt "$b" >"$Z/p.out" 2>"$Z/p.err"; echo $? >"$Z/p.st")
            (cd "$Z/$z" && "$TXA" --color never --format $fmt "$b" >"$Z/c.out" 2>"$Z/c.err"; echo $? >"$Z/c.st")
            if [ -s "$Z/p.out" ] && cmp -s "$Z/p.out" "$Z/c.out" && cmp -s "$Z/p.st" "$Z/c.st" && cmp -s "$Z/p.err" "$Z/c.err"; then
                same=$((same + 1))
            else
                differ="$differ $b/$fmt"
            fi
        done
    done
    [ -z "$differ" ] && [ "$same" -ge 10 ] && ok "$z: $same reports identical to the plain files'" || notok "$z: reports differ:$differ"
done
# events (the dump cites every event's line) and timeline too
L=expired-leaf-tls13.log
for cmd in events timeline; do
    for z in zst xz bz2 gz; do
        [ -f "$Z/$z/$L" ] || compress $z <"fixtures/lab/$L" >"$Z/$z/$L"
        (cd "$Z/plain" && "$TXA" $cmd "$L") >"$Z/p.out" 2>&1
        (cd "$Z/$z" && "$TXA" $cmd "$L") >"$Z/c.out" 2>&1
        cmp -s "$Z/p.out" "$Z/c.out" && ok "$cmd $z: same lines as the plain log" || notok "$cmd $z differs"
    done
done

# standard input: compressed data is recognised by its first bytes
"$TX" --color never - <"fixtures/lab/$L" >"$Z/stdin-plain.out" 2>&1
for z in gz zst xz bz2; do
    cat "$Z/$z/$L" | "$TX" --color never - >"$Z/stdin.out" 2>&1
    cmp -s "$Z/stdin-plain.out" "$Z/stdin.out" && ok "$z from a pipe" || notok "$z from a pipe differs"
    "$TX" --color never - <"$Z/$z/$L" >"$Z/stdin.out" 2>&1
    cmp -s "$Z/stdin-plain.out" "$Z/stdin.out" && ok "$z on stdin from a file" || notok "$z on stdin (file) differs"
done
# concatenated members are read one after the other (as zcat does)
for z in gz zst xz bz2; do
    cat "$Z/$z/$L" "$Z/$z/$L" | "$TX" events - >"$Z/cat.out" 2>&1
    cat "fixtures/lab/$L" "fixtures/lab/$L" | "$TX" events - >"$Z/cat-plain.out" 2>&1
    cmp -s "$Z/cat.out" "$Z/cat-plain.out" && ok "$z: two concatenated members" || notok "$z: concatenated members differ"
done
# a text file that starts like bzip2's magic is still text
printf 'BZh9 starts this text, which is not bzip2\n' >"$Z/bzh.log"
cat "fixtures/lab/$L" >>"$Z/bzh.log"
"$TX" events "$Z/bzh.log" >"$Z/bzh.out" 2>&1
st=$?
"$TX" events "fixtures/lab/$L" >"$Z/bzh-plain.out" 2>&1
[ $st -eq 0 ] && [ "$(wc -l <"$Z/bzh.out")" -eq "$(wc -l <"$Z/bzh-plain.out")" ] &&
    ok "a text starting with 'BZh9' is read as text" || notok "'BZh9' text: exit $st"

# several inputs: a compressed keytool listing is still lent to the log, a compressed FIFO still read once
K=fixtures/lab/evidence/untrusted-self-signed-jks.keytool.txt
G=fixtures/lab/untrusted-self-signed-jks.log
cp "$K" "$Z/plain/k.txt"; cp "$G" "$Z/plain/g.log"
compress xz <"$K" >"$Z/xz/k.txt"; compress zst <"$G" >"$Z/zst/g.log"
(cd "$Z/plain" && "$TXA" --color never g.log k.txt) >"$Z/multi-plain.out" 2>&1
cp "$Z/zst/g.log" "$Z/xz/g.log"
(cd "$Z/xz" && "$TXA" --color never g.log k.txt) >"$Z/multi.out" 2>&1
grep -q 'is tool output' "$Z/multi.out" && cmp -s "$Z/multi-plain.out" "$Z/multi.out" &&
    ok "a compressed keytool listing is lent to a compressed log" || notok "compressed listing not lent the same way"
rm -f "$Z/xz/fifo" "$Z/plain/fifo"
mkfifo "$Z/xz/fifo" && cp "$K" "$Z/plain/fifo"
(cd "$Z/plain" && "$TXA" --color never g.log fifo) >"$Z/fifo-plain.out" 2>&1
cat "$Z/xz/k.txt" >"$Z/xz/fifo" &
(cd "$Z/xz" && timeout 60 "$TXA" --color never g.log fifo) >"$Z/fifo.out" 2>&1
wait
grep -q 'is tool output' "$Z/fifo.out" && cmp -s "$Z/fifo-plain.out" "$Z/fifo.out" &&
    ok "a compressed FIFO among several inputs is read once and lent" || notok "compressed FIFO differs"
rm -f "$Z/xz/fifo"

# truncated and corrupt data: exit 4, a message naming the file and the format, and the report
# of the text read before it (a bigger log, so that some text comes before the cut)
B=fixtures/lab/expired-leaf-tls13.log
for z in gz zst xz bz2; do
    compress $z <"$B" >"$Z/full.$z"
    size=$(wc -c <"$Z/full.$z")
    head -c $((size * 2 / 3)) "$Z/full.$z" >"$Z/cut.$z"
    "$TX" --color never "$Z/cut.$z" >"$Z/cut.out" 2>"$Z/cut.err"
    st=$?
    if [ $st -eq 4 ] && grep -q "^tlsexplain: error: cannot read '$Z/cut.$z': the [a-z0-9]* data ends early" "$Z/cut.err" &&
        grep -q "^$Z/cut.$z: .* - " "$Z/cut.out" && grep -q 'read [0-9]* lines' "$Z/cut.out"; then
        ok "truncated $z: exit 4, a clear error, the partial report"
    else
        notok "truncated $z: exit $st"; sed 's/^/    /' "$Z/cut.err" | head -3
    fi
done
# the text before the cut is analysed: gzip streams, so a cut after the failure still finds it
size=$(wc -c <"$Z/full.gz")
head -c $((size - 40)) "$Z/full.gz" >"$Z/late-cut.gz"
"$TX" --format json "$Z/late-cut.gz" >"$Z/late.out" 2>"$Z/late.err"
st=$?
[ $st -eq 4 ] && grep -q '"top_category":"expired"' "$Z/late.out" && ok "truncated near its end: the failure is still diagnosed, exit 4" ||
    notok "truncated near its end: exit $st"
# corrupt: a run of bytes overwritten in the middle
for z in gz zst xz bz2; do
    size=$(wc -c <"$Z/full.$z")
    cp "$Z/full.$z" "$Z/bad.$z"
    printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' | dd of="$Z/bad.$z" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
    "$TX" --color never "$Z/bad.$z" >"$Z/bad.out" 2>"$Z/bad.err"
    st=$?
    if [ $st -eq 4 ] && grep -q "cannot read '$Z/bad.$z': \(corrupt [a-z0-9]* data\|the [a-z0-9]* data ends early\)" "$Z/bad.err" && [ -s "$Z/bad.out" ]; then
        ok "corrupt $z: exit 4, a clear error, a report"
    else
        notok "corrupt $z: exit $st"; sed 's/^/    /' "$Z/bad.err" | head -3
    fi
done
# with several files the others are unaffected; JSON keeps one record per input
"$TX" --format json "$Z/cut.gz" fixtures/lab/sni-unrecognized-name.log >"$Z/jl.out" 2>"$Z/jl.err"
st=$?
[ $st -eq 4 ] && [ "$(wc -l <"$Z/jl.out")" -eq 2 ] && grep -q '"file":"fixtures/lab/sni-unrecognized-name.log"' "$Z/jl.out" &&
    ok "a truncated file among several: exit 4, every input reported" || notok "truncated among several: exit $st"
# compare and events end with exit 4 too
"$TX" compare fixtures/lab/ok-tls13-rsa-app-truststore.log "$Z/cut.xz" >/dev/null 2>&1
st=$?; [ $st -eq 4 ] && ok "compare with a truncated BAD: exit 4" || notok "compare truncated: exit $st"
"$TX" events "$Z/cut.zst" >/dev/null 2>&1
st=$?; [ $st -eq 4 ] && ok "events of a truncated file: exit 4" || notok "events truncated: exit $st"
# data that needs a bigger decoder window than the limit is refused with a message, not decoded
cat "$B" | zstd -q -c --long=28 >"$Z/long.zst"
"$TX" "$Z/long.zst" >/dev/null 2>"$Z/long.err"
st=$?; [ $st -eq 4 ] && grep -q 'needs a window over 128 MiB' "$Z/long.err" && ok "zstd --long=28: refused (window limit), exit 4" ||
    notok "zstd --long=28: exit $st"
# an empty compressed file is an empty log
: | gzip -c >"$Z/empty.gz"
"$TX" events "$Z/empty.gz" >"$Z/empty.out" 2>&1
st=$?; [ $st -eq 0 ] && ok "an empty gzip file: an empty log" || notok "empty gzip: exit $st"

# decompression bombs: 64 MiB of zero bytes from 64 KiB of gzip, 16 MiB of one repeated debug
# line from a few KiB of zstd, 64 MiB of newlines in xz - memory stays flat (the plain
# fixture's peak plus a few MiB of decoder state)
if [ -x /usr/bin/time ]; then
    head -c 67108864 /dev/zero | gzip -c -1 >"$Z/bomb-zero.gz"
    yes 'javax.net.ssl|DEBUG|01|main|2025-01-01 00:00:00.000 UTC|SSLSocketImpl.java:1|Produced ClientHello handshake message' |
        head -c 16777216 | zstd -q -c -3 >"$Z/bomb-line.zst"
    head -c 67108864 /dev/zero | tr '\0' '\n' | xz -c -1 >"$Z/bomb-nl.xz"
    base=$(/usr/bin/time -f %M "$TX" "$B" 2>&1 >/dev/null | tail -n 1)
    for b in bomb-zero.gz bomb-line.zst bomb-nl.xz; do
        rss=$(timeout 120 /usr/bin/time -f %M "$TX" "$Z/$b" 2>&1 >/dev/null | tail -n 1)
        if [ -n "$rss" ] && [ "$rss" -lt $((base + 16384)) ]; then
            ok "$b ($(wc -c <"$Z/$b") bytes): peak RSS $rss KiB (plain log $base KiB)"
        else
            notok "$b: peak RSS ${rss:-?} KiB, plain log $base KiB"
        fi
    done
else
    skip "peak RSS: /usr/bin/time is not installed (apt-get install time)"
fi
rm -rf "$Z"
finish
