/* The text writer: a report as lines of at most `width` display cells,
 * Chinese counted two cells, then cut into pages of exactly page_lines
 * lines with a header and a footer on each and a form feed between them,
 * for a line printer or a text-to-PostScript filter. */
#include "opsdesk/report.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

/* The body as lines; a line with keep > 0 starts a group of that many
 * lines that should not be split across pages (a signature block). */
typedef struct lines {
	char **v;
	int *keep;
	size_t n, cap;
} lines;

static void put(lines *l, char *owned, int keep)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
		l->keep = xrealloc(l->keep, l->cap * sizeof *l->keep);
	}
	l->keep[l->n] = keep;
	l->v[l->n++] = owned;
}

static void put_copy(lines *l, const char *s)
{
	put(l, xstrdup(s), 0);
}

static void lines_free(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->keep);
}

static void pad_to(strbuf *sb, int from, int to)
{
	for (; from < to; from++)
		sb_add(sb, " ");
}

/* Splits s (lines kept) into pieces of at most width cells, breaking after
 * a space where a Latin word would otherwise be cut, anywhere in Chinese.
 * Returns the number of pieces; each is a new string in out (grown). */
static size_t wrap(const char *s, int width, char ***out)
{
	size_t n = 0, cap = 4;
	char **v = xmalloc(cap * sizeof *v);
	if (width < 2)
		width = 2;
	const char *p = s ? s : "";
	do {
		const char *start = p, *brk = NULL, *q = p;
		int w = 0;
		while (*q && *q != '\n') {
			const char *at = q;
			wchar_t c = text_next(&q);
			int cw = text_char_width(c);
			if (w + cw > width) {
				q = at;
				break;
			}
			w += cw;
			if (c == ' ')
				brk = q;
		}
		const char *end = q;
		if (*q && *q != '\n' && brk && brk > start + 0 && (brk - start) * 2 > (q - start))
			end = brk; /* a Latin word goes to the next line whole */
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		size_t len = (size_t)(end - start);
		while (len && start[len - 1] == ' ' && end != q)
			len--;
		v[n++] = xstrndup(start, len);
		p = end;
		if (*p == '\n')
			p++;
		else
			while (*p == ' ' && end != q)
				p++;
	} while (*p);
	*out = v;
	return n;
}

static void free_pieces(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* text in exactly width cells (padding, never cutting: wrap first). */
static void add_cell(strbuf *sb, const char *text, int width)
{
	sb_add(sb, text);
	pad_to(sb, text_width(text), width);
}

static void trim_end(strbuf *sb)
{
	while (sb->len && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
}

static void put_wrapped(lines *l, const char *indent, const char *text, int width)
{
	char **pieces;
	size_t n = wrap(text, width - text_width(indent), &pieces);
	for (size_t i = 0; i < n; i++) {
		strbuf sb = {0};
		sb_add(&sb, indent);
		sb_add(&sb, pieces[i]);
		trim_end(&sb);
		put(l, sb_take(&sb), 0);
	}
	free_pieces(pieces, n);
}

static void put_fields(lines *l, const report_block *b, int width)
{
	int lw = 0;
	for (size_t r = 0; r < b->nrows; r++) {
		int w = text_width(b->cells[r * 2]);
		lw = w > lw ? w : lw;
	}
	if (lw > width / 3)
		lw = width / 3;
	for (size_t r = 0; r < b->nrows; r++) {
		char **lab, **val;
		size_t nl = wrap(b->cells[r * 2], lw, &lab);
		size_t nv = wrap(b->cells[r * 2 + 1], width - lw - 4, &val);
		for (size_t i = 0; i < nl || i < nv; i++) {
			strbuf sb = {0};
			sb_add(&sb, "  ");
			add_cell(&sb, i < nl ? lab[i] : "", lw);
			sb_add(&sb, i == 0 ? "  " : "  ");
			sb_add(&sb, i < nv ? val[i] : "");
			trim_end(&sb);
			put(l, sb_take(&sb), 0);
		}
		free_pieces(lab, nl);
		free_pieces(val, nv);
	}
}

/* Column widths: each column's widest cell, then the widest columns give
 * way until the table fits, never below 6 cells or its heading. */
static void table_widths(const report_block *b, int width, int *w)
{
	for (size_t c = 0; c < b->ncols; c++) {
		w[c] = text_width(b->heads[c]);
		for (size_t r = 0; r < b->nrows; r++) {
			char **pieces;
			size_t n = wrap(b->cells[r * b->ncols + c], 1000, &pieces);
			for (size_t i = 0; i < n; i++) {
				int pw = text_width(pieces[i]);
				w[c] = pw > w[c] ? pw : w[c];
			}
			free_pieces(pieces, n);
		}
	}
	int room = width - 2 - 2 * (int)(b->ncols - 1);
	for (;;) {
		int total = 0;
		size_t widest = 0;
		for (size_t c = 0; c < b->ncols; c++) {
			total += w[c];
			if (w[c] > w[widest])
				widest = c;
		}
		if (total <= room || w[widest] <= 6)
			break;
		w[widest]--;
	}
}

/* Returns how many lines the heading, its rule and the first row take:
 * what must not be split from each other across pages. */
static int put_table(lines *l, const report_block *b, int width)
{
	size_t first = l->n;
	int head = 0;
	int *w = xcalloc(b->ncols, sizeof *w);
	table_widths(b, width, w);
	for (size_t r = 0; r <= b->nrows; r++) {
		const char *const *row = r == 0 ? (const char *const *)b->heads
						: (const char *const *)&b->cells[(r - 1) * b->ncols];
		char ***pieces = xcalloc(b->ncols, sizeof *pieces);
		size_t *np = xcalloc(b->ncols, sizeof *np), height = 0;
		for (size_t c = 0; c < b->ncols; c++) {
			np[c] = wrap(row[c], w[c], &pieces[c]);
			height = np[c] > height ? np[c] : height;
		}
		for (size_t i = 0; i < height; i++) {
			strbuf sb = {0};
			sb_add(&sb, "  ");
			for (size_t c = 0; c < b->ncols; c++) {
				if (c)
					sb_add(&sb, "  ");
				add_cell(&sb, i < np[c] ? pieces[c][i] : "", w[c]);
			}
			trim_end(&sb);
			put(l, sb_take(&sb), 0);
		}
		for (size_t c = 0; c < b->ncols; c++)
			free_pieces(pieces[c], np[c]);
		free(pieces);
		free(np);
		if (r == 0) {
			strbuf sb = {0};
			sb_add(&sb, "  ");
			for (size_t c = 0; c < b->ncols; c++) {
				if (c)
					sb_add(&sb, "  ");
				for (int k = 0; k < w[c]; k++)
					sb_add(&sb, "-");
			}
			put(l, sb_take(&sb), 0);
		}
		if (r <= 1)
			head = (int)(l->n - first);
	}
	free(w);
	if (head > 1)
		l->keep[first] = head;
	return head;
}

/* Bars of '#', scaled to the largest value, with the value after. */
static void put_bars(lines *l, const report_block *b, int width)
{
	int lw = 0, vw = 0;
	double max = 0;
	for (size_t r = 0; r < b->nrows; r++) {
		int w = text_width(b->cells[r * 2]);
		lw = w > lw ? w : lw;
		w = text_width(b->cells[r * 2 + 1]);
		vw = w > vw ? w : vw;
		max = b->values[r] > max ? b->values[r] : max;
	}
	if (lw > width / 3)
		lw = width / 3;
	int room = width - 2 - lw - 2 - vw - 1;
	for (size_t r = 0; r < b->nrows; r++) {
		strbuf sb = {0};
		sb_add(&sb, "  ");
		char *label = text_fit(b->cells[r * 2], lw, false);
		sb_add(&sb, label);
		free(label);
		sb_add(&sb, "  ");
		int bar = max > 0 ? (int)(b->values[r] / max * room + 0.5) : 0;
		for (int k = 0; k < bar; k++)
			sb_add(&sb, "#");
		sb_add(&sb, " ");
		sb_add(&sb, b->cells[r * 2 + 1]);
		put(l, sb_take(&sb), 0);
	}
	if (b->unit && *b->unit)
		put_wrapped(l, "  ", b->unit, width);
}

/* Each signer gets a line to sign on and one for the date and time; the
 * block is kept on one page. */
static void put_signatures(lines *l, const report_block *b, int width)
{
	int keep = (int)b->nrows * 2, lw = 0;
	for (size_t r = 0; r < b->nrows; r++) {
		int w = text_width(b->cells[r]);
		lw = w > lw ? w : lw;
	}
	const char *when = _("date/time");
	int line = (width - 2 - lw - text_width(when) - 8) / 2;
	for (size_t r = 0; r < b->nrows; r++) {
		strbuf sb = {0};
		sb_add(&sb, "  ");
		add_cell(&sb, b->cells[r], lw);
		sb_add(&sb, "  ");
		for (int k = 0; k < line; k++)
			sb_add(&sb, "_");
		sb_addf(&sb, "  %s  ", when);
		for (int k = 0; k < line; k++)
			sb_add(&sb, "_");
		put(l, sb_take(&sb), r == 0 ? keep : 0);
		put_copy(l, "");
	}
}

/* Returns the lines of the block's start that belong together (a table's
 * heading with its first row; else the first two lines). */
static int put_block(lines *l, const report_block *b, int width)
{
	size_t first = l->n;
	int head = 0;
	switch (b->kind) {
	case REPORT_TEXT: put_wrapped(l, "  ", b->text, width); break;
	case REPORT_FIELDS: put_fields(l, b, width); break;
	case REPORT_TABLE: head = put_table(l, b, width); break;
	case REPORT_BARS: put_bars(l, b, width); break;
	case REPORT_SIGNATURES: put_signatures(l, b, width); break;
	}
	int n = (int)(l->n - first);
	if (l->keep[first] > head)
		head = l->keep[first];
	return head ? head : n < 2 ? n : 2;
}

static void put_centred(lines *l, const char *text, int width)
{
	strbuf sb = {0};
	int w = text_width(text);
	if (w > width) {
		put(l, text_fit(text, width, false), 0);
		return;
	}
	pad_to(&sb, 0, (width - w) / 2);
	sb_add(&sb, text);
	put(l, sb_take(&sb), 0);
}

/* A text of one line ending in a colon introduces the block after it. */
static bool introduces(const report_block *b, size_t nlines)
{
	if (b->kind != REPORT_TEXT || nlines != 1 || !b->text)
		return false;
	size_t n = strlen(b->text);
	return (n >= 1 && b->text[n - 1] == ':') ||
	       (n >= 3 && strcmp(b->text + n - 3, "\xef\xbc\x9a") == 0); /* U+FF1A ： */
}

static void body(lines *l, const report *r, int width)
{
	put_centred(l, r->centre, width);
	put_centred(l, r->title, width);
	put_centred(l, r->subject, width);
	put_copy(l, "");
	put_fields(l, &r->header, width);
	for (size_t i = 0; i < r->nsections; i++) {
		const report_section *s = &r->sections[i];
		put_copy(l, "");
		strbuf sb = {0};
		sb_addf(&sb, "%zu. %s", i + 1, s->title);
		int w = text_width(sb.buf);
		size_t title = l->n;
		put(l, sb_take(&sb), 0);
		for (int k = 0; k < w; k++)
			sb_add(&sb, "-");
		put(l, sb_take(&sb), 0);
		/* a page never ends on a heading, nor on a line that introduces
		 * the next block ("Breached during the shift:"): each keeps the
		 * start of what follows */
		size_t prev = 0;
		bool intro = false;
		for (size_t k = 0; k < s->nblocks; k++) {
			if (k)
				put_copy(l, "");
			size_t first = l->n;
			int head = put_block(l, &s->blocks[k], width);
			if (k == 0)
				l->keep[title] = 2 + head;
			else if (intro)
				l->keep[prev] = 2 + head;
			if (k == 1 && intro)
				l->keep[title] = 2 + l->keep[prev];
			prev = first;
			intro = introduces(&s->blocks[k], l->n - first);
		}
	}
}

/* left, then right flush with the last column; left is cut to make room. */
static char *two_sided(const char *left, const char *right, int width)
{
	int rw = text_width(right);
	char *l = text_fit(left, width - rw - 2 > 0 ? width - rw - 2 : 0, false);
	strbuf sb = {0};
	sb_add(&sb, l);
	sb_add(&sb, "  ");
	sb_add(&sb, right);
	free(l);
	return sb_take(&sb);
}

static void rule(strbuf *out, int width, const char *ch)
{
	for (int k = 0; k < width; k++)
		sb_add(out, ch);
	sb_add(out, "\n");
}

enum { HEAD_LINES = 3, FOOT_LINES = 2 };

char *report_render_text(const report *r, int width, int page_lines)
{
	lines l = {0};
	body(&l, r, width);
	int room = page_lines - HEAD_LINES - FOOT_LINES;
	/* first pass: where each page starts, keeping groups together */
	size_t *starts = xmalloc((l.n + 1) * sizeof *starts);
	size_t *ends = xmalloc((l.n + 1) * sizeof *ends);
	size_t npages = 0, used = 0;
	bool ended = false;
	for (size_t i = 0; i < l.n; i++) {
		bool fits = l.keep[i] == 0 || (int)used + l.keep[i] <= room || l.keep[i] > room;
		if (npages == 0 || (int)used >= room || !fits) {
			if (npages && !ended)
				ends[npages - 1] = i;
			ended = true;
			/* a page never starts with a blank line */
			if (npages && !l.v[i][0])
				continue;
			starts[npages++] = i;
			used = 0;
			ended = false;
		}
		used++;
	}
	if (!npages)
		starts[npages++] = 0;
	ends[npages - 1] = l.n;
	char asof[40], head_right[128], foot_left[256];
	clock_format(r->as_of, asof, sizeof asof);
	snprintf(head_right, sizeof head_right, _("as of %s %s"), asof, r->zone);
	snprintf(foot_left, sizeof foot_left, _("audit %lld:%.16s"), (long long)r->audit_id,
		 r->audit_hash);
	strbuf out = {0};
	strbuf left = {0};
	sb_addf(&left, "%s  %s", r->centre, r->subject);
	for (size_t p = 0; p < npages; p++) {
		if (p)
			sb_add(&out, "\f");
		char *h = two_sided(left.buf, head_right, width);
		sb_add(&out, h);
		sb_add(&out, "\n");
		free(h);
		rule(&out, width, "=");
		sb_add(&out, "\n");
		int n = 0;
		for (size_t i = starts[p]; i < ends[p]; i++, n++) {
			sb_add(&out, l.v[i]);
			sb_add(&out, "\n");
		}
		for (; n < room; n++)
			sb_add(&out, "\n");
		rule(&out, width, "-");
		char pg[64];
		snprintf(pg, sizeof pg, _("page %zu of %zu"), p + 1, npages);
		char *f = two_sided(foot_left, pg, width);
		sb_add(&out, f);
		sb_add(&out, "\n");
		free(f);
	}
	sb_free(&left);
	free(starts);
	free(ends);
	lines_free(&l);
	return sb_take(&out);
}

char *report_render_plain(const report *r, int width)
{
	lines l = {0};
	body(&l, r, width);
	strbuf out = {0};
	for (size_t i = 0; i < l.n; i++) {
		sb_add(&out, l.v[i]);
		sb_add(&out, "\n");
	}
	char asof[40];
	sb_add(&out, "\n");
	sb_addf(&out, _("as of %s %s, audit %lld:%s"), clock_format(r->as_of, asof, sizeof asof),
		r->zone, (long long)r->audit_id, r->audit_hash);
	sb_add(&out, "\n");
	lines_free(&l);
	return sb_take(&out);
}
