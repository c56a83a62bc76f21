#!/bin/sh
# suite_framing.sh - the same TLS failures however they are printed
# (tests/framing/: constructed samples, see its README): each sample's
# top category (or success verdict) and a text its events dump must hold.
. "$(dirname "$0")/lib.sh"
dir=tests/framing
while IFS='	' read -r file cat outcome expect framing; do
    case $file in '#'* | '') continue ;; esac
    res=$("$TX" explain --format json "$dir/$file" 2>/dev/null | head -n 1)
    verdict=$(printf '%s' "$res" | sed -n 's/.*"verdict":"\([a-z]*\)".*/\1/p')
    top=$(printf '%s' "$res" | sed -n 's/.*"top_category":"\([a-z-]*\)".*/\1/p')
    if [ "$outcome" = success ]; then
        [ "$verdict" = success ] && ok "$file: success" || notok "$file: labelled success, got $verdict ${top:-}"
    elif [ "$top" = "$cat" ]; then
        ok "$file: $cat"
    else
        notok "$file: labelled $cat, diagnosed ${top:-nothing} ($verdict) [$framing]"
    fi
    if [ "$expect" != - ]; then
        if "$TX" events "$dir/$file" 2>/dev/null | grep -qF -- "$expect"; then
            ok "$file: events hold $expect"
        else
            notok "$file: events lack $expect"
        fi
    fi
done <"$dir/labels.tsv"
finish
