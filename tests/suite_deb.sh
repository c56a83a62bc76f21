#!/bin/sh
# The Debian packages (issue 15): debian/ agrees with the tree (version, soname, symbols,
# licence), `dpkg-buildpackage -us -uc -b` builds tlsexplain, libtlsexplain<SOVERSION> and
# libtlsexplain-dev in a copy of the tree (it writes to the parent directory; this checkout
# stays clean), lintian finds no error, each package holds what it should and no file is in
# two of them, and the packages installed in a fresh root work: the installed tlsexplain
# diagnoses a fixture as ./tlsexplain does, its rulebook is the tree's, man finds its pages,
# the bash completion parses, and docs/example.c as installed by libtlsexplain-dev compiles,
# links (shared and static) and runs with pkg-config alone.
#
# As root, with mmdebstrap or debootstrap (tools/setup-debian.sh installs mmdebstrap) and the
# mirror answering, the fresh root is real: a minimal Debian of this system's release
# (`mmdebstrap --variant=apt`: the Essential: yes packages and apt, 20-40 s from
# deb.debian.org; or `debootstrap --variant=minbase`) in a temporary directory, where
# `apt-get install -y ./tlsexplain_*.deb ./libtlsexplain*.deb` resolves the packages'
# dependencies from the mirror (10-20 s), the checks run, then gcc, pkg-config and man-db are
# installed (no Recommends, 7-10 s) for the example and `man -w`, and `apt-get purge` must
# leave no file of the packages.  Every command in that root runs chrooted in new mount and
# PID namespaces (unshare --mount --pid --kill-child): the /proc mounted there is never seen
# on the host, and when the suite is stopped the whole process tree dies with the namespace;
# the root is removed on exit without crossing into another file system.  The whole suite
# takes 2-2.5 min of wall time here (load 1-2, 2 cores), a minute more than the dpkg -x root.
# TX_DEB_MIRROR, TX_DEB_SECURITY and TX_DEB_SUITE change the mirrors and the release
# (default: deb.debian.org, this Debian's codename), TX_DEB_BOOTSTRAP=debootstrap prefers it.
#
# Otherwise (not root, neither tool, a mirror that does not answer, not Debian, no namespaces,
# or TX_DEB_CHROOT=no) the suite says so in one `skip - ...` line and the fresh root is `dpkg -x`
# of the three packages into a temporary directory: `apt-get -s install ./*.deb` (a
# simulation, no root needed) resolves the dependencies against this system, and the same
# checks run there with LD_LIBRARY_PATH, MANPATH, PKG_CONFIG_SYSROOT_DIR and PATH pointing
# into it.
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
# child: the unshare running in the background (the bootstrap, a command in the fresh root),
# stopped when the suite is: its namespace's processes die with it, its mounts with them.  The
# removal does not cross into another file system (were something mounted there after all).
child=
cleanup() {
    [ -n "$child" ] && kill "$child" 2>/dev/null && wait "$child" 2>/dev/null
    if grep -qF " $tmp/" /proc/self/mountinfo 2>/dev/null; then
        echo "suite_deb: something is mounted under $tmp: not removed" >&2
    else
        rm -rf --one-file-system "$tmp" 2>/dev/null || { sleep 1; rm -rf --one-file-system "$tmp"; }
    fi
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
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
# libhs (Hyperscan, Vectorscan) is C++: a static link of libtlsexplain.a needs libstdc++.a too
if pkg-config --exists libhs 2>/dev/null; then
    devdeps=$(dep "$pkgs/libtlsexplain-dev_${version}_$arch.deb")
    case $devdeps in *lib*scan-dev*libstdc++*-dev*) ok "libtlsexplain-dev depends on libhs's -dev package and a libstdc++ -dev: $devdeps" ;;
        *) notok "libtlsexplain-dev Depends lacks the libhs or the libstdc++ -dev package: $devdeps" ;; esac
fi
libdeps=$(dep "$pkgs/${lib}_${version}_$arch.deb")
case $libdeps in *libpcre2-8-0*libyaml-0-2*) ok "$lib depends on what it links (shlibs): $libdeps" ;;
    *) notok "$lib Depends: $libdeps" ;; esac
dpkg-deb --ctrl-tarfile "$pkgs/${lib}_${version}_$arch.deb" | tar -tf - | grep -qx './symbols' &&
    dpkg-deb --ctrl-tarfile "$pkgs/${lib}_${version}_$arch.deb" | tar -xOf - ./symbols | grep -q "^libtlsexplain.so.$sover $lib #MINVER#" &&
    ok "$lib ships its symbols file" || notok "$lib has no symbols file for libtlsexplain.so.$sover"

# ---- a fresh root: real (apt-get install in a bootstrapped chroot) or dpkg -x --------------
# why_not: why the packages cannot be installed for real here (empty: they can)
why_not=
suite=${TX_DEB_SUITE:-$(. /etc/os-release 2>/dev/null; [ "${ID:-}" = debian ] && echo "${VERSION_CODENAME:-}")}
mirror=${TX_DEB_MIRROR:-http://deb.debian.org/debian}
security=${TX_DEB_SECURITY:-http://deb.debian.org/debian-security}
# TX_DEB_BOOTSTRAP=debootstrap picks it over mmdebstrap (the faster: apt downloads in parallel)
strap=
for t in ${TX_DEB_BOOTSTRAP:-mmdebstrap debootstrap}; do
    command -v "$t" >/dev/null 2>&1 && { strap=$t; break; }
done
if [ "${TX_DEB_CHROOT:-yes}" = no ]; then why_not="TX_DEB_CHROOT=no"
elif [ "$(id -u)" -ne 0 ]; then why_not="not root"
elif [ -z "$strap" ]; then why_not="${TX_DEB_BOOTSTRAP:-neither mmdebstrap nor debootstrap} is not installed (tools/setup-debian.sh)"
elif ! command -v unshare >/dev/null 2>&1 || ! command -v chroot >/dev/null 2>&1; then why_not="unshare or chroot is missing"
elif [ -z "$suite" ]; then why_not="this system is not Debian: TX_DEB_SUITE names the release to bootstrap"
elif ! unshare --mount --pid --fork --kill-child --propagation private true >/dev/null 2>&1; then
    why_not="unshare --mount --pid fails here (a container without CAP_SYS_ADMIN?)"
elif command -v curl >/dev/null 2>&1 && ! curl -fsS --max-time 20 -o /dev/null "$mirror/dists/$suite/InRelease" >/dev/null 2>&1; then
    why_not="the mirror does not answer: $mirror/dists/$suite/InRelease"
elif ! command -v curl >/dev/null 2>&1 && command -v wget >/dev/null 2>&1 && ! wget -q -T 20 -O /dev/null "$mirror/dists/$suite/InRelease"; then
    why_not="the mirror does not answer: $mirror/dists/$suite/InRelease"
fi
fr=$tmp/root
fx=$tmp/fixture
mkdir -p "$fx" "$fr"
cp fixtures/lab/expired-leaf-tls13.log "$fx/"
gzip -c "$fx/expired-leaf-tls13.log" >"$fx/expired-leaf-tls13.log.gz"
# inroot SCRIPT: run SCRIPT with sh in the installed system.  Real: chrooted into $fr, in new
# mount and PID namespaces (its /proc, and the host's /dev - the root's own device nodes are
# dead where TMPDIR is mounted nodev - are mounted there only: nothing is mounted on the host,
# and the whole process tree dies with the namespace's first process when the suite is
# interrupted).  dpkg -x: here, with the paths of $fr first (R is the prefix of the
# installed files in SCRIPT: empty in the chroot, $fr here).
if [ -z "$why_not" ]; then
    R=
    fxin=/tmp/fixture
    inroot() {
        unshare --mount --pid --fork --kill-child --propagation private sh -c \
            'mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" && exec chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
                HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive sh -c "$2"' sh "$fr" "$1" </dev/null &
        child=$!
        wait $child
        _rc=$?
        child=
        return $_rc
    }
else
    R=$fr
    fxin=$fx
    inroot() {
        (cd / && env LD_LIBRARY_PATH="$fr/usr/lib/$ma" PATH="$fr/usr/bin:$PATH" MANPATH="$fr/usr/share/man" \
            PKG_CONFIG_PATH="$fr/usr/lib/$ma/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$fr" sh -c "$1")
    }
fi

if [ -z "$why_not" ]; then
    # mmdebstrap --variant=apt (Essential: yes and apt) or debootstrap --variant=minbase, both
    # under unshare: the /proc, /sys and /dev they mount in the root vanish with them
    t0=$(date +%s)
    sources="deb $mirror $suite main"
    case $suite in sid | unstable) ;; *) sources="$sources
deb $mirror $suite-updates main
deb $security $suite-security main" ;; esac
    if [ "$strap" = mmdebstrap ]; then
        unshare --mount --pid --fork --kill-child --propagation private \
            mmdebstrap --variant=apt --mode=root "$suite" "$fr" "$sources" >"$OUT/deb-bootstrap.log" 2>&1 </dev/null &
    else
        unshare --mount --pid --fork --kill-child --propagation private \
            debootstrap --variant=minbase "$suite" "$fr" "$mirror" >"$OUT/deb-bootstrap.log" 2>&1 </dev/null &
    fi
    child=$!
    wait $child
    rc=$?
    child=
    [ $rc -eq 0 ] && [ "$strap" = debootstrap ] && printf '%s\n' "$sources" >"$fr/etc/apt/sources.list"
    if [ $rc -eq 0 ] && [ -x "$fr/usr/bin/apt-get" ]; then
        ok "$strap: a fresh $suite root ($(($(date +%s) - t0)) s, $(chroot "$fr" dpkg-query -f '.\n' -W | wc -l) packages)"
    else
        notok "$strap $suite: exit $rc"; tail -n 8 "$OUT/deb-bootstrap.log" | sed 's/^/    /'; finish; exit 1
    fi
    mkdir -p "$fr/tmp/debs" "$fr/tmp/fixture"
    cp $debs "$fr/tmp/debs/"
    cp "$fx"/* "$fr/tmp/fixture/"
    # what a user types: the packages' own dependencies come from the mirror
    t0=$(date +%s)
    inroot 'apt-get update -q && cd /tmp/debs && apt-get install -y ./tlsexplain_*.deb ./libtlsexplain*.deb' >"$OUT/deb-apt-install.log" 2>&1
    rc=$?
    n=$(grep -c '^Setting up ' "$OUT/deb-apt-install.log")
    [ $rc -eq 0 ] && ok "apt-get install -y ./tlsexplain_*.deb ./libtlsexplain*.deb in it ($(($(date +%s) - t0)) s, $n packages set up)" ||
        { notok "apt-get install ./*.deb in the fresh root: exit $rc"; tail -n 8 "$OUT/deb-apt-install.log" | sed 's/^/    /'; finish; exit 1; }
    st=$(inroot "dpkg-query -f '\${Package} \${Version} \${db:Status-Abbrev}\n' -W tlsexplain $lib libtlsexplain-dev" 2>&1 | sed 's/ *$//' | LC_ALL=C sort | tr '\n' ' ')
    [ "$st" = "libtlsexplain-dev $version ii $lib $version ii tlsexplain $version ii " ] &&
        ok "dpkg: the three packages are installed ($version)" || notok "dpkg-query in the fresh root: $st"
    inroot 'apt-get check' >"$OUT/deb-apt-check.log" 2>&1 && ok "apt-get check: no broken dependency in the fresh root" ||
        notok "apt-get check: $(tail -n 3 "$OUT/deb-apt-check.log" | tr '\n' ' ')"
else
    skip "the packages are not installed with apt-get in a fresh root: $why_not; they are unpacked with dpkg -x instead"
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
    for deb in $debs; do dpkg -x "$deb" "$fr" || notok "dpkg -x ${deb##*/}"; done
fi

# ---- the installed tlsexplain -------------------------------------------------------------
got=$(inroot 'tlsexplain --version' 2>&1 | head -n 1)
[ "$got" = "tlsexplain $version" ] && ok "the installed tlsexplain --version: $got" || notok "installed --version: '$got'"
[ "$(inroot 'command -v tlsexplain' 2>&1)" = "$R/usr/bin/tlsexplain" ] && ok "tlsexplain is $R/usr/bin/tlsexplain" ||
    notok "command -v tlsexplain: $(inroot 'command -v tlsexplain' 2>&1)"
inroot "LC_ALL=C ldd $R/usr/bin/tlsexplain" >"$OUT/deb-ldd.txt" 2>&1
grep -q 'not found' "$OUT/deb-ldd.txt" && notok "the installed binary misses libraries: $(grep 'not found' "$OUT/deb-ldd.txt" | tr '\n' ' ')" ||
    ok "the installed binary finds every library it needs"
# the fixture, by a relative name in a directory of its own: the report names no other path
txa=$(cd "$(dirname "$TX")" && pwd)/$(basename "$TX")
(cd "$fx" && "$txa" --no-config --format json expired-leaf-tls13.log) >"$OUT/deb-tree.json" 2>&1
want=$(jq -r '[.findings[] | select(.kind == "cause")][0].id' "$OUT/deb-tree.json" 2>/dev/null)
inroot "cd $fxin && tlsexplain --no-config --format json expired-leaf-tls13.log" >"$OUT/deb-explain.json" 2>&1
got=$(jq -r '[.findings[] | select(.kind == "cause")][0].id' "$OUT/deb-explain.json" 2>/dev/null)
[ -n "$want" ] && [ "$want" != null ] && [ "$got" = "$want" ] &&
    ok "the installed tlsexplain: expired-leaf-tls13.log, first cause $got, as ./tlsexplain" ||
    notok "the installed tlsexplain on expired-leaf-tls13.log: first cause '$got', ./tlsexplain's '$want': $(head -c 300 "$OUT/deb-explain.json")"
cmp -s "$OUT/deb-tree.json" "$OUT/deb-explain.json" && ok "the installed binary's JSON report is the tree's, byte for byte" ||
    notok "the installed binary's JSON report differs from ./tlsexplain's"
got=$(inroot "cd $fxin && tlsexplain --no-config --format json expired-leaf-tls13.log.gz" 2>&1 |
    jq -r '[.findings[] | select(.kind == "cause")][0].id' 2>/dev/null)
[ "$got" = "$want" ] && ok "and on expired-leaf-tls13.log.gz (zlib): first cause $got" || notok "the installed tlsexplain on the .gz copy: '$got'"
inroot "cd $fxin && tlsexplain --no-config --color never expired-leaf-tls13.log" >"$OUT/deb-explain.txt" 2>&1
sed -n '/^Causes/,$p' "$OUT/deb-explain.txt" | grep -m 1 '^1\. ' | grep -q 'expired' &&
    grep -q '^ *\[expired\] confidence' "$OUT/deb-explain.txt" && grep -q 'expired-leaf-tls13.log:[0-9]' "$OUT/deb-explain.txt" &&
    ok "its text report: cause 1 is the expired certificate, with evidence lines" ||
    notok "installed text report: $(grep -m 3 -A 2 '^Causes' "$OUT/deb-explain.txt" | tr '\n' ' ')"
miss=
for f in rules/tls/*.yaml; do cmp -s "$f" "$fr/usr/share/tlsexplain/rules/${f##*/}" || miss="$miss ${f##*/}"; done
[ -z "$miss" ] && ok "/usr/share/tlsexplain/rules is the tree's rulebook" || notok "installed rule files differ:$miss"
inroot "tlsexplain rules check $R/usr/share/tlsexplain/rules" >"$OUT/deb-rules-check.txt" 2>&1 &&
    ok "the installed rule files pass rules check" || notok "rules check of the installed rules: $(tail -n 2 "$OUT/deb-rules-check.txt")"
# the same rules, whichever order they load in (a rule from --rules names its file at the end)
inroot 'tlsexplain rules list --no-config' 2>&1 | LC_ALL=C sort >"$OUT/deb-rules-embedded.txt"
inroot "tlsexplain rules list --no-config --no-builtin --rules $R/usr/share/tlsexplain/rules" 2>&1 |
    sed 's/  \[--rules [^]]*\]$//' | LC_ALL=C sort >"$OUT/deb-rules-files.txt"
a=$(grep -c '^[a-z0-9][a-z0-9-]*  *[a-z]' "$OUT/deb-rules-embedded.txt")
[ "$a" -gt 0 ] && [ "$a" -eq "$(wc -l <"$OUT/deb-rules-embedded.txt")" ] && cmp -s "$OUT/deb-rules-embedded.txt" "$OUT/deb-rules-files.txt" &&
    ok "the installed rule files are the embedded rulebook (rules list: the same $a rules)" ||
    notok "rules list: the embedded rules ($a) and those of /usr/share/tlsexplain/rules differ: $(diff "$OUT/deb-rules-embedded.txt" "$OUT/deb-rules-files.txt" | grep '^[<>]' | head -n 3 | tr '\n' ' ')"
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
inroot "bash -n $R/usr/share/bash-completion/completions/tlsexplain" >/dev/null 2>&1 && ok "the installed bash completion parses" ||
    notok "the installed bash completion does not parse"

# ---- the man pages and libtlsexplain-dev: the installed example, with pkg-config alone ------
# ex: the example's directory as the commands in the installed system see it, exh from here
ex=/tmp/example exh=$fr/tmp/example
if [ -z "$why_not" ]; then
    # what the checks need besides the packages (no Recommends: cc, pkg-config, man)
    t0=$(date +%s)
    inroot 'apt-get install -y --no-install-recommends gcc libc6-dev pkg-config man-db' >"$OUT/deb-apt-tools.log" 2>&1 &&
        ok "apt-get install gcc pkg-config man-db in the fresh root ($(($(date +%s) - t0)) s)" ||
        { notok "apt-get install gcc pkg-config man-db: $(tail -n 3 "$OUT/deb-apt-tools.log" | tr '\n' ' ')"; finish; exit 1; }
else
    ex=$tmp/example exh=$tmp/example
    command -v man >/dev/null 2>&1 || skip "man is not installed: man -w is not checked"
    command -v pkg-config >/dev/null 2>&1 || notok "pkg-config is not installed (a build dependency: tools/setup-debian.sh)"
fi
mkdir -p "$exh"
if [ -z "$why_not" ] || command -v man >/dev/null 2>&1; then
    got=$(inroot 'man -w tlsexplain; man -w 3 tlsexplain' 2>&1 | tr '\n' ' ')
    [ "$got" = "$R/usr/share/man/man1/tlsexplain.1.gz $R/usr/share/man/man3/tlsexplain.3.gz " ] &&
        ok "man -w finds tlsexplain(1) and tlsexplain(3)" || notok "man -w tlsexplain: $got"
fi
if [ -z "$why_not" ] || command -v pkg-config >/dev/null 2>&1; then
    # dpkg -x: the sysroot prefixes the .pc's /usr paths with the fresh root, as for a cross build
    grep -q "^libdir=\${prefix}/lib/$ma\$" "$fr/usr/lib/$ma/pkgconfig/tlsexplain.pc" && grep -q '^prefix=/usr$' "$fr/usr/lib/$ma/pkgconfig/tlsexplain.pc" &&
        ok "tlsexplain.pc: prefix /usr, libdir \${prefix}/lib/$ma" || notok "tlsexplain.pc: $(head -n 4 "$fr/usr/lib/$ma/pkgconfig/tlsexplain.pc" | tr '\n' ' ')"
    got=$(inroot 'pkg-config --modversion tlsexplain' 2>&1)
    [ "$got" = "$version" ] && ok "pkg-config --modversion tlsexplain: $version" || notok "pkg-config --modversion tlsexplain: $got"
    cp "$fr/usr/share/doc/libtlsexplain-dev/examples/example.c" "$exh/example.c"
    cc=cc
    [ -n "$why_not" ] && cc=${CC:-cc}
    if inroot "cd $ex && $cc -std=c11 -Wall -Wextra -Werror -o example example.c \$(pkg-config --cflags --libs tlsexplain)" >"$OUT/deb-example-cc.log" 2>&1; then
        ok "the installed example.c compiles with pkg-config --cflags --libs tlsexplain"
    else
        notok "the installed example.c does not compile:"; head -n 10 "$OUT/deb-example-cc.log" | sed 's/^/    /'
    fi
    if inroot "cd $ex && $cc -std=c11 -o example-static example.c \$(pkg-config --cflags tlsexplain) \
        $R/usr/lib/$ma/libtlsexplain.a \$(pkg-config --static --libs tlsexplain | sed 's/-ltlsexplain//')" >"$OUT/deb-example-static.log" 2>&1; then
        ok "the installed example.c links libtlsexplain.a with pkg-config --static --libs"
    else
        notok "the installed example.c does not link statically:"; head -n 10 "$OUT/deb-example-static.log" | sed 's/^/    /'
    fi
    inroot "ldd $ex/example" 2>/dev/null | grep -q "libtlsexplain.so.$sover => $R\(/usr\)\{0,1\}/lib/$ma/" &&
        ok "the example loads libtlsexplain.so.$sover of $lib" || notok "ldd example: $(inroot "ldd $ex/example" 2>&1 | grep tlsexplain)"
    for b in example example-static; do
        got=$(inroot "cd $fxin && $ex/$b expired-leaf-tls13.log" 2>&1)
        [ "$got" = "expired-leaf-tls13.log: failure, top category expired" ] && ok "$b: $got" || notok "$b: '$got'"
    done
fi

# ---- removal ------------------------------------------------------------------------------
if [ -z "$why_not" ]; then
    inroot "apt-get purge -y tlsexplain $lib libtlsexplain-dev" >"$OUT/deb-apt-purge.log" 2>&1 &&
        ok "apt-get purge -y tlsexplain $lib libtlsexplain-dev" || notok "apt-get purge: $(tail -n 3 "$OUT/deb-apt-purge.log" | tr '\n' ' ')"
    st=$(inroot "dpkg-query -f '\${Package} \${db:Status-Abbrev}\n' -W tlsexplain $lib libtlsexplain-dev" 2>/dev/null | grep -v ' un *$')
    [ -z "$st" ] && ok "dpkg knows none of the three any more" || notok "still known to dpkg: $(echo "$st" | tr '\n' ' ')"
    left=$( (cd "$fr" && find . -path ./tmp -prune -o -name '*tlsexplain*' -print) | sed 's|^\.||' | tr '\n' ' ')
    for p in tlsexplain "$lib" libtlsexplain-dev; do
        while IFS= read -r f; do [ -e "$fr$f" ] || [ -L "$fr$f" ] && left="$left $f"; done <"$OUT/deb-$p.files"
    done
    [ -z "$left" ] && ok "no file of the packages and no *tlsexplain* path is left in the root" || notok "left after purge: $left"
    grep -qF " $tmp/" /proc/self/mountinfo && notok "something is mounted under $tmp on the host" ||
        ok "nothing is mounted under the fresh root on the host"
fi
finish
