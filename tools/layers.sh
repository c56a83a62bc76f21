#!/bin/sh
# layers.sh - the library's folders are layers; check the includes keep them.
#
#   parser/   bytes -> lines -> events; parser/limits.h holds every cap
#   common/   output escaping and text layout (no tlsexplain type)
#   rules/    rule compiler, conditions, facts (reads events)
#   analysis/ the pipeline driver, the report model, redaction (runs rules/)
#   report/   the writers (read the model and the events)
#   compare/  compare and timeline writers (read the model and the events)
#   cli/      the program
#
# A file may include a file of its own folder or of a folder below it,
# never above (include/tlsexplain.h, the public header, anywhere).  report/
# and compare/ read analysis/ only through model.h and redact.h, and rules/
# only for writing a ruleset (report/rulebook.c, report/sarif.c).  cli/
# calls the public API only (it may read the caps of parser/limits.h).  And no
# circle: no file reaches itself through its includes.  Each library the
# rules call is wrapped in one file, the only one that includes its header:
# <yaml.h> rules/yaml_load.c, <pcre2.h> rules/pattern.c, <hs.h>
# rules/prefilter.c.
#
# Prints one line per violation; exit status 1 when there is one.
# Usage: sh tools/layers.sh [ROOT]
cd "${1:-.}" || exit 2
LAYERS="parser common rules analysis report compare cli"
files=$(for d in $LAYERS; do ls $d/*.c $d/*.h $d/*.def 2>/dev/null; done)
wrap=$(for f in $files; do
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\(yaml\.h\|pcre2\.h\|hs\.h\)>.*/\1/p' "$f" | while read -r h; do
        case $h:$f in
        yaml.h:rules/yaml_load.c | pcre2.h:rules/pattern.c | hs.h:rules/prefilter.c) ;;
        *) echo "$f includes <$h>: only its wrapper may (yaml.h: rules/yaml_load.c, pcre2.h: rules/pattern.c, hs.h: rules/prefilter.c)" ;;
        esac
    done
done)
[ -z "$wrap" ] || printf '%s\n' "$wrap"
# one edge per quoted include: FROM TO (TO as a path from the root)
edges=$(for f in $files; do
    dir=${f%/*}
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | while read -r inc; do
        case $inc in
        tlsexplain.h) continue ;;
        ../*) to=${inc#../} ;;
        */*) to=$inc ;; # from the root (-I.)
        *) to=$dir/$inc ;;
        esac
        echo "$f $to"
    done
done)
printf '%s\n' "$edges" | awk -v layers="$LAYERS" '
BEGIN { n = split(layers, L, " "); for (i = 1; i <= n; i++) rank[L[i]] = i }
NF == 2 {
    from = $1; to = $2
    split(from, a, "/"); split(to, b, "/")
    fd = a[1]; td = b[1]
    if (!(td in rank)) next # probe/*.inc and the like: generated data, no layer
    if (rank[td] > rank[fd]) { printf "upward include: %s includes %s (%s is above %s)\n", from, to, td, fd; bad = 1 }
    if ((fd == "report" || fd == "compare") && td == "analysis" && to != "analysis/model.h" && to != "analysis/redact.h") {
        printf "%s includes %s: report/ and compare/ read the model (analysis/model.h, redact.h)\n", from, to; bad = 1
    }
    if ((fd == "report" || fd == "compare") && td == "rules" && !((from == "report/rulebook.c" || from == "report/sarif.c") && to == "rules/ruleset.h")) {
        printf "%s includes %s: report/ and compare/ read no rule internals\n", from, to; bad = 1
    }
    if (fd == "cli" && td != "cli" && to != "parser/limits.h") {
        printf "%s includes %s: the CLI calls the public API only (and reads the caps of parser/limits.h)\n", from, to; bad = 1
    }
    if (!(from in out)) out[from] = ""
    out[from] = out[from] " " to
    nodes[from] = 1; nodes[to] = 1
}
# circles: depth-first search, colour 1 on the stack, 2 done
function visit(v,    k, m, w, W) {
    colour[v] = 1; stack[++sp] = v
    m = split(out[v], W, " ")
    for (k = 1; k <= m; k++) {
        w = W[k]
        if (colour[w] == 1) {
            path = w
            for (j = sp; j >= 1 && stack[j] != w; j--) path = stack[j] " -> " path
            printf "include circle: %s -> %s\n", w, path
            bad = 1
        } else if (colour[w] == 0) visit(w)
    }
    colour[v] = 2; sp--
}
END {
    for (v in nodes) if (colour[v] == 0) visit(v)
    exit bad
}'
st=$?
[ -z "$wrap" ] || st=1
exit $st
