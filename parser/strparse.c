#include "strparse.h"

#include <ctype.h>
#include <string.h>

const char *txi_memmem(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0)
        return hay;
    if (hn < nn)
        return NULL;
    const char first = needle[0];
    const char *end = hay + hn - nn + 1;
    for (const char *p = hay; p < end;) {
        p = memchr(p, first, (size_t)(end - p));
        if (!p)
            return NULL;
        /* (the last byte first: most places that share the first byte
         * differ there, without a call) */
        if (p[nn - 1] == needle[nn - 1] && memcmp(p, needle, nn) == 0)
            return p;
        p++;
    }
    return NULL;
}

const char *txi_memmem_at(const char *hay, size_t hn, const char *needle, size_t nn, size_t k)
{
    if (k >= nn || hn < nn)
        return txi_memmem(hay, hn, needle, nn);
    const char *last = hay + hn - nn; /* the last place a match can start */
    for (const char *p = hay + k; p <= last + k;) {
        p = memchr(p, needle[k], (size_t)(last + k - p) + 1);
        if (!p)
            return NULL;
        const char *m = p - k;
        if (m[0] == needle[0] && memcmp(m, needle, nn) == 0)
            return m;
        p++;
    }
    return NULL;
}

txi_sv txi_sv_unquote(txi_sv v)
{
    if (v.n >= 2 && v.p[0] == '"' && v.p[v.n - 1] == '"') {
        v.p++;
        v.n -= 2;
    }
    return v;
}

int txi_skip_lit(const char **p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
        return 1;
    *p += n;
    return 0;
}

int txi_skip_blanks(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t'))
        (*p)++;
    return 0;
}

int txi_take_until(const char **p, const char *end, char c, size_t max, txi_sv *out)
{
    size_t avail = (size_t)(end - *p);
    if (avail > max)
        avail = max;
    const char *q = memchr(*p, c, avail);
    if (!q)
        return 1;
    out->p = *p;
    out->n = (size_t)(q - *p);
    *p = q;
    return 0;
}

int txi_take_uint(const char **p, const char *end, unsigned long long *out)
{
    const char *q = *p;
    unsigned long long v = 0;
    int digits = 0;
    while (q < end && isdigit((unsigned char)*q) && digits < 18) {
        v = v * 10 + (unsigned)(*q - '0');
        q++;
        digits++;
    }
    if (!digits)
        return 1;
    *out = v;
    *p = q;
    return 0;
}

int txi_is_ip_address(const char *s, size_t n)
{
    if (n == 0 || n > 45)
        return 0;
    /* IPv4: four dot-separated decimal octets. */
    int dots = 0, digits = 0, val = 0, v4 = 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (!digits)
                v4 = 0;
            dots++;
            digits = val = 0;
        } else if (isdigit((unsigned char)c)) {
            val = val * 10 + (c - '0');
            if (++digits > 3 || val > 255)
                v4 = 0;
        } else {
            v4 = 0;
        }
        if (!v4)
            break;
    }
    if (v4 && dots == 3 && digits)
        return 1;
    /* IPv6: hex digits and colons, at least two colons. */
    int colons = 0;
    size_t i = 0;
    if (s[0] == '[' && s[n - 1] == ']') {
        i = 1;
        n--;
    }
    for (; i < n; i++) {
        char c = s[i];
        if (c == ':')
            colons++;
        else if (!isxdigit((unsigned char)c) && c != '.')
            return 0;
    }
    return colons >= 2;
}

const unsigned char txi_lower[256] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
    64, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 91, 92, 93, 94, 95,
    96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
    128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143,
    144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159,
    160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175,
    176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191,
    192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207,
    208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223,
    224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239,
    240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255,
};

int txi_strncaseeq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (txi_lower[(unsigned char)a[i]] != txi_lower[(unsigned char)b[i]])
            return 0;
    return 1;
}

txi_sv txi_dn_cn(const char *dn, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++) {
        if ((i == 0 || dn[i - 1] == ' ' || dn[i - 1] == ',') && dn[i] == 'C' && dn[i + 1] == 'N' &&
            dn[i + 2] == '=') {
            size_t s = i + 3, e = s;
            int q = 0;
            while (e < n && (q || dn[e] != ',')) {
                if (dn[e] == '"')
                    q = !q;
                e++;
            }
            return txi_sv_unquote(txi_sv_trim(txi_sv_make(dn + s, e - s)));
        }
    }
    return txi_sv_make(dn, 0);
}

/* ---- SSLLogger header names -------------------------------------------------------- */

/* Forks of the JSSE whose SSLLogger prints the JDK's compact record under a
 * logger name of its own (docs/dialects.md, "SSLLogger forks", says where
 * each name was read).  Each ends in '|'; the first letters are
 * TXI_SSLLOGGER_FORK_FIRST's bits (tests/unit/test_jdk11.c checks both).
 * OpenJSSE and the JDK builds (Temurin, Corretto, Zulu, Liberica, Dragonwell,
 * JetBrains Runtime, the Kona JDKs) keep "javax.net.ssl". */
static const struct {
    const char *name;
    size_t len;
} ssllogger_forks[] = {
    {"com.tencent.kona.ssl|", 21}, /* Tencent Kona SSL (TencentKonaSMSuite) */
};
#define N_FORKS (sizeof ssllogger_forks / sizeof ssllogger_forks[0])

size_t txi_ssllogger_fork_prefix(const char *s, size_t n)
{
    for (size_t i = 0; i < N_FORKS; i++)
        if (n >= ssllogger_forks[i].len && memcmp(s, ssllogger_forks[i].name, ssllogger_forks[i].len) == 0)
            return ssllogger_forks[i].len;
    return 0;
}

const char *txi_ssllogger_fork_name(size_t i)
{
    return i < N_FORKS ? ssllogger_forks[i].name : NULL;
}

const char *txi_ssllogger_name_before(const char *line, const char *bar, size_t *len)
{
    size_t have = (size_t)(bar - line);
    if (have >= 13 && memcmp(bar - 13, "javax.net.ssl", 13) == 0) {
        *len = 14;
        return bar - 13;
    }
    for (size_t i = 0; i < N_FORKS; i++) {
        size_t m = ssllogger_forks[i].len - 1;
        if (have >= m && memcmp(bar - m, ssllogger_forks[i].name, m) == 0) {
            *len = m + 1;
            return bar - m;
        }
    }
    return NULL;
}

const char *txi_ssllogger_find(const char *s, size_t n, size_t *len)
{
    const char *end = s + n;
    for (const char *bar = s; (bar = memchr(bar, '|', (size_t)(end - bar))) != NULL; bar++) {
        const char *h = txi_ssllogger_name_before(s, bar, len);
        if (h)
            return h;
    }
    return NULL;
}

int txi_ssllogger_name(const char *s, size_t n)
{
    if (n == 13 && memcmp(s, "javax.net.ssl", 13) == 0)
        return 1;
    for (size_t i = 0; i < N_FORKS; i++)
        if (n + 1 == ssllogger_forks[i].len && memcmp(s, ssllogger_forks[i].name, n) == 0)
            return 1;
    return 0;
}
