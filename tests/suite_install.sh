#!/bin/sh
# make install honours PREFIX and DESTDIR (binary, libraries, header,
# tlsexplain.pc, man pages, rulebook, completions), the installed binary works
# from anywhere with nothing beside it, the shared library exports the tx_
# functions and nothing else, docs/example.c builds against an installed tree
# with pkg-config alone and explains fixtures as the CLI does, and make
# uninstall removes what install put there.
. tests/lib.sh
dest=$(pwd)/$OUT/dest
rm -rf "$dest"
if make -s install PREFIX=/opt/tx DESTDIR="$dest" >"$OUT/install.log" 2>&1; then ok "make install"; else notok "make install"; sed 's/^/    /' "$OUT/install.log" | tail -5; fi
version=$(sed -n 's/^#define TX_VERSION "\(.*\)"/\1/p' include/tlsexplain.h)
case $version in 0.*) sover=$(echo "$version" | cut -d. -f1,2) ;; *) sover=${version%%.*} ;; esac
for f in opt/tx/bin/tlsexplain opt/tx/share/man/man1/tlsexplain.1 opt/tx/share/man/man3/tlsexplain.3 \
    opt/tx/include/tlsexplain.h opt/tx/lib/libtlsexplain.a opt/tx/lib/libtlsexplain.so.$version \
    opt/tx/lib/pkgconfig/tlsexplain.pc; do
    check "installed $f" test -s "$dest/$f"
done
for l in libtlsexplain.so.$sover libtlsexplain.so; do
    [ -L "$dest/opt/tx/lib/$l" ] && [ "$(readlink "$dest/opt/tx/lib/$l")" = "libtlsexplain.so.$version" ] &&
        ok "installed link $l -> libtlsexplain.so.$version" || notok "link $l: $(readlink "$dest/opt/tx/lib/$l")"
done
grep -q '^\.I /opt/tx/share/tlsexplain/rules/\*\.yaml$' "$dest/opt/tx/share/man/man1/tlsexplain.1" &&
    grep -q '^\.I /opt/tx/share/zsh/site\\-functions/_tlsexplain$' "$dest/opt/tx/share/man/man1/tlsexplain.1" &&
    ! grep -q /usr/local "$dest/opt/tx/share/man/man1/tlsexplain.1" &&
    ok "the installed tlsexplain(1) names the files under PREFIX (not /usr/local)" || notok "installed tlsexplain(1) FILES: $(grep '^\.I /' "$dest/opt/tx/share/man/man1/tlsexplain.1" | tr '\n' ' ')"
pc=$dest/opt/tx/lib/pkgconfig/tlsexplain.pc
grep -q '^prefix=/opt/tx$' "$pc" && grep -q "^Version: $version\$" "$pc" && grep -q '^Libs: -L${libdir} -ltlsexplain$' "$pc" &&
    ok "tlsexplain.pc names PREFIX (not DESTDIR), version $version and -ltlsexplain" || notok "tlsexplain.pc: $(tr '\n' ' ' <"$pc")"

# ---- the shared library: soname, exports ---------------------------------------------------
so=$dest/opt/tx/lib/libtlsexplain.so.$version
soname=$(LC_ALL=C readelf -d "$so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libtlsexplain.so.$sover" ] && ok "soname $soname" || notok "soname '$soname', want libtlsexplain.so.$sover"
nm -D --defined-only "$so" 2>/dev/null | awk 'NF == 3 {print $3}' | sort >"$OUT/exports.txt"
sed -n 's/^TX_API .*[ *]\(tx_[a-z0-9_]*\)(.*/\1/p' include/tlsexplain.h | sort >"$OUT/api.txt"
other=$(grep -v '^tx_' "$OUT/exports.txt" | tr '\n' ' ')
if [ ! -s "$OUT/exports.txt" ]; then
    notok "nm -D shows no symbol in $so"
elif [ -z "$other" ]; then
    ok "nm -D: the .so exports $(wc -l <"$OUT/exports.txt") symbols, all tx_"
else
    notok "nm -D: the .so exports non-tx_ symbols: $other"
fi
[ -s "$OUT/api.txt" ] && cmp -s "$OUT/exports.txt" "$OUT/api.txt" &&
    ok "the .so exports exactly the TX_API functions of the header" ||
    notok "exports and header differ: $(diff "$OUT/api.txt" "$OUT/exports.txt" | grep '^[<>]' | tr '\n' ' ')"
# tlsexplain(3) documents every function of the header, and carries its version
miss=
for fn in $(cat "$OUT/api.txt"); do
    grep -q "^\.BI \"[a-z_ *]*[ *]$fn(" docs/tlsexplain.3 && grep -q "^\.BR $fn ()" docs/tlsexplain.3 || miss="$miss $fn"
done
[ -z "$miss" ] && ok "tlsexplain(3) has every tx_ function in SYNOPSIS and DESCRIPTION" || notok "tlsexplain(3) lacks:$miss"
grep -q "\"tlsexplain $version\"" docs/tlsexplain.3 && ok "tlsexplain(3) version $version" || notok "tlsexplain(3) version differs from $version"
n=$(ls "$dest"/opt/tx/share/tlsexplain/rules/*.yaml 2>/dev/null | wc -l)
m=$(ls rules/tls/*.yaml | wc -l)
[ "$n" -eq "$m" ] && ok "installed the $m rule files" || notok "installed $n rule files of $m"
log=$(pwd)/fixtures/lab/expired-leaf-tls13.log
(cd / && "$dest/opt/tx/bin/tlsexplain" --format json "$log") >"$OUT/installed.json" 2>&1
grep -q '"top_category":"expired"' "$OUT/installed.json" && ok "installed binary runs from / with its embedded rulebook" || notok "installed binary"
(cd / && "$dest/opt/tx/bin/tlsexplain" rules check "$dest/opt/tx/share/tlsexplain/rules") >"$OUT/installed-check.log" 2>&1 &&
    ok "installed rule files pass rules check" || notok "installed rule files fail rules check"
# shell completions: installed where the shells look, generated from the option table, so
# they name every command, every option of every command's --help (long and short), the
# values --help lists for --format, --profile and --color, and complete file arguments
comp_b=$dest/opt/tx/share/bash-completion/completions/tlsexplain
comp_z=$dest/opt/tx/share/zsh/site-functions/_tlsexplain
comp_f=$dest/opt/tx/share/fish/vendor_completions.d/tlsexplain.fish
for f in "$comp_b" "$comp_z" "$comp_f"; do check "installed completion ${f#$dest/}" test -s "$f"; done
cmds=$("$TX" --help | awk '/^Commands:/{c=1; next} c && /^$/{exit} c {print $1}')
[ "$(printf '%s\n' "$cmds" | wc -l)" -ge 6 ] && ok "--help lists $(printf '%s' "$cmds" | tr '\n' ' ')" || notok "--help commands not found"
miss=
for cmd in $cmds; do
    grep -q "$cmd" "$comp_b" || miss="$miss bash:$cmd"
    grep -q "^        '$cmd:" "$comp_z" || miss="$miss zsh:$cmd"
    grep -q -- "-a $cmd " "$comp_f" || miss="$miss fish:$cmd"
    help=$("$TX" $cmd --help 2>&1)
    # bash: the option list of this command; zsh: this command's args=( ... ) block
    bopts=$(sed -n "s/^ *$cmd) opts='\(.*\)' ;;\$/\1/p" "$comp_b")
    zblock=$(awk -v c="    $cmd) args=(" '$0 == c {b=1; next} b && /^    \) ;;/ {exit} b' "$comp_z")
    for opt in $(printf '%s\n' "$help" | grep -o -- '^ *-[a-zA-Z], --[a-z][a-z-]*\|^ *--[a-z][a-z-]*' | tr -d ','); do
        case " $bopts " in *" $opt "*) ;; *) miss="$miss bash:$cmd:$opt" ;; esac
        printf '%s\n' "$zblock" | grep -q -- "^        '\(([^)]*)\)\{0,1\}$opt[=+[]" || miss="$miss zsh:$cmd:$opt"
        case $opt in
            --*) grep "__tlsexplain_cmd[a-z ]* $cmd[ ']" "$comp_f" | grep -q -- " -l ${opt#--} " || miss="$miss fish:$cmd:$opt" ;;
            *) grep "__tlsexplain_cmd[a-z ]* $cmd[ ']" "$comp_f" | grep -q -- " -s ${opt#-} " || miss="$miss fish:$cmd:$opt" ;;
        esac
    done
done
# the values of --format, --profile, --color: every one --help names is offered, and every one
# offered is accepted by the binary (a --profile once the rules are loaded: a rule file may
# declare more profiles, so it is checked against them, not while the options are read)
accepts() {
    if [ "$1" = profile ]; then
        "$TX" --no-config --profile "$2" - </dev/null >/dev/null 2>&1
        [ $? -ne 2 ]
    else
        "$TX" --$1 "$2" --help >/dev/null 2>&1
    fi
}
for o in format profile color; do
    vals=$(sed -n "s/^ *\(-[a-z]|\)\{0,1\}--$o) COMPREPLY=(\$(compgen -W '\([^']*\)'.*/\2/p" "$comp_b")
    [ -n "$vals" ] || miss="$miss bash:--$o-values"
    for v in $vals; do
        accepts "$o" "$v" || miss="$miss accepted:--$o=$v"
        grep -q -- "--$o=\[.*:($vals)'" "$comp_z" || miss="$miss zsh:--$o-values"
        grep -q -- "-l $o -x -a '$vals'" "$comp_f" || miss="$miss fish:--$o-values"
    done
    # the words of the option's own --help entry (its line and the indented lines under it)
    for v in $("$TX" --help | awk -v o="--$o " 'index($0, o) && /^  -/ {b=1; print; next} b && /^                           / {print; next} {b=0}' | grep -o '[a-z]*' | sort -u); do
        case " $vals " in *" $v "*) ;; *) accepts "$o" "$v" && miss="$miss value-not-offered:--$o=$v" ;; esac
    done
done
[ -z "$miss" ] && ok "completions list every command, option and value the binary knows" || notok "completions miss:$miss"
# they parse, and complete as expected (bash and fish run them; zsh is syntax-checked)
bash -n "$comp_b" && ok "bash completion parses" || notok "bash completion does not parse"
# --format: exactly the words of its --help entry that the binary accepts as a format
want=$(for v in $("$TX" --help | awk 'index($0, "--format ") && /^  -/ {b=1; print; next} b && /^                           / {print; next} {b=0}' | grep -o '[a-z]*' | sort -u); do
    "$TX" --format "$v" --help >/dev/null 2>&1 && echo "$v"; done | sort | tr '\n' ' ')
got=$(bash -c '. "$1"; COMP_WORDS=(tlsexplain --format ""); COMP_CWORD=2; _tlsexplain; printf "%s\n" "${COMPREPLY[@]}"' sh "$comp_b" | sort | tr '\n' ' ')
[ -n "$got" ] && [ "$got" = "$want" ] && ok "bash completes --format values: $got" || notok "bash --format: '$got', --help: '$want'"
got=$(bash -c '. "$1"; COMP_WORDS=(tlsexplain rules ""); COMP_CWORD=2; _tlsexplain; echo "${COMPREPLY[*]}"' sh "$comp_b")
[ "$got" = "list check" ] && ok "bash completes rules list|check" || notok "bash rules: '$got'"
got=$(cd fixtures/lab && bash -c '. "$1"; COMP_WORDS=(tlsexplain events expired-leaf-tls1); COMP_CWORD=2; _tlsexplain; echo "${COMPREPLY[*]}"' sh "$comp_b")
[ "$got" = "expired-leaf-tls13.log" ] && ok "bash completes log file names" || notok "bash files: '$got'"
got=$(bash -c '. "$1"; COMP_WORDS=(tlsexplain capture --fo); COMP_CWORD=2; _tlsexplain; echo "${COMPREPLY[*]}"' sh "$comp_b")
[ "$got" = "--format --force" ] && ok "bash completes a command's own options" || notok "bash capture options: '$got'"
if command -v zsh >/dev/null 2>&1; then
    zsh -n "$comp_z" && ok "zsh completion parses" || notok "zsh completion does not parse"
else skip "zsh completion: zsh is not installed"; fi
if command -v fish >/dev/null 2>&1; then
    fish --no-execute "$comp_f" && ok "fish completion parses" || notok "fish completion does not parse"
    got=$(fish -c 'source $argv[1]; complete -C "tlsexplain --profile "' "$comp_f" | cut -f1 | tr '\n' ' ')
    [ "$got" = "android ia none " ] && ok "fish completes --profile values" || notok "fish --profile: '$got'"
    got=$(fish -c 'source $argv[1]; complete -C "tlsexplain ti"' "$comp_f" | cut -f1)
    [ "$got" = "timeline" ] && ok "fish completes commands" || notok "fish commands: '$got'"
else skip "fish completion: fish is not installed"; fi
"$TX" completion tcsh >/dev/null 2>&1; [ $? -eq 2 ] && ok "completion for an unknown shell is a usage error" || notok "completion tcsh"
make -s uninstall PREFIX=/opt/tx DESTDIR="$dest" >/dev/null 2>&1
left=$(find "$dest" ! -type d | wc -l)
[ "$left" -eq 0 ] && ok "make uninstall removes every file and link" || notok "make uninstall left $left files: $(find "$dest" ! -type d | head -3)"
rm -rf "$dest"

# ---- docs/example.c against an installed tree, with pkg-config alone -------------------------
# a real PREFIX (no DESTDIR) in a temporary directory; the example is compiled there, so
# nothing of the source tree but the file itself is in reach
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tx-install.XXXXXX") || { notok "mktemp"; finish; exit 1; }
trap 'rm -rf "$tmp"' EXIT
root=$(pwd)
pfx=$tmp/prefix
if make -s install PREFIX="$pfx" >"$OUT/install-tmp.log" 2>&1; then ok "make install PREFIX=<temporary directory>"; else
    notok "make install PREFIX=$pfx"; sed 's/^/    /' "$OUT/install-tmp.log" | tail -5; fi
PKG_CONFIG_PATH=$pfx/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH
if ! command -v pkg-config >/dev/null 2>&1; then
    notok "pkg-config is not installed (a build dependency: tools/setup-debian.sh)"
else
    [ "$(pkg-config --modversion tlsexplain 2>&1)" = "$version" ] && ok "pkg-config --modversion tlsexplain: $version" ||
        notok "pkg-config --modversion tlsexplain: $(pkg-config --modversion tlsexplain 2>&1)"
    flags=$(pkg-config --cflags --libs tlsexplain 2>&1)
    case " $flags " in *" -I$pfx/include "*" -L$pfx/lib "*) ok "pkg-config --cflags --libs tlsexplain: $flags" ;;
        *) notok "pkg-config --cflags --libs tlsexplain: $flags" ;; esac
    cp "$root/docs/example.c" "$tmp/example.c"
    # the shared library, with the project's own warnings as errors: the header is clean C11
    if (cd "$tmp" && ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Wstrict-prototypes -Werror -o example example.c \
        $(pkg-config --cflags --libs tlsexplain)) >"$OUT/example-cc.log" 2>&1; then
        ok "docs/example.c compiles with pkg-config --cflags --libs tlsexplain (-Werror)"
    else
        notok "docs/example.c does not compile:"; sed 's/^/    /' "$OUT/example-cc.log" | head -10
    fi
    # the static library, with what pkg-config --static says it needs
    if (cd "$tmp" && ${CC:-cc} -std=c11 -o example-static example.c $(pkg-config --cflags tlsexplain) \
        "$pfx/lib/libtlsexplain.a" $(pkg-config --static --libs tlsexplain | sed 's/-ltlsexplain//')) >"$OUT/example-static.log" 2>&1; then
        ok "docs/example.c links libtlsexplain.a with pkg-config --static --libs"
    else
        notok "docs/example.c does not link statically:"; sed 's/^/    /' "$OUT/example-static.log" | head -10
    fi
    LD_LIBRARY_PATH=$pfx/lib ldd "$tmp/example" 2>/dev/null | grep -q "libtlsexplain.so.$sover => $pfx/lib/" &&
        ok "the example loads libtlsexplain.so.$sover from the installed tree" || notok "ldd example: $(ldd "$tmp/example" 2>&1 | grep tlsexplain)"
    ldd "$tmp/example-static" 2>/dev/null | grep -q libtlsexplain && notok "the static example needs libtlsexplain.so" ||
        ok "the static example does not need libtlsexplain.so"
    # each fixture: the example's verdict and top category are the CLI's (its JSON report)
    for log in lab/expired-leaf-tls13.log lab/ok-tls13-rsa-app-truststore.log lab/hostname-mismatch-san.log \
        public/024-eclipse-marketplace-tls-inspecting-proxy-certificate-unknown-prefix-jdk21plus.log; do
        f=$root/fixtures/$log
        js=$("$TX" --format json "$f" 2>/dev/null | head -n 1)
        v=$(printf '%s\n' "$js" | sed -n 's/.*"verdict":"\([a-z]*\)".*/\1/p')
        c=$(printf '%s\n' "$js" | sed -n 's/.*"top_category":\(null\|"[a-z-]*"\).*/\1/p' | tr -d '"')
        [ "$c" = null ] && c=none
        want="$f: $v, top category $c"
        for bin in example example-static; do
            got=$(cd "$tmp" && LD_LIBRARY_PATH=$pfx/lib "./$bin" "$f" 2>&1)
            [ -n "$v" ] && [ "$got" = "$want" ] && ok "$bin $log: $v, top category $c" || notok "$bin $log: '$got', want '$want'"
        done
    done
    got=$(cd "$tmp" && LD_LIBRARY_PATH=$pfx/lib ./example -v "$root/fixtures/lab/expired-leaf-tls13.log" 2>&1)
    printf '%s\n' "$got" | grep -q 'expired-leaf-tls13.log:[0-9]' && ok "example -v writes the text report with its evidence lines" ||
        notok "example -v: $(printf '%s' "$got" | head -3)"
    # -f: the findings walked through the accessors are the JSON report's, in its order,
    # with the same evidence lines
    for log in lab/expired-leaf-tls13.log lab/hostname-mismatch-san.log lab/missing-intermediate-rsa-tls12.log; do
        f=$root/fixtures/$log
        "$TX" --format json "$f" 2>/dev/null | head -n 1 >"$OUT/example-f.json"
        want=$(grep -o '"id":"[^"]*"\|"line":[0-9]*' "$OUT/example-f.json" | sed 's/"id":"\(.*\)"/finding \1/; s/"line":/evidence /')
        got=$(cd "$tmp" && LD_LIBRARY_PATH=$pfx/lib ./example -f "$f" 2>&1 |
            sed -n 's/^finding \([^ ]*\) .*/finding \1/p; s/^  evidence \([0-9]*\):.*/evidence \1/p')
        [ -n "$want" ] && [ "$got" = "$want" ] && ok "example -f $log: $(printf '%s\n' "$got" | grep -c finding) findings and their evidence lines as the JSON report" ||
            notok "example -f $log: got '$(printf '%s' "$got" | tr '\n' ' ')', want '$(printf '%s' "$want" | tr '\n' ' ')'"
    done
    (cd "$tmp" && LD_LIBRARY_PATH=$pfx/lib ./example "$tmp/no-such.log") >/dev/null 2>&1 && notok "example on a missing file exits 0" ||
        ok "example on a missing file exits 1"
fi
make -s uninstall PREFIX="$pfx" >/dev/null 2>&1
left=$(find "$pfx" ! -type d | wc -l)
[ "$left" -eq 0 ] && ok "make uninstall PREFIX=<temporary directory> removes every file and link" || notok "make uninstall left $left files"
finish
