# lib.sh - shared helpers for the shell test suites (sourced).
# ok/notok/skip print TAP-like lines; finish prints the closing count.
# A skip (a tool that is not installed, a check that cannot run here) is
# reported as "skip - WHY", never as a pass; tests/run.sh counts them apart.
PASS=0
FAIL=0
SKIP=0
ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
notok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
skip() { SKIP=$((SKIP + 1)); echo "skip - $*"; }
# check DESCRIPTION COMMAND...: ok if the command succeeds
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else notok "$d"; fi; }
# other_jre: a java launcher in /usr/lib/jvm of another JRE than the default java's (the
# last one found), or nothing: capture and scan run their probe on it too
other_jre() {
    _home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
    _home=$(cd "$_home" 2>/dev/null && pwd -P)
    _other=
    for _j in /usr/lib/jvm/*/bin/java; do
        [ -x "$_j" ] || continue
        [ "$(cd "$(dirname "$_j")/.." && pwd -P)" = "$_home" ] && continue
        _other=$_j
    done
    printf '%s' "$_other"
}
finish() {
    if [ "$SKIP" -gt 0 ]; then echo "$PASS passed, $FAIL failed, $SKIP skipped"; else echo "$PASS passed, $FAIL failed"; fi
    [ "$FAIL" -eq 0 ]
}
: "${TLSEXPLAIN:=./tlsexplain}"
TX=$TLSEXPLAIN
# TX_OUT: where the suite writes (tests/run.sh -j gives each suite its own)
OUT=${TX_OUT:-tests/out}
mkdir -p "$OUT"
# No user configuration leaks into a test: an XDG_CONFIG_HOME without a
# tlsexplain/rules.d, no TLSEXPLAIN_RULES (suite_config sets its own).
XDG_CONFIG_HOME=$(pwd)/$OUT/no-config-home
export XDG_CONFIG_HOME
unset TLSEXPLAIN_RULES
