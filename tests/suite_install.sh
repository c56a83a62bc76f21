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
make -s uninstall PREFIX=/opt/tx DESTDIR="$dest" >/dev/null 2>&1
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ] && ok "make uninstall removes every file" || notok "make uninstall left $left files"
rm -rf "$dest"
finish
