#!/bin/sh
# Hostile input (issue 7): what customers and attackers hand us.
#
# Inputs that must work: the run ends normally (exit 0, 1 or 6) within
# `timeout 60` and, for a binary without ASan, under `ulimit -v` 300 MiB;
# and the report says what could not be read.  Inputs that must fail: a
# message naming the path and exit 4 (input) or 3 (rules).  Privacy: no
# output quotes decrypted application data.  The tool opens no socket and
# executes nothing (strace).  Valgrind runs a few fixtures (no ASan build).
#
# Generated inputs live under tests/out/hostile/ and are removed at the end
# (the biggest is ~45 MB).
. tests/lib.sh
H=$OUT/hostile
rm -rf "$H"
mkdir -p "$H"
case $TX in /*) TXA=$TX ;; *) TXA=$(pwd)/$TX ;; esac
ROOT=$(pwd)

# An ASan binary reserves terabytes of address space: no ulimit -v there,
# and no valgrind.
MEM_KB=307200
asan=0
if nm "$TX" 2>/dev/null | grep -q '__asan_init' || ldd "$TX" 2>/dev/null | grep -q 'libasan'; then
    asan=1
    skip "memory bound (ulimit -v $MEM_KB KiB) of every run: $TX is an ASan build (the plain pass checks it)"
fi

# bounded OUT ERR CMD... : run CMD (stdin inherited) with the time and
# memory bounds; prints the exit status.
bounded() {
    o=$1
    e=$2
    shift 2
    (
        [ "$asan" = 1 ] || ulimit -v $MEM_KB
        exec timeout 60 "$@"
    ) >"$o" 2>"$e"
    echo $?
}

# must_work NAME FILE|- [OPTIONS...]: explain ends normally; the report is
# left in $H/NAME.out for further checks.
must_work() {
    name=$1
    in=$2
    shift 2
    st=$(bounded "$H/$name.out" "$H/$name.err" "$TX" explain --color never "$@" "$in")
    case $st in
    0 | 1 | 6)
        if [ -s "$H/$name.out" ]; then
            ok "$name: exit $st, bounded"
            return 0
        fi
        notok "$name: exit $st but no report"
        ;;
    124) notok "$name: did not finish within 60 s" ;;
    *) notok "$name: exit $st" ;;
    esac
    head -c 2000 "$H/$name.err" | sed 's/^/    /'
    return 1
}

# says NAME REGEX: the report of NAME matches REGEX (grep -E)
says() {
    if grep -Eq "$2" "$H/$1.out"; then
        ok "$1: report says /$2/"
    else
        notok "$1: report does not say /$2/"
        grep -A8 '^Limits' "$H/$1.out" | sed 's/^/    /'
    fi
}

CUT_RE='lines? longer than 1048576 bytes (was|were) cut'

# ---- inputs that must work ----------------------------------------------------

head -c 10485760 /dev/urandom >"$H/random.bin"
must_work random-10M "$H/random.bin" && says random-10M 'held NUL or other binary bytes'

# 64 MiB without a newline, through stdin (a FIFO: must_work must not run in a pipeline's subshell)
mkfifo "$H/fifo"
(head -c 67108864 /dev/zero | tr '\0' a >"$H/fifo") &
must_work line-64M-stdin - <"$H/fifo" && says line-64M-stdin "$CUT_RE"
wait
rm -f "$H/fifo"

# a 2 MiB line inside a real log, from a file
f=fixtures/lab/expired-leaf-tls13.log
{ head -n 100 "$f"; head -c 2097152 /dev/zero | tr '\0' x; echo; tail -n +101 "$f"; } >"$H/long-line.log"
if must_work long-line "$H/long-line.log"; then
    says long-line "$CUT_RE"
    exp=$("$TX" explain --color never --format json "$f" 2>/dev/null | grep -o '"id":"[^"]*"' | sort | tr '\n' ' ')
    got=$("$TX" explain --color never --format json "$H/long-line.log" 2>/dev/null | grep -o '"id":"[^"]*"' | sort | tr '\n' ' ')
    if [ -n "$exp" ] && [ "$exp" = "$got" ]; then ok "long-line: same findings as without the line"; else notok "long-line: findings [$got], expected [$exp]"; fi
fi

# NUL bytes: a file of them, and NULs inside the lines of a real log
head -c 1048576 /dev/zero >"$H/zeros.bin"
must_work nul-only "$H/zeros.bin" && says nul-only 'held NUL or other binary bytes'
sed 's/Certificate/Certi\x00ficate/; 50s/$/\x00\x00\x00/' fixtures/lab/untrusted-private-ca-tls13.log >"$H/nul-inside.log"
must_work nul-inside "$H/nul-inside.log" && says nul-inside 'held NUL or other binary bytes'

# empty input, /dev/null, stdin
: >"$H/empty.log"
must_work empty "$H/empty.log"
must_work dev-null /dev/null
must_work stdin-empty - </dev/null
f=fixtures/lab/expired-leaf-tls13.log
exp=$("$TX" explain --color never "$f" 2>&1 | sed "s|$f|-|g")
got=$(cat "$f" | "$TX" explain --color never 2>&1)
if [ -n "$exp" ] && [ "$exp" = "$got" ]; then ok "stdin: cat f | tlsexplain reports as tlsexplain f"; else notok "stdin: report differs from the file's"; fi

# CRLF: every fixture converted gives the same report and events (same file name)
n=0
bad=
for f in fixtures/lab/*.log fixtures/public/*.log; do
    d=$(basename "$(dirname "$f")")
    b=$(basename "$f")
    mkdir -p "$H/crlf/$d"
    sed 's/$/\r/' "$f" >"$H/crlf/$d/$b"
    for k in explain events; do
        a=$(cd "fixtures/$d" && "$TXA" $k --color never "$b" 2>&1)
        c=$(cd "$H/crlf/$d" && "$TXA" $k --color never "$b" 2>&1)
        [ "$a" = "$c" ] || bad="$bad $k:$d/$b"
    done
    n=$((n + 1))
done
rm -rf "$H/crlf"
if [ -z "$bad" ]; then ok "crlf: $n fixtures with CRLF line ends: same reports and events"; else notok "crlf: differs:$bad"; fi

# cut off inside a certificate: SSLLogger JSON, SunJSSE legacy, IBM JSSE2
cut_at() { # NAME FILE REGEX: keep the first line matching REGEX and 5 more
    n=$(grep -n -m1 -E "$3" "$2" | cut -d: -f1)
    head -n $((n + 5)) "$2" >"$H/$1.log"
}
cut_at cut-cert-ssllogger fixtures/lab/expired-leaf-tls13.log '"certificate" : \{'
cut_at cut-cert-legacy fixtures/public/001-eurex-qpid-amqp-mtls-legacy-success.log 'chain \[0\] = \['
cut_at cut-cert-ibm fixtures/public/007-websphere-systemout-ibmjsse2-mutual-tls-success.log 'chain \[0\] = \['
for c in cut-cert-ssllogger cut-cert-legacy cut-cert-ibm; do
    must_work $c "$H/$c.log" && says $c 'the log looks cut off'
done

# 100,000 interleaved threads: each opens a handshake, 300 threads later it fails
awk -v N=100000 'BEGIN {
    for (i = 1; i <= N; i++) {
        printf "javax.net.ssl|DEBUG|%X|pool-1-thread-%d|2024-05-01 10:00:00.000 UTC|ClientHello.java:641|Produced ClientHello handshake message (\n\"ClientHello\": {\n}\n)\n", i, i
        if (i > 300) {
            j = i - 300
            printf "javax.net.ssl|ERROR|%X|pool-1-thread-%d|2024-05-01 10:00:00.001 UTC|TransportContext.java:352|Fatal (HANDSHAKE_FAILURE): Received fatal alert: handshake_failure (\n\"throwable\" : {\n  javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n}\n)\n", j, j
        }
    }
}' >"$H/threads.log"
if must_work threads-100k "$H/threads.log"; then
    says threads-100k 'closed early because more than 256'
    says threads-100k 'not kept for timeline/compare'
fi
st=$(bounded "$H/threads-events.out" "$H/threads-events.err" "$TX" events "$H/threads.log")
if [ "$st" = 0 ]; then ok "threads-100k: events dump ends normally"; else notok "threads-100k: events exit $st"; fi
st=$(bounded "$H/threads-redact.out" "$H/threads-redact.err" "$TX" explain --redact "$H/threads.log")
case $st in 0 | 1 | 6) ok "threads-100k: --redact ends normally" ;; *) notok "threads-100k: --redact exit $st" ;; esac
st=$(bounded "$H/threads-timeline.out" "$H/threads-timeline.err" "$TX" timeline "$H/threads.log")
if [ "$st" = 0 ] && [ -s "$H/threads-timeline.out" ]; then ok "threads-100k: timeline ends normally"; else notok "threads-100k: timeline exit $st"; fi
st=$(bounded "$H/threads-compare.out" "$H/threads-compare.err" "$TX" compare "$H/random.bin" "$H/threads.log")
case $st in 0 | 1 | 6) ok "threads-100k: compare with 10 MiB of random bytes ends normally" ;; *) notok "threads-100k: compare exit $st" ;; esac
rm -f "$H/threads.log" "$H/random.bin" "$H/long-line.log"

# per-event and per-pattern limits: a 9 KB exception message (field value
# cut, pattern subject cut), 9,000 line matches outside any connection
{
    printf 'javax.net.ssl.SSLHandshakeException: PKIX path building failed: '
    head -c 9000 /dev/zero | tr '\0' x
    echo
} >"$H/long-exception.log"
if must_work long-exception "$H/long-exception.log" --rules tests/rules/good/simple.yaml; then
    says long-exception 'events? (was|were) cut to [0-9]+ fields, [0-9]+ list items, 4096 bytes per value'
    says long-exception 'lines? longer than 8192 bytes (was|were) searched by rule patterns in (its|their) first 8192 bytes only'
fi
awk 'BEGIN { for (i = 1; i <= 20000; i++) print "PKIX path building failed " i }' >"$H/many-matches.log"
must_work many-matches "$H/many-matches.log" --no-builtin --rules tests/rules/good/simple.yaml &&
    says many-matches 'rule match(es)? on log lines (was|were) dropped by the event limits'

# ---- inputs that must fail clearly -----------------------------------------------

# must_fail NAME EXIT PATH-IN-MESSAGE CMD...
must_fail() {
    name=$1
    want=$2
    path=$3
    shift 3
    timeout 60 "$@" >"$H/$name.out" 2>"$H/$name.err"
    st=$?
    if [ "$st" = "$want" ] && grep -qF "$path" "$H/$name.err" && grep -q 'error' "$H/$name.err" && [ ! -s "$H/$name.out" ]; then
        ok "$name: exit $want, '$(head -n 1 "$H/$name.err")'"
    else
        notok "$name: exit $st (want $want), stderr: $(head -n 2 "$H/$name.err"), stdout $(wc -c <"$H/$name.out") bytes"
    fi
}
must_fail missing-file 4 "$H/no-such.log" "$TX" explain "$H/no-such.log"
must_fail missing-dir 4 "$H/no-such-dir/x.log" "$TX" explain "$H/no-such-dir/x.log"
must_fail directory 4 "fixtures/lab" "$TX" explain fixtures/lab
must_fail not-a-dir 4 "fixtures/lab/README.md/x.log" "$TX" explain fixtures/lab/README.md/x.log
must_fail events-missing 4 "$H/no-such.log" "$TX" events "$H/no-such.log"
must_fail compare-directory 4 "fixtures" "$TX" compare fixtures fixtures/lab/ok-no-debug.log
# unreadable: root reads any mode-000 file, so as root use /proc/self/mem,
# which opens but fails on read (EIO) - the read-error path.
if [ "$(id -u)" = 0 ]; then
    must_fail unreadable-proc-self-mem 4 "/proc/self/mem" "$TX" explain /proc/self/mem
else
    cp fixtures/lab/ok-no-debug.log "$H/unreadable.log"
    chmod 000 "$H/unreadable.log"
    must_fail unreadable-mode-000 4 "$H/unreadable.log" "$TX" explain "$H/unreadable.log"
    rm -f "$H/unreadable.log"
fi

# ---- rule files ------------------------------------------------------------------

# a catastrophic pattern on long lines: stopped by the PCRE2 limits, reported
cat >"$H/catastrophic.yaml" <<'EOF'
version: 1
rules:
  - id: catastrophic-regex
    title: A pattern that backtracks catastrophically
    category: other
    confidence: 10
    pattern: '(a|aa)+$'
    explain: "Never fires on a long line: the match limits stop it."
    steps: ["none"]
    samples:
      match: ['aaaa']
      nomatch: ['bbbb']
EOF
{
    i=0
    while [ $i -lt 20 ]; do
        head -c 102400 /dev/zero | tr '\0' a
        echo b
        i=$((i + 1))
    done
} >"$H/aaaa.log"
start=$(date +%s)
if must_work catastrophic-regex "$H/aaaa.log" --rules "$H/catastrophic.yaml"; then
    says catastrophic-regex 'regex search(es were| was) stopped by the PCRE2 match limits'
    secs=$(($(date +%s) - start))
    if [ "$secs" -le 10 ]; then ok "catastrophic-regex: 20 lines of 100 KB in ${secs}s"; else notok "catastrophic-regex: ${secs}s"; fi
fi

# the run-wide regex budget (issue 16, repro 11): hostile rules whose every
# search is stopped by the PCRE2 limits are switched off after a bounded
# number of stopped searches (16 per rule, 256 per run), and the report
# says which and how many searches were skipped, in every format.
R11=tests/repro/11-redos
awk 'BEGIN { for (i = 0; i < 1000; i++) print "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" }' >"$H/a1k.log"
awk 'BEGIN { for (i = 0; i < 100000; i++) print "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" }' >"$H/a100k.log"
# budget_case NAME RULES LOG NRULES: NRULES rules, every one switched off
budget_case() {
    must_work "$1" "$3" --no-builtin --rules "$R11/$2" || return
    says "$1" 'regex search(es were| was) stopped by the PCRE2 match limits'
    if [ "$4" = 1 ]; then
        says "$1" '^   - 1 rule was switched off by the regex budget \(16 stopped searches per rule, 256 per run\): redos$'
    else
        says "$1" "^   - $4 rules were switched off by the regex budget \\(16 stopped searches per rule, 256 per run\\): r0, r1, "
    fi
    says "$1" '[0-9]+ regex searches of switched-off rules were skipped'
    # stopped searches: at most 16 per rule, and at most 256 + one per rule
    stops=$(sed -n 's/^   - \([0-9]*\) regex searches were stopped.*/\1/p' "$H/$1.out")
    if [ -n "$stops" ] && [ "$stops" -le $((16 * $4)) ] && [ "$stops" -le $((256 + $4)) ]; then
        ok "$1: $stops stopped searches, within the budget"
    else
        notok "$1: stopped searches '$stops' over the budget for $4 rules"
    fi
}
budget_case redos-10 redos-10.yaml "$H/a1k.log" 10
budget_case one-redos one-redos.yaml "$H/a100k.log" 1
budget_case many-redos many-redos.yaml "$H/a1k.log" 200
# the same notes in JSON and Markdown
st=$(bounded "$H/redos-json.out" "$H/redos-json.err" "$TX" explain --format json --no-builtin --rules "$R11/redos-10.yaml" "$H/a1k.log")
if grep -q '"limits":\[[^]]*"10 rules were switched off by the regex budget[^"]*: r0, r1, r2, r3, r4, r5, r6, r7, r8, r9"' "$H/redos-json.out"; then
    ok "regex budget: JSON limits name the rules switched off (exit $st)"
else
    notok "regex budget: JSON limits do not name the rules switched off (exit $st)"
fi
st=$(bounded "$H/redos-md.out" "$H/redos-md.err" "$TX" explain --format markdown --no-builtin --rules "$R11/one-redos.yaml" "$H/a1k.log")
if grep -q '^- 1 rule was switched off by the regex budget .*: redos$' "$H/redos-md.out"; then
    ok "regex budget: Markdown limits name the rule switched off (exit $st)"
else
    notok "regex budget: Markdown limits do not name the rule switched off (exit $st)"
fi
# hostile rules beside the shipped ones cost the shipped ones nothing: same
# findings for a failing log with 1,000 hostile lines appended, with and
# without the 200 hostile rules (which never match, and are all switched
# off: exactly 200 rules, so no shipped one)
cat fixtures/lab/expired-leaf-tls13.log "$H/a1k.log" >"$H/expired-plus-a.log"
bounded "$H/shipped-only.out" "$H/shipped-only.err" "$TX" explain --format json "$H/expired-plus-a.log" >/dev/null
st=$(bounded "$H/shipped-hostile.out" "$H/shipped-hostile.err" "$TX" explain --format json --rules "$R11/many-redos.yaml" "$H/expired-plus-a.log")
sed 's/,"limits":.*//' "$H/shipped-only.out" >"$H/shipped-only.cmp"
sed 's/,"limits":.*//' "$H/shipped-hostile.out" >"$H/shipped-hostile.cmp"
if [ "$st" = 1 ] && grep -q '"id":"cert-expired"' "$H/shipped-hostile.cmp" && cmp -s "$H/shipped-only.cmp" "$H/shipped-hostile.cmp" &&
    grep -q '"200 rules were switched off' "$H/shipped-hostile.out"; then
    ok "regex budget: 200 hostile rules switched off, the shipped rules' findings unchanged"
else
    notok "regex budget: hostile rules changed the shipped rules' findings (exit $st)"
    diff "$H/shipped-only.cmp" "$H/shipped-hostile.cmp" | head -5 | sed 's/^/    /'
fi
# rules check warns about the catastrophic pattern at load time
"$TX" rules check --no-builtin "$R11/one-redos.yaml" >"$H/redos-check.out" 2>&1
if grep -q "one-redos.yaml:6:14: warning: rule 'redos': pattern '(a|aa)+\$' backtracks catastrophically" "$H/redos-check.out"; then
    ok "rules check warns about a catastrophically backtracking pattern"
else
    notok "rules check does not warn about '(a|aa)+\$'"
    sed 's/^/    /' "$H/redos-check.out" | head -5
fi
# ... and the time backstop for searches PCRE2 never stops (its limit counts
# per start position): on lines of 22 'a' every search of '(a|aa)+$' ends
# under the match limit yet takes about a millisecond of CPU; the rules are
# switched off by the backstop and the report says so (whatever the speed of
# the machine: 10,000 such searches are far over the backstop's second)
awk 'BEGIN { for (i = 0; i < 1000; i++) print "aaaaaaaaaaaaaaaaaaaaaa!" }' >"$H/a22.log"
if must_work redos-sublimit "$H/a22.log" --no-builtin --rules "$R11/redos-10.yaml"; then
    says redos-sublimit 'rules? (was|were) switched off by the regex time backstop \([0-9]+ ms of slow searches per rule, [0-9]+ per run; machine-dependent\): r[0-9]'
    if grep -q 'regex searches were stopped' "$H/redos-sublimit.out"; then
        notok "redos-sublimit: searches of 22 'a' were stopped by PCRE2 (the case no longer tests the backstop)"
    else ok "redos-sublimit: no search was stopped by PCRE2, the backstop did the work"; fi
fi
rm -f "$H/a100k.log"

# --rules DIR with a good and a bad file: the whole load fails, exit 3
mkdir -p "$H/rules-mixed"
cp tests/rules/good/simple.yaml "$H/rules-mixed/a-good.yaml"
cp tests/rules/bad/unknown-key.yaml "$H/rules-mixed/b-bad.yaml"
must_fail rules-dir-good-and-bad 3 "$H/rules-mixed/b-bad.yaml" "$TX" explain --rules "$H/rules-mixed" fixtures/lab/ok-no-debug.log
if grep -q 'a-good.yaml' "$H/rules-dir-good-and-bad.err"; then notok "rules-dir-good-and-bad: the good file is blamed"; else ok "rules-dir-good-and-bad: only the bad file is named"; fi

# ---- privacy: decrypted application data is never quoted -----------------------------

# hexdump INDENT TEXT: the text as JSSE hex dump lines (16 bytes, hex, ASCII)
hexdump() {
    printf '%s' "$2" | od -An -v -tx1 | tr -s ' \n' '\n\n' | grep . | awk -v ind="$1" '
        BEGIN { for (c = 32; c < 127; c++) asc_of[sprintf("%02x", c)] = sprintf("%c", c) }
        function flush() {
            if (!n) return
            line = sprintf("%s%04X: ", ind, off)
            for (k = 0; k < 16; k++) {
                line = line (k < n ? toupper(h[k]) " " : "   ")
                if (k == 7) line = line "  "
            }
            asc = ""
            for (k = 0; k < n; k++) asc = asc (h[k] in asc_of ? asc_of[h[k]] : ".")
            print line " " asc
            off += 16; n = 0
        }
        { h[n++] = $1; if (n == 16) flush() }
        END { flush() }'
}
SECRET_REQ=$(printf 'GET /api/orders HTTP/1.1\r\nHost: api.northwind-payments.example\r\nAuthorization: Basic dXNlcjpzM2NyM3QtcGFzc3dvcmQ=\r\nCookie: JSESSIONID=5EC4E7C00C1E0FF1CE; remember_me=t0k3n-4bc\r\n\r\n')
SECRET_RESP=$(printf 'HTTP/1.1 401 Unauthorized\r\nSet-Cookie: JSESSIONID=5EC4E7C00C1E0FF1CE; HttpOnly\r\nWWW-Authenticate: Basic realm="orders"\r\n\r\n')
{
    # SSLLogger (JDK 11+): a working connection with application data, then a failing one
    {
        sed -n '1,/Plaintext before ENCRYPTION (/p' fixtures/lab/ok-tls12-rsa-jks.log | sed '$d'
        echo 'javax.net.ssl|DEBUG|10|main|2026-11-27 03:49:17.942 UTC|SSLCipher.java:1773|Plaintext before ENCRYPTION ('
        hexdump '  ' "$SECRET_REQ"
        echo ')'
        echo 'javax.net.ssl|DEBUG|10|main|2026-11-27 03:49:17.978 UTC|SSLCipher.java:1675|Plaintext after DECRYPTION ('
        hexdump '  ' "$SECRET_RESP"
        echo ')'
        cat fixtures/lab/untrusted-private-ca-tls13.log
    } >"$H/plaintext-ssllogger.log"
    # SunJSSE (JDK <= 8): "Padded plaintext ..." dumps without indent, then a failure
    {
        cat fixtures/public/016-jdk8-axis-wosign-cert-imported-resumption-attempt-success.log
        echo 'main, WRITE: TLSv1.2 Application Data, length = 160'
        echo 'Padded plaintext before ENCRYPTION:  len = 160'
        hexdump '' "$SECRET_REQ"
        echo 'main, READ: TLSv1.2 Application Data, length = 112'
        echo 'Padded plaintext after DECRYPTION:  len = 112'
        hexdump '' "$SECRET_RESP"
        cat fixtures/public/003-axibase-java8-tlsv1-clienthello-handshake-failure.log
    } >"$H/plaintext-legacy.log"
    secrets='Authorization|Basic dXNl|dXNlcjpz|Cookie|JSESSIONID|5EC4E7C0|remember_me|t0k3n|WWW-Authenticate|GET /api/orders'
    # the same in hex, as dumped (with and without the spaces)
    hexsecrets='41 75 74 68 6F 72|417574686F72|43 6F 6F 6B 69 65|436F6F6B6965|4A 53 45 53 53 49|4A5345535349'
    for log in plaintext-ssllogger plaintext-legacy; do
        if grep -Eq "$secrets" "$H/$log.log" && grep -Eq "$hexsecrets" "$H/$log.log"; then
            ok "$log: the log holds the secrets in text and hex"
        else
            notok "$log: test log not built right"
        fi
        leaks=
        for fmt in text json markdown; do
            "$TX" explain --color never --format $fmt "$H/$log.log" >"$H/$log.explain.$fmt" 2>&1
            "$TX" timeline --color never --format $fmt "$H/$log.log" >"$H/$log.timeline.$fmt" 2>&1
            "$TX" compare --color never --format $fmt fixtures/lab/ok-tls12-rsa-jks.log "$H/$log.log" >"$H/$log.compare.$fmt" 2>&1
            "$TX" explain --color never --format $fmt --redact "$H/$log.log" >"$H/$log.redact.$fmt" 2>&1
        done
        "$TX" events "$H/$log.log" >"$H/$log.events.text" 2>&1
        "$TX" events --format json "$H/$log.log" >"$H/$log.events.json" 2>&1
        for o in "$H/$log".*.*; do
            case $o in *.log) continue ;; esac
            [ -s "$o" ] || leaks="$leaks $(basename "$o"):empty"
            if grep -Eiq "$secrets|$hexsecrets" "$o"; then
                leaks="$leaks $(basename "$o"):$(grep -Eio "$secrets|$hexsecrets" "$o" | head -n 1)"
            fi
        done
        if [ -z "$leaks" ]; then
            ok "$log: no report, timeline, compare or events output quotes the decrypted data"
        else
            notok "$log: leaked in$leaks"
        fi
    done
}

# ---- no network, no exec ------------------------------------------------------------

# a rule whose texts look like commands: they are printed, never run
cat >"$H/shell.yaml" <<EOF
version: 1
rules:
  - id: shell-in-steps
    title: 'Looks like a command: \$(touch $ROOT/$H/pwned)'
    category: other
    pattern: 'PKIX path building failed'
    explain: "\`touch $ROOT/$H/pwned\` and \$(touch $ROOT/$H/pwned)"
    steps: ["; touch $ROOT/$H/pwned", "| touch $ROOT/$H/pwned"]
    samples: {match: ['PKIX path building failed'], nomatch: ['x']}
EOF
if ! command -v strace >/dev/null 2>&1; then
    skip "network/exec: strace not installed (apt-get install strace)"
elif ! strace -f -qq -o /dev/null true >/dev/null 2>&1; then
    skip "network/exec: strace cannot trace here (ptrace not permitted)"
else
    f=fixtures/lab/untrusted-private-ca-tls13.log
    # LeakSanitizer stops the world from a clone()d tracer at exit: not ours
    [ "$asan" = 1 ] && ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 && export ASAN_OPTIONS
    i=0
    for cmd in "explain --rules $H/shell.yaml --format markdown $f" "compare fixtures/lab/ok-tls13-rsa-app-truststore.log $f" \
        "timeline $f" "events $f" "rules check $H/shell.yaml" "rules list --rules $H/shell.yaml"; do
        i=$((i + 1))
        # shellcheck disable=SC2086
        strace -f -qq -e trace=network -o "$H/strace-net.$i" "$TX" $cmd >/dev/null 2>&1
        # shellcheck disable=SC2086
        strace -f -qq -e trace=execve,execveat,fork,vfork,clone,clone3 -o "$H/strace-exec.$i" "$TX" $cmd >/dev/null 2>&1
        nnet=$(grep -c . "$H/strace-net.$i")
        nexec=$(grep -c 'execve' "$H/strace-exec.$i")
        nproc=$(grep -Ec 'fork|clone' "$H/strace-exec.$i")
        name=$(echo "$cmd" | cut -d' ' -f1-2)
        if [ "$nnet" -eq 0 ]; then ok "no network: $name"; else notok "network syscalls in $name: $(head -n 1 "$H/strace-net.$i")"; fi
        if [ "$nexec" -eq 1 ] && [ "$nproc" -eq 0 ]; then ok "no exec: $name (one execve, no fork)"; else notok "exec in $name: $nexec execve, $nproc fork/clone"; fi
    done
    if [ -e "$H/pwned" ]; then notok "a rule text was executed ($H/pwned exists)"; else ok "no rule text was executed"; fi
fi

# ---- valgrind: a few fixtures, every command --------------------------------------------

if [ "$asan" = 1 ]; then
    skip "valgrind: $TX is an ASan build"
elif ! command -v valgrind >/dev/null 2>&1; then
    skip "valgrind: not installed (apt-get install valgrind)"
else
    vg() {
        name=$1
        shift
        timeout 300 valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
            "$TX" "$@" >/dev/null 2>"$H/valgrind-$name.err"
        st=$?
        if [ "$st" != 99 ] && [ "$st" != 124 ] && ! grep -q '==[0-9]*==' "$H/valgrind-$name.err"; then
            ok "valgrind: $name (exit $st, no errors, no leaks)"
        else
            notok "valgrind: $name (exit $st)"
            head -n 30 "$H/valgrind-$name.err" | sed 's/^/    /'
        fi
    }
    vg explain-ssllogger explain --format json fixtures/lab/missing-intermediate-ec-tls13.log
    vg compare compare fixtures/lab/ok-tls13-rsa-app-truststore.log fixtures/lab/untrusted-private-ca-tls13.log
    vg timeline-legacy timeline fixtures/public/004-kafka-broker-zk-client-no-keystore-bad-certificate-8u.log
    vg events-ibm events fixtures/public/007-websphere-systemout-ibmjsse2-mutual-tls-success.log
    vg explain-redact-md explain --redact --format markdown fixtures/lab/hostname-mismatch-san.log
    # an input shorter than the read buffer, and workers' buffers with tool outputs lending
    # their listings: the literal scanner's vector loads past the data stay on zeroed bytes
    vg explain-short-read explain --format json fixtures/public/994-zowe-semeru11-ibmzsecurity-provider-not-enabled-jceracfks-not-found.log
    vg explain-jobs-tools explain -j 2 --format json fixtures/tools/bundle-curl-keytool-host-mismatch.txt \
        fixtures/tools/bundle-s_client-keytool-root-not-listed.txt fixtures/public/007-websphere-systemout-ibmjsse2-mutual-tls-success.log
fi

# --redact with 40,000 distinct host names: the masking cost must not grow
# with the number of names learned (a hash table, not a scan per name)
awk 'BEGIN { for (i = 0; i < 40000; i++) printf "[INFO] Connecting to https://h%d.example.com:443/\n", i }' >"$H/many-hosts.log"
st=$(bounded "$H/many-hosts.out" "$H/many-hosts.err" "$TX" events --redact "$H/many-hosts.log")
if [ "$st" = 0 ] && ! grep -q 'example\.com' "$H/many-hosts.out" && grep -q 'host-40000' "$H/many-hosts.out"; then
    ok "redact: 40,000 distinct hosts masked within the time bound"
else
    notok "redact: 40,000 distinct hosts (exit $st)"
fi

# ---- issue 16: reproducers of the outside fuzzing and review ---------------------------

# sanitized NAME: no sanitizer report in $H/NAME.err
sanitized() { ! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$H/$1.err"; }

# 14: thread names holding a NUL byte were hashed over their length on
# insert but removed with strlen(): heap use-after-free (ASan), mis-filed
# events (plain build)
R=tests/repro/14-uaf-thread-name-nul
for f in nul-threads jdk11; do
    st=$(bounded "$H/nul-$f.out" "$H/nul-$f.err" "$TX" explain "$R/$f.log")
    case $st in
    0 | 1 | 6) if sanitized "nul-$f"; then ok "thread names with NUL: $f.log (exit $st)"; else notok "thread names with NUL: $f.log: sanitizer report"; fi ;;
    *) notok "thread names with NUL: $f.log: exit $st"; head -n 5 "$H/nul-$f.err" | sed 's/^/    /' ;;
    esac
done
# each of 200 threads "T<NUL>i" says two alerts: 200 connections, not one per line
awk 'BEGIN { for (r = 0; r < 2; r++) for (i = 0; i < 200; i++) printf "T%c%d, SEND TLSv1.2 ALERT:  fatal, description = certificate_unknown\n", 0, i }' >"$H/nul200.log"
st=$(bounded "$H/nul200.out" "$H/nul200.err" "$TX" explain "$H/nul200.log")
if grep -q " 200 connections," "$H/nul200.out" && sanitized nul200; then
    ok "thread names with NUL: one connection per distinct name (exit $st)"
else
    notok "thread names with NUL: $(grep -o '[0-9]* connections,' "$H/nul200.out") for 200 distinct names (exit $st)"
fi

# 01: `rules list PATH` after 32 (and 200) --rules wrote past rules[32]
R=tests/repro/01-rules-list-rules-overflow
for n in 32 200; do
    set --
    i=0
    while [ $i -lt $n ]; do set -- "$@" -r "$R/one.yaml"; i=$((i + 1)); done
    st=$(bounded "$H/rules$n.out" "$H/rules$n.err" "$TX" rules "$@" list "$R/one.yaml")
    if [ "$st" = 0 ] && grep -q '^x1 ' "$H/rules$n.out" && sanitized "rules$n"; then
        ok "rules list after $n --rules: listed, exit 0"
    else
        notok "rules list after $n --rules: exit $st"
    fi
done
set --

# 12: write errors on the output (ENOSPC: /dev/full) are reported, exit 7
if [ -w /dev/full ]; then
    L=fixtures/lab/expired-leaf-tls13.log
    G=fixtures/lab/ok-tls13-rsa-app-truststore.log
    full() { # NAME ARGS...: the command writes to /dev/full
        name=$1
        shift
        "$TX" "$@" >/dev/full 2>"$H/full.err"
        st=$?
        if [ "$st" = 7 ] && [ "$(grep -c 'error: cannot write the output: No space left on device' "$H/full.err")" = 1 ]; then
            ok "write error reported, exit 7: $name"
        else
            notok "write error: $name: exit $st, stderr: $(head -c 200 "$H/full.err")"
        fi
    }
    full "explain text" "$L"
    full "explain json" --format json "$L"
    full "explain markdown" --format markdown "$L"
    full "explain two files + summary" "$L" "$G"
    full "explain json lines" --format json "$L" "$G"
    full "explain ok log" "$G"
    full "events text" events "$L"
    full "events json" events --format json "$L"
    full "compare" compare "$G" "$L"
    full "compare json" compare --format json "$G" "$L"
    full "timeline" timeline "$L"
    full "timeline markdown" timeline --format markdown "$L"
    full "rules list" rules list
    full "rules list json" rules list --format json
    full "rules check" rules check
    full "--help" --help
    full "compare --help" compare --help
    full "--version" --version
    # a short report (below stdio's buffer) is caught at the final flush too
    printf 'nothing here\n' >"$H/short.log"
    full "explain short report" "$H/short.log"
    full "explain stdin" - <"$L"
else
    skip "no /dev/full"
fi

# 13: with two or more inputs, a pipe/FIFO is read once (the tool-output
# sniff used to eat its first 64 KiB): same report as from the file
fifo_same() { # NAME FIFO-SOURCE OTHER: `tlsexplain FIFO OTHER` reports as `tlsexplain SOURCE OTHER`
    name=$1
    src=$2
    other=$3
    rm -f "$H/fifo"
    mkfifo "$H/fifo" || { notok "mkfifo"; return; }
    cp "$src" "$H/fifa" # a name as long as the FIFO's: the same wrapping and padding
    "$TX" --color never "$H/fifa" "$other" 2>/dev/null | sed "s|$H/fifa|INPUT|g" >"$H/fifo-file.out"
    cat "$src" >"$H/fifo" &
    timeout 60 "$TX" --color never "$H/fifo" "$other" 2>"$H/fifo.err" | sed "s|$H/fifo|INPUT|g" >"$H/fifo-pipe.out"
    wait
    if [ -s "$H/fifo-file.out" ] && cmp -s "$H/fifo-file.out" "$H/fifo-pipe.out"; then
        ok "FIFO among several inputs read once: $name"
    else
        notok "FIFO among several inputs: $name"
        diff "$H/fifo-file.out" "$H/fifo-pipe.out" | head -n 10 | sed 's/^/    /'
    fi
}
fifo_same "a log over 64 KiB" fixtures/lab/expired-leaf-tls13.log fixtures/lab/sni-unrecognized-name.log
fifo_same "a log under 64 KiB" fixtures/public/002-eurex-qpid-truststore-wrong-broker-cert-signature-check-failed.log fixtures/lab/sni-unrecognized-name.log
fifo_same "a keytool listing over 64 KiB (lent, spooled)" fixtures/lab/evidence/untrusted-self-signed-default-cacerts.keytool.txt fixtures/lab/untrusted-self-signed-jks.log
fifo_same "a keytool listing under 64 KiB (lent)" fixtures/lab/evidence/untrusted-self-signed-jks.keytool.txt fixtures/lab/untrusted-self-signed-jks.log
# ... and the other way round: the log from the FIFO borrows the listing
fifo_same "a log next to a keytool listing" fixtures/lab/untrusted-self-signed-jks.log fixtures/lab/evidence/untrusted-self-signed-jks.keytool.txt

# nits: standard input named twice is a usage error
"$TX" - - </dev/null >/dev/null 2>"$H/dash.err"
st=$?
if [ "$st" = 2 ] && grep -q "named only once" "$H/dash.err"; then ok "'- -': usage error, exit 2"; else notok "'- -': exit $st"; fi
"$TX" events - x - </dev/null >/dev/null 2>"$H/dash.err"
st=$?
if [ "$st" = 2 ]; then ok "'events - x -': usage error, exit 2"; else notok "'events - x -': exit $st"; fi

# nits: JSON Lines keep one record per input, also for a file that fails
"$TX" --format json fixtures/lab/expired-leaf-tls13.log "$H/no-such.log" fixtures/lab/sni-unrecognized-name.log \
    >"$H/jl.out" 2>"$H/jl.err"
st=$?
if [ "$st" = 4 ] && [ "$(wc -l <"$H/jl.out")" = 3 ] &&
    sed -n 2p "$H/jl.out" | grep -q "^{\"schema\":\"report-v1\",\"file\":\"$H/no-such.log\",\"verdict\":\"error\",\"error\":\"cannot open '$H/no-such.log': No such file or directory\"}\$" &&
    sed -n 3p "$H/jl.out" | grep -q '"file":"fixtures/lab/sni-unrecognized-name.log","verdict":"failure"'; then
    ok "JSON Lines: the file that cannot be opened gets an error record, exit 4"
else
    notok "JSON Lines with a missing file: exit $st, $(wc -l <"$H/jl.out") lines"
fi

# nits: the rule limit counts the shipped rules and says so
awk 'BEGIN { print "version: 1\nrules:"; for (i = 0; i < 16380; i++) printf "  - id: r%d\n    title: t\n    category: other\n    pattern: \"ZZQ%d\"\n", i, i }' >"$H/many-rules.yaml"
"$TX" rules list -r "$H/many-rules.yaml" >/dev/null 2>"$H/many-rules.err"
st=$?
if [ "$st" = 3 ] && grep -q "many-rules.yaml:[0-9]*:5: error: more than 16384 rules in all: the shipped rulebook has [0-9]*," "$H/many-rules.err"; then
    ok "16380 rules + the shipped rulebook: the error says the shipped rules count, exit 3"
else
    notok "16380 rules + the shipped rulebook: exit $st: $(grep error "$H/many-rules.err" | head -n 1)"
fi
if "$TX" rules list --no-builtin -r "$H/many-rules.yaml" >/dev/null 2>&1; then
    ok "16380 rules alone (--no-builtin) load"
else
    notok "16380 rules alone (--no-builtin) do not load"
fi

# nits: the failure survives the per-connection limits: a chain of 1,100
# (then 2,500) certificates fills the connection's bytes, 2,500 notices its
# event count; the alert and exceptions that end it are still filed
chain() { # N: the first certificate of the first certificate_list, N times
    awk -v N="$1" '
        /"certificate_list": \[/ { inlist = 1; print; next }
        inlist && !done && /^  \{$/ { grab = 1 }
        grab {
            blk = blk $0 "\n"
            if ($0 ~ /^  \},?$/) {
                grab = 0; done = 1
                if ($0 !~ /,$/) blk = substr(blk, 1, length(blk) - 1) ",\n"
                for (i = 0; i < N; i++) printf "%s", blk
            }
            next
        }
        { print }' fixtures/lab/untrusted-private-ca-tls13.log
}
notices() { # N: a notice line of the handshake's thread, N times before the failure
    awk -v N="$1" '
        /No available application protocols/ && !note { note = $0 }
        /\|ERROR\|.*Fatal \(/ && !done { for (i = 0; i < N; i++) print note; done = 1 }
        { print }' fixtures/lab/untrusted-private-ca-tls13.log
}
for v in "chain 1100" "chain 2500" "notices 2500"; do
    name=$(echo "$v" | tr ' ' -)
    $v >"$H/$name.log"
    st=$(bounded "$H/$name.out" "$H/$name.err" "$TX" explain --color never "$H/$name.log")
    if [ "$st" = 1 ] && grep -q '1 connection, 0 completed, 1 failed' "$H/$name.out" &&
        grep -q 'events were dropped by the per-connection' "$H/$name.out" && grep -q '\[untrusted-cert\]' "$H/$name.out"; then
        ok "failure kept past the per-connection limits: $v"
    else
        notok "failure lost past the per-connection limits: $v (exit $st)"
    fi
done

# UTF-16 with a byte-order mark (PowerShell 5's '>', Notepad's "Unicode"), little- and
# big-endian, CRLF: the same report as the UTF-8 log, evidence and HTML context included
src=fixtures/lab/expired-leaf-tls13.log
"$TX" --format json "$src" | sed "s#$src#F#g" >"$H/u8.json"
"$TX" --format html "$src" | grep -c 'class="ln"' >"$H/u8.ln"
for enc in UTF-16LE UTF-16BE; do
    { if [ $enc = UTF-16LE ]; then printf '\377\376'; else printf '\376\377'; fi
      sed 's/$/\r/' "$src" | iconv -f UTF-8 -t $enc; } >"$H/u16.log"
    "$TX" --format json "$H/u16.log" | sed "s#$H/u16.log#F#g; s/\"bytes\":[0-9]*/\"bytes\":B/" >"$H/u16.json"
    sed 's/"bytes":[0-9]*/"bytes":B/' "$H/u8.json" >"$H/u8b.json"
    "$TX" --format html "$H/u16.log" | grep -c 'class="ln"' >"$H/u16.ln"
    if cmp -s "$H/u8b.json" "$H/u16.json" && cmp -s "$H/u8.ln" "$H/u16.ln"; then
        ok "$enc with a byte-order mark and CRLF: the same report and context lines as UTF-8"
    else
        notok "$enc with a byte-order mark: the report differs from UTF-8's"
    fi
done

rm -rf "$H"
finish
