#!/bin/sh
# compare and timeline.
#
# 1. Every failing lab fixture against its reference (labels.tsv column 4,
#    a successful scenario with the same client setup), as JSON: the first
#    divergence cites valid lines of both logs whose texts are those lines,
#    the difference list is not empty, the exit status is the failing log's
#    own (as `explain` gives it), and - once the rulebook loads and has
#    rules - the top finding's category is the label's.
# 2. Golden text outputs of representative compares (tests/golden/compare/)
#    and timelines (tests/golden/timeline/); BLESS=1 rewrites them.
# 3. `timeline` renders every fixture, lab and public (exit 0, output not
#    empty, JSON that parses), a server's log is drawn client-left, and
#    --redact leaves no host or organisation name in compare or timeline.
#
# TX_FIXTURES (default: fixtures) is the directory holding lab/ and public/;
# commands run from there, so outputs name the logs lab/x.log.
. tests/lib.sh
bless=${BLESS:-0}
FIX=${TX_FIXTURES:-fixtures}
SKIPWHY=
case $TX in /*) TXA=$TX ;; *) TXA=$(pwd)/$TX ;; esac
ROOT=$(pwd)
OUTA=$ROOT/$OUT
have_jq=1
command -v jq >/dev/null 2>&1 || have_jq=0

# No binary, no test (and above all, no blessing of its error messages).
if ! "$TXA" --version >/dev/null 2>&1; then
    notok "$TX does not run: build it first"
    finish
    exit 1
fi

# The rulebook: checked categories need it to load and hold rules.  One that does not load
# is a failure, never a reason to carry on with --no-builtin.
nrules=$("$TXA" rules list --format json 2>/dev/null | grep -c '^{')
if ! "$TXA" rules list >/dev/null 2>&1; then
    notok "the built-in rulebook does not load ('tlsexplain rules list' fails)"
    finish
    exit 1
elif [ "${nrules:-0}" -eq 0 ]; then
    SKIPWHY="the built-in rulebook has no rules yet"
    skip "$SKIPWHY: category checks skipped"
fi

tx() { sub=$1; shift; (cd "$FIX" && "$TXA" "$sub" "$@"); }

# line N of FILE without a CR
line_of() { sed -n "${2}p" "$FIX/$1" | tr -d '\r'; }

# ---- 1. every failing lab fixture against its reference ---------------------------------

labels=$FIX/lab/labels.tsv
catskip=0
if [ ! -f "$labels" ]; then
    notok "no $labels"
elif [ "$have_jq" = 0 ]; then
    skip "jq is not installed: the JSON checks of every failing fixture need it"
else
    tab=$(printf '\t')
    while IFS=$tab read -r scen cat outcome ref _rest; do
        case $scen in '#'* | '') continue ;; esac
        [ "$outcome" = failure ] || continue
        bad=lab/$scen.log good=lab/$ref.log
        if [ ! -f "$FIX/$bad" ] || [ ! -f "$FIX/$good" ]; then
            notok "$scen: $bad or $good is missing"
            continue
        fi
        js=$OUTA/compare-$scen.json
        tx compare --format json "$good" "$bad" >"$js" 2>"$js.err"
        rc=$?
        tx explain --format json "$bad" >/dev/null 2>&1
        erc=$?
        # one jq for the numbers: good_line bad_line good_cut bad_cut differences top-cause
        nums=$(jq -r '[(.first_divergence.good_line // "-"), (.first_divergence.bad_line // "-"),
                        (.first_divergence.good_cut // false), (.first_divergence.bad_cut // false),
                        (.differences | length),
                        ([.findings[] | select(.kind == "cause")][0].category // "none")] | @tsv' "$js" 2>/dev/null)
        if [ -z "$nums" ]; then
            notok "$scen: compare gave no valid JSON (exit $rc): $(head -c 200 "$js.err")"
            continue
        fi
        if [ "$rc" = "$erc" ]; then ok "$scen: exit $rc, as explain gives for BAD"; else notok "$scen: compare exit $rc, explain exit $erc"; fi
        IFS=$tab read -r gl bl gcut bcut nd top <<EOT
$nums
EOT
        # first divergence: line numbers of both logs whose texts are those lines
        gw= bw=
        case $gl in '' | *[!0-9]*) notok "$scen: first_divergence has no good_line"; gl= ;; *) gw=$(line_of "$good" "$gl") ;; esac
        case $bl in '' | *[!0-9]*) notok "$scen: first_divergence has no bad_line"; bl= ;; *) bw=$(line_of "$bad" "$bl") ;; esac
        same=$(jq -r --arg gw "$gw" --arg bw "$bw" --arg gc "$gcut" --arg bc "$bcut" '.first_divergence as $d |
            def eq($t; $w; $c): $t != null and $w != "" and ($t == $w or ($c == "true" and ($w | startswith($t))));
            "\(eq($d.good; $gw; $gc)) \(eq($d.bad; $bw; $bc))"' "$js")
        for side in good bad; do
            if [ "$side" = good ]; then n=$gl r=${same%% *} file=$good; else n=$bl r=${same##* } file=$bad; fi
            [ -n "$n" ] || continue
            if [ "$r" = true ]; then
                ok "$scen: first divergence $side line $n is that line of $file"
            else
                notok "$scen: first divergence $side line $n is not line $n of $file"
                printf '    json: %.120s\n' "$(jq -r ".first_divergence.$side" "$js")"
                printf '    file: %.120s\n' "$(line_of "$file" "$n")"
            fi
        done
        if [ "${nd:-0}" -gt 0 ]; then ok "$scen: $nd differences"; else notok "$scen: no differences"; fi
        if [ -n "$SKIPWHY" ]; then
            catskip=$((catskip + 1))
        elif [ "$top" = "$cat" ]; then
            ok "$scen: top finding is $cat"
        else
            notok "$scen: top finding is $top, label says $cat"
        fi
    done <"$labels"
    [ "$catskip" -gt 0 ] && skip "$catskip top-category checks ($SKIPWHY)"
fi

# ---- 2. golden outputs -----------------------------------------------------------------

golden() { # NAME EXPECTED-FILE GOT-FILE
    if [ "$bless" = 1 ]; then
        mkdir -p "$(dirname "$2")"
        cp "$3" "$2"
        ok "blessed $1"
    elif [ ! -f "$2" ]; then
        notok "$1: no expectation $2 (run BLESS=1 sh tests/suite_compare.sh)"
    elif cmp -s "$3" "$2"; then
        ok "$1"
    else
        notok "$1 differs from $2:"
        diff -u "$2" "$3" | head -20 | sed 's/^/    /'
    fi
}

# GOOD BAD [FORMAT]: one line each
while read -r good bad fmt; do
    [ -n "$good" ] || continue
    ext=txt
    [ "$fmt" = markdown ] && ext=md
    name=compare-$bad
    [ -n "$fmt" ] && name=$name-$fmt
    got=$OUTA/golden-$name.$ext
    if [ ! -f "$FIX/lab/$good.log" ] || [ ! -f "$FIX/lab/$bad.log" ]; then
        notok "golden $name: fixture missing"
        continue
    fi
    tx compare --color never --width 100 --format "${fmt:-text}" "lab/$good.log" "lab/$bad.log" >"$got" 2>&1
    golden "golden $name" "tests/golden/compare/$bad${fmt:+.$fmt}.$ext" "$got"
done <<'EOF'
ok-tls13-rsa-app-truststore untrusted-private-ca-tls13
ok-tls13-ec-jks missing-intermediate-ec-tls13
ok-tls13-rsa-app-truststore expired-leaf-tls13
ok-mtls-tls12-jks client-auth-no-keystore-tls12
ok-tls13-rsa-app-truststore cipher-no-common-suite-tls12
ok-tls13-rsa-app-truststore truststore-file-missing
ok-tls13-rsa-app-truststore network-connection-refused
ok-tls13-rsa-app-truststore protocol-client-tls13-server-tls12
ok-tls13-rsa-app-truststore ok-tls12-rsa-jks
ok-tls13-rsa-app-truststore hostname-mismatch-san markdown
EOF

# A server's log: the lab client log with Produced/Consuming swapped.
srv=$OUTA/server-side.log
if [ -f "$FIX/lab/untrusted-private-ca-tls13.log" ]; then
    sed 's/|Produced /|PRODUCED_ /; s/|Consuming /|Produced /; s/|PRODUCED_ /|Consuming /' \
        "$FIX/lab/untrusted-private-ca-tls13.log" >"$srv"
fi

# DIR/STEM [FORMAT]
while read -r log fmt; do
    [ -n "$log" ] || continue
    stem=$(echo "$log" | tr / -)
    ext=txt
    [ "$fmt" = markdown ] && ext=md
    got=$OUTA/golden-timeline-$stem${fmt:+-$fmt}.$ext
    if [ "$log" = server-side ]; then
        [ -f "$srv" ] || { notok "golden timeline server-side: no input"; continue; }
        (cd "$OUTA" && "$TXA" timeline --color never --width 100 server-side.log) >"$got" 2>&1
    else
        [ -f "$FIX/$log.log" ] || { notok "golden timeline $log: fixture missing"; continue; }
        tx timeline --color never --width 100 --format "${fmt:-text}" "$log.log" >"$got" 2>&1
    fi
    golden "golden timeline $log${fmt:+ ($fmt)}" "tests/golden/timeline/$stem${fmt:+.$fmt}.$ext" "$got"
done <<'EOF'
lab/ok-tls13-rsa-app-truststore
lab/ok-mtls-tls12-jks
lab/untrusted-private-ca-tls13
lab/truststore-wrong-password
lab/client-auth-cert-untrusted-by-server-tls13
public/004-kafka-broker-zk-client-no-keystore-bad-certificate-8u
server-side
lab/sni-unrecognized-name markdown
EOF

# the server's ladder: the ClientHello still travels client -> server, the alert is the server's
if [ -f "$srv" ]; then
    t=$( (cd "$OUTA" && "$TXA" timeline --color never --width 100 server-side.log) 2>&1)
    if printf '%s\n' "$t" | grep -q 'server side' && printf '%s\n' "$t" | grep -q 'ClientHello -*>' &&
        printf '%s\n' "$t" | grep -q 'raised by server'; then
        ok "timeline of a server's log: server side, ClientHello ->, alert raised by server"
    else
        notok "timeline of a server's log is not drawn from the server's side"
    fi
fi

# --redact: no host name or organisation of the pair survives, in any format
if [ -f "$FIX/lab/untrusted-private-ca-tls13.log" ]; then
    for fmt in text json markdown; do
        r=$(tx compare --redact --format $fmt lab/ok-tls13-rsa-app-truststore.log lab/untrusted-private-ca-tls13.log 2>&1
            tx timeline --redact --format $fmt lab/untrusted-private-ca-tls13.log 2>&1)
        leaks=$(printf '%s\n' "$r" | grep -ci 'northwind\|contoso')
        if [ "$leaks" -eq 0 ] && printf '%s\n' "$r" | grep -q 'host-1'; then
            ok "compare and timeline --redact ($fmt) mask hosts and subjects"
        else
            notok "compare and timeline --redact ($fmt): $leaks lines still name Northwind or Contoso"
            printf '%s\n' "$r" | grep -i 'northwind\|contoso' | head -3 | sed 's/^/    /'
        fi
    done
fi

# several connections a log: BAD's failed connection is paired with GOOD's completed one, not
# GOOD's failed one, and is the focus; the first divergence is looked for in it first
if [ -f "$FIX/lab/expired-leaf-tls13.log" ]; then
    cat "$FIX/lab/hostname-mismatch-san.log" "$FIX/lab/ok-tls13-rsa-app-truststore.log" >"$OUTA/multi-good.log"
    cat "$FIX/lab/ok-tls13-rsa-app-truststore.log" "$FIX/lab/expired-leaf-tls13.log" >"$OUTA/multi-bad.log"
    j=$("$TXA" compare --format json "$OUTA/multi-good.log" "$OUTA/multi-bad.log" 2>&1)
    printf '%s' "$j" | grep -q '"focus":{"segment":"connection","good_connection":2,"bad_connection":2}' &&
        printf '%s' "$j" | grep -q '"first_divergence":{"kind":"[a-z_]*","segment":"connection","good_connection":2,"bad_connection":2' &&
        ok "several connections: BAD's failed one against GOOD's completed one, the divergence in that pair" ||
        notok "several connections: $(printf '%s' "$j" | grep -o '"focus":{[^}]*}\|"first_divergence":{[^}]*_connection":[0-9]*' | tr '\n' ' ')"
    # two failed in BAD: the focus is the one of BAD's top cause (expired, the second), not the first failed
    cat "$FIX/lab/ok-tls13-rsa-app-truststore.log" "$FIX/lab/ok-tls13-rsa-app-truststore.log" >"$OUTA/multi-good2.log"
    cat "$FIX/lab/hostname-mismatch-san.log" "$FIX/lab/expired-leaf-tls13.log" >"$OUTA/multi-bad2.log"
    j=$("$TXA" compare --format json "$OUTA/multi-good2.log" "$OUTA/multi-bad2.log" 2>&1)
    printf '%s' "$j" | grep -q '"focus":{"segment":"connection","good_connection":[0-9]*,"bad_connection":2}' &&
        ok "two failed connections in BAD: the focus is the one of its top cause" ||
        notok "two failed connections in BAD: $(printf '%s' "$j" | grep -o '"focus":{[^}]*}')"
fi

# ---- 3. timeline renders every fixture -----------------------------------------------------

alljs=$OUTA/timeline-all.jsonl
: >"$alljs"
for log in "$FIX"/lab/*.log "$FIX"/public/*.log; do
    [ -f "$log" ] || continue
    rel=${log#"$FIX"/}
    txt=$OUTA/timeline-all.txt
    tx timeline --color never "$rel" >"$txt" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$txt" ]; then ok "timeline $rel"; else notok "timeline $rel: exit $rc, $(wc -c <"$txt") bytes"; fi
    tx timeline --format json "$rel" >>"$alljs" 2>/dev/null
done
# every JSON timeline is one line: list the files whose line parses
if [ "$have_jq" = 1 ]; then
    parsed=$(jq -R -r 'fromjson? | select(.timeline | type == "array") | .file' "$alljs")
    for log in "$FIX"/lab/*.log "$FIX"/public/*.log; do
        [ -f "$log" ] || continue
        rel=${log#"$FIX"/}
        if printf '%s\n' "$parsed" | grep -Fqx "$rel"; then ok "timeline json $rel"; else notok "timeline json $rel is not valid"; fi
    done
fi

finish
