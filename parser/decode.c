/*
 * decode.c - UTF-16 input (with its byte-order mark) to UTF-8; see decode.h.
 */
#include "decode.h"

size_t txi_put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static void utf16(txi_dec *d, const unsigned char *b, size_t len, txi_dec_sink sink, void *ud)
{
    char out[8192];
    size_t on = 0;
    for (size_t i = 0; i < len; i++) {
        if (!d->odd) {
            d->byte = b[i];
            d->odd = 1;
            continue;
        }
        d->odd = 0;
        unsigned u = d->enc == 2 ? (unsigned)d->byte | (unsigned)b[i] << 8 : (unsigned)d->byte << 8 | b[i];
        unsigned cp;
        if (d->high && u >= 0xdc00 && u <= 0xdfff) {
            cp = 0x10000 + ((d->high - 0xd800) << 10) + (u - 0xdc00);
            d->high = 0;
        } else {
            if (d->high) { /* a high half without its low one */
                on += txi_put_utf8(out + on, 0xfffd);
                d->high = 0;
            }
            if (u >= 0xd800 && u <= 0xdbff) {
                d->high = u;
                continue;
            }
            cp = u >= 0xdc00 && u <= 0xdfff ? 0xfffd : u;
        }
        on += txi_put_utf8(out + on, cp);
        if (on > sizeof out - 8) {
            sink(ud, out, on);
            on = 0;
        }
    }
    if (on)
        sink(ud, out, on);
}

void txi_dec_feed(txi_dec *d, const char *buf, size_t len, txi_dec_sink sink, void *ud)
{
    if (d->enc == 0) {
        /* the first two bytes tell: FF FE or FE FF is UTF-16's byte-order mark */
        const char *orig = buf;
        size_t origlen = len, held = d->headn;
        while (len && d->headn < 2) {
            d->head[d->headn++] = (unsigned char)*buf++;
            len--;
        }
        if (d->headn < 2)
            return;
        unsigned char a = d->head[0], b = d->head[1];
        d->enc = a == 0xff && b == 0xfe ? 2 : a == 0xfe && b == 0xff ? 3 : 1;
        if (d->enc == 1) {
            /* (all in this piece: handed on as one - the parser sniffs its first piece) */
            if (!held) {
                sink(ud, orig, origlen);
                return;
            }
            sink(ud, (const char *)d->head, 2);
        }
    }
    if (!len)
        return;
    if (d->enc == 1)
        sink(ud, buf, len);
    else
        utf16(d, (const unsigned char *)buf, len, sink, ud);
}

void txi_dec_end(txi_dec *d, txi_dec_sink sink, void *ud)
{
    if (d->enc == 0 && d->headn) {
        d->enc = 1;
        sink(ud, (const char *)d->head, d->headn);
    }
    if (d->enc >= 2 && (d->odd || d->high)) {
        char o[4];
        d->odd = 0;
        d->high = 0;
        sink(ud, o, txi_put_utf8(o, 0xfffd));
    }
}
