#!/bin/sh
# Counting connections and de-duplication (issue 12, point 8; docs/evidence.md
# "Counting connections").
#
# 1. Every lab and public development fixture (not fixtures/public/heldout/)
#    and the repro logs: the summary agrees with the verdict, counts nothing
#    twice, the failure groups add up, no two findings of one category cite
#    the same lines (tests/counts_check.py).
# 2. The counts of logs whose connections we know from reading them:
#    fragments of one stack trace, the same failure repeated, a retry
#    handler's attempts, two TLS 1.3 client-auth attempts that the server
#    refused after the client read its Finished, a connection that failed
#    after its handshake completed, a failure no connection of the parser shows.
# 3. Fingerprints ignore timestamps, thread names and line numbers, and tell
#    different failures apart.
# 4. De-duplication of findings: a cause of the same category with the same
#    lines is explained away; a note keeps its steps and refers to the lines.
. tests/lib.sh
if ! "$TX" --version >/dev/null 2>&1; then
    notok "$TX does not run: build it first"
    finish
    exit 1
fi
R=tests/repro/counts

# ---- 1. all development fixtures ------------------------------------------------------
out=$OUT/counts-check.txt
python3 tests/counts_check.py "$TX" fixtures/lab/*.log fixtures/public/*.log fixtures/lab/evidence/*.txt fixtures/tools/*.txt $R/*.log >"$out" 2>&1
grep '^not ok' "$out"
n_bad=$(grep -c '^not ok' "$out")
n_ok=$(grep -c '^ok' "$out")
if [ "$n_bad" -eq 0 ] && [ "$n_ok" -gt 400 ]; then
    ok "counts agree with the verdict on $n_ok fixtures"
else
    notok "counts: $n_bad of $((n_ok + n_bad)) fixtures disagree (above)"
fi

# ---- 2. known counts ----------------------------------------------------------------
# summary FILE: "connections completed failed after groups" and the groups' counts
summary() {
    "$TX" -f json "$1" | python3 -c '
import json, sys
s = json.load(sys.stdin)["summary"]
print(s["connections"], s["completed"], s["failed"], s["failed_after_completed"], len(s["failures"]),
      ",".join("%d@%d-%d" % (g["count"], g["first_line"], g["last_line"]) for g in s["failures"]))'
}
expect() { # description file expected-summary
    got=$(summary "$2")
    if [ "$got" = "$3" ]; then ok "$1: $3"; else notok "$1: got '$got', expected '$3'"; fi
}
# a stack trace whose Caused by chain is cut by "... 42 more" and "[...]": one failure
expect "Caused by chain in pieces" $R/caused-by-cut.log "1 0 1 0 1 1@16-16"
expect "Caused by chain cut by [...] (public 234)" \
    fixtures/public/234-mozstumbler-acra-crash-report-server-cert-expired-2017-chain-validation.log "1 0 1 0 1 1@15-15"
# the same exception logged by a custom trust manager and by the default one
expect "one failure printed by two trust managers (public 029)" \
    fixtures/public/029-axibase-custom-trustmanager-expired-letsencrypt-cert.log "1 0 1 0 1 1@4-4"
# Tomcat's "... with root cause" and then the root cause's trace
expect "a wrapper and its root cause's trace (public 045)" \
    fixtures/public/045-spring-ai-ollama-https-localhost-11434-plain-http-unrecognized-ssl.log "1 0 1 0 1 1@4-4"
# JavaMail's "nested exception is:" and IBM JSSE2's "...; internal cause is:" announce the next trace
# (JavaMail's is read as a cause of the MessagingException itself, so the failure is at its head)
expect "a cause after 'nested exception is:' (public 163)" \
    fixtures/public/163-byzer-javamail-147-starttls-could-not-convert-socket-no-appropriate-protocol.log "1 0 1 0 1 1@2-2"
expect "a cause after '; internal cause is:' (public 357)" \
    fixtures/public/357-ibm-bpm-process-designer-blueworks-live-subscription-jsse2-pkix.log "1 0 1 0 1 1@4-4"
# three attempts, minutes apart, on three threads: three connections, one failure
expect "the same failure three times" $R/repeated.log "3 0 3 0 1 3@2-14"
# Apache HttpClient's RetryExec: each line is an attempt of its own
expect "a retry handler's attempts (public 217)" \
    fixtures/public/217-jetty-10-needclientauth-untrusted-client-cert-broken-pipe-json.log "2 0 2 0 1 2@1-3"
# TLS 1.3: the client read the server's Finished, then the server refused its certificate (unknown_ca), twice
expect "TLS 1.3 client auth refused after the server's Finished (lab)" \
    fixtures/lab/client-auth-cert-untrusted-by-server-tls13.log "2 0 2 0 1 2@1741-2961"
# the server's side: it sent its Finished, then refused the empty client certificate (bad_certificate)
expect "TLS 1.3 server refusing an empty client certificate after its Finished (lab)" \
    fixtures/lab/server-needs-client-cert-none-sent-tls13.log "1 0 1 0 1 1@1163-1163"
# application data went through, then a fatal alert: failed, after its handshake completed
expect "a fatal alert after the handshake completed" $R/after-completed.log "1 0 1 1 1 1@2121-2121"
if "$TX" --color never $R/after-completed.log | grep -q '1 connection, 0 completed, 1 failed (1 after its handshake completed)'; then
    ok "the text report says the failure came after the handshake completed"
else
    notok "the text report does not say the failure came after the handshake completed"
fi
# the HTML ladders' captions judge the same way
if "$TX" -f html fixtures/lab/client-auth-cert-untrusted-by-server-tls13.log | grep -q 'completed, then failed'; then
    notok "HTML: a TLS 1.3 client-auth refusal is captioned 'completed, then failed'"
else
    ok "HTML: a TLS 1.3 client-auth refusal is a failed handshake"
fi
if "$TX" -f html $R/after-completed.log | grep -q 'lines 2.*: completed, then failed'; then
    ok "HTML: a failure after the handshake is captioned 'completed, then failed'"
else
    notok "HTML: the failure after the handshake is not captioned 'completed, then failed'"
fi
# notice lines before the debug output are not a connection of their own
expect "a summary line before the debug output (public 018)" \
    fixtures/public/018-gradle-client-forced-tlsv13-server-protocol-version.log "1 0 1 0 1 1@9-9"
# a FAILURE proved by log-wide lines only: one failed attempt, known from its failure
expect "a failure no connection shows (public 126: certpath debug lines only)" \
    fixtures/public/126-oracle-oam-certpath-ocsp-response-validity-out-of-date-xipki.log "1 0 1 0 1 1@7-7"
# a connection whose handshake completed and nothing failed
expect "a handshake that completed (lab)" fixtures/lab/jdk25-ok-tls13.log "1 1 0 0 0 "

# ---- 3. fingerprints ---------------------------------------------------------------
fp() { "$TX" -f json "$1" | python3 -c 'import json, sys; print(" ".join(g["fingerprint"] for g in json.load(sys.stdin)["summary"]["failures"]))'; }
# the same failure at other times, on other threads, further down
{
    printf 'started\n\n\n'
    sed -e 's/2024-05-02 10:1/2025-11-30 23:4/; s/pool-3-thread-[0-9]/worker-77/' $R/repeated.log | sed -n 7,11p
} >"$OUT/counts-moved.log"
a=$(fp $R/repeated.log)
b=$(fp "$OUT/counts-moved.log")
if [ -n "$a" ] && [ "$a" = "$b" ]; then
    ok "the fingerprint ignores times, threads and line numbers ($a)"
else
    notok "fingerprints differ for the same failure: '$a' vs '$b'"
fi
sed 's/unable to find valid certification path to requested target/Certificate signature validation failed/' \
    $R/repeated.log >"$OUT/counts-other.log"
c=$(fp "$OUT/counts-other.log")
if [ -n "$c" ] && [ "$c" != "$a" ]; then ok "another failure has another fingerprint"; else notok "fingerprint '$c' for another failure (was '$a')"; fi
sed 's|https://rates.example.test/v1|https://ledger.example.test/v1|' $R/repeated.log >"$OUT/counts-host.log"
d=$(fp "$OUT/counts-host.log")
if [ -n "$d" ] && [ "$d" != "$a" ]; then ok "another host has another fingerprint"; else notok "fingerprint '$d' for another host (was '$a')"; fi

# the failure's text is masked with --redact, and cut between words, never inside a name
f033=fixtures/public/033-opentripplanner-httpclient5-543-san-decoding-regression-s3.log
got=$("$TX" -f json --redact $f033 | python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"]["failures"][0]["failure"])')
case $got in
*amazonaws* | *s3.* | "") notok "the failure text leaks a name under --redact: $got" ;;
*...) ok "the failure text is masked and cut between words" ;;
*) notok "the failure text of $f033 was expected cut: $got" ;;
esac

# ---- 4. findings: the same lines for the same cause -------------------------------------
# finding FILE ID: "evidence-lines evidence_as supersedes" of a reported finding, or "absent"
finding() {
    "$TX" -f json "$1" | python3 -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    if f["id"] == sys.argv[1]:
        print(len(f["evidence"]), f.get("evidence_as", "-"), ",".join(f["supersedes"]) or "-")
        break
else:
    print("absent")' "$2"
}
got=$(finding fixtures/public/003-axibase-java8-tlsv1-clienthello-handshake-failure.log client-hello-tls10-refused)
if [ "$got" = absent ]; then ok "a second cause on the same lines is not listed again (public 003)"; else notok "client-hello-tls10-refused still listed: $got"; fi
got=$(finding fixtures/public/003-axibase-java8-tlsv1-clienthello-handshake-failure.log client-offers-only-old-protocols)
case $got in
*client-hello-tls10-refused*) ok "... it is explained by the first ($got)" ;;
*) notok "client-offers-only-old-protocols does not explain client-hello-tls10-refused: $got" ;;
esac
f112=fixtures/public/112-android11-burp-user-ca-not-trusted-trust-anchor-not-found.log
got=$(finding $f112 android-platform-steps)
if [ "$got" = "0 pkix-path-building-failed -" ]; then ok "a platform note refers to the cause's lines ($got)"; else notok "android-platform-steps: $got"; fi
if "$TX" --color never $f112 | grep -q 'Evidence: the same lines as "Java could not build a trusted certificate path'; then
    ok "the text report says so"
else
    notok "the text report does not refer the note to the cause's lines"
fi
finish
