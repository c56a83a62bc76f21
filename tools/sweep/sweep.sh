#!/bin/sh
# Re-run the message-space sweep: how does the rulebook answer each listed message?
#   sh tools/sweep/sweep.sh [TSV...]      (default: every tools/sweep/*.tsv list; run from the tree's top)
# Writes tools/sweep/out/<list>.result.tsv (class a/b/c, first cause, where, class, sample)
# and prints the counts: a = a specific rule first, b = only a fallback or generic rule, c = nothing.
set -eu
here=$(dirname "$0")
exe=${TLSEXPLAIN:-./tlsexplain}
mkdir -p "$here/out"
[ $# -gt 0 ] || set -- "$here"/openjdk.tsv
for list in "$@"; do
    name=$(basename "$list" .tsv)
    printf '%s: ' "$name"
    python3 "$here/sweep.py" "$exe" "$list" "$here/out/$name.result.tsv"
done
