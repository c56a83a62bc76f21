#!/bin/sh
# tlsexplain capture against servers on loopback.
#
# A throwaway PKI is made in a temp directory; `openssl s_server` serves a
# leaf + its private root on 127.0.0.1 and is stopped by its PID.  Checked:
# a trusted connection (--truststore/--storepass), an untrusted one, an
# unreachable port, the default log name, the hard timeout (a fake java that
# never ends is killed), no java (exit 4), a bad URL (exit 2), and that the
# truststore password never appears on a command line.
#
# Without java (or openssl) on PATH nothing runs: a "skip" line, 0 passed.
# CI installs openjdk-17-jre-headless so that it does run there.
. tests/lib.sh
case $TX in /*) TXA=$TX ;; *) TXA=$(pwd)/$TX ;; esac
if ! command -v java >/dev/null 2>&1; then
    echo "skip - capture: no java on PATH (install a JRE, e.g. openjdk-17-jre-headless, to run these tests)"
    finish
    exit 0
fi
for t in openssl keytool; do
    if ! command -v $t >/dev/null 2>&1; then
        echo "skip - capture: no $t on PATH"
        finish
        exit 0
    fi
done
if ! "$TXA" --version >/dev/null 2>&1; then
    notok "$TX does not run: build it first"
    finish
    exit 1
fi

W=$(mktemp -d)
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
cd "$W" || exit 1
mkdir tmp
TMPDIR=$W/tmp
export TMPDIR

# ---- PKI and server ------------------------------------------------------------------
q() { "$@" >/dev/null 2>&1; }
q openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 2 -subj "/O=tlsexplain tests/CN=Capture Test Root" \
    -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign
q openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj "/O=tlsexplain tests/CN=localhost"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:false\nextendedKeyUsage=serverAuth\n' >ext.cnf
q openssl x509 -req -in leaf.csr -CA root.pem -CAkey root.key -CAcreateserial -days 1 -extfile ext.cnf -out leaf.pem
q keytool -importcert -noprompt -alias capture-test-root -file root.pem -keystore trust.p12 -storetype PKCS12 -storepass changeit
[ -s leaf.pem ] && [ -s trust.p12 ] && ok "test PKI made" || notok "test PKI"

ready() { openssl s_client -connect "127.0.0.1:$1" </dev/null >/dev/null 2>&1; }
PORT=
for try in 1 2 3 4 5 6 7 8; do
    p=$(( (($$ + try * 7919) % 30000) + 20000 ))
    openssl s_server -accept "127.0.0.1:$p" -cert leaf.pem -key leaf.key -cert_chain root.pem -www -quiet >/dev/null 2>&1 &
    SERVER=$!
    i=0
    while [ $i -lt 30 ] && kill -0 "$SERVER" 2>/dev/null && ! ready "$p"; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$SERVER" 2>/dev/null && ready "$p"; then PORT=$p; break; fi
    kill "$SERVER" 2>/dev/null
    SERVER=
done
[ -n "$PORT" ] && ok "s_server on 127.0.0.1:$PORT" || { notok "s_server did not start"; finish; exit 1; }
URL=https://localhost:$PORT/

# ---- a trusted connection --------------------------------------------------------------
"$TXA" capture --truststore trust.p12 --storepass changeit -o ok.log --color never --timeout 30 "$URL" >ok.out 2>ok.err
st=$?
[ $st -eq 0 ] && ok "trusted: exit 0" || { notok "trusted: exit $st"; sed 's/^/    /' ok.err | head; }
grep -q 'SUCCESS' ok.out && ok "trusted: reported SUCCESS" || notok "trusted: no SUCCESS in the report"
grep -q 'javax.net.ssl|' ok.log && ok "trusted: the log holds the JSSE debug output" || notok "trusted: no debug output in ok.log"
grep -q 'saved the debug log .* to ok.log' ok.err && ok "trusted: says where the log is" || notok "trusted: no 'saved ... to ok.log'"
case $(ls -l ok.log) in -rw-------*) ok "trusted: the log is private (0600)" ;; *) notok "trusted: log mode $(ls -l ok.log | cut -c1-10)" ;; esac
grep -q 'trustStore is: trust.p12' ok.log && ok "trusted: the JVM used --truststore" || notok "trusted: trustStore line missing"
grep -q changeit ok.log && notok "trusted: the password is in the log" || ok "trusted: the password is not in the log"

# ---- untrusted (the JDK's own cacerts), default log name -----------------------------------
mkdir run && cd run || exit 1
"$TXA" capture --format json --timeout 30 "$URL" >../bad.json 2>../bad.err
st=$?
cd .. || exit 1
[ $st -eq 1 ] && ok "untrusted: exit 1" || notok "untrusted: exit $st"
grep -q '"top_category":"untrusted-cert"' bad.json && ok "untrusted: diagnosed untrusted-cert" ||
    notok "untrusted: $(sed -n 's/.*"top_category":"\([^"]*\)".*/\1/p' bad.json)"
n=$(ls run/tlsexplain-capture-localhost-*Z.log 2>/dev/null | wc -l)
[ "$n" -eq 1 ] && ok "untrusted: log saved as tlsexplain-capture-localhost-<UTC>.log" || notok "untrusted: $n default-named logs"

# ---- unreachable port ---------------------------------------------------------------------
kill "$SERVER" 2>/dev/null
wait "$SERVER" 2>/dev/null
SERVER=
"$TXA" capture --format json -o refused.log --timeout 30 "$URL" >refused.json 2>refused.err
st=$?
[ $st -eq 1 ] && ok "unreachable: exit 1" || notok "unreachable: exit $st"
grep -q '"top_category":"network"' refused.json && ok "unreachable: diagnosed network" ||
    notok "unreachable: $(sed -n 's/.*"top_category":"\([^"]*\)".*/\1/p' refused.json)"

# ---- the hard timeout: a "java" that never ends -------------------------------------------------
cat >slow-java <<EOF
#!/bin/sh
echo "fake java \$\$"
echo \$\$ >"$W/slow.pid"
exec sleep 60
EOF
chmod +x slow-java
start=$(date +%s)
"$TXA" capture --java ./slow-java -o slow.log --timeout 2 "$URL" >slow.out 2>slow.err
st=$?
took=$(( $(date +%s) - start ))
[ "$took" -le 8 ] && ok "timeout: capture returned after ${took}s" || notok "timeout: capture took ${took}s"
grep -q 'did not finish within 2 s' slow.err && ok "timeout: says the probe was stopped" || notok "timeout: no 'did not finish' message"
pid=$(cat slow.pid 2>/dev/null)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then notok "timeout: the fake java ($pid) still runs"; kill "$pid"; else ok "timeout: the JVM's process is gone"; fi
grep -q 'fake java' slow.log && ok "timeout: what it printed is saved" || notok "timeout: slow.log lacks the output"

# ---- the password travels in the environment, not on the command line ------------------------------
cat >argv-java <<'EOF'
#!/bin/sh
echo "argv: $*"
echo "storepass in env: ${TLSEXPLAIN_STOREPASS:+yes}"
EOF
chmod +x argv-java
"$TXA" capture --java ./argv-java --truststore trust.p12 --storepass s3cret-pass -o argv.log "$URL" >/dev/null 2>&1
grep -q 's3cret-pass' argv.log && notok "password: on the java command line" || ok "password: not on the java command line"
grep -q 'storepass in env: yes' argv.log && ok "password: handed over in the environment" || notok "password: not in the environment"
grep -q -- '-Djavax.net.debug=all' argv.log && ok "argv: -Djavax.net.debug=all" || notok "argv: no debug option"
grep -q -- '-Djavax.net.ssl.trustStore=trust.p12' argv.log && ok "argv: the truststore option" || notok "argv: no trustStore option"
grep -q -- 'TlsProbe https://localhost' argv.log && ok "argv: the probe and the URL" || notok "argv: no TlsProbe URL"

# ---- no java, bad URL ---------------------------------------------------------------------------
"$TXA" capture --java /nonexistent/bin/java "$URL" >nojava.out 2>nojava.err
st=$?
[ $st -eq 4 ] && ok "no java (--java): exit 4" || notok "no java (--java): exit $st"
grep -q "cannot run '/nonexistent/bin/java'" nojava.err && ok "no java (--java): says so" || notok "no java (--java): message"
env -u JAVA_HOME PATH=/nonexistent "$TXA" capture "$URL" >nojava2.out 2>nojava2.err
st=$?
[ $st -eq 4 ] && ok "no java on PATH: exit 4" || notok "no java on PATH: exit $st"
grep -q 'no java found' nojava2.err && ok "no java on PATH: says so" || notok "no java on PATH: message"
"$TXA" capture http://localhost:1/ >/dev/null 2>badurl.err
st=$?
[ $st -eq 2 ] && ok "http:// URL: exit 2" || notok "http:// URL: exit $st"
for t in 0 abc 99999; do
    "$TXA" capture --timeout $t "$URL" >/dev/null 2>&1
    st=$?
    [ $st -eq 2 ] && ok "--timeout $t: exit 2" || notok "--timeout $t: exit $st"
done
"$TXA" capture >/dev/null 2>&1
st=$?
[ $st -eq 2 ] && ok "no URL: exit 2" || notok "no URL: exit $st"
left=$(ls "$W/tmp" | grep -c '^tlsexplain-probe-')
[ "$left" -eq 0 ] && ok "probe temp directories removed" || notok "$left probe temp directories left behind"
finish
