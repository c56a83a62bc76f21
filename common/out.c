#include "out.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The end of the run at p of printable ASCII (0x20 - 0x7e) that is neither
 * a or b (0: no byte excluded), 16 bytes at a time where SSE2 is there. */
static const unsigned char *plain_run(const unsigned char *p, const unsigned char *end, unsigned char a, unsigned char b)
{
#ifdef __SSE2__
    const __m128i lo = _mm_set1_epi8(0x1f), del = _mm_set1_epi8(0x7f), ca = _mm_set1_epi8((char)a),
                  cb = _mm_set1_epi8((char)b);
    while (end - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        /* (signed: 0x80 - 0xff are below 0x1f) */
        __m128i bad = _mm_or_si128(_mm_cmpgt_epi8(lo, x), _mm_cmpeq_epi8(x, lo));
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, del));
        if (a)
            bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpeq_epi8(x, ca), _mm_cmpeq_epi8(x, cb)));
        unsigned m = (unsigned)_mm_movemask_epi8(bad);
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    while (p < end && *p >= 0x20 && *p < 0x7F && (!a || (*p != a && *p != b)))
        p++;
    return p;
}

size_t txo_utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void txo_json_str(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    putc('"', f);
    while (p < end) {
        /* a run of printable ASCII that needs no escape: written at once */
        const unsigned char *q = plain_run(p, end, '"', '\\');
        if (q > p) {
            fwrite(p, 1, (size_t)(q - p), f);
            p = q;
            continue;
        }
        unsigned char c = *p;
        if (c == '"' || c == '\\') {
            putc('\\', f);
            putc(c, f);
            p++;
        } else if (c < 0x20 || c == 0x7F) {
            switch (c) {
            case '\n': fputs("\\n", f); break;
            case '\t': fputs("\\t", f); break;
            case '\r': fputs("\\r", f); break;
            default: fprintf(f, "\\u%04x", c); break;
            }
            p++;
        } else { /* (printable ASCII went in the run above) */
            size_t k = txo_utf8_len(p, (size_t)(end - p));
            if (k) {
                fwrite(p, 1, k, f);
                p += k;
            } else {
                fputs("\\ufffd", f);
                p++;
            }
        }
    }
    putc('"', f);
}

void txo_text(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        const unsigned char *q = plain_run(p, end, 0, 0); /* a run of printable ASCII: written at once */
        if (q > p) {
            fwrite(p, 1, (size_t)(q - p), f);
            p = q;
            continue;
        }
        unsigned char c = *p;
        if (c == '\t') {
            putc(' ', f);
            p++;
        } else if (c < 0x20 || c == 0x7F) {
            putc('?', f);
            p++;
        } else {
            size_t k = txo_utf8_len(p, (size_t)(end - p));
            if (k) {
                fwrite(p, 1, k, f);
                p += k;
            } else {
                putc('?', f);
                p++;
            }
        }
    }
}

void txo_md_code(FILE *f, const char *s, size_t n)
{
    /* the longest run of backticks inside decides the fence */
    size_t run = 0, best = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    for (size_t i = 0; i <= best; i++)
        putc('`', f);
    if (n && (s[0] == '`' || s[0] == ' '))
        putc(' ', f);
    txo_text(f, s, n);
    if (n && (s[n - 1] == '`' || s[n - 1] == ' '))
        putc(' ', f);
    for (size_t i = 0; i <= best; i++)
        putc('`', f);
}

void txo_md_text(FILE *f, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (strchr("\\`*_[]<>|#", s[i]) && s[i]) {
            txo_text(f, s + start, i - start);
            putc('\\', f);
            putc(s[i], f);
            start = i + 1;
        }
    }
    txo_text(f, s + start, n - start);
}
