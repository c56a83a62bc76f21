#!/bin/sh
# Message-space sweep: feed every sample of tools/sweep/messages.tsv (column 6)
# to tlsexplain with one `at` frame and classify the top finding:
#   a = a specific rule, b = only a fallback/generic rule (rules/tls/fallback.yaml,
#   *-detail-hidden, class-*, words-*), c = no finding at all.
# Usage: sh tools/sweep/sweep-stacks.sh [-v] [TSV]   (-v: one line per message)
# Prints counts per stack and in total; TLSEXPLAIN overrides the binary.
TX=${TLSEXPLAIN:-./tlsexplain}
verbose=no
[ "$1" = -v ] && { verbose=yes; shift; }
tsv=${1:-tools/sweep/messages.tsv}
tab=$(printf '\t')
generic=$(sed -n 's/^  - id: //p' rules/tls/fallback.yaml | tr '\n' ' ')
while IFS="$tab" read -r stack version src cls msg sample; do
    case $stack in ''|'#'*) continue ;; esac
    top=$(printf '%s\n\tat com.example.client.Api.call(Api.java:42)\n' "$sample" |
        "$TX" --format json - 2>/dev/null |
        sed -n 's/.*"findings":\[{"id":"\([^"]*\)".*/\1/p')
    if [ -z "$top" ]; then k=c
    else
        case " $generic " in
        *" $top "*) k=b ;;
        *) case $top in
           *-detail-hidden|class-*|words-*) k=b ;;
           *) k=a ;;
           esac ;;
        esac
    fi
    [ $verbose = yes ] && printf '%s\t%s\t%s\t%s\n' "$k" "${top:--}" "$stack" "$msg"
    printf '%s\t%s\n' "$k" "${stack%% (*}" >&3
done < "$tsv" 3>&1 >/dev/null 1>&2 | awk -F'\t' '
    { n[$2]++; c[$2,$1]++; t[$1]++; all++ }
    END {
        for (s in n) printf "%-40s a %3d  b %3d  c %3d  (of %d)\n", s, c[s,"a"], c[s,"b"], c[s,"c"], n[s]
        printf "%-40s a %3d  b %3d  c %3d  (of %d)\n", "TOTAL", t["a"], t["b"], t["c"], all
    }' | sort
