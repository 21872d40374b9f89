/* Field-by-field change sets for journal and audit. */
#include "opsdesk/changes.h"

#include <string.h>

void changes_add(changes *c, const char *field, const char *old, const char *new_value)
{
	old = old ? old : "";
	new_value = new_value ? new_value : "";
	if (strcmp(old, new_value) == 0 || c->closed)
		return;
	sb_addf(&c->text, "%s%s: %s -> %s", c->n ? "; " : "", field, old[0] ? old : "(empty)",
		new_value[0] ? new_value : "(empty)");
	sb_addf(&c->values, "%s%s: %s", c->n ? "; " : "", field, new_value);
	sb_add(&c->json, c->n ? "," : "{");
	sb_add_json(&c->json, field);
	sb_add(&c->json, ":[");
	sb_add_json(&c->json, old);
	sb_add(&c->json, ",");
	sb_add_json(&c->json, new_value);
	sb_add(&c->json, "]");
	c->n++;
}

bool changes_any(const changes *c)
{
	return c->n > 0;
}

const char *changes_json(changes *c)
{
	if (c->n == 0)
		return "{}";
	if (!c->closed)
		sb_add(&c->json, "}");
	c->closed = true;
	return c->json.buf;
}

const char *changes_text(const changes *c)
{
	return c->text.buf ? c->text.buf : "";
}

const char *changes_values(const changes *c)
{
	return c->values.buf ? c->values.buf : "";
}

void changes_free(changes *c)
{
	sb_free(&c->values);
	sb_free(&c->text);
	sb_free(&c->json);
	c->n = 0;
	c->closed = false;
}
