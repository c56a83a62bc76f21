#!/bin/sh
# Rebuild tools/sweep/openjdk.tsv from unpacked JDK sources (src.zip of a JDK 17 and of a JDK 25):
#   sh tools/sweep/build-list.sh /path/to/jdk17-src /path/to/jdk25-src [/path/to/jdk8/jdk/src/share/classes]
# (the JDK 8 tree: the legacy stack of 8 before 8u261, e.g. a git archive of a jdk8u repository)
# Rows of messages nobody meets in a log (programming errors, DTLS/QUIC only) are dropped.
set -eu
here=$(dirname "$0")
dirs=$(grep -v '^#' "$here/dirs.txt")
tmp=${TMPDIR:-/tmp}/sweep.$$
mkdir -p "$tmp"
(cd "$1" && python3 "$OLDPWD/$here/extract.py" OpenJDK 17 . $dirs) > "$tmp/17.tsv"
(cd "$2" && python3 "$OLDPWD/$here/extract.py" OpenJDK 25 . $dirs) > "$tmp/25.tsv"
: > "$tmp/8.tsv"
if [ $# -ge 3 ]; then
    (cd "$3" && python3 "$OLDPWD/$here/extract.py" OpenJDK '8 legacy (before 8u261)' . \
        $(grep -v '^#' "$OLDPWD/$here/dirs8.txt")) > "$tmp/8.tsv"
fi
drop='^(UnsupportedOperationException|NullPointerException|IndexOutOfBoundsException|ClassCastException|ConcurrentModificationException|ShortBufferException|NumberFormatException|InvalidObjectException|ProviderException|RuntimeException|IllegalStateException|InvalidParameterException|EOFException)$'
filt() {
    awk -F'\t' -v drop="$drop" '
        $4 ~ drop { next }
        $3 ~ /DTLS|Quic|HelloCookie|\/ec\/|crypto\/provider/ && $4 ~ /^(IllegalArgumentException|InvalidKeyException|InvalidAlgorithmParameterException)$/ { next }
        $3 ~ /DTLS|Quic/ || $5 ~ /DTLS/ { next }
        $4 == "IllegalArgumentException" && $3 !~ /sun\/security\/ssl|javax\/net/ { next }
        { print }' "$1"
}
{
    printf '# stack\tversion\tsource file:line\texception class[/alert]\tmessage ({expr}: a value the source concatenates)\n'
    filt "$tmp/17.tsv"
    # messages of 25 whose text 17 does not have
    filt "$tmp/25.tsv" | awk -F'\t' 'NR==FNR { seen[$5] = 1; next } !($5 in seen)' "$tmp/17.tsv" -
    # messages of the legacy JDK 8 stack that neither has
    filt "$tmp/8.tsv" | awk -F'\t' 'FILENAME != "-" { seen[$5] = 1; next } !($5 in seen)' "$tmp/17.tsv" "$tmp/25.tsv" -
} > "$here/openjdk.tsv"
rm -rf "$tmp"
wc -l "$here/openjdk.tsv"
