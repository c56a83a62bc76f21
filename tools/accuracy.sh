#!/bin/sh
# accuracy.sh [--markdown] [--misses] [CORPUS...] - how often tlsexplain names the
# labelled cause first (top-1) and among its first three causes (top-3).
#
# Corpora (default: all three):
#   lab              fixtures/lab/labels.tsv (scenario, category, outcome, ...)
#   public-dev       fixtures/public/SOURCES.md (the half read while writing rules)
#   public-heldout   fixtures/public/heldout/SOURCES.md (never read while writing rules)
#
# A label is a category of the rulebook's vocabulary, `success` (the log shows a
# working connection: right when the verdict is success) or `unknown` (cause never
# established: not scored, only counted). A public row may name a second, equally
# right category in its last column `also`.
#
# For `other` (a log whose point is context, such as a harmless warning) a
# note of that category counts as well as a cause.
#
# A "confident miss" is a wrong first answer with confidence >= 80: the worst
# outcome, since the report then looks sure of a wrong cause.
#
# Needs jq.  TLSEXPLAIN (default ./tlsexplain) is the binary measured.
set -u
cd "$(dirname "$0")/.." || exit 2
: "${TLSEXPLAIN:=./tlsexplain}"
md=0
misses=0
corpora=
for a in "$@"; do
    case $a in
    --markdown) md=1 ;;
    --misses) misses=1 ;;
    lab | public-dev | public-heldout) corpora="$corpora $a" ;;
    *) echo "usage: accuracy.sh [--markdown] [--misses] [lab|public-dev|public-heldout]..." >&2; exit 2 ;;
    esac
done
[ -n "$corpora" ] || corpora="lab public-dev public-heldout"
command -v jq >/dev/null 2>&1 || { echo "accuracy.sh: needs jq" >&2; exit 2; }
[ -x "$TLSEXPLAIN" ] || { echo "accuracy.sh: $TLSEXPLAIN is not built (make)" >&2; exit 2; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# labels CORPUS -> lines: path<TAB>category<TAB>also<TAB>format ("-" when empty:
# read(1) would merge empty tab-separated fields)
labels() {
    case $1 in
    lab)
        awk -F'\t' 'NR > 1 && $1 != "" && $1 !~ /^#/ {
            printf "fixtures/lab/%s.log\t%s\t-\t-\n", $1, $2 }' fixtures/lab/labels.tsv ;;
    public-dev) md_labels fixtures/public ;;
    public-heldout) md_labels fixtures/public/heldout ;;
    esac
}

# The SOURCES.md table: | file | source | format | cause | category | confidence | obtained | [also |]
md_labels() {
    [ -f "$1/SOURCES.md" ] || return 0
    awk -v dir="$1" '
        function trim(s) { gsub(/^[ \t`]+|[ \t`]+$/, "", s); return s }
        /^\|/ {
            line = $0
            gsub(/\\\|/, "\001", line) # a cell may hold an escaped bar
            nf = split(line, c, "|")
            if (c[2] !~ /\.(log|txt)/) next
            f = trim(c[2]); fmt = trim(c[4]); sub(/[ (].*/, "", fmt); cat = trim(c[6]); also = (nf > 9) ? trim(c[9]) : ""
            if (also == "") also = "-"
            if (fmt == "") fmt = "-"
            printf "%s/%s\t%s\t%s\t%s\n", dir, f, cat, also, fmt }' "$1/SOURCES.md"
}

for c in $corpora; do
    labels "$c" > "$tmp/$c.labels"
    : > "$tmp/$c.rows"
    while IFS='	' read -r path cat also fmt; do
        [ -f "$path" ] || { printf '%s\tMISSING\t%s\t%s\t%s\t\t0\n' "$path" "$cat" "$also" "$fmt" >> "$tmp/$c.rows"; continue; }
        # verdict, then the first three causes as category:confidence
        out=$("$TLSEXPLAIN" --format json "$path" 2>/dev/null |
            jq -r --arg want "$cat" '([.verdict] + ([.findings[]? | select(.kind == "cause" or $want == "other") | "\(.category):\(.confidence)"] | .[0:3]) | join(" ")) + "\t" + ((.summary.dialects // []) | join("+"))' 2>/dev/null)
        got=${out%%	*}
        [ "$fmt" != "-" ] || fmt="parsed as ${out#*	}"
        [ -n "$got" ] || got="error"
        printf '%s\t%s\t%s\t%s\t%s\n' "$path" "$got" "$cat" "$also" "$fmt" >> "$tmp/$c.rows"
    done < "$tmp/$c.labels"
done

# Score: one awk over all rows.
for c in $corpora; do
    # the held-out half's misses are never listed: their names and answers
    # would tell a rule writer what to fit (only its aggregates are printed)
    m=$misses
    [ "$c" = public-heldout ] && m=0
    awk -F'\t' -v corpus="$c" -v md="$md" -v misses="$m" '
    function ok(cat, want, also) { return cat == want || (also != "" && cat == also) }
    function add(key, t1, t3, cm) { n[key]++; h1[key] += t1; h3[key] += t3; bad[key] += cm; if (!(key in seen)) { seen[key] = 1; keys[++nk] = key } }
    function pct(a, b) { return b ? sprintf("%5.1f%%", 100 * a / b) : "    -" }
    {
        path = $1; got = $2; want = $3; also = ($4 == "-") ? "" : $4; fmt = $5
        if (want == "unknown" || want == "") { unscored++; next }
        k = split(got, g, " ")
        verdict = g[1]
        t1 = 0; t3 = 0; cm = 0; first = ""; fconf = 0
        if (want == "success") {
            t1 = t3 = (verdict == "success")
            if (!t1 && k >= 2) { split(g[2], p, ":"); first = p[1]; fconf = p[2] + 0 }
        } else {
            for (i = 2; i <= k && i <= 4; i++) {
                split(g[i], p, ":")
                if (i == 2) { first = p[1]; fconf = p[2] + 0 }
                if (ok(p[1], want, also)) { if (i == 2) t1 = 1; t3 = 1 }
            }
        }
        if (!t1 && fconf >= 80) cm = 1
        # calibration: how often the first answer is right, by its confidence
        if (first == "" || first == "-") b = 6
        else if (fconf >= 90) b = 1
        else if (fconf >= 80) b = 2
        else if (fconf >= 60) b = 3
        else if (fconf >= 40) b = 4
        else b = 5
        bn[b]++; bh[b] += t1
        add("all", t1, t3, cm)
        add("format " fmt, t1, t3, cm)
        add("category " want, t1, t3, cm)
        if (!t1) {
            nm++
            miss[nm] = sprintf("%s: want %s%s, got %s", path, want, (also != "" ? "/" also : ""), (got == "" ? "-" : got))
            if (cm) miss[nm] = miss[nm] " [CONFIDENT MISS]"
        }
    }
    END {
        split("90-100|80-89|60-79|40-59|0-39|no cause named", bname, "|")
        if (md) {
            printf "### %s\n\n| slice | logs | top-1 | top-3 | confident misses |\n|---|---|---|---|---|\n", corpus
            for (i = 1; i <= nk; i++) { key = keys[i]; printf "| %s | %d | %s | %s | %d |\n", key, n[key], pct(h1[key], n[key]), pct(h3[key], n[key]), bad[key] }
            printf "\nCalibration (first answer right, by its confidence):\n\n| confidence | logs | right |\n|---|---|---|\n"
            for (b = 1; b <= 6; b++) if (bn[b]) printf "| %s | %d | %s |\n", bname[b], bn[b], pct(bh[b], bn[b])
            if (unscored) printf "\n%d log(s) labelled unknown are not scored.\n", unscored
            if (misses && nm) { printf "\nMisses:\n\n"; for (i = 1; i <= nm; i++) printf "- %s\n", miss[i] }
            printf "\n"
        } else {
            printf "%-15s %4d logs  top-1 %s  top-3 %s  confident misses %d%s\n", corpus, n["all"], pct(h1["all"], n["all"]), pct(h3["all"], n["all"]), bad["all"], (unscored ? sprintf("  (%d unknown, not scored)", unscored) : "")
            for (i = 1; i <= nk; i++) { key = keys[i]; if (key == "all") continue; printf "    %-42s %4d  top-1 %s  top-3 %s  confident misses %d\n", key, n[key], pct(h1[key], n[key]), pct(h3[key], n[key]), bad[key] }
            for (b = 1; b <= 6; b++) if (bn[b]) printf "    %-42s %4d  right %s\n", "first answer at confidence " bname[b], bn[b], pct(bh[b], bn[b])
            if (misses) for (i = 1; i <= nm; i++) printf "  miss %s\n", miss[i]
        }
    }' "$tmp/$c.rows"
done
