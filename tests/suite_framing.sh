#!/bin/sh
# suite_framing.sh - the same TLS failures however they are printed
# (tests/framing/: constructed samples, see its README): each sample's
# top category (or success verdict) and a text its events dump must hold.
. "$(dirname "$0")/lib.sh"
dir=tests/framing
while IFS='	' read -r file cat outcome expect framing; do
    case $file in '#'* | '') continue ;; esac
    res=$("$TX" explain --format json "$dir/$file" 2>/dev/null | head -n 1)
    verdict=$(printf '%s' "$res" | sed -n 's/.*"verdict":"\([a-z]*\)".*/\1/p')
    top=$(printf '%s' "$res" | sed -n 's/.*"top_category":"\([a-z-]*\)".*/\1/p')
    if [ "$outcome" = success ]; then
        [ "$verdict" = success ] && ok "$file: success" || notok "$file: labelled success, got $verdict ${top:-}"
    elif [ "$top" = "$cat" ]; then
        ok "$file: $cat"
    else
        notok "$file: labelled $cat, diagnosed ${top:-nothing} ($verdict) [$framing]"
    fi
    if [ "$expect" != - ]; then
        if "$TX" events "$dir/$file" 2>/dev/null | grep -qF -- "$expect"; then
            ok "$file: events hold $expect"
        else
            notok "$file: events lack $expect"
        fi
    fi
done <"$dir/labels.tsv"

# Every 4th lab log, wrapped in each frame (and as docker json-file records,
# and as a paste carries it: quoted, numbered, HTML-escaped, broken at a width):
# the same verdict and top category as the log itself.
wrap() { # frame file
    case $1 in
    compose) sed 's/^/app_1  | /' "$2" ;;
    kubectl) sed 's#^#[pod/api-7d9f/api] #' "$2" ;;
    stern) sed 's/^/api-7d9f8b6c5-x2x7q api /' "$2" ;;
    syslog) sed 's/^/May  1 10:00:00 app01 java[2345]: /; s/	/#011/g' "$2" ;;
    logcat) sed 's/^/04-12 10:11:12.345  1234  1250 I System.out: /' "$2" ;;
    studio) sed 's#^#2024-04-12 10:11:12.345 1234-1250/com.example.app I/System.out: #' "$2" ;;
    # a CI job's stamp (GitHub Actions; Jenkins Timestamper; a console clock)
    gha) sed 's/^/2026-11-27T03:50:18.1234567Z /' "$2" ;;
    jenkins) sed 's/^/[2026-11-27T03:50:18.123Z] /' "$2" ;;
    clock) sed 's/^/[03:50:18] /' "$2" ;;
    cri) sed 's/^/2026-01-01T00:00:00.123456789Z stdout F /' "$2" ;;
    json) jq -cR '{log: (. + "\n"), stream: "stdout", time: "2026-01-01T00:00:00.000000000Z"}' <"$2" ;;
    # what a paste adds: a quoted reply, line numbers, a web page's escapes,
    # a console's or a mail's line width (the frames of tools/paste-robustness.sh)
    *) sh tools/paste-robustness.sh --as "$1" "$2" ;;
    esac
}
summary() { "$TX" explain --format json "$1" 2>/dev/null | head -n 1 |
    sed -n 's/.*"verdict":"\([a-z]*\)".*"top_category":\(null\|"[a-z-]*"\).*/\1 \2/p'; }
frames="compose kubectl stern syslog logcat studio cri gha jenkins clock quoted quoted2 gutter catn grepn listing html nbsp curly fold80 fold120 folds76"
if command -v jq >/dev/null 2>&1; then frames="$frames json"; else skip "json frames (docker json-file): jq is not installed"; fi
i=0
while IFS='	' read -r name rest; do
    case $name in '#'* | '' | scenario) continue ;; esac
    i=$((i + 1))
    [ $((i % 4)) = 1 ] || continue
    f=fixtures/lab/$name.log
    [ -f "$f" ] || continue
    want=$(summary "$f")
    for fr in $frames; do
        wrap "$fr" "$f" >"$OUT/framing-wrapped.log"
        got=$(summary "$OUT/framing-wrapped.log")
        [ -n "$want" ] && [ "$got" = "$want" ] && ok "$name in $fr frames: $want" ||
            notok "$name in $fr frames: $got, unwrapped $want"
    done
done <fixtures/lab/labels.tsv
# Lines that merely share a width are not a wrapped paste: 200 threads' alert lines,
# as wide as each other from T100 on and each followed by the next thread's line
awk 'BEGIN { for (i = 0; i < 200; i++) printf "T%d, SEND TLSv1.2 ALERT:  fatal, description = certificate_unknown\n", i }' >"$OUT/framing-same-width.log"
if "$TX" explain "$OUT/framing-same-width.log" 2>/dev/null | grep -q " 200 connections,"; then
    ok "200 lines of one width, one per thread: not joined (200 connections)"
else
    notok "200 lines of one width: $("$TX" explain "$OUT/framing-same-width.log" 2>/dev/null | grep -o '[0-9]* connections,')"
fi
# A hex row after a line as wide as the paste's width is never joined to it (hex
# rows may hold decrypted data and are never offered to rules)
{
    cat "$dir/console-80-column-wrapped-trace.log"
    printf '%s\n' 'main, handling exception: sun.security.validator.ValidatorException: PKIX paxxxx' \
        '0000: 16 03 03 00 02 02 30                               ......0' \
        'main, RECV TLSv1.2 ALERT:  fatal, handshake_failure'
} >"$OUT/framing-hex-after-break.log"
if ! "$TX" events "$OUT/framing-hex-after-break.log" 2>/dev/null | grep -q '16 03 03'; then
    ok "a hex row after a line of the paste's width: not joined, never offered to rules"
else
    notok "a hex row was joined to the line before it"
fi
# Messages broken at a word by a paste's width (fold -s: mail, consoles, forums):
# every one-sentence "pkg.Class(Exception|Error): message" of the message
# catalogue longer than the width, at 72 and 80 columns, and broken inside a
# word at 80 and 100 (fold -w: one break is enough to be believed in a short
# paste), still explained by its rule (the guess list a failure gets when nothing names
# its reason, tls-failure-unread-*, passed over: a note names the wrapper). (Messages behind an application-server code - ELY04008: - are read as
# that server's notice line by line and are not joined: not tested here; nor are
# messages with non-ASCII text: fold breaks bytes, inside a character.)
cat_samples=$(mktemp) || exit 2
command -v jq >/dev/null 2>&1 || skip "messages broken at a width: jq is not installed"
command -v jq >/dev/null 2>&1 && awk -F'\t' '!/^#/ && NR > 1 && length($5) > 76 && $5 ~ /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.[A-Z][A-Za-z0-9_$]*(Exception|Error): [^][".|]*$/ && $5 !~ /[A-Z][A-Z][A-Z]+[0-9][0-9][0-9][0-9]+[A-Z]?:/ && $5 ~ /^[ -~]*$/ { print $1 "\t" $7 "\t" $5 }' \
    tests/messages/catalogue.tsv >"$cat_samples"
while IFS='	' read -r id rule sample; do
    for w in 72 80 h80 h100; do
        case $w in
        h*) printf '%s\n' "$sample" | fold -w "${w#h}" >"$OUT/framing-fold.log" ;; # broken inside a word
        *) printf '%s\n' "$sample" | fold -s -w "$w" >"$OUT/framing-fold.log" ;;
        esac
        got=$("$TX" explain --format json "$OUT/framing-fold.log" 2>/dev/null | jq -r '[.findings[]? | select((.kind == "cause" or .kind == "note") and (.id | startswith("tls-failure-unread-") | not))][0].id // "none"')
        [ "$got" = "$rule" ] && ok "$id folded at $w: $rule" || notok "$id folded at $w: $got, want $rule"
    done
done <"$cat_samples"
rm -f "$cat_samples"

# A pasted tail of a debug log: the alert record was cut off, the exception that
# quotes it was not - the peer's alert is still an event of the attempt
for f in fixtures/lab/*.log; do
    d=$(grep -o 'Received fatal alert: [a-z_]*' "$f" | tail -n 1 | sed 's/.*: //')
    [ -n "$d" ] || continue
    tail -n 60 "$f" >"$OUT/framing-tail.log"
    if "$TX" events "$OUT/framing-tail.log" 2>/dev/null | grep -q "=ALERT .*origin=peer .*description=$d\$"; then
        ok "$(basename "$f" .log), last 60 lines: the peer's $d alert"
    else
        notok "$(basename "$f" .log), last 60 lines: no peer alert $d"
    fi
done
finish
