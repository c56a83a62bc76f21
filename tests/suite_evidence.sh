#!/bin/sh
# Tool evidence (issue 8): keytool, openssl and curl output, alone and combined.
#
# 1. Golden event dumps and explain reports of every evidence fixture
#    (fixtures/lab/evidence/*.txt, the lab's; fixtures/tools/*.txt, ours) in
#    tests/golden/evidence/{events,explain}/<dir>/; BLESS=1 rewrites them.
# 2. Combined evidence: a debug log or s_client output given with the
#    keytool listing of the truststore (tests/golden/evidence/combined/),
#    and the note on stderr that says a file lends its listing.
# 3. Labels: every fixtures/tools file gets its labelled category ranked
#    first (failure) or no cause at all (success); for the lab's evidence
#    set, a cause that fires must be the labelled one unless the file is
#    one a tool cannot judge alone (listed below with the reason).
# 4. Several debug logs alone are still one report each, nothing lent.
. tests/lib.sh
bless=${BLESS:-0}
if ! "$TX" --version >/dev/null 2>&1; then
    notok "$TX does not run: build it first"
    finish
    exit 1
fi

golden() { # kind name got-file
    exp=tests/golden/evidence/$1/$2.txt
    if [ "$bless" = 1 ]; then
        mkdir -p "$(dirname "$exp")"
        cp "$3" "$exp"
        ok "blessed $1 $2"
    elif [ ! -f "$exp" ]; then
        notok "$1 $2: no expectation (BLESS=1 sh tests/suite_evidence.sh)"
    elif cmp -s "$3" "$exp"; then
        ok "$1 $2"
    else
        notok "$1 $2 differs from $exp:"
        diff -u "$exp" "$3" | head -20 | sed 's/^/    /'
    fi
}

# ---- 1. every evidence fixture ----------------------------------------------------
for f in fixtures/lab/evidence/*.txt fixtures/tools/*.txt; do
    [ -f "$f" ] || continue
    dir=$(basename "$(dirname "$f")")
    stem=$(basename "$f" .txt)
    got=$OUT/evidence-events-$dir-$stem.txt
    "$TX" events "$f" >"$got" 2>&1
    golden events "$dir/$stem" "$got"
    got=$OUT/evidence-explain-$dir-$stem.txt
    "$TX" explain --color never --width 100 "$f" >"$got" 2>&1
    golden explain "$dir/$stem" "$got"
done

# ---- 2. combined evidence -------------------------------------------------------------
combined() { # name file...
    name=$1
    shift
    got=$OUT/evidence-combined-$name.txt
    "$TX" explain --color never --width 100 "$@" >"$got" 2>"$got.err"
    cat "$got.err" >>"$got"
    golden combined "$name" "$got"
}
E=fixtures/lab/evidence
combined log-keytool-missing-intermediate fixtures/lab/missing-intermediate-ec-tls13.log $E/missing-intermediate-ec-tls13.keytool.txt
combined log-keytool-self-signed fixtures/lab/untrusted-self-signed-jks.log $E/untrusted-self-signed-jks.keytool.txt
combined log-keytool-ok fixtures/lab/ok-tls12-rsa-jks.log $E/ok-tls12-rsa-jks.keytool.txt
combined probe-keytool-self-signed $E/untrusted-self-signed-jks.probe.txt $E/untrusted-self-signed-jks.keytool.txt
combined s_client-keytool-self-signed $E/untrusted-self-signed-jks.s_client.txt $E/untrusted-self-signed-jks.keytool.txt
combined s_client-keytool-self-signed-imported $E/ok-self-signed-leaf-in-truststore.s_client.txt $E/ok-self-signed-leaf-in-truststore.keytool.txt
combined s_client-keytool-private-ca $E/ok-tls13-rsa-app-truststore.s_client.txt $E/ok-tls13-rsa-app-truststore.keytool.txt
combined s_client-keytool-inspection $E/inspection-zscaler-default-cacerts.s_client.txt $E/ok-tls12-rsa-jks.keytool.txt

# the combined report names the listing and its file; the log's own evidence is cited
out=$("$TX" explain --color never --width 1000 $E/untrusted-self-signed-jks.s_client.txt $E/untrusted-self-signed-jks.keytool.txt 2>&1 | tr '\n' ' ' | tr -s ' ')
case $out in
*"is not among the entries of the truststore you listed (1 in all, $E/untrusted-self-signed-jks.keytool.txt)"*) ok "combined: the issuer is named absent from the listed truststore" ;;
*) notok "combined: no 'not among the entries' explanation" ;;
esac
case $out in
*"note: $E/untrusted-self-signed-jks.keytool.txt is tool output"*) ok "combined: stderr says which file lends its listing" ;;
*) notok "combined: no note about the lent listing" ;;
esac
# JSON: one object per input
n=$("$TX" explain --format json $E/untrusted-self-signed-jks.s_client.txt $E/untrusted-self-signed-jks.keytool.txt 2>/dev/null | grep -c '^{')
[ "$n" = 2 ] && ok "combined: one JSON report per input" || notok "combined: $n JSON reports for 2 inputs"

# ---- 3. labels ------------------------------------------------------------------------
# lab evidence a tool cannot judge alone: file<TAB>reason
cannot=$OUT/evidence-cannot.tsv
cat >"$cannot" <<'EOF'
missing-intermediate-ec-tls13.curl.txt	curl shows no chain when it fails: an unknown issuer is all it can say
missing-intermediate-ec-tls13.probe.txt	the probe without debug output shows only "PKIX path building failed"
inspection-zscaler-default-cacerts.curl.txt	curl shows no chain when it fails
inspection-zscaler-default-cacerts.probe.txt	the probe without debug output shows only "PKIX path building failed"
inspection-fortinet-xmatters-no-debug.curl.txt	curl shows no chain when it fails
inspection-fortinet-xmatters-no-debug.s_client.txt	OpenSSL stops at "unable to verify the first certificate" before any inspection sign
client-auth-no-keystore-tls12.probe.txt	the probe without debug output shows only "Received fatal alert: handshake_failure"
ok-mtls-tls12-jks.s_client.txt	s_client was run without the client certificate the probe had
ok-mtls-tls13-pkcs12.s_client.txt	s_client was run without the client certificate the probe had
ok-inspection-ca-imported.s_client.txt	s_client verifies against the OS store, which lacks the imported inspection root
EOF
labels() { # dir strict
    dir=$1
    strict=$2
    while IFS='	' read -r file cat outcome rest; do
        case $file in '#'*|'') continue ;; esac
        res=$("$TX" explain --format json "$dir/$file" 2>/dev/null | head -n 1)
        verdict=$(printf '%s' "$res" | sed -n 's/.*"verdict":"\([a-z]*\)".*/\1/p')
        top=$(printf '%s' "$res" | sed -n 's/.*"top_category":"\([a-z-]*\)".*/\1/p')
        why=$(grep "^$file	" "$cannot" | cut -f2)
        if [ "$outcome" = success ]; then
            if [ "$verdict" != failure ]; then ok "label $file: no cause ($verdict)"
            elif [ -n "$why" ] && [ "$strict" = 0 ]; then ok "label $file: $top accepted ($why)"
            else notok "label $file: labelled success, diagnosed $top"; fi
        elif [ "$top" = "$cat" ]; then
            ok "label $file: $cat"
        elif [ "$strict" = 0 ] && { [ -z "$top" ] || [ -n "$why" ]; }; then
            ok "label $file: ${top:-no cause} (a tool alone cannot show $cat${why:+: $why})"
        else
            notok "label $file: labelled $cat, diagnosed ${top:-nothing} ($verdict)"
        fi
    done <"$dir/labels.tsv"
}
labels fixtures/tools 1
labels fixtures/lab/evidence 0

# ---- 4. several debug logs: unchanged -------------------------------------------------
out=$("$TX" explain --color never fixtures/lab/ok-tls12-rsa-jks.log fixtures/lab/untrusted-self-signed-jks.log 2>&1)
case $out in
*"is tool output"*) notok "two debug logs: something was lent" ;;
*) ok "two debug logs: nothing lent" ;;
esac
n=$(printf '%s\n' "$out" | grep -c ': \(SUCCESS\|FAILURE\|UNKNOWN\) - ')
[ "$n" = 2 ] && ok "two debug logs: two reports" || notok "two debug logs: $n reports"
finish
