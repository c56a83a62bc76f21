#!/bin/sh
# The HTML report without a browser (make check): every lab fixture in one
# page (a section per file after the summary), the public and tool fixtures
# in another, a compare page, a capture of
# the injected-script fixture plain and with --redact, each checked by
# tests/html_check.py: it parses with every element closed, ids are unique,
# every link resolves, every evidence line links to its log line, nothing
# loads or runs (no script, no external src or href, the CSP meta).  And
# the injected <script> subject is text: escaped, never markup.
# suite_html.sh opens the same pages in headless Chromium.
. tests/lib.sh
if ! command -v python3 >/dev/null 2>&1; then
    skip "python3 is not installed (html.parser checks the HTML)"
    finish
    exit $?
fi
d=$OUT/htmlcheck
rm -rf "$d" && mkdir -p "$d"
hcheck() { # NAME FILE [--log-context]: html_check.py passes
    c=$d/$(printf %s "$1" | tr -c "A-Za-z0-9.\n-" _).check
    if python3 tests/html_check.py ${3:-} "$2" >"$c" 2>&1; then
        ok "$1: $(sed "s/.*: ok //" "$c")"
    else
        notok "$1:"
        sed "s/^/    /" "$c" | head -20
    fi
}
labs=$(ls fixtures/lab/*.log)
n=$(printf '%s\n' $labs | grep -c .)
"$TX" -j 2 --format html $labs >"$d/lab.html" 2>"$d/lab.err"
st=$?
[ $st -le 3 ] && ok "every lab fixture in one page (status $st)" || notok "lab page: status $st: $(head -3 "$d/lab.err")"
hcheck "lab page ($n fixtures): every evidence line opens on the log's own lines around it" "$d/lab.html" --log-context
sections=$(grep -c '^<section class="file"' "$d/lab.html")
rows=$(sed -n '/<h2 id="summary-h">/,/<\/table>/p' "$d/lab.html" | grep -c '^<tr><td>')
[ "$sections" = "$n" ] && [ "$rows" = "$n" ] && ok "a summary row and a section per file ($n)" ||
    notok "$n files: $rows summary rows, $sections sections"
head -c 15 "$d/lab.html" | grep -q '<!DOCTYPE html>' && tail -1 "$d/lab.html" | grep -q '^</html>$' &&
    ok "one document (doctype first, </html> last)" || notok "not one document"
grep -q '<svg' "$d/lab.html" && grep -q 'class="tree"' "$d/lab.html" && ok "ladders and chain trees drawn" ||
    notok "no ladder or no chain tree in the lab page"
# the public and tool fixtures (every dialect, real-world logs), one page
"$TX" -R -j 2 --format html fixtures/public fixtures/tools >"$d/public.html" 2>"$d/public.err"
st=$?
[ $st -le 3 ] && ok "every public and tool fixture in one page (status $st)" || notok "public page: status $st: $(head -3 "$d/public.err")"
hcheck "public and tool page ($(ls -R fixtures/public fixtures/tools | grep -c '\.'))" "$d/public.html"
# decrypted application data comes as hex dumps: none is ever shown (context lines included)
dumps=$(grep -l 'Plaintext after DECRYPTION' $labs | wc -l)
cat "$d/lab.html" "$d/public.html" | grep -Eq '[0-9A-Fa-f]{4}: ([0-9A-Fa-f]{2} ){4}' && notok "a hex dump row in the lab page" ||
    ok "no hex dump row shown ($dumps fixtures log decrypted records)"
# ... also not in the lines around an evidence line, which are read again from the log
hexctx=$(grep -c 'hex-dump row: not shown' "$d/lab.html")
[ "$hexctx" -gt 0 ] && ok "hex rows beside evidence lines are shown by number only ($hexctx)" ||
    notok "no evidence line beside a hex row in the lab page (the context test tests nothing)"
# the context of a log read from stdin, a pipe, a FIFO among several inputs (held by evidence.c)
L=fixtures/lab
"$TX" --format html - <$L/expired-leaf-tls13.log >"$d/stdin.html" 2>/dev/null
hcheck "stdin: the log's lines around each evidence line" "$d/stdin.html" --log-context
cat $L/expired-leaf-tls13.log | "$TX" --format html - >"$d/pipe.html" 2>/dev/null
hcheck "a pipe: the log's lines around each evidence line" "$d/pipe.html" --log-context
rm -f "$d/fifo" && mkfifo "$d/fifo" && { cat $L/expired-leaf-tls13.log >"$d/fifo" & }
"$TX" --format html "$d/fifo" $L/hostname-mismatch-san.log >"$d/fifo.html" 2>/dev/null
wait
hcheck "a FIFO among two inputs: the log's lines around each evidence line" "$d/fifo.html" --log-context
# a compressed file (read again through its decompressor) and a saved scan (its fact lines
# read as empty lines, again): the log's lines, not the note that they are not available
if command -v gzip >/dev/null 2>&1; then
    gzip -c $L/expired-leaf-tls13.log >"$d/expired.log.gz"
    "$TX" --format html "$d/expired.log.gz" >"$d/gz.html" 2>/dev/null
    hcheck "a gzip file: the log's lines around each evidence line" "$d/gz.html" --log-context
    "$TX" --format html - <"$d/expired.log.gz" >"$d/gz-stdin.html" 2>/dev/null
    hcheck "gzip on stdin: the log's lines around each evidence line" "$d/gz-stdin.html" --log-context
fi
"$TX" --format html tests/fuzz/corpus/scan/seed-untrusted-tls12 >"$d/saved-scan.html" 2>/dev/null
hcheck "a saved scan: the log's lines around each evidence line" "$d/saved-scan.html" --log-context
# the same input twice (and once under another spelling): every id unique, a section each
"$TX" --format html $L/expired-leaf-tls13.log $L/expired-leaf-tls13.log ./$L/expired-leaf-tls13.log >"$d/dup.html" 2>/dev/null
hcheck "one input given three times: ids unique" "$d/dup.html" --log-context
links=$(sed -n '/<h2 id="summary-h">/,/<\/table>/p' "$d/dup.html" | grep -o 'href="#[^"]*"' | sort -u | wc -l)
[ "$links" -eq 3 ] && [ "$(grep -c '^<section class="file"' "$d/dup.html")" -eq 3 ] &&
    ok "one input given three times: three sections, each summary row links to its own" ||
    notok "one input given three times: $links distinct summary links"
# a name only the lines around the evidence hold: shown without --redact, masked with it
sed '1113a\
2026-11-27 03:50:18.809 INFO  [main] c.n.billing.Client - retrying against vault-7.corp-hidden.example:8443' \
    $L/expired-leaf-tls13.log >"$d/context-name.log"
"$TX" --format html "$d/context-name.log" >"$d/context-name.html" 2>/dev/null
"$TX" --redact --format html "$d/context-name.log" >"$d/context-name-redact.html" 2>/dev/null
hcheck "the lines around the evidence, --redact" "$d/context-name-redact.html" --log-context
sed -n '/<pre class="ctx"/,/<\/pre>/p' "$d/context-name.html" | grep -q 'vault-7.corp-hidden' &&
    ! grep -q 'corp-hidden' "$d/context-name-redact.html" &&
    ok "--redact masks the lines around an evidence line (a name only they hold)" ||
    notok "context and --redact: shown $(grep -c 'corp-hidden' "$d/context-name.html"), left with --redact $(grep -c 'corp-hidden' "$d/context-name-redact.html")"

"$TX" compare --format html fixtures/lab/ok-tls13-rsa-app-truststore.log fixtures/lab/expired-leaf-tls13.log >"$d/compare.html" 2>&1
hcheck "compare page" "$d/compare.html"
[ "$(grep -c '<figure class="ladder">' "$d/compare.html")" = 2 ] && grep -q 'row-div' "$d/compare.html" &&
    grep -q '<h3>Differences</h3>' "$d/compare.html" && grep -q 'Supported by:' "$d/compare.html" &&
    ok "compare: two ladders, the first divergence marked, the differences, what supports the findings" ||
    notok "compare page lacks a part"
grep -q 'Each log has this one connection' "$d/compare.html" && ok "compare: the page says which pair it draws" ||
    notok "compare: the page does not say which pair it draws"
# a row that differs says so in words, not in colour alone
n=$(grep -o '<text [^>]*>\(differs\|only here\)</text>' "$d/compare.html" | wc -l)
[ "$n" -gt 0 ] && ok "compare: $n rows that differ are marked in words too" || notok "compare: rows that differ are marked by colour alone"
# several connections a log: the pair drawn is BAD's failed connection against GOOD's completed
# one, the page says so and that it is the only one drawn, and the divergence is outlined in it
cat $L/hostname-mismatch-san.log $L/ok-tls13-rsa-app-truststore.log >"$d/multi-good.log"
cat $L/ok-tls13-rsa-app-truststore.log $L/expired-leaf-tls13.log >"$d/multi-bad.log"
"$TX" compare --format html "$d/multi-good.log" "$d/multi-bad.log" >"$d/compare-multi.html" 2>/dev/null
hcheck "compare page, several connections" "$d/compare-multi.html" --log-context
grep -q 'Drawn: <strong>connection 2 of GOOD vs connection 2 of BAD</strong>, because its BAD connection holds the evidence of BAD&#39;s top cause' "$d/compare-multi.html" &&
    grep -q 'Only this one of the 2 pairs of connections is drawn' "$d/compare-multi.html" &&
    [ "$(grep -c '<figure class="ladder">' "$d/compare-multi.html")" = 2 ] && grep -q 'row-div' "$d/compare-multi.html" &&
    ok "compare, several connections: BAD's failed one drawn against GOOD's completed one, said so, divergence outlined" ||
    notok "compare, several connections: $(grep -o 'Drawn: <strong>[^<]*' "$d/compare-multi.html")"

# a hostile subject and SAN: markup in a certificate must stay text
P='<script>window.__pwned=1;document.title="pwned"</script><img src=x onerror=window.__pwned=2>'
sed "1010s|O=Northwind Payments Ltd, L=London|O=$P, L=London|; 1045s|DNSName: billing|DNSName: <svg onload=window.__pwned=3>billing|" \
    fixtures/lab/expired-leaf-tls13.log >"$d/injected-subject.log"
"$TX" --format html "$d/injected-subject.log" >"$d/injected.html" 2>&1
hcheck "injected subject" "$d/injected.html"
if grep -q '&lt;script&gt;window.__pwned=1' "$d/injected.html" && ! grep -q '<script\|<img\|<svg onload' "$d/injected.html"; then
    ok "an injected <script> subject is escaped text ($(grep -o '&lt;script&gt;' "$d/injected.html" | wc -l) times), no markup"
else
    notok "injected markup reached the HTML"
fi
"$TX" --redact --format html "$d/injected-subject.log" >"$d/injected-redact.html" 2>&1
hcheck "injected subject, --redact" "$d/injected-redact.html"
if ! grep -qi 'northwind' "$d/injected-redact.html"; then
    ok "--redact: no host or subject of the log left anywhere (evidence, context, ladder, tree)"
else
    notok "--redact left: $(grep -o '.\{20\}[Nn]orthwind.\{20\}\|.\{20\}__pwned.\{10\}' "$d/injected-redact.html" | head -3)"
fi
"$TX" compare --redact --format html fixtures/lab/ok-tls13-rsa-app-truststore.log "$d/injected-subject.log" >"$d/compare-redact.html" 2>&1
hcheck "compare --redact" "$d/compare-redact.html"
! grep -qi 'northwind' "$d/compare-redact.html" && ok "compare --redact masks every name" ||
    notok "compare --redact left: $(grep -o '.\{20\}[Nn]orthwind.\{20\}' "$d/compare-redact.html" | head -3)"
# the sample the README shows is the current output
"$TX" --format html fixtures/lab/expired-leaf-tls13.log >"$d/sample.html" 2>/dev/null
cmp -s "$d/sample.html" docs/report-sample.html && ok "docs/report-sample.html is current" ||
    notok "docs/report-sample.html differs from: tlsexplain --format html fixtures/lab/expired-leaf-tls13.log (regenerate it, and docs/report-sample.png: README)"
hcheck "the sample docs/report-sample.html" docs/report-sample.html
# only explain, compare, capture and scan write HTML
"$TX" timeline --format html fixtures/lab/expired-leaf-tls13.log >/dev/null 2>&1
[ $? -eq 2 ] && ok "timeline --format html is a usage error" || notok "timeline --format html accepted"
finish
