#!/bin/sh
# seed.sh - (re)build the committed seed corpora from the fixtures and the
# rulebook.  Run from anywhere; writes tests/fuzz/corpus/<target>/.
#
#   tokenizer/   public logs whole; lab logs whole up to 24 KB, else the
#                first 6 KB and the last 12 KB (cut at line ends: the
#                failure is at the end); small hand-made hostile shapes.
#   compare/     lab failing log + "\n--8<--\n" + its reference (labels.tsv
#                column 4), each side its last 8 KB.
#   rules_yaml/  the shipped rule files, each rule of them alone, and the
#                good and bad rule files of tests/rules/.
#   cli/         command lines (one word a line) + "\n--8<--\n" + files f1..f4:
#                every command and format, two inputs, tool output, a rule
#                file, stdin, usage errors (small logs: the tails of lab logs).
#   capture_args/ capture command lines: URL, then NUL + option letter +
#                argument (see fuzz_capture_args.c); good and bad URLs, the
#                reproducers of issue 16 (08: newline; 05: --storepass).
# Files named fuzz-<sha1> are not seeds but inputs libFuzzer found (the
# smallest ones adding coverage, from a `-merge=1` of fuzz-out/corpus/):
# they are kept.  All of it stays under ~3.5 MB; libFuzzer grows its own
# copy under fuzz-out/.
set -eu
cd "$(dirname "$0")/../.."
C=tests/fuzz/corpus
mkdir -p "$C/tokenizer" "$C/compare" "$C/rules_yaml" "$C/cli" "$C/capture_args"
find "$C/tokenizer" "$C/compare" "$C/rules_yaml" "$C/cli" "$C/capture_args" -type f ! -name 'fuzz-*' -exec rm -f {} +

# head/tail of a file, cut at whole lines
headk() { head -c "$1" "$2" | sed '$d'; }
tailk() { tail -c "$1" "$2" | sed '1d'; }

for f in fixtures/public/*.log; do
    cp "$f" "$C/tokenizer/public-$(basename "$f")"
done
for f in fixtures/lab/*.log; do
    s=$(basename "$f" .log)
    if [ "$(wc -c <"$f")" -le 24576 ]; then
        cp "$f" "$C/tokenizer/lab-$s.log"
    else
        headk 6144 "$f" >"$C/tokenizer/lab-$s.head.log"
        tailk 12288 "$f" >"$C/tokenizer/lab-$s.tail.log"
    fi
done

# hand-made shapes: CRLF, NUL, cut certificate, hex dumps, prefixes, threads
t=$C/tokenizer
tailk 4096 fixtures/lab/expired-leaf-tls13.log | sed 's/$/\r/' >"$t/shape-crlf.log"
printf 'javax.net.ssl|DEBUG|01|main|2024-01-01 00:00:00.000 UTC|X.java:1|a\000b\000\nCaused by: \000\n' >"$t/shape-nul.log"
grep -n '"certificate" : {' fixtures/lab/expired-leaf-tls13.log | head -1 | cut -d: -f1 | {
    read -r n
    head -n $((n + 12)) fixtures/lab/expired-leaf-tls13.log | tail -c 6144 | sed '1d' >"$t/shape-cut-cert.log"
}
cat >"$t/shape-plaintext.log" <<'EOT'
javax.net.ssl|DEBUG|01|main|2024-05-01 10:00:00.000 UTC|SSLSocketInputRecord.java:214|READ: TLSv1.3 application_data, length = 64
javax.net.ssl|DEBUG|01|main|2024-05-01 10:00:00.001 UTC|SSLCipher.java:1952|Plaintext after DECRYPTION (
  0000: 41 75 74 68 6F 72 69 7A   61 74 69 6F 6E 3A 20 42  Authorization: B
  0010: 61 73 69 63 20 64 58 4E   6C 63 6A 70 77 59 58 4E  asic dXNlcjpwYXN
)
main, READ: TLSv1.2 Application Data, length = 48
Padded plaintext after DECRYPTION:  len = 48
0000: 43 6F 6F 6B 69 65 3A 20   4A 53 45 53 53 49 4F 4E  Cookie: JSESSION
EOT
cat >"$t/shape-threads.log" <<'EOT'
javax.net.ssl|DEBUG|0A|pool-1-thread-1|2024-05-01 10:00:00.000 UTC|ClientHello.java:641|Produced ClientHello handshake message (
"ClientHello": {
javax.net.ssl|DEBUG|0B|pool-1-thread-2|2024-05-01 10:00:00.000 UTC|ClientHello.java:641|Produced ClientHello handshake message (
javax.net.ssl|ERROR|0A|pool-1-thread-1|2024-05-01 10:00:00.002 UTC|TransportContext.java:352|Fatal (HANDSHAKE_FAILURE): Couldn't kickstart handshaking (
"throwable" : {
  javax.net.ssl.SSLHandshakeException: No appropriate protocol
  	at java.base/sun.security.ssl.HandshakeContext.<init>(HandshakeContext.java:163)
javax.net.ssl|WARNING|0B|pool-1-thread-2|2024-05-01 10:00:00.003 UTC|SSLSocketImpl.java:1166|SSLSocket duplex close failed (
EOT
# the reader's bulk row scan (parser.c, skip_rows): full rows, CRLF, a NUL, deep and
# tab indents, a lower-case offset after a row, a body the rules read, a body cut at the end
{
    printf 'javax.net.ssl|DEBUG|01|main|2024-05-01 10:00:00.000 UTC|SSLSocketInputRecord.java:494|Raw read (\n'
    for o in 0000 0010 0020 0030 0040; do
        printf '  %s: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z...v..[K.T.\n' "$o"
    done
    printf '  0050: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ....z...v..[K.T.\r\n'
    printf '  0060: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19  ..\000.z...v..[K.T.\n'
    printf '  0070: 0e 00 00 00                                        ....\n'
    printf 'a0f1: 16 03 03 00 05 PKIX path building failed\n'
    printf '               0080: 16 03 03 00 7A 02 00 00   76 03 03 5B 4B 8C 54 19\n'
    printf '                0090: 16 03 03 00 7A 02 00 00\n\t00A0: 16 03 03\n)\n'
    printf 'javax.net.ssl|DEBUG|01|main|2024-05-01 10:00:00.001 UTC|ClientHello.java:641|Produced ClientHello handshake message (\n'
    printf '"ClientHello": {\n  "client version"      : "TLSv1.2",\n}\n)\n'
    printf 'javax.net.ssl|DEBUG|01|main|2024-05-01 10:00:00.002 UTC|SSLCipher.java:1952|Plaintext after DECRYPTION (\n'
    printf '  0000: 48 54 54 50 2F 31 2E 31   20 32 30 30 20 4F 4B 0D  HTTP/1.1 200 OK.\n  0010: 48 54'
} >"$t/shape-rows.log"
printf '[3/3/10 11:30:11:828 JST] 00000021 SystemOut     O javax.net.ssl|DEBUG|01|main|2010-03-03 11:30:11.828 JST|X.java:1|x\n[3/3/10 11:30:11:829 JST] 00000021 SystemOut     O "ClientHello": {\n' >"$t/shape-websphere.log"

# compare: failing lab log vs its reference, tails only
awk -F'\t' 'NR > 1 && $4 != "-" && $4 != "" { print $1, $4 }' fixtures/lab/labels.tsv | while read -r bad good; do
    [ -f "fixtures/lab/$bad.log" ] && [ -f "fixtures/lab/$good.log" ] || continue
    { tailk 8192 "fixtures/lab/$good.log"; printf '\n--8<--\n'; tailk 8192 "fixtures/lab/$bad.log"; } >"$C/compare/$bad.log"
done
{ cat fixtures/public/001-eurex-qpid-amqp-mtls-legacy-success.log; printf '\n--8<--\n'
  cat fixtures/public/002-eurex-qpid-truststore-wrong-broker-cert-signature-check-failed.log; } >"$C/compare/public-001-002.log"
{ cat fixtures/public/023-kafka-admin-client-tls13-handshake-success-excerpt-jdk17.log; printf '\n--8<--\n'
  cat fixtures/public/017-gradle-jdk11-nexus-behind-cloudflare-sni-handshake-failure.log; } >"$C/compare/public-023-017.log"

# rules: whole files, each rule alone, the test rule files
for f in rules/tls/*.yaml; do
    s=$(basename "$f" .yaml)
    cp "$f" "$C/rules_yaml/tls-$s.yaml"
    awk -v out="$C/rules_yaml/rule-$s-" '
        /^  - id: / { n++; file = sprintf("%s%02d.yaml", out, n); print "version: 1\nrules:" > file }
        n && /^  / { print > file }' "$f"
done
for f in tests/rules/good/*.yaml tests/rules/bad/*.yaml; do
    d=$(basename "$(dirname "$f")")
    cp "$f" "$C/rules_yaml/test-$d-$(basename "$f")"
done
# cli: WORDS -- f1 [-- f2 [-- f3 [-- f4]]] (words one per line)
L=fixtures/lab
cli() { # NAME WORDS FILE...: words separated by spaces here
    name=$1
    words=$2
    shift 2
    { printf '%s' "$words" | tr ' ' '\n'
      for f in "$@"; do printf '\n--8<--\n'; cat "$f"; done; } >"$C/cli/$name"
}
tailk 6144 $L/expired-leaf-tls13.log >"$C/.bad"
tailk 6144 $L/ok-tls13-rsa-app-truststore.log >"$C/.good"
tailk 4096 $L/evidence/untrusted-self-signed-jks.keytool.txt >"$C/.keytool"
tailk 6144 $L/untrusted-self-signed-jks.log >"$C/.selfsigned"
E=$C/.empty
: >"$E"
cli explain-text "f1" "$C/.bad"
cli explain-json-two "--format json f1 f2" "$C/.bad" "$C/.good"
cli explain-md-keytool "-f markdown f1 f2" "$C/.selfsigned" "$C/.keytool"
cli explain-redact-ia "--redact --profile ia --width 40 --color always f1" "$C/.bad"
cli explain-stdin "- --now 1700000000" "$C/.bad"
cli explain-missing-json "--format json f1 f3 f2" "$C/.bad" "$C/.good"
cli explain-rules "--no-builtin -r f2 f1" "$C/.bad" tests/rules/good/simple.yaml
cli events-json "events --format json f1" "$C/.bad"
cli events-text "events f1 -" "$C/.good"
cli timeline "timeline f1" "$C/.bad"
cli timeline-md "timeline -f md --host erp.example f1" "$C/.selfsigned"
cli compare "compare f2 f1" "$C/.bad" "$C/.good"
cli compare-json "compare --format json - f2" "$C/.bad" "$C/.good"
cli rules-list-json "rules -r f2 list --format json" "$E" tests/rules/good/full.yaml
cli rules-list-path "rules list f2" "$E" tests/rules/good/simple.yaml
cli rules-check "rules check f2" "$E" tests/rules/good/full.yaml
cli rules-check-bad "rules check f2" "$E" "$(ls tests/rules/bad/*.yaml | head -n 1)"
cli help "--help"
cli help-compare "compare --help"
cli version "--version"
cli usage-dashes "- -" "$C/.bad"
cli usage-unknown "--frobnicate f1" "$C/.bad"
rm -f "$C/.bad" "$C/.good" "$C/.keytool" "$C/.selfsigned" "$E"
# capture: URL \0 option-letter argument ...
a=$C/capture_args
n=0
seed() { n=$((n + 1)); printf "$1" >"$a/seed-$(printf %02d $n)"; }
seed 'https://localhost:8443/'
seed 'https://api.example.com/'
seed 'https://10.0.0.5:8443/path?q=1#frag'
seed 'https://[::1]:8443/a%%20b'
seed 'https://[::ffff:127.0.0.1]/'
seed 'https://host.example_x-1.com'
seed 'https://localhost:1/x\n[INFO] Connected: TLSv1.3 TLS_AES_128_GCM_SHA256'
seed 'https://user:pw@host/'
seed 'https://h:65536/\000T0'
seed 'https://h/\033[2J'
seed 'https://db01.payroll.invalid:8443/\000ojunk.log\000F\000T20'
seed 'https://localhost/\000j/opt/jre/bin/java\000tapp-trust.p12\000fpass.txt\000T3600'
seed 'https://localhost/\000ps3cret\000T5'
seed 'https://localhost/\000o\000t\000j'
seed 'https://localhost/\000odir/\000o..\000o/x/.\000ta\nb'
seed 'https://localhost/\000T+5\000T 5\000T3601\000T007'
seed 'changeit\r\n'
seed 'http://h/\000F'
seed 'localhost:636'
seed 'tls://[::1]:8443/'
seed 'mail.example\000ssmtp\000kclient.p12\000Kkpass.txt\000yPKCS12'
seed 'tls://db.example\000spostgres\000xproxy.corp:3128\000apx.txt'
seed 'https://h/\000xhttp://[::1]:3128/\000ssmtp'
seed 'h:1\000Ps3cret\000xu:pw@p:1\000yP$12\000sSMTP'
seed 'ldap.example:389\000sldap\000Kk.txt\000aauth'
seed 'user:password\n'
du -sh "$C"/*
