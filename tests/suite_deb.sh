#!/bin/sh
# The Debian packages (issue 15): debian/ agrees with the tree (version, soname, symbols,
# licence), `dpkg-buildpackage -us -uc -b` builds tlsexplain, libtlsexplain<SOVERSION> and
# libtlsexplain-dev in a copy of the tree (it writes to the parent directory; this checkout
# stays clean), lintian finds no error, each package holds what it should and no file is in
# two of them, apt resolves their dependencies, and the packages unpacked into a fresh root
# work: the installed tlsexplain diagnoses a fixture, its rulebook is the tree's, and
# docs/example.c as installed by libtlsexplain-dev compiles and runs with pkg-config alone.
#
# The fresh root is `dpkg -x` of the three packages into a temporary directory, not a real
# `apt-get install`: that needs root, changes the machine the other suites (and, on a shared
# machine, other people) run on, and leaves it changed when a run is interrupted; a chroot
# made with debootstrap needs the network and minutes.  What apt-get install would add is
# checked apart: `apt-get -s install ./*.deb` (a simulation, no root needed) resolves the
# packages' dependencies against this system, and the programs run from the fresh root
# with only LD_LIBRARY_PATH and PKG_CONFIG_SYSROOT_DIR pointing into it.
# Without dpkg-buildpackage or debhelper the suite skips (tools/setup-debian.sh installs
# them); the package build runs with DEB_BUILD_OPTIONS=nocheck (make check is its own tier).
. tests/lib.sh
root=$(pwd)
if ! command -v dpkg-buildpackage >/dev/null 2>&1 || ! command -v dh >/dev/null 2>&1; then
    skip "dpkg-buildpackage or dh is not installed (dpkg-dev, debhelper: tools/setup-debian.sh)"
    finish
    exit 0
fi
if [ "$(id -u)" -ne 0 ] && ! command -v fakeroot >/dev/null 2>&1; then
    skip "not root and fakeroot is not installed (tools/setup-debian.sh)"
    finish
    exit 0
fi

# ---- debian/ agrees with the tree ---------------------------------------------------------
version=$(sed -n 's/^#define TX_VERSION "\(.*\)"/\1/p' include/tlsexplain.h)
case $version in 0.*) sover=$(echo "$version" | cut -d. -f1,2) ;; *) sover=${version%%.*} ;; esac
lib=libtlsexplain$sover
dver=$(dpkg-parsechangelog -SVersion 2>/dev/null)
[ "$dver" = "$version" ] && ok "debian/changelog version $dver is TX_VERSION" ||
    notok "debian/changelog version '$dver', TX_VERSION $version"
bver=$("$TX" --version 2>/dev/null | head -n 1)
[ "$bver" = "tlsexplain $version" ] && ok "tlsexplain --version says $version" || notok "tlsexplain --version: '$bver'"
grep -q "^## $version - " CHANGELOG.md && ok "CHANGELOG.md has a section $version" || notok "CHANGELOG.md has no '## $version - DATE'"
# the library package is named after the soname the Makefile gives (Debian policy 8.1)
grep -q "^Package: $lib\$" debian/control && grep -q "^Depends: $lib (= \${binary:Version})," debian/control &&
    [ -f "debian/$lib.install" ] && [ -f "debian/$lib.symbols" ] &&
    ok "debian/ names the library package $lib (soname libtlsexplain.so.$sover)" ||
    notok "debian/control, $lib.install or $lib.symbols do not name $lib (soname libtlsexplain.so.$sover)"
# the symbols file lists exactly the TX_API functions of the header
sed -n 's/^TX_API .*[ *]\(tx_[a-z0-9_]*\)(.*/\1/p' include/tlsexplain.h | sort >"$OUT/deb-api.txt"
sed -n 's/^ \(tx_[a-z0-9_]*\)@Base .*/\1/p' "debian/$lib.symbols" 2>/dev/null | sort >"$OUT/deb-symbols.txt"
head -n 1 "debian/$lib.symbols" 2>/dev/null | grep -q "^libtlsexplain.so.$sover $lib " && [ -s "$OUT/deb-api.txt" ] &&
    cmp -s "$OUT/deb-api.txt" "$OUT/deb-symbols.txt" &&
    ok "debian/$lib.symbols lists the $(wc -l <"$OUT/deb-api.txt") TX_API functions of the header" ||
    notok "debian/$lib.symbols and the header differ: $(diff "$OUT/deb-api.txt" "$OUT/deb-symbols.txt" | grep '^[<>]' | tr '\n' ' ')"
# debian/copyright: DEP-5, the tree under the MIT (Expat) text of LICENSE, word for word
sed -n '/^Permission is hereby granted/,$p' LICENSE | tr -s ' \n' '  ' >"$OUT/deb-license.txt"
awk '/^License: Expat$/ {b=1; next} b && /^ / {print; n++; next} {if (n) exit; b=0}' debian/copyright | sed 's/^ //; s/^\.$//' |
    tr -s ' \n' '  ' >"$OUT/deb-expat.txt"
head -n 1 debian/copyright | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/$' &&
    awk '/^Files: \*$/ {f=1; next} f && /^License:/ {print; exit}' debian/copyright | grep -q '^License: Expat$' &&
    [ -s "$OUT/deb-license.txt" ] && cmp -s "$OUT/deb-license.txt" "$OUT/deb-expat.txt" &&
    ok "debian/copyright (DEP-5): Files: * under Expat, the text of LICENSE" ||
    notok "debian/copyright: not DEP-5, or its Expat text differs from LICENSE"

# ---- build, in a copy of the tree ---------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tx-deb.XXXXXX") || { notok "mktemp"; finish; exit 1; }
trap 'rm -rf "$tmp"' EXIT
src=$tmp/build/tlsexplain-$version
mkdir -p "$src"
# the files of the checkout (committed or not, as git sees them, less what .gitignore names:
# no build products); a tree without git is copied whole but for them
if git rev-parse --show-toplevel >/dev/null 2>&1 && [ "$(git rev-parse --show-toplevel)" = "$root" ]; then
    git ls-files -co --exclude-standard | while IFS= read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done |
        tar -cf - -T - | tar -C "$src" -xf -
else
    tar --anchored --exclude=./.git --exclude=./build --exclude=./tests/out --exclude=./tlsexplain -cf - . |
        tar -C "$src" -xf -
fi
[ -f "$src/debian/rules" ] && ok "copied the tree to a temporary directory" || { notok "copy of the tree"; finish; exit 1; }
ls -A debian >"$OUT/deb-before.txt"
t0=$(date +%s)
# (not the make variables of a `make test` that runs this suite: BIN=, BUILD=... would reach
# debian/rules' make)
(cd "$src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES DEB_BUILD_OPTIONS="nocheck noddebs parallel=$(nproc 2>/dev/null || echo 2)" \
    dpkg-buildpackage -us -uc -b -Pnocheck) >"$OUT/deb-build.log" 2>&1
rc=$?
secs=$(($(date +%s) - t0))
if [ $rc -eq 0 ]; then ok "dpkg-buildpackage -us -uc -b ($secs s)"; else
    notok "dpkg-buildpackage -us -uc -b: exit $rc"; grep -v '^ *\(CC\|LD\|AR\|EMBED\) ' "$OUT/deb-build.log" | tail -15 | sed 's/^/    /'; finish; exit 1; fi
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
pkgs=$tmp/build
debs=
for p in tlsexplain "$lib" libtlsexplain-dev; do
    f=$pkgs/${p}_${version}_$arch.deb
    check "built ${f##*/}" test -s "$f"
    debs="$debs $f"
done
changes=$pkgs/tlsexplain_${version}_$arch.changes
check "built ${changes##*/}" test -s "$changes"
# the build wrote nothing into the checkout
ls -A debian | cmp -s - "$OUT/deb-before.txt" && ok "the checkout's debian/ is untouched" ||
    notok "the build left files in debian/: $(ls -A debian | diff "$OUT/deb-before.txt" - | grep '^>' | tr '\n' ' ')"

# ---- lintian ------------------------------------------------------------------------------
if command -v lintian >/dev/null 2>&1; then
    lintian --fail-on error --tag-display-limit 0 "$changes" >"$OUT/deb-lintian.txt" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        ok "lintian --fail-on error: no error ($(grep -c '^W: ' "$OUT/deb-lintian.txt") warnings)"
    else
        notok "lintian --fail-on error: exit $rc"; grep '^[EW]: ' "$OUT/deb-lintian.txt" | head -15 | sed 's/^/    /'
    fi
else
    skip "lintian is not installed (tools/setup-debian.sh)"
fi

# ---- contents and dependencies ------------------------------------------------------------
# deb-P.txt: every path of package P; deb-P.files: those that are not directories
for deb in $debs; do
    p=$(basename "${deb%%_*}")
    dpkg-deb -c "$deb" | awk '{print substr($1, 1, 1), $6}' | sed 's| \./| /|; s|/$||' >"$OUT/deb-$p.ls"
    cut -d' ' -f2 "$OUT/deb-$p.ls" >"$OUT/deb-$p.txt"
    grep -v '^d ' "$OUT/deb-$p.ls" | cut -d' ' -f2 >"$OUT/deb-$p.files"
done
has() { # PACKAGE PATH...: every path is in the package
    p=$1; shift; miss=
    for f in "$@"; do grep -qx "$f" "$OUT/deb-$p.txt" || miss="$miss $f"; done
    [ -z "$miss" ] && ok "$p holds $*" || notok "$p lacks$miss"
}
has tlsexplain /usr/bin/tlsexplain /usr/share/man/man1/tlsexplain.1.gz \
    /usr/share/bash-completion/completions/tlsexplain /usr/share/zsh/vendor-completions/_tlsexplain \
    /usr/share/fish/vendor_completions.d/tlsexplain.fish /usr/share/doc/tlsexplain/README.md.gz \
    /usr/share/doc/tlsexplain/CHANGELOG.md.gz /usr/share/doc/tlsexplain/copyright \
    /usr/share/doc/tlsexplain/report-v1.schema.json
n=$(grep -c '^/usr/share/tlsexplain/rules/[a-z0-9-]*\.yaml$' "$OUT/deb-tlsexplain.txt")
m=$(ls rules/tls/*.yaml | wc -l)
[ "$n" -eq "$m" ] && ok "tlsexplain holds the $m rule files" || notok "tlsexplain holds $n rule files of $m"
has "$lib" "/usr/lib/$ma/libtlsexplain.so.$version" "/usr/lib/$ma/libtlsexplain.so.$sover"
other=$(grep -v "^/usr/lib/$ma/libtlsexplain.so.$sover\$\|^/usr/lib/$ma/libtlsexplain.so.$version\$\|^/usr/share/doc/$lib/" "$OUT/deb-$lib.files" | tr '\n' ' ')
[ -z "$other" ] && ok "$lib holds only the shared library" || notok "$lib also holds $other"
has libtlsexplain-dev /usr/include/tlsexplain.h "/usr/lib/$ma/libtlsexplain.a" "/usr/lib/$ma/libtlsexplain.so" \
    "/usr/lib/$ma/pkgconfig/tlsexplain.pc" /usr/share/man/man3/tlsexplain.3.gz \
    /usr/share/doc/libtlsexplain-dev/examples/example.c
dup=$(cat $(for deb in $debs; do echo "$OUT/deb-$(basename "${deb%%_*}").files"; done) | sort | uniq -d | tr '\n' ' ')
[ -z "$dup" ] && ok "no file is in two packages" || notok "files in two packages: $dup"
dep() { dpkg-deb -f "$1" Depends; }
dep "$pkgs/libtlsexplain-dev_${version}_$arch.deb" | grep -q "$lib (= $version)" &&
    ok "libtlsexplain-dev depends on $lib (= $version)" || notok "libtlsexplain-dev Depends: $(dep "$pkgs/libtlsexplain-dev_${version}_$arch.deb")"
libdeps=$(dep "$pkgs/${lib}_${version}_$arch.deb")
case $libdeps in *libpcre2-8-0*libyaml-0-2*) ok "$lib depends on what it links (shlibs): $libdeps" ;;
    *) notok "$lib Depends: $libdeps" ;; esac
dpkg-deb --ctrl-tarfile "$pkgs/${lib}_${version}_$arch.deb" | tar -tf - | grep -qx './symbols' &&
    dpkg-deb --ctrl-tarfile "$pkgs/${lib}_${version}_$arch.deb" | tar -xOf - ./symbols | grep -q "^libtlsexplain.so.$sover $lib #MINVER#" &&
    ok "$lib ships its symbols file" || notok "$lib has no symbols file for libtlsexplain.so.$sover"
if command -v apt-get >/dev/null 2>&1; then
    # a simulation: nothing is installed; the packages' dependencies resolve on this system
    apt-get -s -o Debug::NoLocking=1 install $debs >"$OUT/deb-apt.txt" 2>&1
    rc=$?
    inst=$(grep -c "^Inst \(tlsexplain\|$lib\|libtlsexplain-dev\) " "$OUT/deb-apt.txt")
    [ $rc -eq 0 ] && [ "$inst" -eq 3 ] && ok "apt-get -s install ./*.deb resolves the three packages' dependencies" ||
        { notok "apt-get -s install: exit $rc, $inst of 3 packages"; grep -v '^\(Inst\|Conf\) ' "$OUT/deb-apt.txt" | tail -5 | sed 's/^/    /'; }
else
    skip "apt-get is not there: the dependencies are not resolved"
fi

# ---- the packages in a fresh root ---------------------------------------------------------
fr=$tmp/root
for deb in $debs; do dpkg -x "$deb" "$fr" || notok "dpkg -x ${deb##*/}"; done
bin=$fr/usr/bin/tlsexplain
got=$(cd / && "$bin" --version 2>&1 | head -n 1)
[ "$got" = "tlsexplain $version" ] && ok "the installed tlsexplain --version: $got" || notok "installed --version: '$got'"
LC_ALL=C ldd "$bin" >"$OUT/deb-ldd.txt" 2>&1
grep -q 'not found' "$OUT/deb-ldd.txt" && notok "the installed binary misses libraries: $(grep 'not found' "$OUT/deb-ldd.txt" | tr '\n' ' ')" ||
    ok "the installed binary finds every library it needs"
log=$root/fixtures/lab/expired-leaf-tls13.log
(cd / && "$bin" --no-config --format json "$log") >"$OUT/deb-explain.json" 2>&1
grep -q '"top_category":"expired"' "$OUT/deb-explain.json" && ok "the installed tlsexplain: expired-leaf-tls13.log, top category expired" ||
    notok "the installed tlsexplain on expired-leaf-tls13.log: $(head -c 300 "$OUT/deb-explain.json")"
(cd / && "$bin" --no-config --color never "$log") >"$OUT/deb-explain.txt" 2>&1
sed -n '/^Causes/,$p' "$OUT/deb-explain.txt" | grep -m 1 '^1\. ' | grep -q 'expired' &&
    grep -q '^ *\[expired\] confidence' "$OUT/deb-explain.txt" && grep -q 'expired-leaf-tls13.log:[0-9]' "$OUT/deb-explain.txt" &&
    ok "its text report: cause 1 is the expired certificate, with evidence lines" ||
    notok "installed text report: $(grep -m 3 -A 2 '^Causes' "$OUT/deb-explain.txt" | tr '\n' ' ')"
"$TX" --no-config --format json "$log" >"$OUT/deb-tree.json" 2>&1
cmp -s "$OUT/deb-tree.json" "$OUT/deb-explain.json" && ok "the installed binary's report is the tree's, byte for byte" ||
    notok "the installed binary's JSON report differs from ./tlsexplain's"
miss=
for f in rules/tls/*.yaml; do cmp -s "$f" "$fr/usr/share/tlsexplain/rules/${f##*/}" || miss="$miss ${f##*/}"; done
[ -z "$miss" ] && ok "/usr/share/tlsexplain/rules is the tree's rulebook" || notok "installed rule files differ:$miss"
(cd / && "$bin" rules check "$fr/usr/share/tlsexplain/rules") >"$OUT/deb-rules-check.txt" 2>&1 &&
    ok "the installed rule files pass rules check" || notok "rules check of the installed rules: $(tail -n 2 "$OUT/deb-rules-check.txt")"
a=$(cd / && "$bin" --no-config rules list 2>/dev/null | wc -l)
b=$(cd / && "$bin" --no-config --no-builtin --rules "$fr/usr/share/tlsexplain/rules" rules list 2>/dev/null | wc -l)
[ "$a" -gt 0 ] && [ "$a" -eq "$b" ] && ok "the installed rule files are the embedded rulebook ($a lines of rules list)" ||
    notok "rules list: $a lines embedded, $b from /usr/share/tlsexplain/rules"
# tlsexplain(1) FILES names where the package put them (troff: '-' is '\-')
miss=
for f in /usr/share/tlsexplain/rules/*.yaml /usr/share/bash-completion/completions/tlsexplain \
    /usr/share/zsh/vendor-completions/_tlsexplain /usr/share/fish/vendor_completions.d/tlsexplain.fish; do
    zcat "$fr/usr/share/man/man1/tlsexplain.1.gz" | grep -qxF ".I $(printf '%s' "$f" | sed 's/-/\\-/g')" || miss="$miss $f"
done
zcat "$fr/usr/share/man/man1/tlsexplain.1.gz" | grep -q '/usr/local' && miss="$miss (names /usr/local)"
[ -z "$miss" ] && ok "tlsexplain(1) FILES names the packaged rulebook and completions" || notok "tlsexplain(1) FILES lacks$miss"
# the completions are where the shells look for packages' completions
if command -v zsh >/dev/null 2>&1; then
    zsh -fc 'print -l $fpath' | grep -qx /usr/share/zsh/vendor-completions && ok "zsh's fpath has /usr/share/zsh/vendor-completions" ||
        notok "zsh's fpath lacks /usr/share/zsh/vendor-completions: $(zsh -fc 'print $fpath' | cut -c1-200)"
else skip "zsh is not installed: its fpath is not checked"; fi
if command -v fish >/dev/null 2>&1; then
    fish -c 'printf "%s\n" $fish_complete_path' | grep -qx /usr/share/fish/vendor_completions.d &&
        ok "fish's completion path has /usr/share/fish/vendor_completions.d" || notok "fish's complete path lacks /usr/share/fish/vendor_completions.d"
else skip "fish is not installed: its completion path is not checked"; fi
zcat "$fr/usr/share/doc/tlsexplain/changelog.gz" 2>/dev/null | head -n 1 | grep -q "^tlsexplain ($version) " &&
    zcat "$fr/usr/share/doc/tlsexplain/CHANGELOG.md.gz" 2>/dev/null | grep -q "^## $version - " &&
    ok "changelog.gz is debian/changelog, CHANGELOG.md.gz the project's" || notok "/usr/share/doc/tlsexplain: changelog.gz or CHANGELOG.md.gz is not what it should be"
bash -n "$fr/usr/share/bash-completion/completions/tlsexplain" 2>/dev/null && ok "the installed bash completion parses" ||
    notok "the installed bash completion does not parse"

# ---- libtlsexplain-dev: the installed example, with pkg-config alone ----------------------
if ! command -v pkg-config >/dev/null 2>&1; then
    notok "pkg-config is not installed (a build dependency: tools/setup-debian.sh)"
else
    # the sysroot prefixes the .pc's /usr paths with the fresh root, as for a cross build
    PKG_CONFIG_PATH=$fr/usr/lib/$ma/pkgconfig PKG_CONFIG_SYSROOT_DIR=$fr
    export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
    grep -q "^libdir=\${prefix}/lib/$ma\$" "$fr/usr/lib/$ma/pkgconfig/tlsexplain.pc" && grep -q '^prefix=/usr$' "$fr/usr/lib/$ma/pkgconfig/tlsexplain.pc" &&
        ok "tlsexplain.pc: prefix /usr, libdir \${prefix}/lib/$ma" || notok "tlsexplain.pc: $(head -n 4 "$fr/usr/lib/$ma/pkgconfig/tlsexplain.pc" | tr '\n' ' ')"
    [ "$(pkg-config --modversion tlsexplain 2>&1)" = "$version" ] && ok "pkg-config --modversion tlsexplain: $version" ||
        notok "pkg-config --modversion tlsexplain: $(pkg-config --modversion tlsexplain 2>&1)"
    ex=$tmp/example
    mkdir -p "$ex"
    cp "$fr/usr/share/doc/libtlsexplain-dev/examples/example.c" "$ex/example.c"
    if (cd "$ex" && ${CC:-cc} -std=c11 -Wall -Wextra -Werror -o example example.c $(pkg-config --cflags --libs tlsexplain)) >"$OUT/deb-example-cc.log" 2>&1; then
        ok "the installed example.c compiles with pkg-config --cflags --libs tlsexplain"
    else
        notok "the installed example.c does not compile:"; head -n 10 "$OUT/deb-example-cc.log" | sed 's/^/    /'
    fi
    if (cd "$ex" && ${CC:-cc} -std=c11 -o example-static example.c $(pkg-config --cflags tlsexplain) \
        "$fr/usr/lib/$ma/libtlsexplain.a" $(pkg-config --static --libs tlsexplain | sed 's/-ltlsexplain//')) >"$OUT/deb-example-static.log" 2>&1; then
        ok "the installed example.c links libtlsexplain.a with pkg-config --static --libs"
    else
        notok "the installed example.c does not link statically:"; head -n 10 "$OUT/deb-example-static.log" | sed 's/^/    /'
    fi
    LD_LIBRARY_PATH=$fr/usr/lib/$ma ldd "$ex/example" 2>/dev/null | grep -q "libtlsexplain.so.$sover => $fr/usr/lib/$ma/" &&
        ok "the example loads libtlsexplain.so.$sover of $lib" || notok "ldd example: $(LD_LIBRARY_PATH=$fr/usr/lib/$ma ldd "$ex/example" 2>&1 | grep tlsexplain)"
    for b in example example-static; do
        got=$(cd / && LD_LIBRARY_PATH=$fr/usr/lib/$ma "$ex/$b" "$log" 2>&1)
        [ "$got" = "$log: failure, top category expired" ] && ok "$b: $got" || notok "$b: '$got'"
    done
fi
finish
