#!/bin/sh
# The HTML report in a real browser (make test; suite_htmlcheck checks the
# same pages without one).  Every lab fixture is rendered to its own page,
# with compare pages, a page of several files, the injected-script fixture
# (plain and --redact), one page in the dark scheme and one printed; all
# are opened in one headless Chromium driven over the DevTools protocol by
# tests/html_browser.py: no console error, no network request, ladder and
# certificate tree present and non-empty (for a log with handshake messages
# or certificates), screenshot not blank, the injected script never runs.
# Without Chromium (Debian: apt-get install chromium; tools/setup-debian.sh
# installs it) the suite says so and skips: it never passes without one.
. tests/lib.sh
# TX_CHROMIUM: the browser (default: the first of chromium, chromium-browser,
# google-chrome on PATH); TX_CHROMIUM=none shows the skip.
browser=
for b in ${TX_CHROMIUM:-chromium chromium-browser google-chrome}; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b && break; fi
done
if [ -z "$browser" ]; then
    skip "Chromium is not installed (Debian: apt-get install chromium): the HTML report is not opened in a browser"
    finish
    exit $?
fi
if ! command -v python3 >/dev/null 2>&1; then
    skip "python3 is not installed (it drives Chromium)"
    finish
    exit $?
fi
d=$OUT/html
rm -rf "$d" && mkdir -p "$d"
nopic=
n=0
for f in fixtures/lab/*.log; do
    b=$(basename "$f" .log)
    "$TX" --format html "$f" >"$d/$b.html" 2>/dev/null
    st=$?
    [ $st -le 3 ] || notok "$b: status $st"
    # a log with no handshake message and no certificate has nothing to draw
    "$TX" events "$f" 2>/dev/null | grep -q ' =MSG \| =CERT ' || nopic="$nopic,$b"
    n=$((n + 1))
done
ok "$n lab fixtures rendered; without a handshake to draw:${nopic:+ $(echo "${nopic#,}" | tr ',' ' ')}"
L=fixtures/lab
"$TX" compare --format html $L/ok-tls13-rsa-app-truststore.log $L/expired-leaf-tls13.log >"$d/compare-expired.html" 2>/dev/null
"$TX" compare --format html $L/ok-tls12-rsa-jks.log $L/missing-intermediate-rsa-tls12.log >"$d/compare-missing.html" 2>/dev/null
"$TX" compare --format html $L/ok-mtls-tls13-pkcs12.log $L/client-auth-no-keystore-tls13.log >"$d/compare-mtls.html" 2>/dev/null
"$TX" --format html $L/ok-tls13-rsa-app-truststore.log $L/sni-unrecognized-name.log $L/hostname-mismatch-san.log >"$d/several.print.html" 2>/dev/null
# one input twice, one from stdin: ids of their own, the log's lines around every evidence line
"$TX" --format html $L/expired-leaf-tls13.log $L/expired-leaf-tls13.log - <$L/hostname-mismatch-san.log >"$d/several-same.html" 2>/dev/null
cat $L/ok-tls13-rsa-app-truststore.log $L/expired-leaf-tls13.log >"$d/multi-bad.log"
"$TX" compare --format html $L/ok-tls12-rsa-jks.log "$d/multi-bad.log" >"$d/compare-multi.html" 2>/dev/null
cp "$d/missing-intermediate-rsa-tls12.html" "$d/missing-intermediate.dark.html"
P='<script>window.__pwned=1;document.title="pwned"</script><img src=x onerror=window.__pwned=2>'
sed "1010s|O=Northwind Payments Ltd, L=London|O=$P, L=London|; 1045s|DNSName: billing|DNSName: <svg onload=window.__pwned=3>billing|" \
    $L/expired-leaf-tls13.log >"$d/injected-subject.log"
"$TX" --format html "$d/injected-subject.log" >"$d/injected-subject.html" 2>/dev/null
"$TX" --redact --format html "$d/injected-subject.log" >"$d/injected-subject-redact.html" 2>/dev/null
"$TX" compare --format html $L/ok-tls13-rsa-app-truststore.log "$d/injected-subject.log" >"$d/compare-injected.html" 2>/dev/null
t0=$(date +%s)
python3 tests/html_browser.py --no-pictures "${nopic#,}" "$browser" "$d" "$d"/*.html >"$d/browser.out" 2>&1
t1=$(date +%s)
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) notok "${line#not ok - }" ;;
    *) notok "html_browser.py: $line" ;;
    esac
done <"$d/browser.out"
[ "$(grep -c '^ok - ' "$d/browser.out")" -eq "$(ls "$d"/*.html | wc -l)" ] &&
    ok "every page checked in Chromium ($(ls "$d"/*.html | wc -l) pages, $((t1 - t0)) s)" ||
    notok "pages checked: $(grep -c '^ok - ' "$d/browser.out") of $(ls "$d"/*.html | wc -l)"
grep -q 'injected-subject.html opens' "$d/browser.out" && ok "the injected <script> subject did not run in Chromium" ||
    notok "the injected-script page was not checked"
finish
