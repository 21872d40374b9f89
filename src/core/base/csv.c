/* CSV files as spreadsheets write them: telling their encoding, turning it
 * into UTF-8, reading RFC 4180 rows with the line each starts on, and
 * quoting fields on the way out. */
#include "opsdesk/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opsdesk/i18n.h"
#include "opsdesk/text.h"

/* --- encodings ---------------------------------------------------------- */

static const char utf8_bom[] = "\xef\xbb\xbf";
static const char gb18030_bom[] = "\x84\x31\x95\x33"; /* U+FEFF in GB18030 */

bool csv_encoding_parse(const char *name, csv_encoding *out)
{
	static const struct {
		const char *name;
		csv_encoding enc;
	} names[] = {
	    {"utf-8", CSV_UTF8},  {"utf8", CSV_UTF8},      {"gb18030", CSV_GB18030},
	    {"gbk", CSV_GB18030}, {"gb2312", CSV_GB18030}, {"cp936", CSV_GB18030},
	};
	for (size_t i = 0; name && i < sizeof names / sizeof *names; i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].enc;
			return true;
		}
	}
	return false;
}

const char *csv_encoding_name(csv_encoding e)
{
	switch (e) {
	case CSV_UTF8: return "UTF-8";
	case CSV_GB18030: return "GB18030";
	case CSV_DETECT: break;
	}
	return "detect";
}

static bool starts_with(const char *data, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(data, prefix, n) == 0;
}

/* Counts the multi-byte UTF-8 characters and the bytes that are not UTF-8,
 * so a UTF-8 file with a few damaged bytes is told from a GB18030 one:
 * GB18030 text forms a valid UTF-8 sequence only now and then. */
static void utf8_tally(const char *data, size_t len, size_t *good, size_t *bad)
{
	*good = *bad = 0;
	char *text = xstrndup(data, len); /* no NUL inside: checked before */
	for (const char *p = text; *p;) {
		const char *was = p;
		bool high = (unsigned char)*p >= 0x80;
		text_next(&p);
		if (high)
			*(p - was > 1 ? good : bad) += 1;
	}
	free(text);
}

/* The lines of the file, one at a time: [at, at + n), the break excluded. */
typedef struct line_walk {
	const char *data;
	size_t len, at, n;
	int line;
} line_walk;

static bool next_line(line_walk *w)
{
	if (w->line > 0)
		w->at += w->n + 1;
	if (w->at >= w->len && !(w->line == 0 && w->len == 0))
		return false;
	const char *nl = memchr(w->data + w->at, '\n', w->len - w->at);
	w->n = nl ? (size_t)(nl - (w->data + w->at)) : w->len - w->at;
	w->line++;
	return true;
}

/* Every line that is not valid UTF-8 (or holds a NUL byte) goes into d,
 * the former with message; true when there is none. */
static bool check_utf8(const char *data, size_t len, const char *message, diag_list *d)
{
	bool ok = true;
	line_walk w = {data, len, 0, 0, 0};
	while (next_line(&w)) {
		char *text = xstrndup(data + w.at, w.n);
		const char *problem = strlen(text) != w.n ? _("a NUL byte: this is not a text file")
				      : !text_valid_utf8(text) ? message
							       : NULL;
		if (problem) {
			diag_add(d, w.line, 0, "%s", problem);
			ok = false;
		}
		free(text);
	}
	return ok;
}

/* Converts from GB18030 into out line by line: a line break is never part
 * of a GB18030 character, so each line stands alone and a bad one is
 * reported by its number. Every bad line goes into d (with message when it
 * is not GB18030); false then, or when iconv cannot convert at all (*s and
 * err say so). */
static bool from_gb18030(const char *data, size_t len, const char *message, strbuf *out,
			 diag_list *d, od_status *s, od_error *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		*s = od_fail(err, OD_IO, _("this system cannot convert from GB18030: %s"),
			     strerror(errno));
		return false;
	}
	bool ok = true;
	line_walk w = {data, len, 0, 0, 0};
	size_t room = 0;
	char *buf = NULL;
	while (next_line(&w)) {
		if (memchr(data + w.at, '\0', w.n)) {
			diag_add(d, w.line, 0, _("a NUL byte: this is not a text file"));
			ok = false;
			continue;
		}
		/* a GB18030 character of n bytes becomes at most 2n UTF-8 bytes */
		if (room < w.n * 2 + 4) {
			room = w.n * 2 + 4;
			buf = xrealloc(buf, room);
		}
		char *in = (char *)data + w.at, *o = buf;
		size_t inleft = w.n, outleft = room;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 ||
		    iconv(cd, NULL, NULL, &o, &outleft) == (size_t)-1) {
			diag_add(d, w.line, 0, "%s", message);
			ok = false;
			continue;
		}
		sb_addn(out, buf, (size_t)(o - buf));
		if (w.at + w.n < len)
			sb_add(out, "\n");
	}
	free(buf);
	iconv_close(cd);
	return ok;
}

od_status csv_decode(const char *data, size_t len, csv_encoding enc, char **out, size_t *out_len,
		     csv_encoding *used, diag_list *d, od_error *err)
{
	*out = NULL;
	*out_len = 0;
	*used = enc;
	bool guessed = enc == CSV_DETECT;
	if (starts_with(data, len, "\xff\xfe") || starts_with(data, len, "\xfe\xff")) {
		diag_add(d, 1, 0,
			 _("UTF-16 text (\"Unicode text\"): save the file as CSV in UTF-8 or "
			   "GB18030"));
		return od_fail(err, OD_INVALID,
			       _("the file is UTF-16 text, not CSV; nothing was imported"));
	}
	if (enc == CSV_GB18030 && starts_with(data, len, utf8_bom)) {
		diag_add(d, 1, 0,
			 _("the file starts with a UTF-8 byte-order mark: it is UTF-8, not "
			   "GB18030"));
		return od_fail(err, OD_INVALID,
			       _("the file is UTF-8, not GB18030; nothing was imported"));
	}
	const char *utf8_message = _("not valid UTF-8 text: save the file as UTF-8 (from GBK, "
				     "for instance: iconv -f GB18030 -t UTF-8)");
	const char *gb_message =
	    _("not GB18030 (GBK) text: save the file as CSV in UTF-8 or GB18030");
	if (enc == CSV_DETECT) {
		size_t good = 0, bad = 0;
		if (!starts_with(data, len, utf8_bom) && !starts_with(data, len, gb18030_bom) &&
		    !memchr(data, '\0', len))
			utf8_tally(data, len, &good, &bad);
		if (starts_with(data, len, gb18030_bom) || bad > good) {
			enc = CSV_GB18030;
			gb_message = _("neither UTF-8 nor GB18030 (GBK) text: save the file as CSV "
				       "in UTF-8");
		} else {
			enc = CSV_UTF8;
			if (bad)
				utf8_message =
				    _("not valid UTF-8 text, though the rest of the file "
				      "is: the file is damaged or mixes encodings");
		}
		*used = enc;
	}

	if (enc == CSV_UTF8) {
		if (starts_with(data, len, utf8_bom)) {
			data += 3;
			len -= 3;
		}
		if (!check_utf8(data, len, utf8_message, d))
			return od_fail(
			    err, OD_INVALID,
			    ngettext("%zu line of the file is not UTF-8 text; nothing was imported",
				     "%zu lines of the file are not UTF-8 text; nothing was imported",
				     d->n),
			    d->n);
		*out = xstrndup(data, len);
		*out_len = len;
		return OD_OK;
	}

	strbuf text = {0};
	sb_add(&text, "");
	od_status s = OD_OK;
	if (!from_gb18030(data, len, gb_message, &text, d, &s, err)) {
		sb_free(&text);
		if (s != OD_OK)
			return s;
		return od_fail(err, OD_INVALID,
			       guessed ? ngettext("%zu line of the file is neither UTF-8 nor GB18030 "
						  "text; nothing was imported",
						  "%zu lines of the file are neither UTF-8 nor GB18030 "
						  "text; nothing was imported",
						  d->n)
				       : ngettext("%zu line of the file is not GB18030 text; nothing "
						  "was imported",
						  "%zu lines of the file are not GB18030 text; nothing "
						  "was imported",
						  d->n),
			       d->n);
	}
	/* the GB18030 byte-order mark has become UTF-8's */
	size_t skip = starts_with(text.buf, text.len, utf8_bom) ? 3 : 0;
	*out_len = text.len - skip;
	*out = xstrndup(text.buf + skip, *out_len);
	sb_free(&text);
	return OD_OK;
}

/* --- reading rows ------------------------------------------------------- */

void csv_reader_init(csv_reader *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
	c->line = 1;
}

static void row_push(csv_row *r, strbuf *cell)
{
	if (r->n == r->cap)
		r->cells =
		    xrealloc(r->cells, (r->cap = r->cap ? r->cap * 2 : 8) * sizeof *r->cells);
	r->cells[r->n++] = sb_take(cell);
}

void csv_row_clear(csv_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

bool csv_row_blank(const csv_row *r)
{
	return !r->bad && r->n == 1 && !*r->cells[0];
}

static bool at_line_end(const csv_reader *c)
{
	return *c->p == '\n' || (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n');
}

/* Skips past the end of the current physical line, after a bad row, so the
 * rows after it are still read and checked. */
static void skip_line(csv_reader *c)
{
	while (c->p < c->end && *c->p != '\n')
		c->p++;
	if (c->p < c->end) {
		c->p++;
		c->line++;
	}
}

static bool bad_row(csv_reader *c, csv_row *row, strbuf *cell, bool skip)
{
	sb_free(cell);
	row->bad = true;
	if (skip)
		skip_line(c);
	return true;
}

bool csv_next(csv_reader *c, csv_row *row, diag_list *d)
{
	memset(row, 0, sizeof *row);
	if (c->p >= c->end)
		return false;
	row->line = c->line;
	for (;;) {
		strbuf cell = {0};
		sb_add(&cell, ""); /* an empty field is "", never NULL */
		if (c->p < c->end && *c->p == '"') {
			int start = c->line;
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					diag_add(d, start, 0,
						 _("a quoted field starts here and is never closed "
						   "(a \" is missing)"));
					return bad_row(c, row, &cell, false);
				}
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						sb_add(&cell, "\"");
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				/* a line break inside quotes is part of the value, as \n */
				if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
					c->p++;
				if (*c->p == '\n')
					c->line++;
				sb_addn(&cell, c->p++, 1);
			}
			if (c->p < c->end && *c->p != ',' && !at_line_end(c)) {
				diag_add(d, c->line, 0,
					 _("text after the closing quote of a field; inside a "
					   "quoted field write a quote as \"\""));
				return bad_row(c, row, &cell, true);
			}
		} else {
			while (c->p < c->end && *c->p != ',' && !at_line_end(c)) {
				if (*c->p == '"') {
					diag_add(
					    d, c->line, 0,
					    _("a quote inside an unquoted field: put the whole "
					      "field in quotes and write the quote as \"\""));
					return bad_row(c, row, &cell, true);
				}
				sb_addn(&cell, c->p++, 1);
			}
		}
		row_push(row, &cell);
		if (c->p >= c->end)
			return true;
		if (*c->p == ',') {
			c->p++;
			continue;
		}
		c->p += *c->p == '\r' ? 2 : 1;
		c->line++;
		return true;
	}
}

/* --- writing ------------------------------------------------------------ */

void csv_add_field(strbuf *sb, const char *s)
{
	size_t len = strlen(s);
	bool quote =
	    strpbrk(s, ",\"\r\n") != NULL ||
	    (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'));
	if (!quote) {
		sb_add(sb, s);
		return;
	}
	sb_add(sb, "\"");
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\"");
		sb_addn(sb, p, n);
		p += n;
		if (*p == '"') {
			sb_add(sb, "\"\"");
			p++;
		}
	}
	sb_add(sb, "\"");
}
