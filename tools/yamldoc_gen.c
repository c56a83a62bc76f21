/*
 * yamldoc_gen.c FILE... - print the C source of the parsed YAML documents of
 * the shipped rule files (rules/yamldoc.h), run by the Makefile at build
 * time.  A file the rule loader's pre-scan might reject (a byte-order mark,
 * not exactly one document, an alias, a tag, deep nesting, very many nodes)
 * gets no entry: the loader parses it at start-up as before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* stricter than the loader's own limits (rules/yaml_load.c): never an entry it would refuse */
#define GEN_MAX_DEPTH 64u
#define GEN_MAX_NODES (1u << 16)

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap);
    while (b) {
        if (len == cap) {
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
        size_t k = fread(b + len, 1, cap - len, f);
        len += k;
        if (!k)
            break;
    }
    if (b && ferror(f)) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *n = len;
    return b;
}

/* What the loader's pre-scan checks, more strictly. */
static int plain(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    if (len >= 2 && (u[0] == 0xEF || u[0] == 0xFE || u[0] == 0xFF))
        return 0;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return 0;
    yaml_parser_set_input_string(&p, u, len);
    unsigned depth = 0, nodes = 0, docs = 0;
    int ok = 1, done = 0;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            ok = 0;
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_DOCUMENT_START_EVENT:
            ok = ++docs == 1 && !ev.data.document_start.version_directive &&
                 ev.data.document_start.tag_directives.start == ev.data.document_start.tag_directives.end;
            break;
        case YAML_ALIAS_EVENT: ok = 0; break;
        case YAML_SCALAR_EVENT: ok = !ev.data.scalar.tag && !ev.data.scalar.anchor && ++nodes <= GEN_MAX_NODES; break;
        case YAML_SEQUENCE_START_EVENT:
            ok = !ev.data.sequence_start.tag && !ev.data.sequence_start.anchor && ++nodes <= GEN_MAX_NODES &&
                 ++depth <= GEN_MAX_DEPTH;
            break;
        case YAML_MAPPING_START_EVENT:
            ok = !ev.data.mapping_start.tag && !ev.data.mapping_start.anchor && ++nodes <= GEN_MAX_NODES &&
                 ++depth <= GEN_MAX_DEPTH;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: depth--; break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return ok && done && docs == 1;
}

static void mark(const yaml_mark_t *m) { printf("{%zu, %zu, %zu}", m->index, m->line, m->column); }

static void cstring(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("\\%03o", s[i]);
}

/* Print file k's document; 0 if it gets no entry. */
static int emit(unsigned k, const char *path)
{
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text || !plain(text, len)) {
        free(text);
        return 0;
    }
    yaml_parser_t p;
    yaml_document_t d;
    if (!yaml_parser_initialize(&p)) {
        free(text);
        return 0;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int ok = yaml_parser_load(&p, &d);
    yaml_parser_delete(&p);
    if (!ok || !yaml_document_get_root_node(&d)) {
        if (ok)
            yaml_document_delete(&d);
        free(text);
        return 0;
    }
    size_t nn = (size_t)(d.nodes.top - d.nodes.start);
    /* the scalars' bytes, back to back (each NUL-terminated) */
    printf("static const char s%u[] = \"", k);
    for (size_t i = 0; i < nn; i++) {
        const yaml_node_t *n = &d.nodes.start[i];
        if (n->type == YAML_SCALAR_NODE) {
            cstring(n->data.scalar.value, n->data.scalar.length);
            printf("\\000\"\n\"");
        }
    }
    printf("\";\nstatic const int i%u[] = {0", k);
    for (size_t i = 0; i < nn; i++) {
        const yaml_node_t *n = &d.nodes.start[i];
        if (n->type == YAML_SEQUENCE_NODE)
            for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
                printf(",%d", *it);
        else if (n->type == YAML_MAPPING_NODE)
            for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++)
                printf(",%d,%d", pr->key, pr->value);
    }
    printf("};\nstatic const txr_ydnode n%u[] = {\n", k);
    size_t soff = 0, ioff = 1;
    for (size_t i = 0; i < nn; i++) {
        const yaml_node_t *n = &d.nodes.start[i];
        size_t off = 0, cnt = 0;
        int style = 0;
        if (n->type == YAML_SCALAR_NODE) {
            off = soff;
            cnt = n->data.scalar.length;
            soff += cnt + 1;
            style = n->data.scalar.style;
        } else if (n->type == YAML_SEQUENCE_NODE) {
            off = ioff;
            cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
            ioff += cnt;
            style = n->data.sequence.style;
        } else if (n->type == YAML_MAPPING_NODE) {
            off = ioff;
            cnt = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
            ioff += 2 * cnt;
            style = n->data.mapping.style;
        }
        printf("    {%d, %d, ", n->type, style);
        mark(&n->start_mark);
        printf(", ");
        mark(&n->end_mark);
        printf(", %zu, %zu},\n", off, cnt);
    }
    printf("};\n");
    printf("#define D%u {\"%s\", %zu, n%u, %zu, s%u, i%u, %d, %d, ", k, path, len, k, nn, k, k, d.start_implicit,
           d.end_implicit);
    mark(&d.start_mark);
    printf(", ");
    mark(&d.end_mark);
    printf("}\n");
    yaml_document_delete(&d);
    free(text);
    return 1;
}

int main(int argc, char **argv)
{
    printf("/* generated by tools/yamldoc_gen.c - do not edit */\n#include <stddef.h>\n#include \"rules/yamldoc.h\"\n");
    unsigned char *have = calloc((size_t)argc, 1);
    if (!have)
        return 1;
    for (int k = 1; k < argc; k++)
        have[k] = (unsigned char)emit((unsigned)k, argv[k]);
    printf("const txr_ydoc txr_builtin_docs[] = {\n");
    for (int k = 1; k < argc; k++)
        if (have[k])
            printf("    D%d,\n", k);
    printf("    {NULL, 0, NULL, 0, NULL, NULL, 0, 0, {0, 0, 0}, {0, 0, 0}},\n};\n");
    free(have);
    return 0;
}
