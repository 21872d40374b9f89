/* What an edit changed, field by field, as the journal's text
 * ("name: A -> B; phone: 1 -> 2") and the audit entry's JSON
 * ({"name":["A","B"],...}) at once. */
#ifndef OPSDESK_CHANGES_H
#define OPSDESK_CHANGES_H

#include <stdbool.h>

#include "opsdesk/xalloc.h"

typedef struct changes {
	strbuf text, json;
	strbuf values; /* "field: new; ..." */
	int n;
	bool closed; /* json has its final brace */
} changes;

/* Records field going from old to new; nothing when they are equal. */
void changes_add(changes *c, const char *field, const char *old, const char *new_value);
bool changes_any(const changes *c);
/* The JSON object; valid until changes_free. */
const char *changes_json(changes *c);
const char *changes_text(const changes *c);
/* The new values only ("assignee: lina; category: network"): what a
 * workflow action set, the old values being in the audit entry. */
const char *changes_values(const changes *c);
void changes_free(changes *c);

#endif
