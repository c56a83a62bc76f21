/* dialect_common.c - helpers shared by the dialects. */
#include <ctype.h>
#include <string.h>

#include "dialect.h"

/* 1 for the bytes txi_is_hex() accepts: the row test below looks up four
 * at once (it runs on every line that starts with a blank or a hex digit). */
static const unsigned char hexdig[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
};

int txi_is_hexdump(const char *p, size_t n)
{
    /* "0000: 16 03 01 02 00 01 00 01   FC 03 03 ..." possibly indented,
     * the legacy "0000: 16 03 01 ..." and IBM's one-byte-per-line variant. */
    size_t m = n < 16 ? n : 16, i = 0;
    while (i < m && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (n - i < 7)
        return 0;
    /* the offset: four hex digits and ": " (the separator first: it rules
     * out most lines) */
    const unsigned char *q = (const unsigned char *)p + i;
    if (q[4] != ':' || q[5] != ' ' || !(hexdig[q[0]] & hexdig[q[1]] & hexdig[q[2]] & hexdig[q[3]]))
        return 0;
    /* then a hex byte, or blanks and then one (an IBM row) or nothing: not
     * "1126:  \"text\"", a line numbered by grep -n */
    size_t j = i + 6;
    while (j < n && p[j] == ' ')
        j++;
    return j == n || (j + 1 < n && hexdig[(unsigned char)p[j]] && hexdig[(unsigned char)p[j + 1]] &&
                      (j + 2 == n || p[j + 2] == ' '));
}

/* A hex-dump row at p[i] ("0000: 48 54 54 50 ...  HTTP/1.1 200..")?  The
 * shape, not the position: an offset of 4 to 8 hex digits, ": ", byte
 * groups of two hex digits separated by one to three blanks, then either a
 * full row (16 groups; the ASCII column may look like more) or a short last
 * row whose groups end the line or a padding (more than three blanks, or
 * two or three before an ASCII column as long as the row).  The offset of
 * a row is a multiple of 0x10. */
static int hexdump_row_at(const char *p, size_t n, size_t i)
{
    size_t k = 0;
    while (i + k < n && k < 9 && txi_is_hex((unsigned char)p[i + k]))
        k++;
    if (k < 4 || k > 8 || i + k + 1 >= n || p[i + k] != ':' || p[i + k + 1] != ' ')
        return 0;
    if (p[i + k - 1] != '0')
        return 0; /* rows hold 16 bytes: the offset is a multiple of 0x10 */
    size_t q = i + k + 2;
    unsigned groups = 0;
    for (;;) {
        if (q + 2 > n || !txi_is_hex((unsigned char)p[q]) || !txi_is_hex((unsigned char)p[q + 1]))
            break;
        if (q + 2 < n && p[q + 2] != ' ')
            break; /* "4F4D" or "10:30": not a byte group */
        groups++;
        q += 2;
        size_t gap = 0;
        while (q < n && p[q] == ' ' && gap < 64) {
            q++;
            gap++;
        }
        if (groups >= 16 || q >= n)
            return 1; /* a full row, or a short one without its ASCII column */
        if (gap > 3 || (gap >= 2 && n - q <= 16 && (groups == 8 || n - q == groups)))
            return 1; /* a short row: padding, then its ASCII column (and, when
                       * a println raced the dump, the next message glued to it:
                       * dropped with the row, as without a prefix) */
        if (!gap || gap > 3)
            break;
    }
    return 0;
}

int txi_has_hexdump_row(const char *p, size_t n)
{
    /* the offset starts the line, or follows a prefix: after a blank, '|',
     * ']', ':' or '>' (docker-compose "app_1  | ", syslog, kubectl ...) */
    size_t scan = n < 512 ? n : 512;
    for (const char *c = memchr(p, ':', scan); c; c = memchr(c + 1, ':', scan - (size_t)(c + 1 - p))) {
        size_t ci = (size_t)(c - p);
        if (ci + 1 >= scan)
            break;
        if (ci < 4 || c[1] != ' ')
            continue;
        size_t s = ci;
        while (s > 0 && ci - s < 8 && txi_is_hex((unsigned char)p[s - 1]))
            s--;
        if (ci - s < 4)
            continue;
        if (s > 0) {
            unsigned char b = (unsigned char)p[s - 1];
            if (!(b == ' ' || b == '\t' || b == '|' || b == ']' || b == ':' || b == '>'))
                continue;
        }
        if (hexdump_row_at(p, n, s))
            return 1;
    }
    return 0;
}

static const struct { const char *in, *out; } hs_names[] = {
    {"ClientHello", "ClientHello"},
    {"ServerHello", "ServerHello"},
    {"HelloRetryRequest", "HelloRetryRequest"},
    {"Certificate", "Certificate"},
    {"server Certificate", "Certificate"},
    {"client Certificate", "Certificate"},
    {"CertificateRequest", "CertificateRequest"},
    {"ServerKeyExchange", "ServerKeyExchange"},
    {"ECDH ServerKeyExchange", "ServerKeyExchange"},
    {"ECDHE ServerKeyExchange", "ServerKeyExchange"},
    {"DH ServerKeyExchange", "ServerKeyExchange"},
    {"DHE ServerKeyExchange", "ServerKeyExchange"},
    {"Diffie-Hellman ServerKeyExchange", "ServerKeyExchange"},
    {"ServerHelloDone", "ServerHelloDone"},
    {"ClientKeyExchange", "ClientKeyExchange"},
    {"ECDHE ClientKeyExchange", "ClientKeyExchange"},
    {"ECDH ClientKeyExchange", "ClientKeyExchange"},
    {"DHE ClientKeyExchange", "ClientKeyExchange"},
    {"RSA ClientKeyExchange", "ClientKeyExchange"},
    {"CertificateVerify", "CertificateVerify"},
    {"Finished", "Finished"},
    {"client Finished", "Finished"},
    {"server Finished", "Finished"},
    {"EncryptedExtensions", "EncryptedExtensions"},
    {"NewSessionTicket", "NewSessionTicket"},
    {"CertificateStatus", "CertificateStatus"},
    {"ChangeCipherSpec", "ChangeCipherSpec"},
    {"KeyUpdate", "KeyUpdate"},
    {"HelloRequest", "HelloRequest"},
};

const char *txi_canon_handshake(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof hs_names / sizeof hs_names[0]; i++)
        if (strlen(hs_names[i].in) == n && memcmp(hs_names[i].in, name, n) == 0)
            return hs_names[i].out;
    return NULL;
}
