#!/bin/sh
# Decrypted application data behind line prefixes (issue 16, repro 10).
#
# docs/dialects.md: hex dumps and plaintext dumps are never events, never
# evidence, never matched by rules.  Logs reach us wrapped in the framing of
# whatever collected them, so this holds behind every common line prefix:
# docker-compose, kubectl, syslog, journald, logback, log4j, JUL, logcat.
#
# For each prefix style, lab fixtures taken with -Djavax.net.debug=all get
# one more decrypted block each (SSLLogger and legacy form) whose ASCII
# column carries a profile trigger (IAHOME=), a secret and exception texts,
# then every line gets the prefix.  The prefix varies from line to line the
# way real framing does (thread names, pids, container names of different
# widths), so a prefix learned from one line does not strip the next.
# Checks: no dump row and no byte of the secret in explain, events or
# timeline output (text and json), and the profile and the rules that fire
# equal those of the unprefixed file.
. tests/lib.sh
D=$OUT/dumps
rm -rf "$D"
mkdir -p "$D"

# rows TEXT: TEXT as hex-dump rows, SSLLogger layout ("  0000: 49 41 ...
# 6F 70 ...  IAHOME=/opt/xm; ")
rows() {
    printf '%s' "$1" | od -An -v -tx1 | tr 'a-f' 'A-F' | awk -v txt="$1" '
    { for (i = 1; i <= NF; i++) b[nb++] = $i }
    END {
        for (off = 0; off < nb; off += 16) {
            line = sprintf("  %04X:", off)
            for (k = 0; k < 16; k++) {
                if (off + k < nb) line = line " " b[off + k]; else line = line "   "
                if (k == 7) line = line "  "
            }
            print line "  " substr(txt, off + 1, 16)
        }
    }'
}
SECRET='password=hunter2'
PAYLOAD="IAHOME=/opt/xm; $SECRET; HTTP/1.1 200 OK; javax.net.ssl.SSLHandshakeException: PKIX path building failed; Received fatal alert: certificate_unknown; No subject alternative DNS name matching leak.example found"
rows "$PAYLOAD" >"$D/rows"

# inject FILE > FILE': the decrypted blocks go after the first
# "Plaintext after DECRYPTION" block of the fixture
inject() {
    awk -v rowsfile="$D/rows" '
    function blocks() {
        print "javax.net.ssl|DEBUG|10|main|2026-11-27 03:49:20.268 UTC|SSLCipher.java:1961|Plaintext after DECRYPTION ("
        while ((getline r < rowsfile) > 0) print r
        close(rowsfile)
        print ")"
        print "main, READ: TLSv1.2 Application Data, length = 211"
        print "Padded plaintext after DECRYPTION:  len = 211"
        while ((getline r < rowsfile) > 0) { sub(/^  /, "", r); print r }
        close(rowsfile)
    }
    { print }
    /Plaintext after DECRYPTION/ { inblk = 1 }
    inblk && /^\)$/ && !done { blocks(); done = 1; inblk = 0 }' "$1"
}

# prefix STYLE < log > prefixed log
prefix() {
    awk -v style="$1" 'BEGIN { split("main|pool-2-thread-1|http-nio-8443-exec-10", th, "|"); split("7|4242|31337", pid, "|") }
    {
        v = NR % 3 + 1
        t = sprintf("03:%02d:%02d", int(NR / 60) % 60, NR % 60)
        if (style == "compose") p = (v == 1 ? "app_1  | " : "worker_12  | ")
        else if (style == "kubectl") p = "[pod/payments-7d9f8b6c4-x2x9z/" (v == 1 ? "app" : "sidecar") "] "
        else if (style == "syslog") p = "Nov 27 " t " node1 java[" pid[v] "]: "
        else if (style == "journald") p = "2026-11-27T" t "+0000 node1 java[" pid[v] "]: "
        else if (style == "logback") p = t ".745 [" th[v] "] INFO  c.e.pay.Client - "
        else if (style == "log4j") p = "2026-11-27 " t ",745 INFO  [" th[v] "] com.example.pay.Client - "
        else if (style == "jul") p = "2026-11-27 " t " INFO com.example.pay.Client " th[v] " "
        else if (style == "logcat") p = "11-27 " t ".745  4242  " pid[v] " I System.out: "
        print p $0
    }'
}

# verdict FILE: the profile and the rule ids that fire, one line
verdict() {
    "$TX" --format json "$1" 2>/dev/null | grep -o '"profile":[^,]*\|"rule":"[^"]*"' | sort | tr '\n' ' '
}

# leaks OUTFILE: dump rows or payload bytes in an output?
leaks() {
    grep -E '[0-9A-Fa-f]{4}: ([0-9A-Fa-f]{2} +){4}' "$1" || grep -F -e "$SECRET" -e 'IAHOME=/opt' -e 'leak.example' "$1"
}

fixtures="expired-leaf-tls13 ok-mtls-tls12-jks jdk25-hostname-mismatch-san"
for f in $fixtures; do
    src=fixtures/lab/$f.log
    if ! grep -q 'Plaintext after DECRYPTION' "$src"; then
        notok "$f: no decrypted dump to build on"
        continue
    fi
    inject "$src" >"$D/$f.log"
    if [ "$(grep -c "$SECRET" "$D/$f.log")" -lt 2 ]; then
        notok "$f: the decrypted blocks were not injected"
        continue
    fi
    base=$(verdict "$D/$f.log")
    case $base in
    *'"profile":null'*) ok "$f: injected dump does not switch the profile (no prefix)" ;;
    *) notok "$f: injected dump switched the profile without a prefix: $base" ;;
    esac
    for st in compose kubectl syslog journald logback log4j jul logcat; do
        p=$D/$f-$st.log
        prefix "$st" <"$D/$f.log" >"$p"
        got=$(verdict "$p")
        if [ "$got" = "$base" ]; then
            ok "$f behind $st: same profile and findings"
        else
            notok "$f behind $st: '$got' differs from '$base'"
        fi
        bad=""
        for cmd in explain events timeline; do
            for fmt in text json; do
                "$TX" $cmd --format $fmt "$p" >"$D/out" 2>&1
                if leaks "$D/out" >/dev/null; then
                    bad="$bad $cmd/$fmt"
                fi
            done
        done
        if [ -z "$bad" ]; then
            ok "$f behind $st: no dump row or decrypted byte in explain, events, timeline"
        else
            notok "$f behind $st: decrypted data in$bad"
        fi
    done
done

# Repro 10: docker-compose rows without any SSLLogger line to learn from.
R=tests/repro/10-hexdump-behind-unknown-prefix
sed 's/^app_1  | //' $R/compose-prefix.log >"$D/noprefix.log"
a=$(verdict $R/compose-prefix.log)
b=$(verdict "$D/noprefix.log")
if [ "$a" = "$b" ]; then
    ok "repro 10: same verdict with and without the compose prefix"
else
    notok "repro 10: '$a' with the prefix, '$b' without"
fi
"$TX" $R/compose-prefix.log >"$D/r10.out" 2>&1
if grep -q -e '0000: 49 41' -e 'hunter2' -e 'IAHOME' "$D/r10.out"; then
    notok "repro 10: a dump row is quoted"
else
    ok "repro 10: no dump row quoted"
fi

# The shape test does not take ordinary lines for dump rows.
printf '%s\n' \
    '2026-11-27 03:19:33,100 ERROR [main] c.e.Client - call failed: 1234: 56' \
    'app_1  | javax.net.ssl.SSLHandshakeException: PKIX path building failed' \
    'Nov 27 03:49:19 node1 java[4242]: SHA256: 9F:86:D0:81:88:4C:7D:65' >"$D/plain.log"
if "$TX" events "$D/plain.log" 2>/dev/null | grep -q 'PKIX path building failed'; then
    ok "ordinary prefixed lines still parsed"
else
    notok "ordinary prefixed lines lost"
fi
rm -rf "$D"
finish
