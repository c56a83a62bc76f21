#!/bin/sh
# make install honours PREFIX and DESTDIR (binary, man page, rulebook), the
# installed binary works from anywhere with nothing beside it, and make
# uninstall removes what install put there.
. tests/lib.sh
dest=$(pwd)/$OUT/dest
rm -rf "$dest"
if make -s install PREFIX=/opt/tx DESTDIR="$dest" >"$OUT/install.log" 2>&1; then ok "make install"; else notok "make install"; sed 's/^/    /' "$OUT/install.log" | tail -5; fi
for f in opt/tx/bin/tlsexplain opt/tx/share/man/man1/tlsexplain.1; do
    check "installed $f" test -s "$dest/$f"
done
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
# offered is accepted by the binary
for o in format profile color; do
    vals=$(sed -n "s/^ *\(-[a-z]|\)\{0,1\}--$o) COMPREPLY=(\$(compgen -W '\([^']*\)'.*/\2/p" "$comp_b")
    [ -n "$vals" ] || miss="$miss bash:--$o-values"
    for v in $vals; do
        "$TX" --$o "$v" --help >/dev/null 2>&1 || miss="$miss accepted:--$o=$v"
        grep -q -- "--$o=\[.*:($vals)'" "$comp_z" || miss="$miss zsh:--$o-values"
        grep -q -- "-l $o -x -a '$vals'" "$comp_f" || miss="$miss fish:--$o-values"
    done
    # the words of the option's own --help entry (its line and the indented lines under it)
    for v in $("$TX" --help | awk -v o="--$o " 'index($0, o) && /^  -/ {b=1; print; next} b && /^                           / {print; next} {b=0}' | grep -o '[a-z]*' | sort -u); do
        case " $vals " in *" $v "*) ;; *) "$TX" --$o "$v" --help >/dev/null 2>&1 && miss="$miss value-not-offered:--$o=$v" ;; esac
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
else ok "# SKIP zsh not installed"; fi
if command -v fish >/dev/null 2>&1; then
    fish --no-execute "$comp_f" && ok "fish completion parses" || notok "fish completion does not parse"
    got=$(fish -c 'source $argv[1]; complete -C "tlsexplain --profile "' "$comp_f" | cut -f1 | tr '\n' ' ')
    [ "$got" = "ia none " ] && ok "fish completes --profile values" || notok "fish --profile: '$got'"
    got=$(fish -c 'source $argv[1]; complete -C "tlsexplain ti"' "$comp_f" | cut -f1)
    [ "$got" = "timeline" ] && ok "fish completes commands" || notok "fish commands: '$got'"
else ok "# SKIP fish not installed"; fi
"$TX" completion tcsh >/dev/null 2>&1; [ $? -eq 2 ] && ok "completion for an unknown shell is a usage error" || notok "completion tcsh"
make -s uninstall PREFIX=/opt/tx DESTDIR="$dest" >/dev/null 2>&1
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ] && ok "make uninstall removes every file" || notok "make uninstall left $left files"
rm -rf "$dest"
finish
