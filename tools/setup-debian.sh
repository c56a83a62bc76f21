#!/bin/sh
# setup-debian.sh - install what tlsexplain needs on Debian 12 (as root or
# with sudo), then build.  Safe to run again.
#
#   build:   pkg-config (also for programs that embed libtlsexplain:
#            pkg-config --cflags --libs tlsexplain) libpcre2-dev libyaml-dev; zlib1g-dev libzstd-dev
#            liblzma-dev libbz2-dev (compressed inputs); and the multi-literal
#            prefilter: libhyperscan-dev (x86-64) or libvectorscan-dev
#            (other architectures); without either the built-in
#            Aho-Corasick prefilter is used.
#   tests:   valgrind (a few fixtures run under it), jq (compare JSON
#            checks), strace (the no-network/no-exec checks), openssl and a
#            Java runtime (the capture command against loopback servers);
#            zsh and fish (the generated shell completions are checked);
#            gzip zstd xz-utils bzip2 (compressed copies of the fixtures);
#            python3-jsonschema (the SARIF output against the official schema);
#            time (/usr/bin/time: peak memory of compressed inputs); binutils
#            from build-essential (nm -D, readelf: the exports and soname of
#            libtlsexplain.so); dpkg-dev debhelper lintian fakeroot (the
#            Debian packages: dpkg-buildpackage, lintian; tests/suite_deb.sh);
#            mmdebstrap (as root, suite_deb installs the packages with apt-get
#            in a fresh minimal Debian root it bootstraps from the mirror);
#            chromium (the HTML report opened headless: tests/suite_html.sh);
#            the fuzz targets' regression replay is plain C (clang and
#            libclang-rt-14-dev only for `make fuzz`)
set -eu
cd "$(dirname "$0")/.."
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
pkgs="build-essential pkg-config libpcre2-dev libyaml-dev zlib1g-dev libzstd-dev liblzma-dev libbz2-dev gzip zstd xz-utils bzip2 valgrind jq strace openssl openjdk-17-jre-headless zsh fish python3-jsonschema time binutils dpkg-dev debhelper lintian fakeroot mmdebstrap chromium"
case "$(dpkg --print-architecture 2>/dev/null || uname -m)" in
    amd64|x86_64) pkgs="$pkgs libhyperscan-dev" ;;
    *) pkgs="$pkgs libvectorscan-dev" ;;
esac
missing=
for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
make -s
