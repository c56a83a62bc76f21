/*
 * yamldoc.h - the shipped rule files' YAML documents, parsed at build time.
 *
 * Parsing the embedded rulebook (~450 KB of YAML, twice: the checking
 * pre-scan and the document load) was the largest cost of start-up once the
 * Hyperscan databases came from the build.  tools/yamldoc_gen.c parses each
 * shipped file with libyaml's loader at build time and prints its node tree
 * (build/.../gen/yamldoc.c): every node's type, scalar style and value,
 * items, pairs and source marks, exactly as yaml_parser_load made them (tags,
 * which the rule loader never reads, are left out).  At start-up the YAML
 * wrapper (yaml_load.c) makes the same node tree (yaml_load.h) of it as of
 * a document it parses, and the rule loader (txr_load_yaml_doc) reads it
 * as it reads a parsed one: the same checks, the same rules, the same
 * diagnostics.  A file is in the table only if the
 * pre-scan would pass it (one document, no alias, no tag, well within the
 * depth and node limits); the table is used only for the text it was made
 * from (same name and length; both are generated from the same rule files in
 * the same build, see the Makefile's rulebook.sum).  TLSEXPLAIN_NO_CACHE
 * parses instead.
 */
#ifndef TX_YAMLDOC_H
#define TX_YAMLDOC_H

#include <stddef.h>

typedef struct txr_ydmark {
    unsigned index, line, column;
} txr_ydmark;

typedef struct txr_ydnode {
    unsigned char type;  /* yaml_node_type_t */
    unsigned char style; /* the scalar, sequence or mapping style */
    txr_ydmark start, end;
    unsigned off;        /* scalar: offset in strings; sequence: in items; mapping: in pairs (2 ints each) */
    unsigned n;          /* scalar: length; sequence: items; mapping: pairs */
} txr_ydnode;

typedef struct txr_ydoc {
    const char *name;    /* as in txr_builtin_rules */
    size_t textlen;
    const txr_ydnode *nodes;
    unsigned nnodes;
    const char *strings;
    const int *items;    /* node ids (1-based), items then key/value pairs */
    int start_implicit, end_implicit;
    txr_ydmark start, end;
} txr_ydoc;

/* Terminated by an entry with name == NULL. */
extern const txr_ydoc txr_builtin_docs[];

/* The document of the shipped file name whose text is len bytes, or NULL
 * (yaml_load.c). */
const txr_ydoc *txr_ydoc_find(const char *name, size_t len);

#endif
