/* Reads libyaml's event stream into a ynode tree with limits enforced as
 * events arrive, so a hostile file can neither crash nor exhaust memory. */
#include "opsdesk/yamldoc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

typedef struct builder {
	yaml_parser_t parser;
	diag_list *diags;
	ynode *stack[YAMLDOC_MAX_DEPTH + 1];
	int depth;
	size_t nodes;
	ynode *root;
	int documents;
	/* a duplicate key's value is read past, not kept, so that every
	 * duplicate in the file is reported, not only the first */
	bool skip_next;  /* the next node is a dropped duplicate's value */
	int skip_depth;  /* open mappings and lists inside that value */
} builder;

const char *ynode_kind_name(ynode_kind k)
{
	switch (k) {
	case YN_SCALAR: return "a single value";
	case YN_MAP: return "a mapping (key: value)";
	case YN_SEQ: return "a list";
	}
	return "?";
}

void ynode_free(ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->keys)
			ynode_free(n->keys[i]);
		ynode_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->value);
	free(n);
}

static void add_child(ynode *parent, ynode *key, ynode *value)
{
	if (parent->n == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 4;
		parent->items = xrealloc(parent->items, parent->cap * sizeof *parent->items);
		if (parent->kind == YN_MAP)
			parent->keys = xrealloc(parent->keys, parent->cap * sizeof *parent->keys);
	}
	if (parent->kind == YN_MAP)
		parent->keys[parent->n] = key;
	parent->items[parent->n++] = value;
}

/* A map in the middle of reading holds its pending key as an item with no
 * value yet: keys[n] is set and items[n] stays NULL until the value comes.
 * Returns false when the node was not attached (the caller frees it); a
 * duplicate key sets skip_next so reading goes on. */
static bool attach(builder *b, ynode *node)
{
	if (b->depth == 0) {
		b->root = node;
		return true;
	}
	ynode *parent = b->stack[b->depth - 1];
	if (parent->kind == YN_SEQ) {
		add_child(parent, NULL, node);
		return true;
	}
	/* a map: either this is a key, or the value for the pending key */
	if (parent->n > 0 && parent->items[parent->n - 1] == NULL) {
		parent->items[parent->n - 1] = node;
		return true;
	}
	if (node->kind != YN_SCALAR) {
		diag_add(b->diags, node->line, node->col, _("a key must be a single value, not %s"),
			 ynode_kind_name(node->kind));
		return false;
	}
	for (size_t i = 0; i < parent->n; i++) {
		if (strcmp(parent->keys[i]->value, node->value) == 0) {
			diag_add(b->diags, node->line, node->col,
				 _("duplicate key '%s' (first at line %d)"), node->value,
				 parent->keys[i]->line);
			b->skip_next = true;
			return false;
		}
	}
	add_child(parent, node, NULL);
	return true;
}

static ynode *new_node(builder *b, ynode_kind kind, yaml_mark_t mark)
{
	if (++b->nodes > YAMLDOC_MAX_NODES) {
		diag_add(b->diags, (int)mark.line + 1, (int)mark.column + 1,
			 _("too many values (the limit is %d)"), YAMLDOC_MAX_NODES);
		return NULL;
	}
	ynode *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = (int)mark.line + 1;
	n->col = (int)mark.column + 1;
	return n;
}

static bool refuse_anchor(builder *b, const yaml_char_t *anchor, yaml_mark_t mark)
{
	if (!anchor)
		return false;
	diag_add(b->diags, (int)mark.line + 1, (int)mark.column + 1,
		 _("anchors (&%s) are not allowed in rules files"), (const char *)anchor);
	return true;
}

/* A tag (!!python/object:..., !!binary) asks for a type the loader does
 * not have: every value is text the loader converts itself, so a tag
 * would be silently meaningless. */
static bool refuse_tag(builder *b, const yaml_char_t *tag, yaml_mark_t mark)
{
	if (!tag)
		return false;
	diag_add(b->diags, (int)mark.line + 1, (int)mark.column + 1,
		 _("tags (%s) are not allowed in rules files"), (const char *)tag);
	return true;
}

/* Reads past the events of a dropped duplicate's value; true when the
 * event was consumed that way. */
static bool skipped(builder *b, yaml_event_t *ev)
{
	bool opens = ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT;
	bool closes = ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT;
	bool node = opens || ev->type == YAML_SCALAR_EVENT || ev->type == YAML_ALIAS_EVENT;
	if (b->skip_next && node) {
		b->skip_next = false;
		b->skip_depth = opens ? 1 : 0;
		return true;
	}
	if (b->skip_depth > 0 && (opens || closes || node)) {
		b->skip_depth += opens ? 1 : closes ? -1 : 0;
		return true;
	}
	return false;
}

/* Handles one event; false stops reading. */
static bool on_event(builder *b, yaml_event_t *ev)
{
	yaml_mark_t m = ev->start_mark;
	ynode *node;
	if (skipped(b, ev)) {
		if (b->depth + b->skip_depth > YAMLDOC_MAX_DEPTH || ++b->nodes > YAMLDOC_MAX_NODES) {
			diag_add(b->diags, (int)m.line + 1, (int)m.column + 1,
				 _("nested too deeply or too many values"));
			return false;
		}
		return true;
	}
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1) {
			diag_add(b->diags, (int)m.line + 1, (int)m.column + 1,
				 _("only one document is allowed in a rules file"));
			return false;
		}
		return true;
	case YAML_ALIAS_EVENT:
		diag_add(b->diags, (int)m.line + 1, (int)m.column + 1,
			 _("aliases (*%s) are not allowed in rules files"),
			 (const char *)ev->data.alias.anchor);
		return false;
	case YAML_SCALAR_EVENT:
		if (refuse_anchor(b, ev->data.scalar.anchor, m) ||
		    refuse_tag(b, ev->data.scalar.tag, m))
			return false;
		if (!(node = new_node(b, YN_SCALAR, m)))
			return false;
		node->value = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		if (strlen(node->value) != ev->data.scalar.length) {
			diag_add(b->diags, node->line, node->col, _("a value contains a NUL character"));
			ynode_free(node);
			return false;
		}
		if (!attach(b, node)) {
			ynode_free(node);
			return b->skip_next;
		}
		return true;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		const yaml_char_t *anchor =
			seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
		const yaml_char_t *tag = seq ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
		if (refuse_anchor(b, anchor, m) || refuse_tag(b, tag, m))
			return false;
		if (b->depth >= YAMLDOC_MAX_DEPTH) {
			diag_add(b->diags, (int)m.line + 1, (int)m.column + 1,
				 _("nested too deeply (the limit is %d levels)"), YAMLDOC_MAX_DEPTH);
			return false;
		}
		if (!(node = new_node(b, seq ? YN_SEQ : YN_MAP, m)))
			return false;
		if (!attach(b, node)) {
			ynode_free(node);
			return false;
		}
		b->stack[b->depth++] = node;
		return true;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return true;
	default:
		return true;
	}
}

/* 1-based line and column (in characters) of a byte offset. */
static void offset_position(const char *text, size_t len, size_t offset, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < offset && i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xc0) != 0x80) { /* count characters, not bytes */
			(*col)++;
		}
	}
}

ynode *yamldoc_parse(const char *text, size_t len, diag_list *diags)
{
	if (len > YAMLDOC_MAX_BYTES) {
		diag_add(diags, 1, 1, _("file too large (%zu bytes, the limit is %d)"), len,
			 YAMLDOC_MAX_BYTES);
		return NULL;
	}
	builder b = {.diags = diags};
	if (!yaml_parser_initialize(&b.parser)) {
		diag_add(diags, 1, 1, _("cannot start the YAML parser"));
		return NULL;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	bool stopped = false;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&b.parser, &ev)) {
			yaml_mark_t m = b.parser.problem_mark;
			int line = (int)m.line + 1, col = (int)m.column + 1;
			/* the reader (bad UTF-8, control characters) reports an offset only */
			if (b.parser.error == YAML_READER_ERROR)
				offset_position(text, len, b.parser.problem_offset, &line, &col);
			diag_add(diags, line, col, _("YAML syntax: %s%s%s"),
				 b.parser.problem ? b.parser.problem : "unreadable",
				 b.parser.context ? " " : "",
				 b.parser.context ? b.parser.context : "");
			stopped = true;
			break;
		}
		bool done = ev.type == YAML_STREAM_END_EVENT;
		stopped = !on_event(&b, &ev);
		yaml_event_delete(&ev);
		if (done || stopped)
			break;
	}
	yaml_parser_delete(&b.parser);
	if (stopped) {
		/* the tree may be half built: the root owns everything attached */
		ynode_free(b.root);
		return NULL;
	}
	if (!b.root || (b.root->kind == YN_SCALAR && b.root->value[0] == '\0' && !b.root->quoted)) {
		diag_add(diags, 1, 1, _("the file is empty"));
		ynode_free(b.root);
		return NULL;
	}
	return b.root;
}
