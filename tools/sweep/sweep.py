#!/usr/bin/env python3
"""Measure how the rulebook answers each message of tools/sweep/*.tsv.

Usage: sweep.py TLSEXPLAIN MESSAGES.tsv [OUT.tsv]
For each row (stack, version, where, class[/alert], message) a sample line is made:
{expr} operands are filled with plausible values, the exception class is written
in front as the stack prints it.  The sample goes through `TLSEXPLAIN --format json -`;
the first cause classifies the row:  a = a specific rule,  b = only a fallback or
generic rule,  c = no cause at all.  Prints the counts; OUT gets one row per message.
"""
import json, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

GENERIC = {'certificate-exception-generic', 'pkix-validation-failed-generic',
           'handshake-failed-detail-hidden', 'weak-chain-failure-reason-hidden'}

PKG = {
    'SSLHandshakeException': 'javax.net.ssl', 'SSLException': 'javax.net.ssl',
    'SSLProtocolException': 'javax.net.ssl', 'SSLPeerUnverifiedException': 'javax.net.ssl',
    'SSLKeyException': 'javax.net.ssl', 'CertPathValidatorException': 'java.security.cert',
    'CertificateException': 'java.security.cert', 'CertificateParsingException': 'java.security.cert',
    'CertificateExpiredException': 'java.security.cert',
    'CertificateNotYetValidException': 'java.security.cert',
    'CertificateEncodingException': 'java.security.cert', 'CertStoreException': 'java.security.cert',
    'CertPathBuilderException': 'java.security.cert', 'CRLException': 'java.security.cert',
    'ValidatorException': 'sun.security.validator',
    'SunCertPathBuilderException': 'sun.security.provider.certpath',
    'KeyStoreException': 'java.security', 'UnrecoverableKeyException': 'java.security',
    'InvalidAlgorithmParameterException': 'java.security', 'InvalidKeyException': 'java.security',
    'NoSuchAlgorithmException': 'java.security', 'SignatureException': 'java.security',
    'KeyManagementException': 'java.security', 'GeneralSecurityException': 'java.security',
    'ProviderException': 'java.security', 'InvalidParameterException': 'java.security',
    'BadPaddingException': 'javax.crypto', 'AEADBadTagException': 'javax.crypto',
    'IllegalBlockSizeException': 'javax.crypto', 'NoSuchPaddingException': 'javax.crypto',
    'ShortBufferException': 'javax.crypto',
    'IOException': 'java.io', 'EOFException': 'java.io', 'SocketException': 'java.net',
}

FILL = [  # (regex on the operand, value); first match wins
    (r'(?i)protocol|version|\bpv\b|negotiated', 'TLSv1.1'),
    (r'(?i)suite|cipher', 'TLS_RSA_WITH_AES_128_CBC_SHA'),
    (r'(?i)group|curve|namedGroup|ng\b', 'secp256r1'),
    (r'(?i)scheme|sigAlg|signAlg|signature', 'SHA1withRSA'),
    (r'(?i)hostname|host|expectedName|serverName|\bname\b|sni', 'db.example.com'),
    (r'(?i)ipaddress|\bip\b|addr', '10.0.0.5'),
    (r'(?i)alias', 'server'),
    (r'(?i)date|time|notAfter|notBefore', 'Mon Jan 01 00:00:00 UTC 2024'),
    (r'(?i)keysize|size|length|len\b|bits', '1024'),
    (r'(?i)alg|algorithm|keyAlg', 'RSA'),
    (r'(?i)subject|issuer|principal|dn\b', 'CN=db.example.com, O=Example'),
    (r'(?i)type', 'PKCS12'),
    (r'(?i)ext|extension|oid', '2.5.29.15'),
    (r'(?i)status|reason', 'UNKNOWN'),
    (r'(?i)url|uri|responder|location', 'http://ocsp.example.com'),
    (r'(?i)cert|chain', '[CN=db.example.com]'),
    (r'(?i)id\b|ID', '0x1234'),
    (r'(?i)msg|message|getMessage|cause|e\b', 'java.io.EOFException'),
]

# `msg` of the certpath checkers is the name of the check (read from each checker's source)
FILL_BY_FILE = [
    (r'BasicChecker.java:1[6-7]\d', {'msg': 'signature'}),
    (r'BasicChecker.java:(?:1[89]|20)\d', {'msg': 'validity'}),
    (r'BasicChecker.java:2[1-9]\d', {'msg': 'subject/issuer name chaining'}),
    (r'ConstraintsChecker.java:1\d\d', {'msg': 'name constraints'}),
    (r'ConstraintsChecker.java:2\d\d', {'msg': 'basic constraints'}),
    (r'KeyChecker.java', {'msg': 'CA key usage'}),
    (r'PolicyChecker.java', {'msg': 'certificate policies'}),
    (r'TLSPolicy.java', {'date': '2019-04-16', 'distrustDate': '2019-04-16', 'notBefore': '2019-04-16'}),
]

def fill(msg, where=''):
    local = {}
    for rx, vals in FILL_BY_FILE:
        if re.search(rx, where):
            local = vals
            break
    def one(m):
        expr = m.group(1)
        for k, v in local.items():
            if re.search(r'\b' + k + r'\b', expr):
                return v
        for rx, v in FILL:
            if re.search(rx, expr):
                return v
        return 'value'
    return re.sub(r'\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}', one, msg)

def sample(cls, msg, where=''):
    base = cls.split('/')[0]
    pkg = PKG.get(base, 'java.lang')
    return '%s.%s: %s' % (pkg, base, fill(msg, where))

def classify(exe, line):
    p = subprocess.run([exe, '--no-config', '--format', 'json', '-'], input=line.encode() + b'\n',
                       capture_output=True)
    try:
        rep = json.loads(p.stdout)
    except ValueError:
        return 'c', '(no json)'
    causes = [f for f in rep.get('findings', []) if f.get('kind') in ('cause', 'fallback')]
    if not causes:
        return 'c', '-'
    first = causes[0]
    fid = first['id']
    kind = first.get('kind')
    # a fallback rule reports kind "cause"; tell it by its id family
    if kind == 'fallback' or fid in GENERIC or fid.startswith(('class-', 'words-')):
        return 'b', fid
    return 'a', fid

LOG_CLASSES = re.compile(r'^(SSL\w*Exception|CertPathValidatorException|ValidatorException|'
                         r'CertificateException|CertificateExpiredException|CertificateNotYetValidException|'
                         r'SunCertPathBuilderException|KeyStoreException|UnrecoverableKeyException|'
                         r'KeyManagementException|BadPaddingException|AEADBadTagException|SignatureException)')

def tier(row):
    """'handshake': a class a failing handshake or store load throws to the program (what real
    logs show); 'api': argument checks, stream and socket state, DER internals."""
    cls = row[3].split('/')[0]
    if LOG_CLASSES.match(cls):
        return 'handshake'
    if cls == 'IOException' and re.search(r'pkcs12|JavaKeyStore|KeyStore.java|OCSPResponse|KeyProtector', row[2]):
        return 'handshake'
    return 'api'

def main():
    exe, tsv = sys.argv[1], sys.argv[2]
    out = open(sys.argv[3], 'w') if len(sys.argv) > 3 else None
    rows = []
    for l in open(tsv, encoding='utf-8'):
        if l.startswith('#') or not l.strip():
            continue
        f = l.rstrip('\n').split('\t')
        rows.append(f)
    samples = [f[5] if len(f) > 5 and f[5] else sample(f[3], f[4], f[2]) for f in rows]
    with ThreadPoolExecutor(max_workers=2) as ex:
        res = list(ex.map(lambda s: classify(exe, s), samples))
    counts = {'a': 0, 'b': 0, 'c': 0}
    by_tier = {}
    for f, s, (c, fid) in zip(rows, samples, res):
        counts[c] += 1
        t = tier(f)
        by_tier.setdefault(t, {'a': 0, 'b': 0, 'c': 0})[c] += 1
        if out:
            out.write('\t'.join([c, fid, f[2], f[3], s, t]) + '\n')
    total = len(rows)
    print('%d messages: %d specific (a), %d fallback/generic only (b), %d no cause (c)'
          % (total, counts['a'], counts['b'], counts['c']))
    for t in sorted(by_tier):
        n = by_tier[t]
        print('  %-9s %4d: a %d, b %d, c %d' % (t, sum(n.values()), n['a'], n['b'], n['c']))

main()
