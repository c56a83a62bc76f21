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
hcheck() { # NAME FILE: html_check.py passes
    c=$d/$(printf %s "$1" | tr -c "A-Za-z0-9.\n-" _).check
    if python3 tests/html_check.py "$2" >"$c" 2>&1; then
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
hcheck "lab page ($n fixtures)" "$d/lab.html"
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

"$TX" compare --format html fixtures/lab/ok-tls13-rsa-app-truststore.log fixtures/lab/expired-leaf-tls13.log >"$d/compare.html" 2>&1
hcheck "compare page" "$d/compare.html"
[ "$(grep -c '<figure class="ladder">' "$d/compare.html")" = 2 ] && grep -q 'row-div' "$d/compare.html" &&
    grep -q '<h3>Differences</h3>' "$d/compare.html" && grep -q 'Supported by:' "$d/compare.html" &&
    ok "compare: two ladders, the first divergence marked, the differences, what supports the findings" ||
    notok "compare page lacks a part"

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
