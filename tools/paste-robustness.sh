#!/bin/sh
# paste-robustness.sh [FRAME...] - does the answer survive the way a log is
# pasted?  (paste-robustness.sh --as FRAME FILE prints FILE as pasted.)  Every development log (fixtures/public/*.log) and lab log is fed
# as it is and as a paste carries it; the count of logs whose top category
# (or verdict) stays the same is printed per frame.
#
# Frames: quoted ("> "), quoted2 ("> > "), gutter ("  12 | "), catn (cat -n),
# grepn (grep -n), listing ("12. "), html (&lt; &quot; ...), nbsp (no-break
# indentation), curly (an editor's typographic quotes for ' and "), fold80 / fold120 (broken every N columns), console80 /
# console120 (the same with tabs turned into blanks first, as a console window's copy has them), folds76 (broken
# after a blank within 76 columns, as mail does), mdtags (a Markdown renderer's
# output: "<api.example.com>", "<init>", "<job name>" taken for HTML tags and
# dropped, as GitHub shows a log pasted outside a code block), ansi (a console's
# colour codes kept around every line that names an exception, as a raw CI log
# or a console saved to a file has them).  Default: all.
# TLSEXPLAIN (default ./tlsexplain) is the binary measured.
set -u

paste_as() { # frame file
    case $1 in
    quoted) sed 's/^/> /' "$2" ;;
    quoted2) sed 's/^/> > /' "$2" ;;
    gutter) awk '{ printf "%4d | %s\n", NR, $0 }' "$2" ;;
    catn) cat -n "$2" ;;
    grepn) grep -n '' "$2" ;;
    listing) awk '{ printf "%d. %s\n", NR, $0 }' "$2" ;;
    html) sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g' "$2" ;;
    curly) sed "s/'/\xe2\x80\x99/g; s/\"/\xe2\x80\x9d/g" "$2" ;;
    nbsp) awk '{ match($0, /^[ \t]*/); s = ""; for (k = 0; k < RLENGTH; k++) s = s "\302\240"; print s substr($0, RLENGTH + 1) }' "$2" ;;
    fold80) fold -w 80 "$2" ;;
    fold120) fold -w 120 "$2" ;;
    console80) expand "$2" | fold -w 80 ;;
    console120) expand "$2" | fold -w 120 ;;
    folds76) fold -s -w 76 "$2" ;;
    mdtags) sed 's/<[A-Za-z][^<>]*>//g' "$2" ;;
    ansi) sed 's/^\(.*Exception.*\)$/\x1b[31m\1\x1b[0m/' "$2" ;;
    *) echo "paste-robustness.sh: unknown frame $1" >&2; exit 2 ;;
    esac
}
if [ "${1:-}" = --as ] && [ $# = 3 ]; then
    paste_as "$2" "$3"
    exit $?
fi
cd "$(dirname "$0")/.." || exit 2
: "${TLSEXPLAIN:=./tlsexplain}"
[ -x "$TLSEXPLAIN" ] || { echo "paste-robustness.sh: $TLSEXPLAIN is not built (make)" >&2; exit 2; }
frames=${*:-quoted quoted2 gutter catn grepn listing html nbsp curly fold80 fold120 console80 console120 folds76 mdtags ansi}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

answer() {
    "$TLSEXPLAIN" --format json "$1" 2>/dev/null | head -n 1 |
        sed -n 's/.*"verdict":"\([a-z]*\)".*"top_category":\(null\|"[a-z-]*"\).*/\1 \2/p'
}
for set in public lab; do
    case $set in public) files=$(ls fixtures/public/[0-9]*.log) ;; lab) files=$(ls fixtures/lab/*.log) ;; esac
    for f in $files; do answer "$f" >"$tmp/$(basename "$f").want"; done
    for fr in $frames; do
        n=0 same=0
        for f in $files; do
            paste_as "$fr" "$f" >"$tmp/p.log"
            n=$((n + 1))
            [ "$(answer "$tmp/p.log")" = "$(cat "$tmp/$(basename "$f").want")" ] && same=$((same + 1))
        done
        printf '%-7s %-9s %4d of %4d the same\n' "$set" "$fr" "$same" "$n"
    done
done
