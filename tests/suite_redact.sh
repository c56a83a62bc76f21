#!/bin/sh
# --redact leaves no name of the input in any output (issue 16, repro 09).
#
# Property: for every fixture (fixtures/lab, fixtures/lab/evidence,
# fixtures/public, fixtures/tools), every command (explain, events,
# timeline, compare against a success fixture) and every format (text, json,
# markdown where the command has it), no host, IP address, SAN entry or
# certificate subject/issuer attribute value of the input appears in the
# --redact output.
#
# The names are collected from the unredacted `events --format json` by
# tests/redact_names.awk, written apart from analysis/redact.c.  What is
# masked (--redact in docs/tlsexplain.1): every attribute value except a two-letter
# country code (C=US) and keytool's placeholder "Unknown".  A name of four
# bytes or more must not appear as a whole word anywhere; a shorter one
# ("IT", "HR") must not appear where a DN value stands ("OU=IT").  Names the
# JSON shows \u-escaped and names the fixture already masked ("****.com")
# are skipped (they cannot be searched for as written).
#
# Files are batched per invocation (one explain/events/timeline run per
# directory; compare takes turns with the formats) to stay well under a
# minute.
. tests/lib.sh
D=$OUT/redact
rm -rf "$D"
mkdir -p "$D"
GOOD=fixtures/lab/ok-tls13-rsa-app-truststore.log

# names FILE... > list: the names to look for.  With several files in one
# run, a name of one file that the shipped rules' prose also uses ("Fortinet"
# of a certificate, "Fortinet" in a remediation step) or that is a segment of
# a Java package name in the inputs may stand unmasked in another file's
# report, which never saw it as a name: such names are checked by the
# single-file runs below only.
names() {
    "$TX" events --format json "$@" 2>/dev/null >"$D/ev"
    awk -f tests/redact_names.awk "$D/ev" | grep -v -e '?' -e '\*\*' | sort -u >"$D/all"
    if [ $# -gt 1 ]; then
        # a name of one file that stands as a word in another input whose own
        # events do not hold it as a name (a z/OS user id in a keyring URL of
        # one log, the same id as a plain column of another): that input's
        # report never saw it as a name; checked by single-file runs only
        rm -rf "$D/per"
        mkdir -p "$D/per"
        awk -v d="$D/per" 'match($0, /"file":"[^"]*"/) {
            f = substr($0, RSTART + 8, RLENGTH - 9)
            if (!(f in id)) { id[f] = ++n; print f > (d "/index") }
            print > (d "/" id[f])
        }' "$D/ev"
        i=0
        : >"$D/pairs"
        [ -s "$D/per/index" ] && while IFS= read -r f; do
            i=$((i + 1))
            awk -f tests/redact_names.awk "$D/per/$i" | sed "s|^|$f:|" >>"$D/pairs"
        done <"$D/per/index"
        grep -HowF -f "$D/all" "$@" 2>/dev/null | sort -u >"$D/words"
        sort -u "$D/pairs" | comm -23 "$D/words" - | cut -d: -f2- | sort -u >"$D/stray"
        grep -rhoFw -f "$D/all" rules/tls rules/contrib | sort -u >"$D/prose"
        # likewise a name of one file that is an ordinary word of another:
        # a segment of a Java package or class name there ("OU=jboss" in one
        # certificate, "org.jboss.logging" in another file's quoted line)
        cat "$@" 2>/dev/null | grep -oE '\b(com|org|net|io|java|javax|sun|jdk)(\.[A-Za-z][A-Za-z0-9_]*)+' |
            tr '.' '\n' | sort -u >>"$D/prose"
        # and a word of another input's file name, which every report prints
        # as it is ("...-hostname-not-verified.log" beside "CN=hostname")
        printf '%s\n' "$@" >"$D/paths"
        grep -ohwF -f "$D/all" "$D/paths" | sort -u >>"$D/prose"
        cat "$D/stray" >>"$D/prose"
        grep -vxF -f "$D/prose" "$D/all"
    else
        cat "$D/all"
    fi
}

# leaks NAMES OUTPUT: the lines of OUTPUT that name one of NAMES
leaks() {
    awk 'length($0) >= 4' "$1" >"$D/long"
    awk 'length($0) < 4' "$1" >"$D/short"
    {
        [ -s "$D/long" ] && grep -n -F -w -f "$D/long" "$2"
        if [ -s "$D/short" ]; then
            # where a DN value stands: "=IT", "= IT", "=\"IT"
            awk 'NR == FNR { s[$0] = 1; next }
            {
                line = $0
                while (match(line, /= ?(\\?")?[^,;+"\\\]=]*/)) {
                    v = substr(line, RSTART, RLENGTH)
                    sub(/^= ?(\\?")?/, "", v)
                    sub(/ +$/, "", v)
                    if (v in s) { print FNR ": " $0; break }
                    line = substr(line, RSTART + RLENGTH)
                }
            }' "$D/short" "$2"
        fi
    } | head -n 5
}

# check WHAT NAMES OUTPUT
check_out() {
    l=$(leaks "$2" "$3")
    if [ -z "$l" ]; then
        ok "$1"
    else
        notok "$1: names left: $(printf '%s' "$l" | cut -c1-300 | tr '\n' '|')"
    fi
}

run_set() { # LABEL FILE...
    label=$1
    shift
    names "$@" >"$D/names"
    n=$(wc -l <"$D/names")
    if [ "$n" -lt 1 ]; then
        notok "$label: only $n names collected: the collector is broken"
        return
    fi
    for fmt in text json markdown; do
        "$TX" explain --redact --color never --format $fmt "$@" >"$D/out" 2>&1
        check_out "$label: explain --format $fmt masks all $n names" "$D/names" "$D/out"
    done
    for fmt in text json; do
        "$TX" events --redact --format $fmt "$@" >"$D/out" 2>&1
        check_out "$label: events --format $fmt masks all $n names" "$D/names" "$D/out"
    done
    for fmt in text json markdown; do
        "$TX" timeline --redact --color never --format $fmt "$@" >"$D/out" 2>&1
        check_out "$label: timeline --format $fmt masks all $n names" "$D/names" "$D/out"
    done
}

# compare: one invocation per file (it takes exactly two), so the formats
# take turns - every file is compared once, every format on a third of them
run_compare() { # LABEL FILE...
    label=$1
    shift
    names "$GOOD" "$@" >"$D/names"
    : >"$D/out.text"
    : >"$D/out.json"
    : >"$D/out.markdown"
    k=0
    for f in "$@"; do
        case $((k % 3)) in 0) fmt=text ;; 1) fmt=json ;; *) fmt=markdown ;; esac
        k=$((k + 1))
        "$TX" compare --redact --color never --format $fmt "$GOOD" "$f" >>"$D/out.$fmt" 2>&1
    done
    for fmt in text json markdown; do
        check_out "$label: compare --format $fmt with a success log masks all names" "$D/names" "$D/out.$fmt"
    done
}

# the logs and tool outputs (not the labels, sources and scripts beside them)
run_set lab fixtures/lab/*.log
run_set lab-evidence fixtures/lab/evidence/*.txt
run_set public fixtures/public/*.log
run_set tools fixtures/tools/*.txt
run_compare lab fixtures/lab/*.log
run_compare public fixtures/public/*.log

# Single files, each command and format: names the rules' prose also uses
# are checked here too.
for f in fixtures/lab/inspection-fortinet-xmatters-no-debug.log fixtures/lab/hostname-mismatch-san.log \
    fixtures/tools/bundle-s_client-keytool-root-not-listed.txt fixtures/public/015-* fixtures/public/028-*; do
    run_set "$(basename "$f")" "$f"
done

# Repro 09: each leak found by the review, as its own check.
R=tests/repro/09-redact-leaks
leak() { # DESCRIPTION PATTERN ARGS...: PATTERN must not be in the output
    d=$1
    p=$2
    shift 2
    if "$TX" "$@" 2>&1 | grep -q -F -- "$p"; then
        notok "repro 09: $d"
    else
        ok "repro 09: $d"
    fi
}
leak "openssl DN values (O = Tools Lab)" "Tools Lab" --redact fixtures/tools/bundle-s_client-keytool-root-not-listed.txt
leak "wildcard SAN domain" "northwind-payments" events --redact --format json fixtures/lab/hostname-mismatch-wildcard-depth.log
sed 's/Globex Ops Issuing CA/Globex Ops Issuing CA (ops.globex.internal)/g' fixtures/lab/ca-pathlen-exceeded.log >"$D/cn.log"
leak "CN with blanks and a dotted name" "ops.globex.internal" timeline --redact --format json "$D/cn.log"
leak "CN with blanks and a dotted name, explain" "Globex Ops" --redact "$D/cn.log"
leak "host in an exception message" "api.payroll.corp" events --redact $R/exc.log
leak "SAN list in an exception message" "payroll.corp" events --redact $R/exc.log
leak "DN in an exception message" "Payroll Root CA" events --redact $R/exc.log
leak "DN in an exception message, explain json" "Payroll" --redact --format json $R/exc.log
leak "single-label host" "billingsrv" --redact $R/single-label.log
leak "single-label host, events" "billingsrv" events --redact --format json $R/single-label.log
leak "the host given with --host" "ledgerdb" --redact --host ledgerdb.corp.example --format json $R/exc.log
leak "the host given with --host, events" "ledgerdb" events --redact --host ledgerdb.corp.example $R/exc.log
cp $R/single-label.log "$D/client-billingsrv-1.log"
leak "a learned host in the file name" "billingsrv" --redact "$D/client-billingsrv-1.log"
leak "a learned host in the file name, events" "billingsrv" events --redact "$D/client-billingsrv-1.log"

# Redaction keeps the report readable: prose words, class names and
# properties are not taken for names.
"$TX" --redact --color never fixtures/lab/hostname-mismatch-wildcard-depth.log >"$D/r.txt" 2>&1
for w in 'CertificateException' 'subjectAltName' 'host-1' 'TransportContext.java' '*.example.com'; do
    if grep -q -F -- "$w" "$D/r.txt"; then
        ok "redacted report still says '$w'"
    else
        notok "redacted report lost '$w'"
    fi
done
rm -rf "$D"
# credentials in a URL (user:password@host): masked like names, in every format
printf 'Connecting to https://alice:s3cretpw@db.example.com:8443/api\njavax.net.ssl.SSLException: Unsupported or unrecognized SSL message\n' >"$OUT/redact-userinfo.log"
left=
for fmt in text json markdown html sarif; do
    "$TX" --redact --format $fmt "$OUT/redact-userinfo.log" 2>&1 | grep -q -e alice -e s3cretpw && left="$left $fmt"
done
"$TX" events --redact "$OUT/redact-userinfo.log" 2>&1 | grep -q -e alice -e s3cretpw && left="$left events"
# (the unmasked dump holds them: the check is not vacuous)
"$TX" events "$OUT/redact-userinfo.log" 2>&1 | grep -q 'https://alice:s3cretpw@db.example.com' || left="$left (not in the plain dump)"
[ -z "$left" ] && "$TX" events --redact "$OUT/redact-userinfo.log" 2>&1 | grep -q 'https://user-1:user-2@host-1' &&
    ok "a URL's user and password are masked (user-1:user-2@host-1) in every format" ||
    notok "URL credentials left in:${left:- events (no user-N tokens)}"

# a host the publisher masked in part: the part left in clear is masked too,
# also where a report quotes it with the masked label cut off (" .region...")
printf 'Connecting to https://**redacted**.cluster-**redacted**.eu-north-9.dbsvc.example.net:8443/api\njavax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target\n' >"$OUT/redact-partly-masked.log"
"$TX" events "$OUT/redact-partly-masked.log" 2>&1 | grep -q 'eu-north-9.dbsvc.example.net' &&
    ! "$TX" events --redact "$OUT/redact-partly-masked.log" 2>&1 | grep -q 'dbsvc' &&
    ! "$TX" --redact --format json "$OUT/redact-partly-masked.log" 2>&1 | grep -q 'dbsvc' &&
    ok "the clear part of a partly masked host is masked (events, report)" ||
    notok "the clear part of a partly masked host is left: $("$TX" events --redact "$OUT/redact-partly-masked.log" 2>&1 | grep -o '[^ ]*dbsvc[^ ]*' | head -2 | tr '\n' ' ')"

finish
