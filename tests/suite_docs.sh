#!/bin/sh
# The docs agree with the program: every option of every command's --help is
# in the man page, the exit codes match, the examples of docs/rules.md pass
# `rules check`, the README's commands run, docs/diagnoses.md and docs/messages.md are current.
. tests/lib.sh
man=docs/tlsexplain.1
for cmd in explain compare timeline events rules capture scan; do
    help=$("$TX" $cmd --help 2>&1)
    st=$?
    if [ $st -eq 0 ] && printf '%s' "$help" | grep -q '^Usage: ' && printf '%s' "$help" | grep -q '^Examples:'; then
        ok "$cmd --help has usage and examples"
    else
        notok "$cmd --help (status $st)"
    fi
    for opt in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        if grep -q -- "$esc" "$man"; then ok "man page documents $cmd $opt"; else notok "man page lacks $opt (from $cmd --help)"; fi
    done
done
# exit codes: every value of cli/exitcodes.h is in the man page and in --help
for v in $(sed -n 's/^ *EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' cli/exitcodes.h); do
    if grep -q "^\.B $v\$" "$man"; then ok "man page documents exit status $v"; else notok "man page lacks exit status $v"; fi
    if "$TX" --help | grep -q "$v [a-z]"; then ok "--help mentions exit status $v"; else notok "--help lacks exit status $v"; fi
done
ver=$("$TX" --version | head -n 1 | sed 's/^tlsexplain //')
if grep -q "tlsexplain $ver" "$man"; then ok "man page version $ver"; else notok "man page version differs from $ver"; fi
# --version: build information that agrees with the binary
"$TX" --version >"$OUT/version.txt" 2>&1
nr=$("$TX" rules list | grep -c .)
grep -q "^rules: $nr\$" "$OUT/version.txt" && ok "--version counts the $nr rules of rules list" || notok "--version rule count: $(grep '^rules' "$OUT/version.txt"), rules list $nr"
nc=$("$TX" rules list --rules rules/contrib | grep -c .)
"$TX" --rules rules/contrib --version | grep -q "^rules: $nc (with --rules)\$" && ok "--version counts --rules too ($nc)" || notok "--version with --rules"
pv=$(pkg-config --modversion libpcre2-8 2>/dev/null)
yv=$(pkg-config --modversion yaml-0.1 2>/dev/null)
zv=$(pkg-config --modversion libzstd 2>/dev/null)
if grep -q "^libraries: PCRE2 $pv.*, libyaml $yv, \(Hyperscan\|built-in Aho-Corasick\) (multi-literal prefilter)\$" "$OUT/version.txt" &&
    grep -q "^decompression: zlib [0-9.]*, zstd $zv, liblzma [0-9.]*, libbz2 [0-9.]*\$" "$OUT/version.txt"; then
    ok "--version names the libraries it was built with (PCRE2 $pv, libyaml $yv, zstd $zv)"
else
    notok "--version libraries:"; sed 's/^/    /' "$OUT/version.txt"
fi
# docs/rules.md: every yaml block is a rule file whose samples pass
n=0
awk -v dir="$OUT" 'BEGIN{n=0} /^```yaml/{n++; f=sprintf("%s/rules-md-%d.yaml", dir, n); inb=1; next} /^```/{inb=0; next} inb{print > f}' docs/rules.md
for f in "$OUT"/rules-md-*.yaml; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    if "$TX" rules check "$f" >"$OUT/rules-md.out" 2>&1; then ok "docs/rules.md example $(basename "$f") passes rules check"
    else notok "docs/rules.md example $(basename "$f"):"; sed 's/^/    /' "$OUT/rules-md.out"; fi
done
[ "$n" -ge 3 ] && ok "docs/rules.md has $n runnable examples" || notok "docs/rules.md has only $n examples"
# README: every command line of the Use block runs (exit 0, 1 or 6) and prints something
awk '/^## Use/{u=1} u && /^```sh/{b=1; next} b && /^```/{exit} b' README.md | sed 's/  *#.*$//' | grep -v '^$' >"$OUT/readme-cmds.txt"
while IFS= read -r line; do
    cmdline=$(printf '%s' "$line" | sed "s#^tlsexplain #$TX #; s#| tlsexplain #| $TX #")
    out=$(sh -c "$cmdline" 2>&1)
    st=$?
    case $st in 0|1|6) [ -n "$out" ] && ok "README: $line" || notok "README: $line printed nothing" ;;
        *) notok "README: $line (status $st)"; printf '%s\n' "$out" | head -5 | sed 's/^/    /' ;;
    esac
done <"$OUT/readme-cmds.txt"
[ -s "$OUT/readme-cmds.txt" ] && ok "README has runnable examples" || notok "README Use block not found"
# docs/diagnoses.md is generated from the rulebook
"$TX" rules list --format markdown >"$OUT/diagnoses.md" 2>&1
if cmp -s "$OUT/diagnoses.md" docs/diagnoses.md; then ok "docs/diagnoses.md is current"; else notok "docs/diagnoses.md is stale: run make docs"; fi
# docs/messages.md is generated from the message catalogue
sh tools/messages-doc.sh tests/messages/catalogue.tsv >"$OUT/messages.md" 2>&1
if cmp -s "$OUT/messages.md" docs/messages.md; then ok "docs/messages.md is current"; else notok "docs/messages.md is stale: run make docs"; fi
# the optional rules shipped as files pass their samples too
for f in rules/contrib/*.yaml; do
    if "$TX" rules check "$f" >"$OUT/contrib.out" 2>&1; then ok "rules check $f"; else notok "rules check $f"; sed 's/^/    /' "$OUT/contrib.out"; fi
done
# every event type is documented
for t in $(sed -n 's/^EV([A-Z_]*, *"\([a-z]*\)".*/\1/p' parser/events.def); do
    if grep -q "| \`$t\`" docs/dialects.md; then ok "docs/dialects.md documents event $t"; else notok "docs/dialects.md lacks event $t"; fi
done
# Every fact is documented, and the docs name no fact the engine lacks: the
# engine's names are its registry (txr_fact_names in rules/facts.c, what
# `fact:` accepts), and every name the code creates a fact with (fact_new)
# must be registered; the docs' names are the first column of the Facts
# table of docs/rules.md.
sed -n '/txr_fact_names\[\] = {/,/NULL,/p' rules/facts.c | grep -o '"[a-z0-9_]*"' | tr -d '"' | sort -u >"$OUT/facts-engine.txt"
awk '/fact_new\(c, / || /[^a-z_]name = / { print; more = /name = .*\?/; next }
     more && /^ *: / { print; next } { more = 0 }' rules/facts.c |
    grep -o '"[a-z][a-z0-9_]*"' | tr -d '"' | sort -u >"$OUT/facts-created.txt"
sed -n '/^### Facts/,/^```/p' docs/rules.md | grep '^| `' | cut -d'|' -f2 | grep -o '`[a-z0-9_]*`' | tr -d '`' |
    sort -u >"$OUT/facts-docs.txt"
if [ "$(wc -l <"$OUT/facts-engine.txt")" -lt 20 ] || [ "$(wc -l <"$OUT/facts-created.txt")" -lt 20 ]; then
    notok "fact names: could not read the registry or the fact_new calls of rules/facts.c"
fi
for n in $(comm -23 "$OUT/facts-created.txt" "$OUT/facts-engine.txt"); do
    notok "rules/facts.c creates fact $n, which is not in txr_fact_names (a rule could not test it)"
done
missing=$(comm -23 "$OUT/facts-engine.txt" "$OUT/facts-docs.txt" | tr '\n' ' ')
extra=$(comm -13 "$OUT/facts-engine.txt" "$OUT/facts-docs.txt" | tr '\n' ' ')
[ -z "$missing" ] && ok "docs/rules.md documents every fact of the engine ($(wc -l <"$OUT/facts-engine.txt"))" ||
    notok "docs/rules.md lacks facts: $missing"
[ -z "$extra" ] && ok "docs/rules.md documents no fact the engine lacks" || notok "docs/rules.md names unknown facts: $extra"
# The JDK release facts (rules/jdk/releases.yaml): every entry cites a source and is in docs/jdk.md.
ids=$(sed -n 's/^  - id: *//p' rules/jdk/releases.yaml)
for id in $ids; do
    if ! awk -v id="$id" '$0 == "  - id: " id {f=1; next} /^  - id:/ {f=0} f && /^      - https?:\/\//' rules/jdk/releases.yaml | grep -q .; then
        notok "jdk fact $id cites no source"
    elif ! grep -q "^| \`$id\` |" docs/jdk.md; then
        notok "jdk fact $id is not in docs/jdk.md"
    else
        ok "jdk fact $id: source and docs"
    fi
done

# the library's layers (tools/layers.sh): no upward include, no include circle
if sh tools/layers.sh >"$OUT/layers.out" 2>&1; then
    ok "layers: no folder includes a folder above it, no include circle"
else
    notok "layers (tools/layers.sh):"; sed 's/^/    /' "$OUT/layers.out"
fi
# ... and it sees a wrapped library's header included outside its wrapper
# (libyaml's calls stay in rules/yaml_load.c)
rm -rf "$OUT/layers-tree" && mkdir -p "$OUT/layers-tree" &&
    cp -R parser common rules analysis report compare cli "$OUT/layers-tree/" &&
    { printf '#include <yaml.h>\n'; cat rules/decls.c; } >"$OUT/layers-tree/rules/decls.c"
if sh tools/layers.sh "$OUT/layers-tree" >"$OUT/layers-bad.out" 2>&1; then
    notok "layers: <yaml.h> in rules/decls.c was not reported"
elif grep -q '^rules/decls.c includes <yaml.h>' "$OUT/layers-bad.out"; then
    ok "layers: <yaml.h> outside rules/yaml_load.c is reported"
else
    notok "layers: unexpected report:"; sed 's/^/    /' "$OUT/layers-bad.out"
fi
rm -rf "$OUT/layers-tree"

# each layer its own prefix: a function the library or the CLI defines for
# other files is tx_ (the public API) or its folder's own (parser txi_,
# common txo_, rules txr_, analysis txa_, report txw_, compare txd_, cli txc_)
prefixes=$(for d in parser:txi_ common:txo_ rules:txr_ analysis:txa_ report:txw_ compare:txd_ cli:txc_; do
    dir=${d%%:*} own=${d#*:}
    grep -nE '^[A-Za-z_][A-Za-z0-9_ *]*[ *]tx[a-z]?_[A-Za-z0-9_]*\(' $dir/*.c | grep -v ':static ' |
        sed -E 's/^([^:]*:[0-9]+):[^(]*[ *](tx[a-z]?_[A-Za-z0-9_]*)\(.*$/\1 \2/' |
        while read -r at fn; do
            case $fn in
            "$own"*) ;;
            tx_*) [ "$dir" != cli ] || echo "$at: $fn (the CLI defines no tx_ function)" ;;
            *) echo "$at: $fn (not $own)" ;;
            esac
        done
done)
if [ -z "$prefixes" ]; then
    ok "prefixes: each layer defines its own (txi_ txo_ txr_ txa_ txw_ txd_ txc_) and the public tx_"
else
    notok "functions with another layer's prefix:"; printf '%s\n' "$prefixes" | sed 's/^/    /'
fi

# every hard limit in parser/limits.h: no cap defined anywhere else in the
# library or the CLI (a #define named ..._MAX..., ..._CAP..., ..._LIMIT...)
caps=$(grep -nE '^[[:space:]]*#[[:space:]]*define[[:space:]]+([A-Z0-9]+_)*(MAX|CAP|LIMIT|BUDGET)(_[A-Z0-9_]*)?([[:space:]]|$)' \
    parser/*.[ch] common/*.[ch] rules/*.[ch] analysis/*.[ch] report/*.[ch] compare/*.[ch] cli/*.[ch] include/*.h |
    grep -v '^parser/limits.h:')
if [ -z "$caps" ]; then
    ok "limits: every cap is defined in parser/limits.h"
else
    notok "limits defined outside parser/limits.h:"; printf '%s\n' "$caps" | sed 's/^/    /'
fi
finish
