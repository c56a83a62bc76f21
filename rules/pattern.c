/*
 * pattern.c - the only user of PCRE2.
 *
 * Every pattern is compiled with PCRE2_NEVER_UTF semantics off-limits:
 * logs are byte soup, so we match bytes (no UTF check).  JIT is used when
 * available, compiled at a pattern's first match, not at load: start-up
 * compiles some 300 patterns of which a run uses few (the prefilter keeps
 * most from ever running).  The first match makes a JIT-compiled copy and
 * publishes it with an atomic compare-and-swap, so concurrent first
 * matches (threads sharing a ruleset) each may compile one, one wins, the
 * others free theirs, and every match of a pattern runs the same code: the
 * JIT copy, or the interpreter only where JIT is not available.  A shipped
 * pattern's code itself comes from the build (recache.h), decoded the same
 * way at its first use: a pattern's source is checked at load (a user
 * rule's compiled then, its errors reported), its code made when a search
 * needs it.  Match, depth and heap limits bound every search, so a
 * catastrophic pattern such as "(a|aa)+$" on a long line ends with
 * TXR_LIMIT instead of hanging.  Match data and the match context belong
 * to a txr_matcher, one per analysis, so compiled patterns are shareable
 * between threads and no state is global or thread-local.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pattern.h"

#include <ctype.h>
#include <pcre2.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/limits.h"
#include "recache.h"

/* A pattern's code and its name table.  A pattern from the build's cache
 * (recache.h) is decoded at its first use, not at load: start-up decodes
 * nothing (the shipped rules make some 1,100 patterns, and a run matches
 * few of them: the prefilter keeps most from ever running).  Made once, published with an
 * atomic compare-and-swap like the JIT copy below. */
typedef struct decoded {
    pcre2_code *code;   /* never JIT-compiled itself (shared while a copy is) */
    int from_cache;     /* decoded from the build's entry, not compiled from src */
    unsigned ngroups;
    const char **names; /* group names by index in the name table */
    uint32_t *numbers;  /* capture number of each name */
} decoded;

/* The JIT-compiled copy of a pattern's code, made at its first match, and
 * the decoded code itself (above). */
enum { JIT_UNTRIED, JIT_DONE, JIT_NONE };
typedef struct jit_slot {
    _Atomic(decoded *) dec;     /* set once */
    _Atomic(pcre2_code *) code; /* set once (JIT_DONE) */
    atomic_int state;           /* JIT_UNTRIED, JIT_DONE or JIT_NONE (no JIT: interpret) */
} jit_slot;

struct txr_pattern {
    jit_slot *jit;               /* the lazily made parts (a pattern is shared read-only) */
    const txr_re_cached *cached; /* the build's entry for src (recache.h), or NULL */
    char *src;
    size_t len;
};

/* A pattern's allocation: the pattern first (txr_pattern_free frees it), its slot, its source. */
typedef struct pattern_block {
    struct txr_pattern p;
    jit_slot slot;
    char src[];
} pattern_block;

/* Match data and a match context with the limits: one per analysis (no
 * global or thread-local state); compiled patterns are shared by all. */
struct txr_matcher {
    pcre2_match_data *md;
    pcre2_match_context *mc;
};

txr_matcher *txr_matcher_new(void)
{
    txr_matcher *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->md = pcre2_match_data_create(64, NULL);
    t->mc = pcre2_match_context_create(NULL);
    if (!t->md || !t->mc) {
        txr_matcher_free(t);
        return NULL;
    }
    pcre2_set_match_limit(t->mc, TX_PCRE2_MATCH_LIMIT);
    pcre2_set_depth_limit(t->mc, TX_PCRE2_DEPTH_LIMIT);
    pcre2_set_heap_limit(t->mc, TX_PCRE2_HEAP_LIMIT_KIB);
    return t;
}

void txr_matcher_free(txr_matcher *t)
{
    if (!t)
        return;
    pcre2_match_data_free(t->md);
    pcre2_match_context_free(t->mc);
    free(t);
}

/* The build's entry for the shipped rulebook's pattern re (recache.h), or NULL. */
static const txr_re_cached *cached_entry(const char *re, size_t len)
{
    if (!txr_re_ncache || getenv("TLSEXPLAIN_NO_CACHE"))
        return NULL;
    unsigned lo = 0, hi = txr_re_ncache;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        const txr_re_cached *e = &txr_re_cache[mid];
        int c = e->len != len ? (e->len < len ? -1 : 1) : memcmp(e->src, re, len);
        if (c == 0)
            return e;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void decoded_free(decoded *d)
{
    if (!d)
        return;
    pcre2_code_free(d->code);
    free(d->names);
    free(d->numbers);
    free(d);
}

/* code with its name table; takes code (freed on failure).  NULL: out of memory. */
static decoded *decoded_new(pcre2_code *code, int from_cache)
{
    decoded *d = calloc(1, sizeof *d);
    if (!d) {
        pcre2_code_free(code);
        return NULL;
    }
    d->code = code;
    d->from_cache = from_cache;
    uint32_t count = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
    if (count) {
        d->names = calloc(count, sizeof *d->names);
        d->numbers = calloc(count, sizeof *d->numbers);
        if (d->names && d->numbers) {
            for (uint32_t i = 0; i < count; i++) {
                PCRE2_SPTR e = table + i * entry;
                d->numbers[i] = ((uint32_t)e[0] << 8) | e[1];
                d->names[i] = (const char *)(e + 2);
            }
            d->ngroups = count;
        }
    }
    return d;
}

/* The pattern's code, decoded now if this is its first use: from the
 * build's entry, or compiled from the source where PCRE2 refuses the entry
 * (another version or configuration), as a load would have.  Concurrent
 * first uses (threads sharing a ruleset) each may decode one, one wins, the
 * others free theirs.  NULL: out of memory (nothing published: tried again
 * at the next use). */
static const decoded *code_of(const txr_pattern *p)
{
    jit_slot *j = p->jit;
    decoded *d = atomic_load_explicit(&j->dec, memory_order_acquire);
    if (d)
        return d;
    pcre2_code *code = NULL;
    int from_cache = 0;
    if (p->cached && pcre2_serialize_decode(&code, 1, p->cached->code, NULL) == 1)
        from_cache = 1;
    else {
        int err = 0;
        PCRE2_SIZE off = 0;
        code = pcre2_compile((PCRE2_SPTR)p->src, p->len, PCRE2_DUPNAMES, &err, &off, NULL);
    }
    if (!code || !(d = decoded_new(code, from_cache)))
        return NULL;
    decoded *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&j->dec, &none, d, memory_order_acq_rel, memory_order_acquire)) {
        decoded_free(d); /* another thread published first: use its code */
        d = none;
    }
    return d;
}

int txr_pattern_cached(const txr_pattern *p)
{
    const decoded *d = p->cached ? code_of(p) : NULL;
    return d && d->from_cache;
}

unsigned txr_pattern_source_flags(const txr_pattern *p)
{
    return p->cached ? p->cached->flags : txr_pattern_flags(p->src, strlen(p->src));
}

/* The cache's literals, each NUL-terminated, back to back: n of them into lits. */
static unsigned unpack_literals(const char *l, unsigned n, char lits[][32])
{
    for (unsigned i = 0; i < n; i++) {
        size_t k = strlen(l);
        memcpy(lits[i], l, k + 1);
        l += k + 1;
    }
    return n;
}

unsigned txr_pattern_source_literals(const txr_pattern *p, char lits[][32])
{
    if (!p->cached)
        return txr_pattern_literals(p->src, strlen(p->src), lits, TX_MAX_PATTERN_LITERALS, 3);
    return unpack_literals(p->cached->lits, p->cached->nlits, lits);
}

unsigned txr_pattern_test_literals(const txr_pattern *p, char lits[][32])
{
    unsigned n = txr_pattern_source_literals(p, lits);
    if (n)
        return n;
    if (!p->cached)
        return txr_pattern_literals(p->src, strlen(p->src), lits, TX_MAX_TEST_LITERALS, 3);
    return unpack_literals(p->cached->wide, p->cached->nwide, lits);
}

int txr_pattern_serialize(const txr_pattern *p, unsigned char **bytes, size_t *len)
{
    uint8_t *b = NULL;
    PCRE2_SIZE n = 0;
    const decoded *d = code_of(p);
    *bytes = NULL;
    if (!d)
        return 0;
    const pcre2_code *codes[1] = {d->code};
    if (pcre2_serialize_encode(codes, 1, &b, &n, NULL) != 1)
        return 0;
    if ((*bytes = malloc(n ? n : 1)))
        memcpy(*bytes, b, n);
    *len = n;
    pcre2_serialize_free(b);
    return *bytes != NULL;
}

txr_pattern *txr_pattern_compile(const char *re, size_t len, size_t *erroff, char *errmsg, size_t errlen)
{
    const txr_re_cached *cached = cached_entry(re, len);
    decoded *d = NULL;
    if (!cached) { /* compiled now, to report an error at load */
        int err = 0;
        PCRE2_SIZE off = 0;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, len, PCRE2_DUPNAMES, &err, &off, NULL);
        if (!code) {
            *erroff = off;
            PCRE2_UCHAR buf[256];
            pcre2_get_error_message(err, buf, sizeof buf);
            snprintf(errmsg, errlen, "%s", (const char *)buf);
            return NULL;
        }
        if (!(d = decoded_new(code, 0))) {
            snprintf(errmsg, errlen, "out of memory");
            *erroff = 0;
            return NULL;
        }
    }
    /* one block: the pattern, its slot and its source (start-up makes some 1,100) */
    pattern_block *b = calloc(1, sizeof *b + len + 1);
    if (!b) {
        decoded_free(d);
        snprintf(errmsg, errlen, "out of memory");
        *erroff = 0;
        return NULL;
    }
    txr_pattern *p = &b->p;
    jit_slot *slot = &b->slot;
    char *src = b->src;
    atomic_init(&slot->dec, d);
    atomic_init(&slot->code, NULL);
    atomic_init(&slot->state, JIT_UNTRIED);
    memcpy(src, re, len);
    src[len] = '\0';
    p->jit = slot;
    p->cached = cached;
    p->src = src;
    p->len = len;
    return p;
}

void txr_pattern_free(txr_pattern *p)
{
    if (!p)
        return;
    decoded_free(atomic_load(&p->jit->dec));
    pcre2_code_free(atomic_load(&p->jit->code));
    free(p); /* (the block: p is its first member) */
}

const char *txr_pattern_source(const txr_pattern *p) { return p->src; }
unsigned txr_pattern_ngroups(const txr_pattern *p)
{
    const decoded *d = code_of(p);
    return d ? d->ngroups : 0;
}

const char *txr_pattern_group_name(const txr_pattern *p, unsigned i)
{
    const decoded *d = code_of(p);
    return d && i < d->ngroups ? d->names[i] : NULL;
}

/* The code to match with: the JIT copy, made now if this is the first match
 * (of d, the pattern's decoded code). */
static const pcre2_code *match_code(const txr_pattern *p, const decoded *d)
{
    jit_slot *j = p->jit;
    int st = atomic_load_explicit(&j->state, memory_order_acquire);
    if (st == JIT_DONE)
        return atomic_load_explicit(&j->code, memory_order_acquire);
    if (st == JIT_NONE)
        return d->code;
    /* with its own character tables: the decoded code stays shared (the
     * interpreter's, and the name table's), and pcre2_code_copy() would bump
     * a plain reference count on its tables - from several threads at once
     * (-j), corrupting the heap */
    pcre2_code *mine = pcre2_code_copy_with_tables(d->code);
    if (!mine || pcre2_jit_compile(mine, PCRE2_JIT_COMPLETE) != 0) {
        /* no JIT here (not built in, or no executable memory): the interpreter, as
         * a load-time JIT failure did; out of memory: try again next time */
        pcre2_code_free(mine);
        if (mine)
            atomic_store_explicit(&j->state, JIT_NONE, memory_order_release);
        return d->code;
    }
    pcre2_code *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&j->code, &none, mine, memory_order_acq_rel, memory_order_acquire)) {
        pcre2_code_free(mine); /* another thread published first: use its copy */
        mine = none;
    }
    atomic_store_explicit(&j->state, JIT_DONE, memory_order_release);
    return mine;
}

int txr_pattern_match(txr_matcher *tc, const txr_pattern *p, const char *s, size_t n, txr_capture *caps,
                      unsigned maxcap, unsigned *ncap)
{
    if (!tc)
        return TXR_NOMATCH;
    pcre2_match_data *md = tc->md;
    if (ncap)
        *ncap = 0;
    if (n > TX_MAX_MATCH_SUBJECT)
        n = TX_MAX_MATCH_SUBJECT;
    const decoded *d = code_of(p);
    if (!d)
        return TXR_NOMATCH; /* out of memory decoding it: as a failed match */
    int rc = pcre2_match(match_code(p, d), (PCRE2_SPTR)s, n, 0, 0, md, tc->mc);
    if (rc == PCRE2_ERROR_NOMATCH)
        return TXR_NOMATCH;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
        rc == PCRE2_ERROR_JIT_STACKLIMIT)
        return TXR_LIMIT;
    if (rc < 0)
        return TXR_NOMATCH;
    if (caps && ncap) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        uint32_t ovn = pcre2_get_ovector_count(md);
        for (unsigned i = 0; i < d->ngroups && *ncap < maxcap; i++) {
            uint32_t g = d->numbers[i];
            if (g >= ovn || ov[2 * g] == PCRE2_UNSET)
                continue;
            caps[*ncap].name = d->names[i];
            caps[*ncap].s = s + ov[2 * g];
            caps[*ncap].n = ov[2 * g + 1] - ov[2 * g];
            (*ncap)++;
        }
    }
    return TXR_MATCH;
}

/* ---- inline options and probes --------------------------------------------- */

unsigned txr_pattern_flags(const char *re, size_t len)
{
    unsigned flags = 0;
    for (size_t i = 0; i < len; i++) {
        char c = re[i];
        if (c == '\\') {
            i++;
            continue;
        }
        if (c == '[') { /* a class: `(?` inside is literal text; `[]...]` and `[^]...]` hold a ']' */
            size_t k = i + 1;
            if (k < len && re[k] == '^')
                k++;
            if (k < len && re[k] == ']')
                k++;
            while (k < len && re[k] != ']')
                k += re[k] == '\\' ? 2 : 1;
            if (k >= len) /* unsure where it ends: assume the worst */
                return flags | TXR_FLAG_CASELESS | TXR_FLAG_EXTENDED;
            i = k;
            continue;
        }
        if (c != '(' || i + 1 >= len || re[i + 1] != '?')
            continue;
        /* (?letters) or (?letters:  with an optional -letters part; ^ resets (on) */
        int on = 1;
        for (size_t k = i + 2; k < len; k++) {
            char f = re[k];
            if (f == '-')
                on = 0;
            else if (f == '^')
                on = 1;
            else if (f == 'i' && on)
                flags |= TXR_FLAG_CASELESS;
            else if (f == 'x' && on)
                flags |= TXR_FLAG_EXTENDED;
            else if (!isalpha((unsigned char)f))
                break; /* `)` or `:` ends a flag group; anything else is another construct */
        }
    }
    return flags;
}

int txr_pattern_probe(const txr_pattern *p)
{
    txr_matcher *m = txr_matcher_new();
    if (!m)
        return 0;
    unsigned char seen[256] = {0};
    const char *src = p->src;
    char tail[96]; /* every printable byte of the pattern once: satisfies a required last literal */
    size_t nt = 0;
    for (size_t i = 0; src[i]; i++) {
        unsigned char c = (unsigned char)src[i];
        if (isprint(c) && !seen[c]) {
            seen[c] = 1;
            if (nt < sizeof tail)
                tail[nt++] = (char)c;
        }
    }
    seen['a'] = seen['0'] = seen[' '] = 1;
    char subj[TX_REGEX_PROBE_SUBJECT + 1 + sizeof tail];
    for (int c = 1; c < 256; c++) {
        if (!seen[c])
            continue;
        /* a run, then a byte no pattern here expects (forces backtracking),
         * then the tail: the run alone, and the run with the tail */
        memset(subj, c, TX_REGEX_PROBE_SUBJECT);
        subj[TX_REGEX_PROBE_SUBJECT] = '\001';
        memcpy(subj + TX_REGEX_PROBE_SUBJECT + 1, tail, nt);
        if (txr_pattern_match(m, p, subj, TX_REGEX_PROBE_SUBJECT + 1, NULL, 0, NULL) == TXR_LIMIT ||
            txr_pattern_match(m, p, subj, TX_REGEX_PROBE_SUBJECT + 1 + nt, NULL, 0, NULL) == TXR_LIMIT) {
            txr_matcher_free(m);
            return c;
        }
    }
    txr_matcher_free(m);
    return 0;
}

/* ---- literal extraction --------------------------------------------------- */

static int has_text(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memmem(s, n, lit, k) != NULL;
}

static int is_meta(char c) { return strchr("\\^$.|?*+()[]{}", c) != NULL; }

/* The index of the last byte of the escape whose letter or digit is re[i]
 * (re[i - 1] == '\\'): i itself, or the end of its argument - \x20 \x{..}
 * \101 \1 \cA \o{..} \N{..} \pL \p{..} \g1 \g{..} \g<..> \k<..> - whose
 * bytes are no literal text. */
static size_t escape_end(const char *re, size_t len, size_t i)
{
    char e = re[i];
    size_t k = i + 1;
    if (k >= len)
        return i;
    char open = re[k];
    char close = open == '{' ? '}' : open == '<' ? '>' : open == '\'' ? '\'' : 0;
    if (close && strchr(e == 'g' ? "{<'" : e == 'k' ? "{<'" : strchr("xoNpP", e) ? "{" : "", open)) {
        const char *c = memchr(re + k + 1, close, len - k - 1);
        return c ? (size_t)(c - re) : len - 1;
    }
    size_t n = 0;
    if (e == 'x')
        while (n < 2 && k + n < len && isxdigit((unsigned char)re[k + n]))
            n++;
    else if (isdigit((unsigned char)e))
        while (n < 2 && k + n < len && isdigit((unsigned char)re[k + n]))
            n++;
    else if (e == 'c' || e == 'p' || e == 'P')
        n = 1;
    else if (e == 'g') {
        if (re[k] == '-' || re[k] == '+')
            n++;
        while (k + n < len && isdigit((unsigned char)re[k + n]))
            n++;
    }
    return i + n;
}

size_t txr_pattern_literal(const char *re, size_t len, char *buf, size_t bufn)
{
    char cur[256];
    size_t curn = 0, best = 0;
    int depth = 0;
    /* A top-level alternation makes every literal optional: give up.  (Literals
     * inside groups are never used, so alternations there do no harm.) */
    for (size_t i = 0, cls = 0, d = 0; i < len; i++) {
        if (re[i] == '\\') {
            i++;
            continue;
        }
        if (cls) {
            if (re[i] == ']')
                cls = 0;
            continue;
        }
        if (re[i] == '[') {
            cls = 1;
            if (i + 1 < len && re[i + 1] == ']')
                i++;
        } else if (re[i] == '(') {
            d++;
        } else if (re[i] == ')' && d) {
            d--;
        } else if (re[i] == '|' && d == 0) {
            return 0;
        }
    }
/* keep the longest run (a run longer than the buffer: its prefix) */
#define FLUSH()                                                                                    \
    do {                                                                                           \
        size_t k_ = curn < bufn ? curn : bufn - 1;                                                 \
        if (depth == 0 && k_ > best) {                                                             \
            memcpy(buf, cur, k_);                                                                  \
            best = k_;                                                                             \
        }                                                                                          \
        curn = 0;                                                                                  \
    } while (0)
    for (size_t i = 0; i < len; i++) {
        char c = re[i];
        char lit = 0;
        if (c == '\\') {
            if (i + 1 >= len)
                break;
            char e = re[++i];
            if (e == 'Q' || e == 'E')
                return 0;
            if (!isalnum((unsigned char)e))
                lit = e; /* escaped punctuation is itself */
            else
                i = escape_end(re, len, i); /* what it matches is not read: it ends the run */
        } else if (c == '[') {
            FLUSH();
            /* skip the class */
            i++;
            if (i < len && re[i] == '^')
                i++;
            if (i < len && re[i] == ']')
                i++;
            while (i < len && re[i] != ']') {
                if (re[i] == '\\')
                    i++;
                i++;
            }
            continue;
        } else if (c == '(') {
            FLUSH();
            depth++;
            continue;
        } else if (c == ')') {
            FLUSH();
            if (depth)
                depth--;
            /* a group quantified as optional: nothing inside was required anyway
             * (we never keep literals from inside groups) */
            continue;
        } else if (c == '?' || c == '*' || (c == '{' && i + 1 < len && (re[i + 1] == '0' || re[i + 1] == ','))) {
            if (curn)
                curn--; /* the previous atom is optional */
            FLUSH();
            if (c == '{') /* (its digits are no literal text) */
                while (i < len && re[i] != '}')
                    i++;
            continue;
        } else if (c == '+' || c == '{') {
            FLUSH();
            if (c == '{')
                while (i < len && re[i] != '}')
                    i++;
            continue;
        } else if (!is_meta(c)) {
            lit = c;
        }
        if (!lit) {
            FLUSH();
            continue;
        }
        /* a quantifier after this atom makes it optional or repeated */
        if (i + 1 < len && (re[i + 1] == '?' || re[i + 1] == '*' ||
                            (re[i + 1] == '{' && i + 2 < len && (re[i + 2] == '0' || re[i + 2] == ',')))) {
            FLUSH();
            continue;
        }
        if (curn < sizeof cur)
            cur[curn++] = lit;
    }
    FLUSH();
#undef FLUSH
    return best;
}

/* The end of the class opened at re[i] == '[' (the index of its ']'), or
 * len when it does not end. */
static size_t class_end(const char *re, size_t len, size_t i)
{
    size_t k = i + 1;
    if (k < len && re[k] == '^')
        k++;
    if (k < len && re[k] == ']')
        k++;
    while (k < len && re[k] != ']')
        k += re[k] == '\\' ? 2 : 1;
    return k < len ? k : len;
}

/* The index of the ')' that closes the group opened at re[i] == '(', or len
 * when it is not closed (escapes and classes skipped). */
static size_t group_close(const char *re, size_t len, size_t i)
{
    size_t d = 1, j = i + 1;
    for (; j < len && d; j++) {
        if (re[j] == '\\')
            j++;
        else if (re[j] == '[')
            j = class_end(re, len, j);
        else if (re[j] == '(')
            d++;
        else if (re[j] == ')')
            d--;
    }
    return d ? len : j - 1;
}

/* A group opened at re[i] == '(' whose text is a sub-pattern every match of
 * the group matches: capturing, (?:, (?<name>, (?P<name>, (?'name', (?>,
 * (?|, (?flags:.  Sets *body to where that text starts; 0 for everything
 * else (lookarounds, flag settings, verbs, recursion, conditionals). */
static int plain_group(const char *re, size_t len, size_t i, size_t *body)
{
    size_t k = i + 1;
    if (k >= len || re[k] == '*')
        return 0;
    if (re[k] != '?') {
        *body = k;
        return 1;
    }
    k++;
    if (k >= len)
        return 0;
    char c = re[k];
    if (c == ':' || c == '>' || c == '|') {
        *body = k + 1;
        return 1;
    }
    if (c == 'P' && k + 1 < len && re[k + 1] == '<')
        k++, c = '<';
    if (c == '<' || c == '\'') {
        char close = c == '<' ? '>' : '\'';
        if (k + 1 >= len || !(isalpha((unsigned char)re[k + 1]) || re[k + 1] == '_'))
            return 0; /* (?<= (?<! */
        const char *e = memchr(re + k + 1, close, len - k - 1);
        if (!e)
            return 0;
        *body = (size_t)(e - re) + 1;
        return 1;
    }
    while (k < len && (isalpha((unsigned char)re[k]) || re[k] == '-' || re[k] == '^'))
        k++;
    if (k < len && k > i + 2 && re[k] == ':') { /* (?i:  (?-s: */
        *body = k + 1;
        return 1;
    }
    return 0;
}

/* How many groups down an alternative's literals are looked for: a named
 * group around an alternation of phrases, some of them an alternation
 * again (`(?<words>(?:\b(?:server|client)Auth\b|...))`, the fallback
 * vocabularies), is three. */
#define TXR_LITERAL_DEPTH 4

/* Literals of one alternative [re, re + len), appended to lits[*n]: its own
 * longest literal or (up to TXR_LITERAL_DEPTH levels down) the literals of the
 * alternatives of one of its required groups: of these candidates (a group
 * counts when its every alternative has literals), the one whose shortest
 * literal is the longest (on a tie: the own literal, then the fewest
 * literals, then the first group).  0 when it has none of min bytes or they
 * would be more than max. */
static int alt_literals(const char *re, size_t len, char lits[][32], unsigned *n, unsigned max, size_t min,
                        int depth, int grow);

/* The length of the shortest of n literals. */
static size_t shortest(char lits[][32], unsigned n)
{
    size_t m = SIZE_MAX;
    for (unsigned i = 0; i < n; i++)
        if (strlen(lits[i]) < m)
            m = strlen(lits[i]);
    return m;
}

/* ---- literals joined across groups and small classes ---------------------- */

/* An exact set: the few fixed strings an atom (or a run of atoms) can
 * match.  A byte or an escaped punctuation byte is one string; a class of up
 * to TX_MAX_RUN_CLASS letters, digits or punctuation (`[Ee]`, `[ _]`) one
 * string per byte; a plain group the union of its alternatives, each a run
 * of such atoms (groups in groups: TXR_LITERAL_DEPTH levels below the top at most,
 * counting the levels of the branch the run is in).  Atoms one after the
 * other, each matched exactly once, are contiguous in the subject: the
 * product of their sets is a set one of whose strings every match contains
 * (`\] +(?:WARN|INFO) - `: " WARN - ", " INFO - ").  An atom quantified `+`
 * or `{n,}` (n >= 1) ends a run with its first repetition and starts the
 * next with its last; an optional one, or any other atom, ends the run.
 * branch_literals takes a run when it beats the other candidates. */
#define XS_DEPTH TXR_LITERAL_DEPTH
typedef struct {
    unsigned n;
    unsigned char len[TX_MAX_RUN_STRINGS];
    char s[TX_MAX_RUN_STRINGS][TX_MAX_RUN_STRING_LEN];
} xset;

static void xs_one(xset *x) /* {""} */
{
    x->n = 1;
    x->len[0] = 0;
}

static int xs_has(const xset *x, const char *s, size_t n)
{
    for (unsigned i = 0; i < x->n; i++)
        if (x->len[i] == n && memcmp(x->s[i], s, n) == 0)
            return 1;
    return 0;
}

/* x gets s (once); 0: full */
static int xs_put(xset *x, const char *s, size_t n)
{
    if (xs_has(x, s, n))
        return 1;
    if (x->n >= TX_MAX_RUN_STRINGS || n > TX_MAX_RUN_STRING_LEN)
        return 0;
    memcpy(x->s[x->n], s, n);
    x->len[x->n++] = (unsigned char)n;
    return 1;
}

/* a = a b (every string of a followed by every string of b); 0, a unchanged,
 * when that is too many strings or too long a string */
static int xs_cat(xset *a, const xset *b)
{
    xset r;
    char t[2 * TX_MAX_RUN_STRING_LEN];
    r.n = 0;
    if ((size_t)a->n * b->n > TX_MAX_RUN_STRINGS)
        return 0;
    for (unsigned i = 0; i < a->n; i++)
        for (unsigned j = 0; j < b->n; j++) {
            size_t n = (size_t)a->len[i] + b->len[j];
            if (n > TX_MAX_RUN_STRING_LEN)
                return 0;
            memcpy(t, a->s[i], a->len[i]);
            memcpy(t + a->len[i], b->s[j], b->len[j]);
            if (!xs_put(&r, t, n))
                return 0;
        }
    *a = r;
    return 1;
}

enum { Q_ONE, Q_OPT, Q_MORE };
/* The quantifier at re[*i] (none: Q_ONE), *i moved past it and a lazy or
 * possessive mark.  `{` that is no quantifier is left for the next atom. */
static int quantifier(const char *re, size_t len, size_t *i)
{
    size_t k = *i;
    int q = Q_ONE;
    if (k >= len)
        return Q_ONE;
    if (re[k] == '?' || re[k] == '*') {
        q = Q_OPT;
        k++;
    } else if (re[k] == '+') {
        q = Q_MORE;
        k++;
    } else if (re[k] == '{') {
        size_t d = k + 1, lo = 0, digits = 0;
        for (; d < len && isdigit((unsigned char)re[d]); d++, digits++)
            lo = lo * 10 + (size_t)(re[d] - '0') > 1000 ? 1000 : lo * 10 + (size_t)(re[d] - '0');
        int comma = d < len && re[d] == ',';
        if (comma)
            for (d++; d < len && isdigit((unsigned char)re[d]); d++)
                digits++;
        if (d >= len || re[d] != '}' || !digits)
            return Q_ONE; /* (a literal '{': its own atom) */
        q = lo ? Q_MORE : Q_OPT; /* ({,m} counts as optional either way) */
        k = d + 1;
    } else {
        return Q_ONE;
    }
    if (k < len && (re[k] == '?' || re[k] == '+'))
        k++;
    *i = k;
    return q;
}

static int xs_alts(const char *re, size_t len, xset *x, int depth);

static int class_byte(char c)
{
    return isalnum((unsigned char)c) || (c >= ' ' && c <= '~' && !strchr("-\\[]^", c));
}

/* The atom at re[*i], *i moved past it (not its quantifier): 1 and its exact
 * set in *x; 0: an atom without one (`.`, `\d`, a wider class, a group that
 * is not all exact); 2: \b or \B (no text: a run goes on past it); -1: text
 * this does not read (an escape with an argument, unbalanced parentheses):
 * no runs for the branch. */
static int xs_atom(const char *re, size_t len, size_t *i, xset *x, int depth)
{
    size_t k = *i;
    char c = re[k];
    if (c == '\\') {
        if (k + 1 >= len)
            return -1;
        char e = re[k + 1];
        *i = k + 2;
        if (e == 'b' || e == 'B')
            return 2;
        if (isalnum((unsigned char)e))
            return strchr("dDwWsShHvVRXtnrfeazZAGK", e) ? 0 : -1; /* (no argument follows these) */
        x->n = 0;
        return xs_put(x, &e, 1);
    }
    if (c == '[') {
        size_t end = class_end(re, len, k);
        if (end >= len)
            return -1;
        *i = end + 1;
        if (re[k + 1] == '^' || re[k + 1] == ']' || end - k - 1 > TX_MAX_RUN_CLASS)
            return 0;
        /* letters, digits and printable ASCII punctuation taken as itself in
         * a class (`[ _]`, `[:=]`); not '-' (a range), '\\' (an escape), '['
         * (a POSIX class), '^' */
        x->n = 0;
        for (size_t j = k + 1; j < end; j++)
            if (!class_byte(re[j]) || !xs_put(x, re + j, 1))
                return 0;
        return x->n > 0;
    }
    if (c == '(') {
        size_t close = group_close(re, len, k), body = 0;
        if (close >= len)
            return -1;
        size_t j = close + 1;
        *i = j;
        return depth < XS_DEPTH && plain_group(re, len, k, &body) && body <= close &&
               xs_alts(re + body, close - body, x, depth + 1);
    }
    if (c == ')' || c == '|' || c == '?' || c == '*' || c == '+')
        return -1;
    *i = k + 1;
    if (c == '.' || c == '^' || c == '$' || c == '{')
        return 0;
    x->n = 0;
    return xs_put(x, &c, 1);
}

/* The exact set of a run of atoms each matched once ([re, re + len)): 0 when
 * it has none. */
static int xs_seq(const char *re, size_t len, xset *x, int depth)
{
    xset a;
    xs_one(x);
    for (size_t i = 0; i < len;) {
        int r = xs_atom(re, len, &i, &a, depth);
        if (r == 2)
            continue;
        if (r != 1 || quantifier(re, len, &i) != Q_ONE || !xs_cat(x, &a))
            return 0;
    }
    return 1;
}

/* Where the top-level alternative that starts at re[begin] ends: the index of
 * its '|', or len; SIZE_MAX when a class is not closed. */
static size_t alt_end(const char *re, size_t len, size_t begin)
{
    size_t d = 0;
    for (size_t i = begin; i < len; i++) {
        if (re[i] == '\\') {
            i++;
        } else if (re[i] == '[') {
            i = class_end(re, len, i);
            if (i >= len)
                return SIZE_MAX;
        } else if (re[i] == '(') {
            d++;
        } else if (re[i] == ')' && d) {
            d--;
        } else if (re[i] == '|' && d == 0) {
            return i;
        }
    }
    return len;
}

/* The union of the alternatives' exact sets. */
static int xs_alts(const char *re, size_t len, xset *x, int depth)
{
    xset a;
    x->n = 0;
    for (size_t begin = 0;;) {
        size_t end = alt_end(re, len, begin);
        if (end == SIZE_MAX || !xs_seq(re + begin, end - begin, &a, depth))
            return 0;
        for (unsigned k = 0; k < a.n; k++)
            if (!xs_put(x, a.s[k], a.len[k]))
                return 0;
        if (end >= len)
            return 1;
        begin = end + 1;
    }
}

/* The longest literal a pattern's prefilter keeps (its slot is char[32];
 * txr_pattern_literal is given LIT_KEEP + 1 bytes). */
enum { LIT_KEEP = 30 };

/* A run's strings as literals (each longer than LIT_KEEP bytes: its last
 * LIT_KEEP, a part of it; as many as txr_pattern_literal keeps, so a plain
 * run longer than that is never taken for its own literal's tail), when they
 * are at most room: their number, *m the length of the shortest; 0 when
 * more. */
static unsigned xs_literals(const xset *x, char out[][32], unsigned room, size_t *m)
{
    unsigned n = 0;
    *m = SIZE_MAX;
    for (unsigned i = 0; i < x->n; i++) {
        size_t k = x->len[i] > LIT_KEEP ? LIT_KEEP : x->len[i];
        const char *s = x->s[i] + (x->len[i] - k);
        unsigned j = 0;
        for (; j < n; j++)
            if (strlen(out[j]) == k && memcmp(out[j], s, k) == 0)
                break;
        if (j < n)
            continue;
        if (n >= room)
            return 0;
        memcpy(out[n], s, k);
        out[n++][k] = '\0';
        if (k < *m)
            *m = k;
    }
    return n;
}

/* A POSIX class (`[[:alpha:]]`): "[:" inside a class, not a class that
 * starts with ':' (`[:=]`). */
static int has_posix(const char *re, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (re[i] == '\\') {
            i++;
        } else if (re[i] == '[') {
            size_t end = class_end(re, len, i);
            if (end > i + 1 && has_text(re + i + 1, end - i - 1, "[:"))
                return 1;
            i = end;
        }
    }
    return 0;
}

/* Does every string of x contain one of the n literals ref? */
static int xs_refines(const xset *x, char ref[][32], unsigned n)
{
    for (unsigned i = 0; i < x->n; i++) {
        unsigned j = 0;
        for (; j < n; j++) {
            size_t k = strlen(ref[j]);
            if (k && x->len[i] >= k && memmem(x->s[i], x->len[i], ref[j], k))
                break;
        }
        if (j == n)
            return 0;
    }
    return x->n > 0;
}

/* Of the branch's runs (above), the one whose shortest literal is the
 * longest (on a tie: the fewest literals), in out; its count (0: none of
 * min bytes, or the branch has text this does not read), *m its shortest.
 * *refines: every string of that run (before it is cut to LIT_KEEP bytes)
 * contains one of the nref literals ref. */
static unsigned run_literals(const char *re, size_t len, char out[][32], unsigned room, size_t min, size_t *m,
                             int depth, char ref[][32], unsigned nref, int *refines)
{
    *refines = 0;
    if (has_text(re, len, "\\Q") || has_text(re, len, "\\E") || has_text(re, len, "\\c") ||
        has_text(re, len, "(?#") || has_posix(re, len))
        return 0;
    xset cur, a;
    char cand[TX_MAX_PATTERN_LITERALS][32];
    unsigned best = 0;
    *m = 0;
    xs_one(&cur);
    for (size_t i = 0;;) {
        int r = 0, q = Q_ONE;
        if (i < len) {
            r = xs_atom(re, len, &i, &a, depth);
            if (r < 0)
                return 0;
            if (r == 2)
                continue;
            q = quantifier(re, len, &i);
        }
        int joined = r == 1 && q != Q_OPT && xs_cat(&cur, &a);
        if (!joined || q == Q_MORE) { /* the run so far is a candidate */
            size_t cm = 0;
            unsigned cn = xs_literals(&cur, cand, room, &cm);
            if (cn && cm >= min && (cm > *m || (cm == *m && cn < best))) {
                memcpy(out, cand, sizeof cand[0] * cn);
                best = cn;
                *m = cm;
                *refines = xs_refines(&cur, ref, nref);
            }
            /* the next run starts with this atom (it did not fit, or its
             * last repetition), or after it */
            if (r == 1 && q != Q_OPT)
                cur = a;
            else
                xs_one(&cur);
        }
        if (i >= len && !r)
            break;
    }
    return best;
}

static int branch_literals(const char *re, size_t len, char lits[][32], unsigned *n, unsigned max, size_t min,
                           int depth, int grow)
{
    if (*n >= max)
        return 0;
    size_t k = txr_pattern_literal(re, len, lits[*n], LIT_KEEP + 1);
    if (k >= min && (depth >= TXR_LITERAL_DEPTH || k >= 31)) {
        lits[(*n)++][k] = '\0';
        return 1;
    }
    if (depth >= TXR_LITERAL_DEPTH)
        return 0;
    /* the branch's own literal, and the groups every match passes through:
     * ( ... ) not quantified optional (the branch has no top-level '|'); each
     * group's literals are a candidate, taken when its shortest literal is
     * longer than the branch's own (`\bat (?<frame>sun\.security\.ssl\.X|...)`:
     * the frames' names, not "at ") */
    char best[TX_MAX_PATTERN_LITERALS][32], cand[TX_MAX_PATTERN_LITERALS][32];
    unsigned nbest = 0, room = max - *n < TX_MAX_PATTERN_LITERALS ? max - *n : TX_MAX_PATTERN_LITERALS;
    size_t bestmin = 0;
    if (k >= min) {
        memcpy(best[0], lits[*n], k);
        best[0][k] = '\0';
        nbest = 1;
        bestmin = k;
    }
    for (size_t i = 0; i < len; i++) {
        if (re[i] == '\\') {
            i++;
            continue;
        }
        if (re[i] == '[') {
            i = class_end(re, len, i);
            continue;
        }
        if (re[i] != '(')
            continue;
        size_t close = group_close(re, len, i), body = 0; /* re[close] == ')' */
        if (close >= len)
            return 0;
        size_t j = close + 1;
        int optional = j < len && (re[j] == '?' || re[j] == '*' ||
                                   (re[j] == '{' && !(j + 1 < len && re[j + 1] >= '1' && re[j + 1] <= '9')));
        unsigned nc = 0;
        if (!optional && plain_group(re, len, i, &body) && body <= close &&
            alt_literals(re + body, close - body, cand, &nc, room, min, depth + 1, grow) && nc) {
            size_t m = shortest(cand, nc);
            if (!nbest || m > bestmin || (m == bestmin && nc < nbest)) {
                memcpy(best, cand, sizeof cand[0] * nc);
                nbest = nc;
                bestmin = m;
            }
        }
        i = close;
    }
    /* runs of atoms joined across groups and small classes: taken when
     * their shortest literal is longer and they are no more literals than
     * the best so far (more literals cost the literal scan more than the
     * searches they save: measured on the bench corpus), or when the run
     * only lengthens the best: each of its strings contains one of the
     * best's literals, so it is a candidate on fewer lines, whatever their
     * number (`sun\.security\.ssl\.(?:Handshaker\.|HandshakeContext)`: the
     * two frames, not every frame of the package).  A tie at LIT_KEEP bytes (both
     * cut) goes to such a run too: its strings are the longer. */
    size_t pm = 0;
    int refines = 0;
    unsigned pn = run_literals(re, len, cand, room, min, &pm, depth, best, nbest, &refines);
    refines = refines && grow;
    if (pn && (!nbest || (pm > bestmin && (pn <= nbest || refines)) || (refines && pm == LIT_KEEP && bestmin == LIT_KEEP))) {
        memcpy(best, cand, sizeof cand[0] * pn);
        nbest = pn;
        bestmin = pm;
    }
    if (!nbest)
        return 0;
    memcpy(lits + *n, best, sizeof best[0] * nbest);
    *n += nbest;
    return 1;
}

static int alt_literals(const char *re, size_t len, char lits[][32], unsigned *n, unsigned max, size_t min,
                        int depth, int grow)
{
    for (size_t begin = 0;;) {
        size_t end = alt_end(re, len, begin); /* (SIZE_MAX: an unterminated class) */
        if (end == SIZE_MAX || !branch_literals(re + begin, end - begin, lits, n, max, min, depth, grow))
            return 0;
        if (end >= len)
            return 1;
        begin = end + 1;
    }
}

/* Split at top-level '|' and take one literal per branch (or per branch of
 * a branch's one required group): a match of the whole pattern contains at
 * least one of them.  0 if some branch has no literal of min bytes, or
 * there would be more than max, or a (*ACCEPT) may end a match before
 * them.  Text that could hide the structure (\Q...\E, \c, comments, POSIX
 * classes) keeps the group search out. */
unsigned txr_pattern_literals(const char *re, size_t len, char lits[][32], unsigned max, size_t min)
{
    unsigned n = 0;
    if (has_text(re, len, "(*ACCEPT"))
        return 0;
    int plain = !has_text(re, len, "\\Q") && !has_text(re, len, "\\c") &&
                !has_text(re, len, "(?#") && !has_posix(re, len);
    /* a branch's run of more literals may leave too little room for the
     * branches after it: then none is taken */
    if (alt_literals(re, len, lits, &n, max, min, plain ? 0 : 2, 1))
        return n;
    n = 0;
    if (!alt_literals(re, len, lits, &n, max, min, plain ? 0 : 2, 0))
        return 0;
    return n;
}

void txr_pattern_lib_version(char *buf, size_t n)
{
    char v[64] = "?";
    uint32_t jit = 0;
    if (pcre2_config(PCRE2_CONFIG_VERSION, NULL) <= (int)sizeof v)
        pcre2_config(PCRE2_CONFIG_VERSION, v);
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    snprintf(buf, n, "PCRE2 %s%s", v, jit ? " (JIT)" : "");
}
