/*
 * l10n.c - localised texts read as English (the table is parser/l10n.def).
 *
 * Java passes on texts it does not own in the language of the machine: the
 * operating system's reason in "FileNotFoundException: PATH (REASON)", a
 * Windows socket error, and keytool prints its own messages from a resource
 * bundle of the user's language.  The rules read the English texts; the
 * parser calls txi_l10n_english() on exception, notice and store-error fields
 * so that "keytoolエラー: ... キーストア・ファイルは存在しません: x" reads
 * "keytool error: ... Keystore file does not exist: x".
 *
 * Finding them: every entry is looked up by a two-byte anchor - the first two
 * bytes of its text, or of the text after its argument when the text before
 * it is one byte ("<{0}> 별칭이 ...").  A bitmap of the anchors (8 KB, built
 * once) is tested at every byte of the field; only where it hits are the
 * entries of that anchor (binary search in a sorted index) compared.  A field
 * with no localised text costs one pass and a bit test a byte.  Matches are
 * taken left to right, the longest at a position; each is replaced by its
 * English text:
 *
 *   SENTENCE  the text and the rest of its sentence (to '.', ';', a line end
 *             or "。", which becomes '.') - Windows' socket messages.
 *   TEXT      the text alone; "{0}" in it is an argument of up to
 *             L10N_MAX_ARG bytes on the same line, copied into the English
 *             text's "{0}"; a "。" right after goes with it.
 */
#include "l10n.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { L10N_SENTENCE, L10N_TEXT };
enum { L10N_MAX_ARG = 256 };

static const struct {
    int kind;
    const char *local, *english;
} table[] = {
#define L10N(kind, local, english) {L10N_##kind, local, english},
#include "l10n.def"
#undef L10N
};
#define NENTRIES (sizeof table / sizeof *table)

/* Per entry: the text split at "{0}" (head, tail), and its anchor. */
static struct {
    uint16_t anchor;
    uint16_t hn, tn;  /* head length; tail length (0: no argument) */
    uint8_t at_tail;  /* the anchor is the tail's first two bytes */
    uint8_t has_arg;
} meta[NENTRIES];
static uint16_t by_anchor[NENTRIES]; /* entry indices, sorted by anchor */
static uint8_t anchors[65536 / 8];
static const char kt_english[] = "keytool error: ";
static uint16_t kt_prefix[32];  /* the entries of keytool's prefix in other languages */
static size_t nkt;
static uint8_t kt_first[256 / 8]; /* their first bytes */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint16_t bigram(const char *s) { return (uint16_t)((unsigned char)s[0] << 8 | (unsigned char)s[1]); }

static int cmp_anchor(const void *a, const void *b)
{
    uint16_t x = meta[*(const uint16_t *)a].anchor, y = meta[*(const uint16_t *)b].anchor;
    return x < y ? -1 : x > y;
}

static void build(void)
{
    for (size_t i = 0; i < NENTRIES; i++) {
        const char *l = table[i].local, *arg = strstr(l, "{0}");
        size_t n = strlen(l);
        meta[i].has_arg = arg != NULL;
        meta[i].hn = (uint16_t)(arg ? (size_t)(arg - l) : n);
        meta[i].tn = (uint16_t)(arg ? n - meta[i].hn - 3 : 0);
        /* (the unit tests check that every entry has a two-byte anchor) */
        meta[i].at_tail = meta[i].hn < 2 && meta[i].tn >= 2;
        meta[i].anchor = bigram(meta[i].at_tail ? arg + 3 : l);
        anchors[meta[i].anchor >> 3] |= (uint8_t)(1u << (meta[i].anchor & 7));
        by_anchor[i] = (uint16_t)i;
        if (strcmp(table[i].english, kt_english) == 0 && nkt < sizeof kt_prefix / sizeof *kt_prefix) {
            kt_prefix[nkt++] = (uint16_t)i;
            kt_first[(unsigned char)l[0] >> 3] |= (uint8_t)(1u << ((unsigned char)l[0] & 7));
        }
    }
    qsort(by_anchor, NENTRIES, sizeof *by_anchor, cmp_anchor);
}

static int is_ideo_stop(const char *r, const char *end)
{
    return end - r >= 3 && (unsigned char)r[0] == 0xe3 && (unsigned char)r[1] == 0x80 && (unsigned char)r[2] == 0x82;
}

typedef struct {
    size_t start, end;    /* the bytes replaced */
    size_t arg, argn;     /* the argument kept */
    size_t entry;
    int stop;             /* a '.' follows the English text (SENTENCE) */
} match;

/* Does entry e match with its anchor at p[i]?  Fills m; from: the first byte
 * a match may start at (the end of the previous one). */
static int match_at(size_t e, const char *p, size_t n, size_t i, size_t from, match *m)
{
    const char *l = table[e].local;
    size_t hn = meta[e].hn, tn = meta[e].tn;
    const char *tail = l + hn + 3;
    if (!meta[e].has_arg) {
        if (n - i < hn || memcmp(p + i, l, hn) != 0)
            return 0;
        m->start = i;
        m->end = i + hn;
        m->arg = m->argn = 0;
    } else if (!meta[e].at_tail) {
        if (n - i < hn || memcmp(p + i, l, hn) != 0)
            return 0;
        size_t a = i + hn, lim = n - a < L10N_MAX_ARG + tn ? n : a + L10N_MAX_ARG + tn;
        const char *nl = memchr(p + a, '\n', lim - a);
        if (nl)
            lim = (size_t)(nl - p);
        const char *t = txi_memmem(p + a, lim - a, tail, tn);
        if (!t)
            return 0;
        m->start = i;
        m->arg = a;
        m->argn = (size_t)(t - p) - a;
        m->end = (size_t)(t - p) + tn;
    } else {
        if (n - i < tn || memcmp(p + i, tail, tn) != 0 || hn == 0)
            return 0;
        /* the head (one byte: "<") is the last one before the anchor on this line */
        size_t low = i > L10N_MAX_ARG + hn ? i - L10N_MAX_ARG - hn : 0;
        if (low < from)
            low = from;
        size_t s = i;
        for (;;) {
            if (s < low + hn)
                return 0;
            s--;
            if (p[s] == '\n')
                return 0;
            if (s + hn <= i && memcmp(p + s, l, hn) == 0)
                break;
        }
        m->start = s;
        m->arg = s + hn;
        m->argn = i - m->arg;
        m->end = i + tn;
    }
    if (m->start < from)
        return 0;
    m->entry = e;
    m->stop = 0;
    const char *end = p + n, *r = p + m->end;
    if (table[e].kind == L10N_SENTENCE) {
        while (r < end && *r != '.' && *r != ';' && *r != '\n' && !is_ideo_stop(r, end))
            r++;
        if (is_ideo_stop(r, end)) {
            r += 3;
            m->stop = 1;
        }
    } else if (is_ideo_stop(r, end)) {
        r += 3;
    }
    m->end = (size_t)(r - p);
    return 1;
}

/* The best match anchored at p[i] (the longest), or 0. */
static int best_at(const char *p, size_t n, size_t i, size_t from, match *best)
{
    uint16_t a = bigram(p + i);
    size_t lo = 0, hi = NENTRIES;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (meta[by_anchor[mid]].anchor < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    int found = 0;
    for (; lo < NENTRIES && meta[by_anchor[lo]].anchor == a; lo++) {
        match m;
        if (match_at(by_anchor[lo], p, n, i, from, &m) && (!found || m.end - m.start > best->end - best->start)) {
            *best = m;
            found = 1;
        }
    }
    return found;
}

txi_sv txi_l10n_english(txi_sv v, char *buf, size_t cap)
{
    if (v.n < 2)
        return v;
    pthread_once(&once, build);
    const char *p = v.p;
    size_t n = v.n, from = 0, out = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        uint16_t a = bigram(p + i);
        if (!(anchors[a >> 3] & (1u << (a & 7))))
            continue;
        match m;
        if (!best_at(p, n, i, from, &m))
            continue;
        const char *en = table[m.entry].english, *ph = strstr(en, "{0}");
        size_t enn = strlen(en), pre = ph ? (size_t)(ph - en) : enn;
        size_t need = (m.start - from) + (ph ? enn - 3 + m.argn : enn) + (size_t)m.stop;
        if (out + need > cap)
            return v;
        memcpy(buf + out, p + from, m.start - from);
        out += m.start - from;
        memcpy(buf + out, en, pre);
        out += pre;
        if (ph) {
            memcpy(buf + out, p + m.arg, m.argn);
            out += m.argn;
            memcpy(buf + out, ph + 3, enn - pre - 3);
            out += enn - pre - 3;
        }
        if (m.stop)
            buf[out++] = '.';
        from = m.end;
        i = m.end - 1; /* (the loop's i++ lands on the first byte after the match) */
    }
    if (from == 0)
        return v;
    if (out + (n - from) > cap)
        return v;
    memcpy(buf + out, p + from, n - from);
    out += n - from;
    return txi_sv_make(buf, out);
}

size_t txi_l10n_keytool_prefix(const char *t, size_t n)
{
    if (n > sizeof kt_english - 1 && memcmp(t, kt_english, sizeof kt_english - 1) == 0)
        return sizeof kt_english - 1;
    if (!n)
        return 0;
    pthread_once(&once, build);
    unsigned char c = (unsigned char)t[0];
    if (!(kt_first[c >> 3] & (1u << (c & 7))))
        return 0;
    for (size_t k = 0; k < nkt; k++) {
        const char *l = table[kt_prefix[k]].local;
        size_t ln = strlen(l);
        if (n > ln && memcmp(t, l, ln) == 0)
            return ln;
    }
    return 0;
}

size_t txi_l10n_count(void) { return NENTRIES; }

int txi_l10n_entry(size_t i, const char **local, const char **english)
{
    *local = table[i].local;
    *english = table[i].english;
    return table[i].kind;
}
