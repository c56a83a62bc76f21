# lib.sh - shared helpers for the shell test suites (sourced).
# ok/notok print TAP-like lines; finish prints the closing count.
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
notok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
# check DESCRIPTION COMMAND...: ok if the command succeeds
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else notok "$d"; fi; }
finish() { echo "$PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; }
: "${TLSEXPLAIN:=./tlsexplain}"
TX=$TLSEXPLAIN
OUT=tests/out
mkdir -p "$OUT"
# No user configuration leaks into a test: an XDG_CONFIG_HOME without a
# tlsexplain/rules.d, no TLSEXPLAIN_RULES (suite_config sets its own).
XDG_CONFIG_HOME=$(pwd)/$OUT/no-config-home
export XDG_CONFIG_HOME
unset TLSEXPLAIN_RULES
