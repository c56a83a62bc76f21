/* dialect_common.c - helpers shared by the dialects. */
#include <ctype.h>
#include <string.h>

#include "dialect.h"

int txi_is_hexdump(const char *p, size_t n)
{
    /* "0000: 16 03 01 02 00 01 00 01   FC 03 03 ..." possibly indented,
     * the legacy "0000: 16 03 01 ..." and IBM's one-byte-per-line variant. */
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t') && i < 16)
        i++;
    if (n - i < 7)
        return 0;
    for (int k = 0; k < 4; k++)
        if (!isxdigit((unsigned char)p[i + (size_t)k]))
            return 0;
    if (p[i + 4] != ':' || p[i + 5] != ' ')
        return 0;
    /* then a hex byte (or, on a last short row, at least spaces) */
    return isxdigit((unsigned char)p[i + 6]) || p[i + 6] == ' ';
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
