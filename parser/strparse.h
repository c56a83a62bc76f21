/*
 * strparse.h - small helpers on (ptr, len) views, curl strparse style.
 *
 * Nothing here assumes NUL termination or valid UTF-8.  Cursor helpers
 * take (const char **p, const char *end), advance *p on success and
 * return 0; on failure they return non-zero and leave *p alone, so they
 * chain with ||.
 */
#ifndef TX_STRPARSE_H
#define TX_STRPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t n;
} txi_sv;

static inline txi_sv txi_sv_make(const char *p, size_t n)
{
    txi_sv v = {p, n};
    return v;
}

/* FNV-1a (32 bits) over [s, s+n), going on from h: TXI_FNV1A_INIT to start.  The
 * one byte hash of the tree's small tables (threads, redacted names, rule ids,
 * literals, report file ids); TXI_FNV1A_STEP adds one byte. */
#define TXI_FNV1A_INIT 2166136261u
#define TXI_FNV1A_STEP(h, c) (((h) ^ (unsigned char)(c)) * 16777619u)
static inline uint32_t txi_fnv1a(const char *s, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++)
        h = TXI_FNV1A_STEP(h, s[i]);
    return h;
}

/* A 64-bit hash of [s, s+n) eight bytes at a time, never 0 (0 can mark an
 * empty slot): the key of the caches of texts met again (rules/prefilter.c
 * txr_scancache, rules/rxcache.c). */
static inline uint64_t txi_text_hash(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 32;
    return h ? h : 1;
}

/* Does [p, p+n) start with the literal lit?  ("" lit: only a string literal
 * compiles - a pointer's sizeof would compare the wrong number of bytes.) */
#define SV_STARTS(p, n, lit) ((n) >= sizeof("" lit) - 1 && memcmp((p), (lit), sizeof("" lit) - 1) == 0)
#define SV_EQ(p, n, lit) ((n) == sizeof("" lit) - 1 && memcmp((p), (lit), sizeof("" lit) - 1) == 0)

/* First occurrence of needle in hay, or NULL. */
const char *txi_memmem(const char *hay, size_t hn, const char *needle, size_t nn);
#define SV_FIND(p, n, lit) txi_memmem((p), (n), (lit), sizeof("" lit) - 1)
/* txi_memmem that looks for needle[k] first: for a needle whose first byte
 * is common in log lines ("e", ":", "-", "j") and byte k rarer, on paths
 * that search every line. */
const char *txi_memmem_at(const char *hay, size_t hn, const char *needle, size_t nn, size_t k);

/* Trim ASCII blanks (space, tab, CR, LF) on both ends.  (Inline: every
 * body line of a debug log is trimmed.) */
static inline int txi_is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static inline txi_sv txi_sv_trim(txi_sv v)
{
    while (v.n && txi_is_blank(v.p[0])) {
        v.p++;
        v.n--;
    }
    while (v.n && txi_is_blank(v.p[v.n - 1]))
        v.n--;
    return v;
}

/* A hex digit: what isxdigit() accepts in every locale, without its table
 * lookup (hex-dump rows are recognised on every line). */
static inline int txi_is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}
/* k ASCII digits at q (before end)?  The timestamp and frame recognisers
 * of several dialects ask it. */
static inline int txi_digits_at(const char *q, const char *end, size_t k)
{
    if ((size_t)(end - q) < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (q[i] < '0' || q[i] > '9')
            return 0;
    return 1;
}
/* SSLLogger headers.  The JDK's SSLLogger (JDK 11+, the 8u TLS 1.3 backport)
 * starts every compact record with its logger's name and a '|':
 * "javax.net.ssl|LEVEL|tid|thread|time|File.java:N|message".  Forks of the
 * JSSE print the same record under their own logger's name; the known ones
 * are a table in strparse.c (docs/dialects.md gives each name's source), not
 * any "x.y.ssl|": a pipe-separated application layout under a logger named
 * like a package ending in "ssl" is not SSLLogger output.
 *
 * txi_ssllogger_prefix(s, n): the length of the name and its '|' when (s, n)
 * starts with a known SSLLogger header name ("javax.net.ssl|": 14), else 0.
 * It is asked of every line, so it is one byte compare per candidate first
 * letter: "javax.net.ssl|" is the first test, and a fork's name is compared
 * (out of line) only on a line whose first byte starts one of them
 * (TXI_SSLLOGGER_FORK_START).  Other lines - body lines, hex rows, blanks,
 * most application lines - cost a length test and two byte compares.  Every
 * name is at least 14 bytes long with its '|'.  (tests/unit/test_jdk11.c
 * checks both against the table.) */
#define TXI_SSLLOGGER_FORK_START(c) ((c) == 'c')
size_t txi_ssllogger_fork_prefix(const char *s, size_t n);
static inline size_t txi_ssllogger_prefix(const char *s, size_t n)
{
    if (n < 14)
        return 0;
    if (s[0] == 'j' && memcmp(s, "javax.net.ssl|", 14) == 0)
        return 14;
    return TXI_SSLLOGGER_FORK_START(s[0]) ? txi_ssllogger_fork_prefix(s, n) : 0;
}
/* Where a known logger name ends right before the '|' at bar (line <= bar):
 * the name's start, or NULL.  (The name and the '|' are name-length + 1 bytes.) */
const char *txi_ssllogger_name_before(const char *line, const char *bar, size_t *len);
/* The first SSLLogger header name followed by '|' anywhere in (s, n): its start
 * and, in *len, the length of the name and its '|'; NULL if none. */
const char *txi_ssllogger_find(const char *s, size_t n, size_t *len);
/* Is (s, n) exactly a known SSLLogger logger name ("javax.net.ssl", a fork's)?
 * The expand form's "logger" value. */
int txi_ssllogger_name(const char *s, size_t n);
/* The fork table, for the tests: the i-th fork's name with its '|', or NULL
 * past the end. */
const char *txi_ssllogger_fork_name(size_t i);

/* Strip one pair of surrounding double quotes, if present. */
txi_sv txi_sv_unquote(txi_sv v);

/* Cursor helpers. */
int txi_skip_lit(const char **p, const char *end, const char *lit);  /* exact literal */
int txi_skip_blanks(const char **p, const char *end);                /* 0+ blanks, never fails */
/* Take bytes up to (not including) the byte c, at most max; fails if c is absent. */
int txi_take_until(const char **p, const char *end, char c, size_t max, txi_sv *out);
/* Unsigned decimal number, at most 18 digits. */
int txi_take_uint(const char **p, const char *end, unsigned long long *out);

/* Is s (len n) a dotted IPv4 or a textual IPv6 address? */
int txi_is_ip_address(const char *s, size_t n);

/* The CN value of a distinguished name "CN=foo, O=bar" (empty view if none). */
txi_sv txi_dn_cn(const char *dn, size_t n);

/* Case-insensitive ASCII comparison of n bytes. */
int txi_strncaseeq(const char *a, const char *b, size_t n);
/* tolower() of the C locale (the CLI sets no other), as a table: 'A'-'Z'
 * to 'a'-'z', every other byte itself */
extern const unsigned char txi_lower[256];

#endif
