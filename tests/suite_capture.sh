#!/bin/sh
# tlsexplain capture.
#
# Part 1 needs no JRE: fake `java` scripts (what the reproducers of issue 16
# use) check the files capture makes and never touches (an existing --output
# is refused, never deleted; a symlink is never followed; --force replaces
# atomically; mode 0600), the truststore password (TLSEXPLAIN_STOREPASS and
# --storepass-file reach the probe, --storepass is refused, never on a
# command line), the hard deadline (a descendant that leaves the process
# group and holds the pipe), signals (INT, TERM, HUP, QUIT: JVM killed,
# probe folder removed, status 128+N), URL validation (control characters
# and the rest) and the --redact log name.
#
# Part 2 needs java, keytool and openssl: a throwaway PKI is made in a temp
# directory; `openssl s_server` serves a leaf + its private root on
# 127.0.0.1 and is stopped by its PID.  Checked: a trusted connection
# (--storepass-file, and TLSEXPLAIN_STOREPASS alone), an untrusted one, an
# unreachable port, the default log name, --redact, a URL with a newline.
# Without them part 2 prints a "skip" line.
. tests/lib.sh
case $TX in /*) TXA=$TX ;; *) TXA=$(pwd)/$TX ;; esac
if ! "$TXA" --version >/dev/null 2>&1; then
    notok "$TX does not run: build it first"
    finish
    exit 1
fi

SRC=$(pwd)
W=$(mktemp -d)
SERVER=
KILLME=
SERVERS=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    for p in $SERVERS; do kill "$p" 2>/dev/null; done
    for p in $KILLME; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$W"
}
trap cleanup EXIT INT TERM
cd "$W" || exit 1
mkdir tmp
TMPDIR=$W/tmp
export TMPDIR
U=https://localhost:1/

# gone PID: no such process, or a zombie nobody reaped yet (killed all the same)
gone() { s=$(ps -o stat= -p "$1" 2>/dev/null); [ -z "$s" ] || case $s in Z*) true ;; *) false ;; esac; }
probe_dirs() { ls "$W/tmp" | grep -c '^tlsexplain-probe-'; }
mode_of() { ls -l "$1" | cut -c1-10; }

# ==== part 1: fake java, no JRE needed =========================================================
# fake java scripts: print what they were given, as the probe would
cat >fake-java <<EOF2
#!/bin/sh
echo \$\$ >"$W/fake.pid"
: >"$W/fake.ran"
echo "[INFO] argv: \$*"
echo "[INFO] storepass: \${TLSEXPLAIN_STOREPASS-<unset>}"
echo "[INFO] keystorepass: \${TLSEXPLAIN_KEYSTOREPASS-<unset>}"
echo "[INFO] proxyauth: \${TLSEXPLAIN_PROXY_AUTH-<unset>}"
tr '\\0' ' ' </proc/\$\$/cmdline; echo
EOF2
printf 'not a binary and no #! line\n' >noexec-java
printf '#!/bin/sh\necho $$ >"%s/slow.pid"\necho "fake java $$"\nexec sleep 60\n' "$W" >slow-java
printf '#!/bin/sh\nexec sleep 60\n' >silent-java
chmod +x fake-java noexec-java slow-java silent-java

# ---- 02: an existing --output is never deleted ------------------------------------------------
printf 'precious user data\n' >notes.txt
"$TXA" capture --java ./noexec-java -o notes.txt --timeout 5 $U >/dev/null 2>e02.err
st=$?
[ $st -eq 4 ] && ok "02: -o EXISTING: exit 4" || notok "02: -o EXISTING: exit $st"
[ "$(cat notes.txt 2>/dev/null)" = "precious user data" ] && ok "02: -o EXISTING: the file is intact" || notok "02: -o EXISTING: the file was changed or removed"
grep -q "'notes.txt' already exists" e02.err && grep -q -- '--force' e02.err && ok "02: says it exists and names --force" || notok "02: message: $(cat e02.err)"
"$TXA" capture --java ./noexec-java -o notes.txt --force --timeout 5 $U >/dev/null 2>e02f.err
st=$?
[ $st -eq 4 ] && ok "02: --force, java cannot run: exit 4" || notok "02: --force, java cannot run: exit $st"
[ "$(cat notes.txt 2>/dev/null)" = "precious user data" ] && ok "02: --force, java cannot run: the file is intact" || notok "02: --force, java cannot run: the file was changed or removed"
grep -q 'Exec format error' e02f.err && ok "02: --force: says why java did not run" || notok "02: --force message: $(cat e02f.err)"
n=$(ls -a | grep -c 'tlsexplain-')
[ "$n" -eq 0 ] && ok "02: no temporary file left beside it" || notok "02: $n temporary files left: $(ls -a | grep tlsexplain-)"
"$TXA" capture --java ./noexec-java -o new02.log --timeout 5 $U >/dev/null 2>&1
[ ! -e new02.log ] && ok "02: a new log is removed when java cannot run (it was ours)" || notok "02: an empty new02.log was left"

# ---- 03: no symlink followed, no existing file reused, mode 0600 ------------------------------
printf 'victim file\n' >victim.txt
chmod 644 victim.txt
ln -s victim.txt link.log
"$TXA" capture --java ./fake-java -o link.log --timeout 5 $U >/dev/null 2>e03.err
st=$?
[ $st -eq 4 ] && ok "03: -o SYMLINK: exit 4" || notok "03: -o SYMLINK: exit $st"
[ "$(cat victim.txt)" = "victim file" ] && [ "$(mode_of victim.txt)" = "-rw-r--r--" ] && ok "03: -o SYMLINK: its target is untouched" || notok "03: -o SYMLINK: the target was written"
grep -q 'is a symbolic link' e03.err && ok "03: says it is a symbolic link" || notok "03: message: $(cat e03.err)"
ln -s missing-target.log dangling.log
"$TXA" capture --java ./fake-java -o dangling.log --timeout 5 $U >/dev/null 2>&1
st=$?
[ $st -eq 4 ] && [ ! -e missing-target.log ] && ok "03: -o DANGLING-SYMLINK: refused, nothing created through it" || notok "03: dangling symlink: exit $st"
printf 'x' >old.log
chmod 644 old.log
"$TXA" capture --java ./fake-java -o old.log --timeout 5 $U >/dev/null 2>&1
st=$?
[ $st -eq 4 ] && [ "$(cat old.log)" = x ] && [ "$(mode_of old.log)" = "-rw-r--r--" ] && ok "03: an existing 0644 file is refused, untouched" || notok "03: existing file: exit $st, $(mode_of old.log)"
"$TXA" capture --java ./fake-java -o old.log --force --timeout 5 $U >/dev/null 2>&1
st=$?
[ $st -ne 2 ] && [ $st -ne 4 ] && ok "03: --force on an existing file: runs (exit $st)" || notok "03: --force: exit $st"
[ "$(mode_of old.log)" = "-rw-------" ] && grep -q 'argv:' old.log && ok "03: --force: replaced by the log, mode 0600" || notok "03: --force: $(mode_of old.log)"
"$TXA" capture --java ./fake-java -o link.log --force --timeout 5 $U >/dev/null 2>&1
[ ! -L link.log ] && [ "$(mode_of link.log)" = "-rw-------" ] && [ "$(cat victim.txt)" = "victim file" ] &&
    ok "03: --force on a symlink: the link is replaced, its target untouched" || notok "03: --force on a symlink"
mkdir adir
"$TXA" capture --java ./fake-java -o adir --force --timeout 5 $U >/dev/null 2>&1
st=$?
[ $st -eq 4 ] && [ -d adir ] && ok "03: --force on a directory: exit 4" || notok "03: --force on a directory: exit $st"
(umask 0; "$TXA" capture --java ./fake-java -o umask0.log --timeout 5 $U >/dev/null 2>&1)
[ "$(mode_of umask0.log)" = "-rw-------" ] && ok "03: a new log is 0600 even with umask 0" || notok "03: umask 0: $(mode_of umask0.log)"
n=$(ls -a | grep -c 'tlsexplain-')
[ "$n" -eq 0 ] && ok "03: no temporary file left" || notok "03: $n temporary files left"

# ---- 04/05: the truststore password ------------------------------------------------------------
TLSEXPLAIN_STOREPASS=s3cret-env "$TXA" capture --java ./fake-java -o env.log --timeout 5 $U >/dev/null 2>&1
grep -q 'storepass: s3cret-env$' env.log && ok "04: TLSEXPLAIN_STOREPASS reaches the probe" || notok "04: the probe got: $(grep storepass: env.log)"
printf 's3cret-file\n' >pass.txt
chmod 600 pass.txt
TLSEXPLAIN_STOREPASS=s3cret-env "$TXA" capture --java ./fake-java --storepass-file pass.txt -o file.log --timeout 5 $U >/dev/null 2>file.err
grep -q 'storepass: s3cret-file$' file.log && ok "05: --storepass-file reaches the probe (before the environment)" || notok "05: the probe got: $(grep storepass: file.log)"
grep -q 's3cret-file' file.err && notok "05: the password is on stderr" || ok "05: the password is not on stderr"
if grep -v '^\[INFO\] storepass:' env.log file.log | grep -q s3cret; then
    notok "05: the password is on the probe's command line"
else
    ok "05: the password is on no command line of the probe (argv, /proc/PID/cmdline)"
fi
rm -f "$W/fake.ran"
"$TXA" capture --java ./fake-java --storepass s3cret-argv -o argv.log --timeout 5 $U >/dev/null 2>argv.err
st=$?
[ $st -eq 2 ] && ok "05: --storepass VALUE: refused, exit 2" || notok "05: --storepass VALUE: exit $st"
grep -q -- '--storepass-file' argv.err && grep -q 'TLSEXPLAIN_STOREPASS' argv.err && ok "05: the message names the safe ways" || notok "05: message: $(cat argv.err)"
[ ! -e "$W/fake.ran" ] && [ ! -e argv.log ] && ok "05: --storepass VALUE: nothing ran" || notok "05: the probe ran"
"$TXA" capture --java ./fake-java --storepass=s3cret-argv $U >/dev/null 2>&1
st=$?
[ $st -eq 2 ] && ok "05: --storepass=VALUE: refused, exit 2" || notok "05: --storepass=VALUE: exit $st"
"$TXA" capture --java ./fake-java --storepass-file missing.txt -o m.log $U >/dev/null 2>m.err
st=$?
[ $st -eq 4 ] && grep -q "missing.txt" m.err && [ ! -e m.log ] && ok "05: a missing --storepass-file: exit 4, nothing ran" || notok "05: missing --storepass-file: exit $st"
printf 'one\ntwo\n' >two-lines.txt
"$TXA" capture --java ./fake-java --storepass-file two-lines.txt $U >/dev/null 2>two.err
st=$?
[ $st -eq 4 ] && grep -q 'more than one line' two.err && ok "05: a two-line --storepass-file is refused" || notok "05: two-line file: exit $st"
chmod 644 pass.txt
"$TXA" capture --java ./fake-java --storepass-file pass.txt -o wr.log $U >/dev/null 2>wr.err
grep -q 'can be read by other users' wr.err && ok "05: a --storepass-file others can read gets a warning" || notok "05: no warning for mode 0644"

# ---- mutual TLS, STARTTLS, plain targets, proxy: what reaches the probe ------------------------
printf 'k3ystore-file\n' >kpass.txt
printf 'pxuser:pr0xy-file\n' >pauth.txt
chmod 600 kpass.txt pauth.txt
rm -f "$W/fake.ran"
TLSEXPLAIN_KEYSTOREPASS=k3ystore-env "$TXA" capture --java ./fake-java --keystore client.p12 --keystore-type PKCS12 \
    -o ks-env.log --timeout 5 $U >/dev/null 2>&1
grep -q 'keystorepass: k3ystore-env$' ks-env.log && ok "mTLS: TLSEXPLAIN_KEYSTOREPASS reaches the probe" || notok "mTLS: the probe got: $(grep keystorepass: ks-env.log)"
TLSEXPLAIN_KEYSTOREPASS=k3ystore-env TLSEXPLAIN_PROXY_AUTH=pxuser:pr0xy-env "$TXA" capture --java ./fake-java --keystore client.p12 \
    --keystore-password-file kpass.txt --keystore-type PKCS12 --starttls smtp --proxy proxy.invalid:3128 \
    --proxy-auth-file pauth.txt -o ks-file.log --timeout 5 mail.invalid >/dev/null 2>ks-file.err
grep -q 'keystorepass: k3ystore-file$' ks-file.log && ok "mTLS: --keystore-password-file reaches the probe (before the environment)" || notok "mTLS: the probe got: $(grep keystorepass: ks-file.log)"
grep -q 'proxyauth: pxuser:pr0xy-file$' ks-file.log && ok "proxy: --proxy-auth-file reaches the probe (before the environment)" || notok "proxy: the probe got: $(grep proxyauth: ks-file.log)"
argv=$(grep '^\[INFO\] argv:' ks-file.log)
for want in '-Djavax.net.ssl.keyStore=client.p12' '-Djavax.net.ssl.keyStoreType=PKCS12' '-Dprobe.starttls=smtp' \
    '-Dprobe.proxy=proxy.invalid:3128' 'TlsProbe tls://mail.invalid:25$'; do
    printf '%s\n' "$argv" | grep -q -e "$want" && ok "argv has $want" || notok "argv lacks $want: $argv"
done
if grep -v '^\[INFO\] \(keystorepass\|proxyauth\):' ks-env.log ks-file.log | grep -q 'k3ystore\|pr0xy'; then
    notok "a keystore or proxy password is on the probe's command line"
else
    ok "no keystore or proxy password on the probe's command line (argv, /proc/PID/cmdline)"
fi
grep -q 'k3ystore\|pr0xy' ks-file.err && notok "a password is on stderr" || ok "no keystore or proxy password on stderr"
"$TXA" capture --java ./fake-java -o pl.log --timeout 5 '[::1]:8443' >/dev/null 2>&1
grep -q 'TlsProbe tls://\[::1\]:8443$' pl.log && ok "plain target [::1]:8443 reaches the probe as tls://[::1]:8443" || notok "[::1]:8443: $(grep argv: pl.log)"
for a in 'localhost:636' 'tls://localhost:636' 'tls://localhost:636/' '--starttls ldap localhost' '--starttls postgres tls://db.invalid' \
    '--starttls imap 10.0.0.5:1143' '--proxy http://127.0.0.1:3128/ https://localhost:1/'; do
    # shellcheck disable=SC2086
    "$TXA" capture --java ./fake-java -o t.log --timeout 5 $a >/dev/null 2>&1
    st=$?
    grep -q 'argv:' t.log 2>/dev/null && ok "accepted: $a" || notok "refused ($st): $a"
    rm -f t.log
done
rm -f "$W/fake.ran"
for a in 'localhost' 'tls://localhost' 'ftp://h:21' 'h:0' 'h:1/x' 'user@h:1' 'tls://u@h:1' 'h:1:2' 'tls://-h:1' 'a..b:1' \
    '--starttls smtp https://h/' '--starttls SMTP h' '--starttls telnet h' '--keystore-type P\$12 --keystore k h:1' \
    '--keystore-type  --keystore k h:1' '--keystore-password-file kpass.txt h:1' '--keystore-type JKS h:1' \
    '--proxy-auth-file pauth.txt h:1' '--proxy h h:1' '--proxy h:0 h:1' '--proxy socks5://h:1080 h:1' '--proxy h:1/x h:1'; do
    # shellcheck disable=SC2086
    "$TXA" capture --java ./fake-java --timeout 5 $a >/dev/null 2>bad.err
    st=$?
    [ $st -eq 2 ] && grep -q '^tlsexplain: error: ' bad.err && ok "refused with exit 2: $a" || notok "exit $st: $a: $(cat bad.err)"
done
[ ! -e "$W/fake.ran" ] && ok "no refused target or option started the probe" || notok "a refused target started the probe"
NL='
'
"$TXA" capture --java ./fake-java -o nl.log "h${NL}x:1" >/dev/null 2>bad.err
st=$?
[ $st -eq 2 ] && grep -q 'control character (0x0a)' bad.err && [ ! -e nl.log ] && ok "a newline in a host:port target is refused" || notok "newline target: exit $st"
"$TXA" capture --java ./fake-java --keystore-password s3cret-kp --keystore k h:1 >/dev/null 2>kp.err
st=$?
[ $st -eq 2 ] && grep -q -- '--keystore-password-file' kp.err && grep -q TLSEXPLAIN_KEYSTOREPASS kp.err && ! grep -q s3cret kp.err &&
    ok "--keystore-password VALUE: refused (exit 2), names the safe ways" || notok "--keystore-password: exit $st: $(cat kp.err)"
"$TXA" capture --java ./fake-java --proxy pxuser:s3cret-px@proxy.invalid:3128 h:1 >/dev/null 2>px.err
st=$?
[ $st -eq 2 ] && grep -q -- '--proxy-auth-file' px.err && ! grep -q s3cret px.err &&
    ok "--proxy USER:PASS@HOST:PORT: refused (exit 2), the password not echoed" || notok "--proxy with credentials: exit $st: $(cat px.err)"
printf 'no-colon\n' >pauth-bad.txt
"$TXA" capture --java ./fake-java --proxy proxy.invalid:3128 --proxy-auth-file pauth-bad.txt -o pab.log h:1 >/dev/null 2>pab.err
st=$?
[ $st -eq 4 ] && grep -q 'not user:password' pab.err && [ ! -e pab.log ] && ok "a --proxy-auth-file without user:password: exit 4, nothing ran" || notok "bad --proxy-auth-file: exit $st"
"$TXA" capture --java ./fake-java --keystore k --keystore-password-file missing.txt -o kpm.log h:1 >/dev/null 2>kpm.err
st=$?
[ $st -eq 4 ] && grep -q "keystore-password-file 'missing.txt'" kpm.err && [ ! -e kpm.log ] && ok "a missing --keystore-password-file: exit 4, nothing ran" || notok "missing --keystore-password-file: exit $st"
"$TXA" capture --java ./fake-java --keystore missing.p12 -o ksm.log --timeout 5 h:1 >/dev/null 2>ksm.err
grep -q "cannot read the keystore 'missing.p12'" ksm.err && grep -q 'argv:' ksm.log && ok "an unreadable --keystore: a warning, the JVM says the rest" || notok "missing keystore: $(cat ksm.err)"
mkdir r15p && cd r15p || exit 1
"$TXA" capture --java ../fake-java --redact --proxy px.payroll.invalid:3128 --timeout 5 db01.payroll.invalid:5432 >r.out 2>r.err
cd .. || exit 1
grep -q 'payroll' r15p/r.out r15p/r.err && notok "--redact with --proxy: a host is shown: $(grep -h payroll r15p/r.out r15p/r.err | head -2)" || ok "--redact with --proxy: neither host on stdout or stderr"

# ---- 06: the deadline holds when a descendant leaves the process group ------------------------
cat >escape-java <<EOF2
#!/bin/sh
echo "[INFO] fake probe"
setsid sh -c 'echo \$\$ >"$W/escapee.pid"; while :; do echo tick; sleep 0.3; done' &
exec sleep 1000
EOF2
cat >escape-exit-java <<EOF2
#!/bin/sh
echo "[INFO] fake probe"
setsid sh -c 'echo \$\$ >"$W/escapee2.pid"; while :; do echo tick; sleep 0.3; done' &
exit 0
EOF2
chmod +x escape-java escape-exit-java
start=$(date +%s)
timeout -s KILL 30 "$TXA" capture --java ./escape-java --timeout 2 -o e06.log $U >e06.out 2>e06.err
st=$?
took=$(( $(date +%s) - start ))
sleep 0.3
KILLME="$KILLME $(cat escapee.pid 2>/dev/null)"
[ "$took" -le 7 ] && [ $st -ne 137 ] && ok "06: --timeout 2 with an escaped descendant: returned after ${took}s" || notok "06: took ${took}s (exit $st)"
grep -q 'did not finish within 2 s' e06.err && ok "06: says the probe was stopped" || notok "06: no 'did not finish' message"
grep -q 'left the JVM.s process group' e06.err && ok "06: notes the descendant that left the group" || notok "06: no note: $(cat e06.err)"
p=$(cat escapee.pid 2>/dev/null)
[ -n "$p" ] && gone "$p" && ok "06: the escaped descendant was killed" || notok "06: the escaped descendant ($p) still runs"
grep -q "fake probe" e06.log && grep -q "^e06.log: " e06.out && ok "06: the log is saved and explained" || notok "06: no log or report"
start=$(date +%s)
timeout -s KILL 30 "$TXA" capture --java ./escape-exit-java --timeout 20 -o e06b.log $U >/dev/null 2>e06b.err
st=$?
took=$(( $(date +%s) - start ))
sleep 0.3
KILLME="$KILLME $(cat escapee2.pid 2>/dev/null)"
[ "$took" -le 4 ] && [ $st -ne 137 ] && ok "06: java ended, a descendant holds the pipe: returned after ${took}s" || notok "06: JVM ended: took ${took}s (exit $st)"
p=$(cat escapee2.pid 2>/dev/null)
[ -n "$p" ] && gone "$p" && grep -q 'kept its output open' e06b.err && ok "06: that descendant was killed and noted" || notok "06: escapee2 ($p): $(cat e06b.err)"

# ---- the plain timeout: a "java" that never ends ---------------------------------------------
start=$(date +%s)
"$TXA" capture --java ./slow-java -o slow.log --timeout 2 $U >slow.out 2>slow.err
st=$?
took=$(( $(date +%s) - start ))
[ "$took" -le 8 ] && ok "timeout: capture returned after ${took}s" || notok "timeout: capture took ${took}s"
grep -q 'did not finish within 2 s' slow.err && ok "timeout: says the probe was stopped" || notok "timeout: no 'did not finish' message"
pid=$(cat slow.pid 2>/dev/null)
[ -n "$pid" ] && gone "$pid" && ok "timeout: the JVM's process is gone" || { notok "timeout: the fake java ($pid) still runs"; kill "$pid" 2>/dev/null; }
grep -q 'fake java' slow.log && ok "timeout: what it printed is saved" || notok "timeout: slow.log lacks the output"

# ---- 07: signals ------------------------------------------------------------------------------
# a background job of a script starts with INT and QUIT ignored (and capture keeps an
# ignored signal ignored, as nohup wants): env --default-signal gives them back
if env --default-signal=INT true 2>/dev/null; then DFL="env --default-signal=INT,QUIT"; else DFL=; fi
echo 'precious' >keep.txt
for sig in TERM HUP INT QUIT; do
    case $sig in TERM) want=143 ;; HUP) want=129 ;; INT) want=130 ;; QUIT) want=131 ;; esac
    if [ -z "$DFL" ] && { [ $sig = INT ] || [ $sig = QUIT ]; }; then
        skip "07: SIG$sig (no env --default-signal)"
        continue
    fi
    rm -f slow.pid
    $DFL "$TXA" capture --java ./slow-java -o sig-$sig.log --timeout 30 $U >/dev/null 2>sig-$sig.err &
    cap=$!
    i=0
    while [ ! -s slow.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.2
    kill -$sig $cap
    { wait $cap; } 2>/dev/null
    st=$?
    child=$(cat slow.pid 2>/dev/null)
    [ $st -eq $want ] && ok "07: SIG$sig: exit $want (128+N)" || notok "07: SIG$sig: exit $st, wanted $want"
    [ "$(probe_dirs)" -eq 0 ] && ok "07: SIG$sig: the probe folder is removed" || notok "07: SIG$sig: $(ls "$W/tmp") left"
    sleep 0.2
    [ -n "$child" ] && gone "$child" && ok "07: SIG$sig: the JVM is killed" || { notok "07: SIG$sig: the JVM ($child) still runs"; kill -9 "$child" 2>/dev/null; }
    grep -q "partial log is in sig-$sig.log" sig-$sig.err && grep -q 'fake java' sig-$sig.log &&
        ok "07: SIG$sig: the partial log is kept and named" || notok "07: SIG$sig: $(cat sig-$sig.err)"
done
rm -f slow.pid
$DFL "$TXA" capture --java ./slow-java -o keep.txt --force --timeout 30 $U >/dev/null 2>/dev/null &
cap=$!
i=0
while [ ! -s slow.pid ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.2
kill -TERM $cap
{ wait $cap; } 2>/dev/null
[ "$(cat keep.txt)" = precious ] && [ "$(ls -a | grep -c 'tlsexplain-')" -eq 0 ] &&
    ok "07: SIGTERM with --force: the old file is intact, the temporary file removed" || notok "07: --force + SIGTERM: $(ls -a)"
$DFL "$TXA" capture --java ./silent-java -o silent.log --timeout 30 $U >/dev/null 2>/dev/null &
cap=$!
sleep 0.7
kill -INT $cap 2>/dev/null || kill -TERM $cap
{ wait $cap; } 2>/dev/null
[ ! -e silent.log ] && ok "07: a signal before any output: the empty log is removed" || notok "07: an empty silent.log was left"

# ---- 08: the whole URL is checked -------------------------------------------------------------
rm -f "$W/fake.ran"
NL='
'
"$TXA" capture --java ./fake-java -o inj.log "https://localhost:1/x${NL}[INFO] Connected: TLSv1.3 TLS_AES_128_GCM_SHA256" >/dev/null 2>inj.err
st=$?
[ $st -eq 2 ] && ok "08: a newline in the URL: exit 2" || notok "08: newline in the URL: exit $st"
[ ! -e "$W/fake.ran" ] && [ ! -e inj.log ] && ok "08: nothing ran, no log" || notok "08: the probe ran"
grep -q 'control character (0x0a)' inj.err && [ "$(wc -l <inj.err)" -le 4 ] && ! grep -q '^\[INFO\]' inj.err &&
    ok "08: the error names the character, the URL shown escaped" || notok "08: message: $(cat inj.err)"
ESC=$(printf '\033')
TAB=$(printf '\t')
DEL=$(printf '\177')
CR=$(printf '\r')
HI=$(printf '\303\251')
for bad in "https://h/a${TAB}b" "https://h/${ESC}[2J" "https://h/${DEL}" "https://h/a${CR}" "https://h/a b" "https://h/${HI}" \
    "https://h${NL}/" "https://user:pw@h/" "https://h:0/" "https://h:65536/" "https://h:+443/" "https://h:44x/" \
    "https://h/<script>" "https://h/a\"b" "https://h/%zz" "https://[::1/" "https://[]/" "https://-h/" "https://a..b/" \
    "https:///" "http://h/" "HTTPS://h/" "https://h#a#b"; do
    "$TXA" capture --java ./fake-java "$bad" >/dev/null 2>bad.err
    st=$?
    shown=$(printf '%s' "$bad" | cat -v | tr '\n\t' '~~' | head -c 60)
    [ $st -eq 2 ] && grep -q '^tlsexplain: error: bad URL' bad.err && ok "08: refused: $shown" || notok "08: accepted ($st): $shown"
done
[ ! -e "$W/fake.ran" ] && ok "08: no bad URL started the probe" || notok "08: a bad URL started the probe"
for good in "https://localhost:1/" "https://[::1]:8443/a%20b?q=1&r=%2F#frag" "https://host.example_x-1.com" "https://h:8443?x" "https://10.0.0.5:8443/~u/;p=1"; do
    "$TXA" capture --java ./fake-java -o good.log --timeout 5 "$good" >/dev/null 2>&1
    st=$?
    grep -q -F -- "TlsProbe $good" good.log && ok "08: accepted and passed verbatim: $good" || notok "08: $good (exit $st)"
    rm -f good.log
done
for t in 0 abc 99999 ' 5' '+5' 3601 ''; do
    "$TXA" capture --timeout "$t" $U >/dev/null 2>&1
    st=$?
    [ $st -eq 2 ] && ok "--timeout '$t': exit 2" || notok "--timeout '$t': exit $st"
done
for o in "--output=" "--output=dir/" "--java=" "--truststore=a${NL}b" "--output=a${ESC}b"; do
    "$TXA" capture "$o" $U >/dev/null 2>&1
    st=$?
    [ $st -eq 2 ] && ok "refused with exit 2: $(printf '%s' "$o" | cat -v | tr '\n\t' '~~' | head -c 40)" || notok "exit $st: $o"
done

# ---- 15: --redact keeps the host out of the default log name -------------------------------------
mkdir r15 && cd r15 || exit 1
"$TXA" capture --java ../fake-java --redact --timeout 5 https://db01.payroll.invalid:8443/ >r.out 2>r.err
cd .. || exit 1
n=$(ls r15 | grep -c '^tlsexplain-capture-[0-9]\{8\}T[0-9]\{6\}Z\.log$')
[ "$n" -eq 1 ] && ok "15: --redact: log saved as tlsexplain-capture-<UTC>.log" || notok "15: --redact: $(ls r15)"
grep -q 'db01' r15/r.out r15/r.err && notok "15: --redact: the host is in the output: $(grep -h db01 r15/r.out r15/r.err | head -2)" || ok "15: --redact: the host is not in stdout or stderr"
mkdir r15b && cd r15b || exit 1
"$TXA" capture --java ../fake-java --timeout 5 https://db01.payroll.invalid:8443/ >/dev/null 2>&1
"$TXA" capture --java ../fake-java --timeout 5 https://db01.payroll.invalid:8443/ >/dev/null 2>&1
cd .. || exit 1
n=$(ls r15b | grep -c '^tlsexplain-capture-db01.payroll.invalid-[0-9]\{8\}T[0-9]\{6\}Z\(-2\)\{0,1\}\.log$')
[ "$n" -eq 2 ] && ok "default name: tlsexplain-capture-<host>-<UTC>.log, a second one in the same second gets -2" || notok "default names: $(ls r15b)"

# ---- no java ----------------------------------------------------------------------------------
"$TXA" capture --java /nonexistent/bin/java $U >nojava.out 2>nojava.err
st=$?
[ $st -eq 4 ] && ok "no java (--java): exit 4" || notok "no java (--java): exit $st"
grep -q "cannot run '/nonexistent/bin/java'" nojava.err && ok "no java (--java): says so" || notok "no java (--java): message"
env -u JAVA_HOME PATH=/nonexistent "$TXA" capture $U >nojava2.out 2>nojava2.err
st=$?
[ $st -eq 4 ] && ok "no java on PATH: exit 4" || notok "no java on PATH: exit $st"
grep -q 'no java found' nojava2.err && ok "no java on PATH: says so" || notok "no java on PATH: message"
"$TXA" capture >/dev/null 2>&1
st=$?
[ $st -eq 2 ] && ok "no URL: exit 2" || notok "no URL: exit $st"
[ "$(probe_dirs)" -eq 0 ] && ok "part 1: probe temp directories removed" || notok "part 1: $(probe_dirs) probe temp directories left behind"

# ==== part 2: a real JRE against openssl s_server ================================================
for t in java openssl keytool; do
    if ! command -v $t >/dev/null 2>&1; then
        skip "capture part 2: no $t on PATH (install a JRE, e.g. openjdk-17-jre-headless, and openssl)"
        finish
        exit $?
    fi
done
# ---- PKI and server ------------------------------------------------------------------
q() { "$@" >/dev/null 2>&1; }
q openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 2 -subj "/O=tlsexplain tests/CN=Capture Test Root" \
    -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign
q openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj "/O=tlsexplain tests/CN=localhost"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:false\nextendedKeyUsage=serverAuth\n' >ext.cnf
q openssl x509 -req -in leaf.csr -CA root.pem -CAkey root.key -CAcreateserial -days 1 -extfile ext.cnf -out leaf.pem
q keytool -importcert -noprompt -alias capture-test-root -file root.pem -keystore trust.p12 -storetype PKCS12 -storepass changeit
# the client's key and chain for mutual TLS, in a PKCS12 keystore with a password of its own
q openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "/O=tlsexplain tests/CN=capture probe client"
printf 'basicConstraints=critical,CA:false\nextendedKeyUsage=clientAuth\n' >cext.cnf
q openssl x509 -req -in client.csr -CA root.pem -CAkey root.key -CAcreateserial -days 1 -extfile cext.cnf -out client.pem
KSPASS=Ks-s3cret-4711
q openssl pkcs12 -export -in client.pem -inkey client.key -certfile root.pem -name client -out client.p12 -passout "pass:$KSPASS"
[ -s leaf.pem ] && [ -s trust.p12 ] && [ -s client.p12 ] && ok "test PKI made" || notok "test PKI"

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
printf 'changeit\n' >storepass.txt
chmod 600 storepass.txt
"$TXA" capture --truststore trust.p12 --storepass-file storepass.txt -o ok.log --color never --timeout 30 "$URL" >ok.out 2>ok.err
st=$?
[ $st -eq 0 ] && ok "trusted: exit 0" || { notok "trusted: exit $st"; sed 's/^/    /' ok.err | head; }
grep -q 'SUCCESS' ok.out && ok "trusted: reported SUCCESS" || notok "trusted: no SUCCESS in the report"
grep -q 'javax.net.ssl|' ok.log && ok "trusted: the log holds the JSSE debug output" || notok "trusted: no debug output in ok.log"
grep -q 'saved the debug log .* to ok.log' ok.err && ok "trusted: says where the log is" || notok "trusted: no 'saved ... to ok.log'"
case $(ls -l ok.log) in -rw-------*) ok "trusted: the log is private (0600)" ;; *) notok "trusted: log mode $(ls -l ok.log | cut -c1-10)" ;; esac
grep -q 'trustStore is: trust.p12' ok.log && ok "trusted: the JVM used --truststore" || notok "trusted: trustStore line missing"
grep -q changeit ok.log && notok "trusted: the password is in the log" || ok "trusted: the password is not in the log"

# ---- 04: the password from TLSEXPLAIN_STOREPASS alone --------------------------------------
# (without it Java 17 reads this PKCS12 store as holding no trusted certificate)
TLSEXPLAIN_STOREPASS=changeit "$TXA" capture --truststore trust.p12 -o env-ok.log --color never --timeout 30 "$URL" >env-ok.out 2>env-ok.err
st=$?
[ $st -eq 0 ] && grep -q 'SUCCESS' env-ok.out && ok "04: TLSEXPLAIN_STOREPASS alone: connected (exit 0, SUCCESS)" ||
    { notok "04: TLSEXPLAIN_STOREPASS alone: exit $st"; head -5 env-ok.out | sed 's/^/    /'; }

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
[ $st -eq 1 ] && ok "unreachable: exit 1" || { notok "unreachable: exit $st"; sed "s/^/    /" refused.err | head -5; }
grep -q '"top_category":"network"' refused.json && ok "unreachable: diagnosed network" ||
    notok "unreachable: $(sed -n 's/.*"top_category":"\([^"]*\)".*/\1/p' refused.json)"

# ---- mutual TLS, plain TLS targets, STARTTLS, a CONNECT proxy ------------------------------------
printf '%s\n' "$KSPASS" >kspass.txt
chmod 600 kspass.txt
PXPASS=Px-s3cret-0815
printf 'pxuser:%s\n' "$PXPASS" >pxauth.txt
chmod 600 pxauth.txt
PXB64=$(printf 'pxuser:%s' "$PXPASS" | base64)
SECRETS="$KSPASS $PXPASS $PXB64 changeit"
# no_secret LOG...: none of the passwords (nor the proxy's Basic credentials) in the files
no_secret() { for s in $SECRETS; do grep -q -F -- "$s" "$@" && return 1; done; return 0; }
# start_server VAR CMD...: run CMD in the background until it prints READY PORT; VAR=PORT
start_server() {
    var=$1
    shift
    "$@" >srv.out 2>>srv.err &
    SERVERS="$SERVERS $!"
    i=0
    while [ $i -lt 100 ] && ! grep -q '^READY ' srv.out 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
    eval "$var=\$(sed -n 's/^READY //p' srv.out)"
}
for p in 1 2 3 4 5 6 7 8; do
    mp=$(( (($$ + p * 7907) % 30000) + 20000 ))
    openssl s_server -accept "127.0.0.1:$mp" -cert leaf.pem -key leaf.key -cert_chain root.pem -CAfile root.pem -Verify 1 \
        -www -quiet >/dev/null 2>&1 &
    MSERVER=$!
    i=0
    while [ $i -lt 30 ] && kill -0 "$MSERVER" 2>/dev/null && ! ready "$mp"; do sleep 0.1; i=$((i + 1)); done
    if kill -0 "$MSERVER" 2>/dev/null; then MPORT=$mp; SERVERS="$SERVERS $MSERVER"; break; fi
done
[ -n "$MPORT" ] && ok "s_server -Verify 1 (a client certificate required) on 127.0.0.1:$MPORT" || notok "the mTLS s_server did not start"
TS="--truststore trust.p12 --storepass-file storepass.txt"
# shellcheck disable=SC2086
"$TXA" capture $TS --keystore client.p12 --keystore-type PKCS12 --keystore-password-file kspass.txt --format json \
    -o mtls-ok.log --timeout 30 "https://localhost:$MPORT/" >mtls-ok.json 2>mtls-ok.err
st=$?
[ $st -eq 0 ] && grep -q 'keyStore is : client.p12' mtls-ok.log && ok "mTLS https: connected with --keystore (exit 0)" ||
    { notok "mTLS https: exit $st"; grep '^\[ERROR' mtls-ok.log | head -2 | sed 's/^/    /'; }
# shellcheck disable=SC2086
TLSEXPLAIN_KEYSTOREPASS=$KSPASS "$TXA" capture $TS --keystore client.p12 -o mtls-env.log --timeout 30 "localhost:$MPORT" >mtls-env.out 2>&1
st=$?
[ $st -eq 0 ] && grep -q '^\[INFO\] Connected: TLSv1' mtls-env.log && ok "mTLS HOST:PORT: connected with TLSEXPLAIN_KEYSTOREPASS alone (exit 0)" ||
    { notok "mTLS HOST:PORT with TLSEXPLAIN_KEYSTOREPASS: exit $st"; grep '^\[ERROR' mtls-env.log | head -2 | sed 's/^/    /'; }
# shellcheck disable=SC2086
"$TXA" capture $TS --format json -o mtls-none.log --timeout 30 "tls://localhost:$MPORT" >mtls-none.json 2>/dev/null
st=$?
[ $st -eq 1 ] && grep -q '"top_category":"client-auth-required"' mtls-none.json && ok "mTLS without --keystore: exit 1, client-auth-required (the TLS 1.3 alert after the handshake is read)" ||
    notok "mTLS without a keystore: exit $st, $(grep -o '"top_category":"[^"]*"' mtls-none.json)"
printf 'not-the-password\n' >kswrong.txt
chmod 600 kswrong.txt
# shellcheck disable=SC2086
"$TXA" capture $TS --keystore client.p12 --keystore-password-file kswrong.txt --format json -o mtls-wrong.log --timeout 30 \
    "https://localhost:$MPORT/" >mtls-wrong.json 2>/dev/null
st=$?
[ $st -eq 1 ] && grep -q '"top_category":"keystore-password"' mtls-wrong.json && ok "mTLS with a wrong keystore password: keystore-password" ||
    notok "wrong keystore password: exit $st, $(grep -o '"top_category":"[^"]*"' mtls-wrong.json)"
no_secret mtls-*.log mtls-*.json mtls-*.err mtls-*.out && ok "mTLS: no password in any saved log or output" || notok "mTLS: a password is in a log or output"
for f in mtls-ok.log mtls-env.log; do
    case $(ls -l "$f") in -rw-------*) ok "mTLS: $f is 0600" ;; *) notok "mTLS: $f mode $(ls -l "$f" | cut -c1-10)" ;; esac
done

# STARTTLS: each protocol's upgrade, then TLS with a client certificate required
for proto in smtp imap pop3 ldap postgres ftp; do
    : >srv.out
    start_server SPORT python3 "$SRC/tests/capture_servers.py" starttls $proto --cert leaf.pem --key leaf.key --cafile root.pem
    # shellcheck disable=SC2086
    "$TXA" capture $TS --starttls $proto --keystore client.p12 --keystore-password-file kspass.txt --color never \
        -o st-$proto.log --timeout 30 "localhost:$SPORT" >st-$proto.out 2>&1
    st=$?
    [ $st -eq 0 ] && grep -q 'SUCCESS' st-$proto.out && grep -q "^\[INFO\] Connecting to tls://localhost:$SPORT (STARTTLS $proto)" st-$proto.log &&
        grep -q '^\[INFO\] Connected: TLSv1' st-$proto.log && ok "STARTTLS $proto with mTLS: connected, SUCCESS" ||
        { notok "STARTTLS $proto: exit $st"; grep '^\[' st-$proto.log | tail -3 | sed 's/^/    /'; }
    if [ $proto = imap ] || [ $proto = postgres ]; then
        # shellcheck disable=SC2086
        "$TXA" capture $TS --starttls $proto --format json -o st-nocert-$proto.log --timeout 30 "localhost:$SPORT" >st-nocert-$proto.json 2>/dev/null
        st=$?
        [ $st -eq 1 ] && grep -q '"top_category":"client-auth-required"' st-nocert-$proto.json && ok "STARTTLS $proto without a client certificate: client-auth-required" ||
            notok "STARTTLS $proto without a client certificate: exit $st, $(grep -o '"top_category":"[^"]*"' st-nocert-$proto.json)"
    fi
    : >srv.out
    start_server RPORT python3 "$SRC/tests/capture_servers.py" starttls $proto --cert leaf.pem --key leaf.key --refuse
    "$TXA" capture --starttls $proto --format json -o st-refused-$proto.log --timeout 30 "localhost:$RPORT" >st-refused-$proto.json 2>/dev/null
    st=$?
    grep -q '"id":"starttls-refused"' st-refused-$proto.json && [ $st -eq 1 ] && ok "STARTTLS $proto refused by the server: starttls-refused" ||
        notok "STARTTLS $proto refused: exit $st, $(grep -o '"top_category":"[^"]*"' st-refused-$proto.json)"
done
no_secret st-*.log st-*.out st-*.json && ok "STARTTLS: no password in any saved log or output" || notok "STARTTLS: a password is in a log or output"

# the JVM's command line while it runs: no password; its environment has them (owner-readable only)
: >srv.out
start_server DPORT python3 "$SRC/tests/capture_servers.py" starttls smtp --cert leaf.pem --key leaf.key --cafile root.pem --delay 4
# shellcheck disable=SC2086
"$TXA" capture $TS --starttls smtp --keystore client.p12 --keystore-password-file kspass.txt -o slow-st.log --timeout 30 \
    "localhost:$DPORT" >/dev/null 2>&1 &
cap=$!
jvm=
i=0
while [ $i -lt 40 ] && [ -z "$jvm" ]; do
    sleep 0.1
    jvm=$(ps -eo pid=,args= | awk -v d="$W/tmp/tlsexplain-probe-" 'index($0, d) && /TlsProbe/ {print $1; exit}')
    i=$((i + 1))
done
if [ -n "$jvm" ] && [ -r "/proc/$jvm/cmdline" ]; then
    tr '\0' ' ' <"/proc/$jvm/cmdline" >jvm-cmdline.txt
    grep -q 'TlsProbe tls://localhost' jvm-cmdline.txt && no_secret jvm-cmdline.txt &&
        ok "the running JVM's /proc/PID/cmdline holds no password" || notok "JVM cmdline: $(cat jvm-cmdline.txt)"
    tr '\0' '\n' <"/proc/$jvm/environ" | grep -q "^TLSEXPLAIN_KEYSTOREPASS=$KSPASS\$" && ok "the keystore password travels in the JVM's environment" ||
        notok "TLSEXPLAIN_KEYSTOREPASS not in the JVM's environment"
    [ "$(stat -c %a "/proc/$jvm/environ")" = 400 ] && ok "/proc/PID/environ of the JVM is readable by its owner only" || notok "environ mode $(stat -c %a "/proc/$jvm/environ")"
else
    notok "the probe's JVM was not found while it ran"
fi
wait $cap
st=$?
[ $st -eq 0 ] && no_secret slow-st.log && ok "that capture connected, no password in its log" || notok "slow STARTTLS capture: exit $st"

# a CONNECT proxy that wants credentials
: >srv.out
start_server PXPORT python3 "$SRC/tests/capture_servers.py" proxy --auth-file pxauth.txt
# shellcheck disable=SC2086
"$TXA" capture $TS --keystore client.p12 --keystore-password-file kspass.txt --proxy "127.0.0.1:$PXPORT" --proxy-auth-file pxauth.txt \
    -o px-https.log --timeout 30 "https://localhost:$MPORT/" >px-https.out 2>&1
st=$?
[ $st -eq 0 ] && grep -q "through the HTTP proxy 127.0.0.1:$PXPORT (with credentials)" px-https.log && ok "proxy with --proxy-auth-file, https + mTLS: connected" ||
    { notok "proxy https: exit $st"; grep '^\[ERROR' px-https.log | head -2 | sed 's/^/    /'; }
PXP=$PXPORT
: >srv.out
start_server SPORT python3 "$SRC/tests/capture_servers.py" starttls smtp --cert leaf.pem --key leaf.key
PXPORT=$PXP
# shellcheck disable=SC2086
TLSEXPLAIN_PROXY_AUTH=pxuser:$PXPASS "$TXA" capture $TS --starttls smtp --proxy "127.0.0.1:$PXPORT" -o px-st.log --timeout 30 \
    "localhost:$SPORT" >px-st.out 2>&1
st=$?
[ $st -eq 0 ] && grep -q '^\[INFO\] proxy: HTTP/1.1 200' px-st.log && ok "proxy with TLSEXPLAIN_PROXY_AUTH, STARTTLS smtp through the tunnel: connected" ||
    { notok "proxy STARTTLS: exit $st"; grep '^\[' px-st.log | tail -3 | sed 's/^/    /'; }
# shellcheck disable=SC2086
"$TXA" capture $TS --proxy "127.0.0.1:$PXPORT" --format json -o px-407.log --timeout 30 "https://localhost:$MPORT/" >px-407.json 2>/dev/null
st=$?
[ $st -eq 1 ] && grep -q '"id":"proxy-tunnel-refused"' px-407.json && ok "proxy without credentials: 407, proxy-tunnel-refused" ||
    notok "proxy 407: exit $st, $(grep -o '"top_category":"[^"]*"' px-407.json)"
grep -q "request 'CONNECT localhost:$MPORT HTTP/1.1' auth=yes" srv.err && ok "the proxy saw CONNECT localhost:$MPORT with credentials" || notok "proxy log: $(grep request srv.err | head -3)"
no_secret px-*.log px-*.out px-*.json && ok "proxy: no password (nor its Basic form) in any saved log or output" || notok "proxy: a password is in a log or output"

# the probe runs on any Java 8+: class files of version 52, and another JRE when there is one
n=$(grep -c '_class\[\] = {' "$SRC/cli/probe/probe.inc")
m=$(grep -A1 '_class\[\] = {' "$SRC/cli/probe/probe.inc" | grep -c '^    0xca, 0xfe, 0xba, 0xbe, 0x00, 0x00, 0x00, 0x34,')
[ "$n" -ge 3 ] && [ "$n" -eq "$m" ] && ok "the $n embedded probe classes are Java 8 class files (version 52)" || notok "probe classes: $m of $n at version 52"
lim=$(sed -n 's/^#define TX_MAX_PROBE_LINE *\([0-9]*\)u.*/\1/p' "$SRC/parser/limits.h")
grep -q "MAX_LINE = $lim; *// TX_MAX_PROBE_LINE" "$SRC/cli/probe/TlsProbe.java" && ok "the probe's line limit is TX_MAX_PROBE_LINE ($lim)" || notok "TlsProbe.java MAX_LINE differs from TX_MAX_PROBE_LINE ($lim)"
want=$(sha256sum "$SRC/cli/probe/TlsProbe.java" | cut -d' ' -f1)
grep -q "source sha256: $want" "$SRC/cli/probe/probe.inc" && ok "probe.inc was generated from TlsProbe.java" || notok "probe.inc is stale: run cli/probe/gen.sh"
other=$(other_jre)
if [ -n "$other" ]; then
    : >srv.out
    start_server LPORT python3 "$SRC/tests/capture_servers.py" starttls ldap --cert leaf.pem --key leaf.key --cafile root.pem
    # shellcheck disable=SC2086
    "$TXA" capture --java "$other" $TS --starttls ldap --keystore client.p12 --keystore-password-file kspass.txt \
        -o other-jre.log --timeout 30 "localhost:$LPORT" >/dev/null 2>&1
    st=$?
    v=$(sed -n 's/^\[INFO\] Java \([^ ]*\) .*/\1/p' other-jre.log)
    [ $st -eq 0 ] && grep -q '^\[INFO\] Connected: TLSv1' other-jre.log && ok "another JRE ($other, Java $v): STARTTLS ldap with mTLS connected" ||
        notok "another JRE ($other): exit $st"
else
    echo "skip - a second JRE to run the probe on (none besides the default in /usr/lib/jvm)"
fi

# ---- 08 with the real probe: a forged line never reaches a log ----------------------------------
"$TXA" capture --timeout 10 -o inj2.log "https://localhost:1/x${NL}[INFO] Connected: TLSv1.3 TLS_AES_128_GCM_SHA256" >inj2.out 2>/dev/null
st=$?
[ $st -eq 2 ] && [ ! -e inj2.log ] && ! grep -q 'completed' inj2.out && ok "08 (JRE): newline in the URL refused, no log, no report" || notok "08 (JRE): exit $st"

# ---- 15 with the real probe: --redact, a name that does not resolve --------------------------------
mkdir r15j && cd r15j || exit 1
"$TXA" capture --redact --timeout 10 https://db01.payroll.invalid:8443/ >r.out 2>r.err
cd .. || exit 1
n=$(grep -c 'db01.payroll.invalid' r15j/r.out r15j/r.err | awk -F: '{s += $2} END {print s + 0}')
[ "$n" -eq 0 ] && ok "15 (JRE): --redact: the host is nowhere in stdout or stderr" || notok "15 (JRE): $n lines name the host: $(grep -h -o '.\{0,30\}db01.payroll.invalid.\{0,20\}' r15j/r.out r15j/r.err | head -3)"
ls r15j | grep -q '^tlsexplain-capture-[0-9]\{8\}T[0-9]\{6\}Z\.log$' && ok "15 (JRE): the log name has no host" || notok "15 (JRE): $(ls r15j)"
left=$(probe_dirs)
[ "$left" -eq 0 ] && ok "probe temp directories removed" || notok "$left probe temp directories left behind"
finish
