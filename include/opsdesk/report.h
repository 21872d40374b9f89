/* Reports as data: a header, sections of blocks (text, label/value fields,
 * tables, bar charts, signature lines), built once in the core by the
 * report builders (report_shift.c, report_incident.c, report_review.c) and
 * rendered by small writers: paged text, one self-contained HTML file and
 * JSON. Every string is sanitized when it is added, so no control
 * character or escape sequence from stored text reaches any writer. The
 * writers read nothing but the report, so the same report renders to the
 * same bytes. */
#ifndef OPSDESK_REPORT_H
#define OPSDESK_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/status.h"

typedef enum report_block_kind {
	REPORT_TEXT,       /* a paragraph; lines kept */
	REPORT_FIELDS,     /* label: value pairs */
	REPORT_TABLE,      /* columns and rows */
	REPORT_BARS,       /* a bar chart: label, value */
	REPORT_SIGNATURES, /* lines to sign on, with date and time */
} report_block_kind;

typedef struct report_block {
	report_block_kind kind;
	char *text;          /* REPORT_TEXT */
	size_t ncols;        /* fields: 2 (label, value); bars: 2 (label, value) */
	char **keys, **heads; /* column keys (for JSON) and headings */
	size_t nrows;
	char **cells;        /* nrows * ncols */
	double *values;      /* REPORT_BARS: nrows */
	char *unit;          /* REPORT_BARS: what the values count */
} report_block;

typedef struct report_section {
	char *id, *title;
	report_block *blocks;
	size_t nblocks;
} report_section;

typedef struct report {
	char *kind;    /* "shift", "incident", "review" */
	char *title;   /* the report's name */
	char *centre;  /* site.name */
	char *subject; /* what it covers, for page headers: "2026-11-21 白班 (D)" */
	time_t as_of;
	char *zone;
	int64_t audit_id; /* the audit chain head when it was built */
	char audit_hash[65];
	report_block header; /* REPORT_FIELDS */
	report_section *sections;
	size_t nsections;
} report;

report *report_new(const char *kind, const char *title, const char *centre, const char *subject,
		   time_t as_of, const char *zone);
void report_free(report *r);

/* A field of the header, or of a section's fields block (made on first
 * use after any other block). key names it in JSON. */
void report_head(report *r, const char *key, const char *label, const char *value);

report_section *report_section_add(report *r, const char *id, const char *title);
void report_text(report_section *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_field(report_section *s, const char *key, const char *label, const char *value);
/* A table of ncols columns: keys[i] names column i in JSON, heads[i] is
 * its heading. */
report_block *report_table(report_section *s, size_t ncols, const char *const *keys,
			   const char *const *heads);
void report_row(report_block *b, const char *const *cells);
report_block *report_bars(report_section *s, const char *unit);
void report_bar(report_block *b, const char *label, double value, const char *shown);
/* Signature lines: one per label (交班人, 接班人, 值班长). */
void report_signatures(report_section *s, const char *const *labels, size_t n);

/* The writers. Each returns a new string (caller frees). */
/* Paged text at width columns (display cells), page_lines lines a page,
 * a header and a footer ("page x of y") on every page and a form feed
 * between pages. */
char *report_render_text(const report *r, int width, int page_lines);
/* One page of text to read on a screen: no paging, width columns. */
char *report_render_plain(const report *r, int width);
char *report_render_html(const report *r);
char *report_render_json(const report *r);

typedef enum report_format { REPORT_FORMAT_TEXT, REPORT_FORMAT_HTML, REPORT_FORMAT_JSON } report_format;
/* "text", "html" or "json"; OD_INVALID naming the value otherwise. */
od_status report_format_parse(const char *text, report_format *out, od_error *err);
const char *report_format_name(report_format f);

#endif
