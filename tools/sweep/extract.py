#!/usr/bin/env python3
"""List the failure messages of a JDK source tree (src.zip unpacked) as TSV rows.

Usage: extract.py STACK VERSION ROOT [DIR ...]   (DIRs relative to ROOT)

Finds fatal(Alert.X, ...) calls and `new <Something>Exception(...)` constructions,
renders the message argument: string literals kept, every other operand of a
concatenation written as {expr}. Output columns: stack, version, file:line,
exception class (or alert), message.  Facts only: the rows are read from the source.
"""
import os, re, sys

HANDSHAKE_ONLY = set("""handshake_failure no_certificate bad_certificate unsupported_certificate
certificate_revoked certificate_expired certificate_unknown illegal_parameter unknown_ca
access_denied decode_error decrypt_error export_restriction protocol_version
insufficient_security no_renegotiation missing_extension unsupported_extension
certificate_unobtainable unrecognized_name bad_certificate_status_response
bad_certificate_hash_value unknown_psk_identity certificate_required no_application_protocol""".split())

START = re.compile(r'\b(fatal\s*\(\s*Alert\.([A-Z_]+)\s*,|new\s+([A-Za-z.]*Exception)\s*\(|'
                   r'(?:context|shc|chc|hc|tc|conContext|transport)\.fatal\s*\(\s*Alert\.([A-Z_]+)\s*,|'
                   r'fatal(?:SE)?\s*\(\s*Alerts\.alert_([a-z_]+)\s*,)')

# JDK 8 before 8u261 (sun.security.ssl.Alerts.getSSLException): these alerts make an
# SSLHandshakeException, every other one a plain SSLException.
LEGACY_HANDSHAKE = set('''handshake_failure no_certificate bad_certificate unsupported_certificate
certificate_revoked certificate_expired certificate_unknown unknown_ca access_denied decrypt_error
export_restriction insufficient_security unsupported_extension certificate_unobtainable
unrecognized_name bad_certificate_status_response bad_certificate_hash_value
no_application_protocol'''.split())

def args_until_close(s, i):
    """Return text from i up to the parenthesis that closes the call (depth 0)."""
    depth, j, n = 1, i, len(s)
    while j < n:
        c = s[j]
        if c == '"':
            j += 1
            while j < n and s[j] != '"':
                j += 2 if s[j] == '\\' else 1
        elif c == "'":
            j += 1
            while j < n and s[j] != "'":
                j += 2 if s[j] == '\\' else 1
        elif c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                return s[i:j]
        j += 1
    return s[i:]

def split_top(s, sep):
    out, depth, cur, j = [], 0, [], 0
    while j < len(s):
        c = s[j]
        if c == '"':
            k = j + 1
            while k < len(s) and s[k] != '"':
                k += 2 if s[k] == '\\' else 1
            cur.append(s[j:k+1]); j = k + 1; continue
        if c in '([{': depth += 1
        if c in ')]}': depth -= 1
        if c == sep and depth == 0:
            out.append(''.join(cur)); cur = []
        else:
            cur.append(c)
        j += 1
    out.append(''.join(cur))
    return out

def render(arg):
    arg = re.sub(r'//[^\n]*', '', arg)
    parts = split_top(arg, '+')
    out, lit = [], False
    for p in parts:
        p = ' '.join(p.split())
        m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', p)
        if m:
            out.append(m.group(1).replace('\\"', '"').replace('\\n', ' ')); lit = True
        elif p:
            out.append('{' + p + '}')
    return ''.join(out) if lit else None

def alert_name(const):
    return const.lower() if const != 'CERT_UNOBTAINABLE' else 'certificate_unobtainable'

def main():
    stack, version, root = sys.argv[1:4]
    dirs = sys.argv[4:] or ['.']
    paths = []
    for d in dirs:
        full = os.path.join(root, d)
        if os.path.isfile(full):
            paths.append(full)
        for dp, _, fs in sorted(os.walk(full)):
            paths.extend(os.path.join(dp, f) for f in sorted(fs) if f.endswith('.java'))
    if True:
        for path in paths:
            if True:
                src = open(path, encoding='utf-8', errors='replace').read()
                rel = os.path.relpath(path, root)
                for m in START.finditer(src):
                    line = src.count('\n', 0, m.start()) + 1
                    body = args_until_close(src, m.end())
                    alert = m.group(2) or m.group(4)
                    if m.group(5):
                        a = m.group(5)
                        cls = 'SSLHandshakeException' if a in LEGACY_HANDSHAKE else 'SSLException'
                        args = split_top(body, ',')
                        msg = render(args[0]) if args else None
                        kind = cls + '/' + a
                    elif alert:
                        a = alert_name(alert)
                        cls = ('SSLProtocolException' if a == 'unexpected_message' else
                               'SSLHandshakeException' if a in HANDSHAKE_ONLY else 'SSLException')
                        args = split_top(body, ',')
                        msg = render(args[0]) if args else None
                        kind = cls + '/' + a
                    else:
                        cls = m.group(3)
                        args = split_top(body, ',')
                        msg = render(args[0]) if args and args[0].strip() else None
                        kind = cls
                    if msg is None:
                        continue
                    msg = msg.replace('\t', ' ')
                    print('\t'.join([stack, version, '%s:%d' % (rel, line), kind, msg]))

main()
