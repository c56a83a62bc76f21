# redact_names.awk - the names --redact must mask, from `tlsexplain events
# --format json` (unredacted) on stdin, one per line on stdout.
#
# Written apart from report/redact.c, on purpose: it reads the JSON the
# events command prints, not the parser's fields.  Collected:
#  - host, url (its host), the SNI name, SAN entries (DNS:, IP:; "*." cut);
#  - every attribute value of a subject, issuer or truststore subject (all
#    DN forms: "CN=a, O=b", "CN = a, O = b", quoted values), except C when it
#    is a two-letter country code and the placeholders people leave in
#    published logs: keytool's "Unknown", OpenSSL's prompt defaults "State"
#    and "Some-State", a "<hostname>" (or "<redacted>", "hidden", "masked")
#    put in for the real name, a template's "{HOST}";
#  - in exception and notice texts: DNs as above, "<host>", "matching X
#    found", "names: [a, b]", URLs, "UnknownHostException: X".
# A CN value also yields the dotted names in it ("Ops CA (ops.example)").

# jstr(s, i): decode the JSON string starting after the quote at s[i];
# sets JEND to the index after the closing quote.
function jstr(s, i,    out, c) {
    out = ""
    while (i <= length(s)) {
        c = substr(s, i, 1)
        if (c == "\\") {
            c = substr(s, i + 1, 1)
            if (c == "n") out = out "\n"; else if (c == "t") out = out "\t"
            else if (c == "u") { out = out "?"; i += 4 }
            else out = out c
            i += 2
            continue
        }
        if (c == "\"") { JEND = i + 1; return out }
        out = out c
        i++
    }
    JEND = i
    return out
}
function emit(v) {
    gsub(/^[ \t"]+|[ \t"]+$/, "", v)
    sub(/^\*\./, "", v)
    sub(/\.$/, "", v)
    if (v == "" || v == "Unknown" || v == "State" || v == "Some-State" || v == "hostname") return
    if (tolower(v) == "redacted" || tolower(v) == "hidden" || tolower(v) == "masked") return # a publisher's placeholder
    if (v ~ /^\{[A-Za-z_]+\}$/) return # a template's "{HOST}" left in a published message
    print v
}
function host(v) {
    sub(/^\*\./, "", v)
    if (index(v, "${")) return # an unresolved ${placeholder}, not a name
    emit(v)
}
function url(v) {
    if (!match(v, /:\/\/\[?[^\/:\]?"]+/)) return
    v = substr(v, RSTART + 3, RLENGTH - 3)
    sub(/^\[/, "", v)
    host(v)
}
# dn(s): every attribute value of the DNs in s
function dn(s,    rest, attr, val, m, q, k, c, depth, dotted) {
    rest = s
    while (match(rest, /(^|[^A-Za-z0-9])(CN|OU|O|L|ST|C|DC|STREET|EMAILADDRESS|E|SERIALNUMBER|UID|T) ?= ?/)) {
        m = substr(rest, RSTART, RLENGTH)
        attr = m
        gsub(/^[^A-Z]+|[ =]+$/, "", attr)
        rest = substr(rest, RSTART + RLENGTH)
        val = ""
        if (substr(rest, 1, 1) == "\"") {
            k = index(substr(rest, 2), "\"")
            val = k ? substr(rest, 2, k - 1) : substr(rest, 2)
            rest = k ? substr(rest, k + 2) : ""
        } else {
            depth = 0
            for (k = 1; k <= length(rest); k++) {
                c = substr(rest, k, 1)
                if (c == "\\") { k++; continue }
                if (c == "(") depth++
                else if (c == ")" && depth-- == 0) break
                else if (c == "," || c == ";" || c == "]" || c == "\n" || c == "+") break
            }
            val = substr(rest, 1, k - 1)
            rest = substr(rest, k)
            # free text after the last value: "C=US is not trusted"
            sub(/ (is|was|has|does|did|not|cannot|could|failed|found|and|for|from|in|to|with)( .*)?$/, "", val)
        }
        gsub(/\\/, "", val)
        if (attr == "C" && val ~ /^[A-Za-z][A-Za-z]$/) continue
        if (attr == "C" && val ~ /^[A-Za-z][A-Za-z] /) continue
        emit(val)
        dotted = val
        while (match(dotted, /[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+/)) {
            m = substr(dotted, RSTART, RLENGTH)
            if (m ~ /[A-Za-z]/) host(m)
            dotted = substr(dotted, RSTART + RLENGTH)
        }
    }
}
function text(s,    m, list, n, parts, k) {
    dn(s)
    t = s
    while (match(t, /<[^<> ]+>/)) {
        m = substr(t, RSTART + 1, RLENGTH - 2)
        # (a log pattern's "<service:thread:pid>" is no host: two colons and a
        # part that is not an IPv6 group)
        if (!(m ~ /:.*:/ && m ~ /(^|:)[^:]*[g-zG-Z_][^:]*(:|$)/)) host(m)
        t = substr(t, RSTART + RLENGTH)
    }
    t = s
    while (match(t, /matching (IP address )?[^ ]+ found/)) {
        m = substr(t, RSTART, RLENGTH)
        sub(/^matching (IP address )?/, "", m); sub(/ found$/, "", m)
        host(m)
        t = substr(t, RSTART + RLENGTH)
    }
    t = s
    while (match(t, /names: \[[^\]]*\]/)) {
        list = substr(t, RSTART + 8, RLENGTH - 9)
        n = split(list, parts, /, */)
        for (k = 1; k <= n; k++) host(parts[k])
        t = substr(t, RSTART + RLENGTH)
    }
    t = s
    while (match(t, /[a-z]+:\/\/[^ \/"]+/)) { url(substr(t, RSTART, RLENGTH)); t = substr(t, RSTART + RLENGTH) }
    if (match(s, /UnknownHostException: [^ :]+/)) host(substr(s, RSTART + 23, RLENGTH - 23))
}
{
    line = $0
    type = ""
    if (match(line, /"type":"[a-z]+"/)) type = substr(line, RSTART + 8, RLENGTH - 9)
    i = 1
    while ((k = index(substr(line, i), "\"")) > 0) {
        i += k
        key = jstr(line, i)
        i = JEND
        if (substr(line, i, 1) != ":") continue
        i++
        c = substr(line, i, 1)
        if (c == "\"") {
            vals[1] = jstr(line, i + 1); nv = 1; i = JEND
        } else if (c == "[") {
            nv = 0; i++
            while (substr(line, i, 1) == "\"") {
                vals[++nv] = jstr(line, i + 1); i = JEND
                if (substr(line, i, 1) == ",") i++
            }
        } else continue
        for (j = 1; j <= nv; j++) {
            v = vals[j]
            if (key == "host" || (key == "name" && type == "sni")) host(v)
            else if (key == "url") url(v)
            else if (key == "subject" || key == "issuer" || key == "subjects") dn(v)
            else if (key == "san") { sub(/^(DNS|IP|URI|email|EMAIL):/, "", v); host(v) }
            else if (key == "message" || key == "causes" || key == "root" || key == "error" || key == "text" || key == "reason") text(v)
        }
    }
}
