/* The report model: building a report out of sections and blocks. */
#include "opsdesk/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/i18n.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

/* Stored text may hold anything; a report keeps only what can be shown. */
static char *clean(const char *s, bool multiline)
{
	return text_sanitize(s ? s : "", multiline);
}

report *report_new(const char *kind, const char *title, const char *centre, const char *subject,
		   time_t as_of, const char *zone)
{
	report *r = xcalloc(1, sizeof *r);
	r->kind = xstrdup(kind);
	r->title = clean(title, false);
	r->centre = clean(centre, false);
	r->subject = clean(subject, false);
	r->zone = clean(zone, false);
	r->as_of = as_of;
	r->header.kind = REPORT_FIELDS;
	r->header.ncols = 2;
	return r;
}

static void block_clear(report_block *b)
{
	free(b->text);
	/* a fields block keys its rows; a table, its columns */
	size_t nkeys = b->kind == REPORT_FIELDS ? b->nrows : b->ncols;
	for (size_t i = 0; i < nkeys && b->keys; i++)
		free(b->keys[i]);
	for (size_t i = 0; i < b->ncols && b->heads; i++)
		free(b->heads[i]);
	free(b->keys);
	free(b->heads);
	for (size_t i = 0; i < b->nrows * b->ncols; i++)
		free(b->cells[i]);
	free(b->cells);
	free(b->values);
	free(b->unit);
}

void report_free(report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nsections; i++) {
		report_section *s = &r->sections[i];
		for (size_t k = 0; k < s->nblocks; k++)
			block_clear(&s->blocks[k]);
		free(s->blocks);
		free(s->id);
		free(s->title);
	}
	free(r->sections);
	block_clear(&r->header);
	free(r->kind);
	free(r->title);
	free(r->centre);
	free(r->subject);
	free(r->zone);
	free(r);
}

static void add_row(report_block *b, const char *const *cells, bool multiline)
{
	b->cells = xrealloc(b->cells, (b->nrows + 1) * b->ncols * sizeof *b->cells);
	for (size_t i = 0; i < b->ncols; i++)
		b->cells[b->nrows * b->ncols + i] = clean(cells[i], multiline);
	b->nrows++;
}

/* Fields keep their keys in the keys array, one per row. */
static void add_field(report_block *b, const char *key, const char *label, const char *value)
{
	b->keys = xrealloc(b->keys, (b->nrows + 1) * sizeof *b->keys);
	b->keys[b->nrows] = xstrdup(key);
	const char *cells[] = {label, value};
	add_row(b, cells, true);
}

void report_head(report *r, const char *key, const char *label, const char *value)
{
	add_field(&r->header, key, label, value);
}

report_section *report_section_add(report *r, const char *id, const char *title)
{
	r->sections = xrealloc(r->sections, (r->nsections + 1) * sizeof *r->sections);
	report_section *s = &r->sections[r->nsections++];
	memset(s, 0, sizeof *s);
	s->id = xstrdup(id);
	s->title = clean(title, false);
	return s;
}

static report_block *new_block(report_section *s, report_block_kind kind)
{
	s->blocks = xrealloc(s->blocks, (s->nblocks + 1) * sizeof *s->blocks);
	report_block *b = &s->blocks[s->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

void report_text(report_section *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char buf[4096];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	new_block(s, REPORT_TEXT)->text = clean(buf, true);
}

void report_field(report_section *s, const char *key, const char *label, const char *value)
{
	report_block *b = s->nblocks ? &s->blocks[s->nblocks - 1] : NULL;
	if (!b || b->kind != REPORT_FIELDS) {
		b = new_block(s, REPORT_FIELDS);
		b->ncols = 2;
	}
	add_field(b, key, label, value);
}

report_block *report_table(report_section *s, size_t ncols, const char *const *keys,
			   const char *const *heads)
{
	report_block *b = new_block(s, REPORT_TABLE);
	b->ncols = ncols;
	b->keys = xcalloc(ncols, sizeof *b->keys);
	b->heads = xcalloc(ncols, sizeof *b->heads);
	for (size_t i = 0; i < ncols; i++) {
		b->keys[i] = xstrdup(keys[i]);
		b->heads[i] = clean(heads[i], false);
	}
	return b;
}

void report_row(report_block *b, const char *const *cells)
{
	add_row(b, cells, true);
}

report_block *report_bars(report_section *s, const char *unit)
{
	report_block *b = new_block(s, REPORT_BARS);
	b->ncols = 2;
	b->unit = clean(unit, false);
	return b;
}

void report_bar(report_block *b, const char *label, double value, const char *shown)
{
	b->values = xrealloc(b->values, (b->nrows + 1) * sizeof *b->values);
	b->values[b->nrows] = value;
	const char *cells[] = {label, shown};
	add_row(b, cells, false);
}

void report_signatures(report_section *s, const char *const *labels, size_t n)
{
	report_block *b = new_block(s, REPORT_SIGNATURES);
	b->ncols = 1;
	for (size_t i = 0; i < n; i++)
		add_row(b, &labels[i], false);
}

od_status report_format_parse(const char *text, report_format *out, od_error *err)
{
	static const char *const names[] = {"text", "html", "json"};
	for (int i = 0; i < 3; i++)
		if (strcmp(text, names[i]) == 0) {
			*out = (report_format)i;
			return OD_OK;
		}
	return od_fail(err, OD_USAGE, _("format: '%s' is not a report format (text, html or json)"),
		       text);
}

const char *report_format_name(report_format f)
{
	return f == REPORT_FORMAT_HTML ? "html" : f == REPORT_FORMAT_JSON ? "json" : "text";
}
