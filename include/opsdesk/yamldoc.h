/* A YAML document read into a small tree that remembers where every node
 * stands in the file. libyaml enforces no limits of its own, so this loader
 * does: file size, nesting depth, node count, no aliases or anchors, no
 * duplicate keys, one document. */
#ifndef OPSDESK_YAMLDOC_H
#define OPSDESK_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "opsdesk/diag.h"

enum { YAMLDOC_MAX_BYTES = 1 << 20, YAMLDOC_MAX_DEPTH = 32, YAMLDOC_MAX_NODES = 100000 };

typedef enum ynode_kind { YN_SCALAR, YN_MAP, YN_SEQ } ynode_kind;

typedef struct ynode {
	ynode_kind kind;
	int line, col;
	char *value;          /* scalars: the text, always a string */
	bool quoted;          /* scalars: written in quotes */
	struct ynode **keys;  /* maps: n keys (scalars) ... */
	struct ynode **items; /* ... and their values; sequences: n items */
	size_t n, cap;
} ynode;

/* Parses text of len bytes. An error that stops reading (syntax, limits,
 * anchors and aliases, an empty document) adds to diags and returns NULL.
 * A duplicate key is added to diags and read past, its first value kept,
 * and the tree is returned, so that a caller can check the rest of the
 * file too: a caller must treat any new diagnostic as failure. The caller
 * frees the tree. */
ynode *yamldoc_parse(const char *text, size_t len, diag_list *diags);
void ynode_free(ynode *n);

const char *ynode_kind_name(ynode_kind k);

#endif
