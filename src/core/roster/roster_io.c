/* The roster's file formats (roster_io.h): CSV import, checked row by row
 * before anything is written, and CSV and iCalendar export. Writing goes
 * through roster_put_slot, so an import obeys the roster's own rules
 * (leave, deactivated people) and is journalled like any other change. */
#include "opsdesk/roster_io.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"

/* --- text of cells ------------------------------------------------------ */

static bool is_space(wchar_t c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xa0; /* 0x3000: 全角空格 */
}

/* What separates people in a cell besides spaces: , ; / and their
 * full-width forms, 、, and line breaks (Alt+Enter in a spreadsheet cell). */
static bool is_separator(wchar_t c)
{
	return c == ',' || c == ';' || c == '/' || c == 0x3001 || c == 0xff0c || c == 0xff1b ||
	       c == 0xff0f || c == '\n' || c == '\r';
}

/* s[0..n) without the spaces around it. Caller frees. */
static char *trimmed(const char *s, size_t n)
{
	char *t = xstrndup(s, n);
	const char *p = t, *first = NULL, *end = t;
	while (*p) {
		const char *at = p;
		if (!is_space(text_next(&p))) {
			if (!first)
				first = at;
			end = p;
		}
	}
	char *r = first ? xstrndup(first, (size_t)(end - first)) : xstrdup("");
	free(t);
	return r;
}

typedef struct pieces {
	char **v;
	size_t n;
} pieces;

/* The parts of text between the code points sep() picks, trimmed, empty
 * ones left out. */
static pieces split(const char *text, bool (*sep)(wchar_t))
{
	pieces out = {0};
	const char *start = text, *p = text;
	for (;;) {
		const char *at = p;
		wchar_t c = *p ? text_next(&p) : 0;
		if (c && !sep(c))
			continue;
		char *part = trimmed(start, (size_t)(at - start));
		if (*part) {
			out.v = xrealloc(out.v, (out.n + 1) * sizeof *out.v);
			out.v[out.n++] = part;
		} else {
			free(part);
		}
		if (!c)
			return out;
		start = p;
	}
}

static void pieces_free(pieces *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

static bool has(const char *text, bool (*pick)(wchar_t))
{
	for (const char *p = text; *p;)
		if (pick(text_next(&p)))
			return true;
	return false;
}

/* --- people by login or name --------------------------------------------- */

typedef struct directory {
	staff_member *v;
	size_t n;
} directory;

static const staff_member *directory_login(const directory *dir, const char *login)
{
	for (size_t i = 0; i < dir->n; i++)
		if (strcmp(dir->v[i].login, login) == 0)
			return &dir->v[i];
	return NULL;
}

/* Whom text names: a login exactly, else the one member of staff with that
 * name, else a login in other ASCII case (spreadsheets capitalise the first
 * letter of a cell). NULL when nobody, or when *many (> 1) share the name. */
static const staff_member *directory_find(const directory *dir, const char *text, size_t *many)
{
	*many = 0;
	const staff_member *found = directory_login(dir, text);
	if (found)
		return found;
	size_t count = 0;
	for (size_t i = 0; i < dir->n; i++)
		if (strcmp(dir->v[i].name, text) == 0 && count++ == 0)
			found = &dir->v[i];
	if (count > 1)
		*many = count;
	if (count)
		return count == 1 ? found : NULL;
	for (size_t i = 0; i < dir->n; i++)
		if (strcasecmp(dir->v[i].login, text) == 0 && count++ == 0)
			found = &dir->v[i];
	return count == 1 ? found : NULL;
}

/* How a person is written in a file: the name when reading it back finds
 * them again, else the login. */
static const char *shown_name(const directory *dir, const char *login)
{
	const staff_member *m = directory_login(dir, login);
	if (!m || !*m->name || has(m->name, is_separator))
		return login;
	char *t = trimmed(m->name, strlen(m->name));
	size_t many;
	bool found_again = strcmp(t, m->name) == 0 && directory_find(dir, m->name, &many) == m;
	free(t);
	return found_again ? m->name : login;
}

/* The member a --person option names, login or unique name. */
static od_status find_person(const directory *dir, const char *text, const staff_member **out,
			     od_error *err)
{
	size_t many;
	*out = directory_find(dir, text, &many);
	if (*out)
		return OD_OK;
	if (many)
		return od_fail(err, OD_INVALID,
			       _("person: %zu people are called '%s'; give the login"), many, text);
	return od_fail(err, OD_NOT_FOUND, _("person: no staff member '%s'"), text);
}

/* --- dates and shifts as written in spreadsheets ----------------------- */

static const char *read_number(const char *p, int min_digits, int max_digits, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max_digits && isdigit((unsigned char)*p)) {
		*v = *v * 10 + (*p++ - '0');
		n++;
	}
	return n >= min_digits && !isdigit((unsigned char)*p) ? p : NULL;
}

static const char *read_literal(const char *p, const char *lit)
{
	size_t n = strlen(lit);
	return p && strncmp(p, lit, n) == 0 ? p + n : NULL;
}

/* 2026-12-01, 2026/12/1, 2026.12.1 or 2026年12月1日 as YYYY-MM-DD; false when
 * text has none of these forms (whether the day exists is checked later). */
static bool normalize_day(const char *text, char out[ROSTER_DAY_LEN])
{
	static const char *const seps[] = {"-", "/", ".", "年"};
	int y, m, d;
	const char *p = read_number(text, 4, 4, &y);
	for (size_t i = 0; p && i < sizeof seps / sizeof *seps; i++) {
		bool chinese = i == 3;
		const char *q = read_literal(p, seps[i]);
		if (q && (q = read_number(q, 1, 2, &m)) &&
		    (q = read_literal(q, chinese ? "月" : seps[i])) &&
		    (q = read_number(q, 1, 2, &d))) {
			if (chinese && read_literal(q, "日"))
				q += strlen("日");
			if (*q)
				return false;
			/* at most 4, 2 and 2 digits were read */
			snprintf(out, ROSTER_DAY_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u,
				 (unsigned)m % 100u, (unsigned)d % 100u);
			return true;
		}
	}
	return false;
}

/* A shift by id, else by name, else by id in other ASCII case. */
static const rules_shift *find_shift(const rules *r, const char *text)
{
	const rules_shift *s = rules_shift_find(r, text);
	for (size_t i = 0; !s && i < r->shifts.n; i++)
		if (strcmp(r->shifts.v[i].name, text) == 0)
			s = &r->shifts.v[i];
	for (size_t i = 0; !s && i < r->shifts.n; i++)
		if (strcasecmp(r->shifts.v[i].id, text) == 0)
			s = &r->shifts.v[i];
	return s;
}

/* --- import ----------------------------------------------------------- */

/* What a column holds: one of the required ones, or something else. */
enum {
	COL_DATE,
	COL_SHIFT,
	COL_PEOPLE,
	NREQUIRED,
	COL_IGNORED = -1,
	COL_UNNAMED = -2,
	COL_UNKNOWN = -3
};

static const struct {
	const char *name;
	int col;
} column_names[] = {
    {"date", COL_DATE},       {"日期", COL_DATE},     {"shift", COL_SHIFT},
    {"班次", COL_SHIFT},      {"people", COL_PEOPLE}, {"人员", COL_PEOPLE},
    {"值班人员", COL_PEOPLE}, {"note", COL_IGNORED},  {"备注", COL_IGNORED},
    {"weekday", COL_IGNORED}, {"星期", COL_IGNORED},
};
static const char known_columns[] =
    "date|日期, shift|班次, people|人员|值班人员, note|备注, weekday|星期";
static const char *const required_names[NREQUIRED] = {"date", "shift", "people"};

/* The header into cols (what each column is) and where[] (the column of
 * each required one); false, with every problem in d, when it does not
 * name each required column exactly once or names an unknown one. */
static bool read_header(const csv_row *h, int *cols, size_t where[NREQUIRED], diag_list *d)
{
	size_t problems = d->n;
	bool seen[NREQUIRED] = {false};
	if (h->bad)
		return false;
	for (size_t i = 0; i < h->n; i++) {
		char *name = trimmed(h->cells[i], strlen(h->cells[i]));
		cols[i] = *name ? COL_UNKNOWN : COL_UNNAMED;
		for (size_t k = 0; *name && k < sizeof column_names / sizeof *column_names; k++)
			if (strcasecmp(name, column_names[k].name) == 0)
				cols[i] = column_names[k].col;
		if (cols[i] == COL_UNKNOWN) {
			char *shown = text_sanitize(name, false);
			diag_add(d, h->line, (int)i + 1, _("unknown column '%s' (known: %s)"),
				 shown, known_columns);
			free(shown);
		} else if (cols[i] >= 0 && seen[cols[i]]) {
			diag_add(d, h->line, (int)i + 1, _("the column '%s' is named twice"),
				 required_names[cols[i]]);
		} else if (cols[i] >= 0) {
			seen[cols[i]] = true;
			where[cols[i]] = i;
		}
		free(name);
	}
	for (int k = 0; k < NREQUIRED; k++)
		if (!seen[k])
			diag_add(d, h->line, 0,
				 _("the header has no '%s' column: the first line must name the "
				   "columns, date, shift and people (or 日期, 班次 and 人员)"),
				 required_names[k]);
	return d->n == problems;
}

/* One row of the file, checked. */
typedef struct slot_row {
	int line;
	char day[ROSTER_DAY_LEN]; /* "" when the date is bad */
	const rules_shift *shift; /* NULL when unknown */
	char **logins;
	size_t n;
	diag_list problems; /* this row's, in the order found */
} slot_row;

static void slot_row_clear(slot_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->logins[i]);
	free(r->logins);
	diag_free(&r->problems);
}

/* Adds m to the row's people, or says why they cannot be on it. */
static void add_person(const od_ctx *ctx, slot_row *row, const staff_member *m)
{
	for (size_t i = 0; i < row->n; i++) {
		if (strcmp(row->logins[i], m->login) == 0) {
			diag_add(&row->problems, row->line, 0, _("people: %s (%s) is named twice"),
				 m->name, m->login);
			return;
		}
	}
	if (!m->active) {
		diag_add(&row->problems, row->line, 0,
			 _("people: %s (%s) is deactivated and cannot be rostered"), m->name,
			 m->login);
		return;
	}
	if (*row->day && leave_on(ctx->db, m->login, row->day)) {
		diag_add(&row->problems, row->line, 0, _("people: %s (%s) is on leave on %s"),
			 m->name, m->login, row->day);
		return;
	}
	row->logins = xrealloc(row->logins, (row->n + 1) * sizeof *row->logins);
	row->logins[row->n++] = xstrdup(m->login);
}

/* Finds the person text names and adds them. False when text names
 * nobody, which is reported when report_unknown; a name several people
 * share is reported and counts as found. */
static bool add_named(const od_ctx *ctx, const directory *dir, slot_row *row, const char *text,
		      bool report_unknown)
{
	size_t many;
	const staff_member *m = directory_find(dir, text, &many);
	if (m) {
		add_person(ctx, row, m);
		return true;
	}
	char *shown = text_sanitize(text, false);
	if (many) {
		strbuf logins = {0};
		for (size_t i = 0; i < dir->n; i++)
			if (strcmp(dir->v[i].name, text) == 0)
				sb_addf(&logins, "%s%s", logins.len ? ", " : "", dir->v[i].login);
		diag_add(&row->problems, row->line, 0,
			 _("people: '%s' is the name of %zu people (%s); write the login"), shown,
			 many, logins.buf);
		sb_free(&logins);
	} else if (report_unknown) {
		diag_add(&row->problems, row->line, 0,
			 _("people: '%s' is not the login or name of anyone on the staff"), shown);
	}
	free(shown);
	return many > 0;
}

/* The people of a cell: pieces between separators, each a login or name;
 * a piece with spaces that names nobody as a whole is read word by word
 * ("李娜 王芳"), so names with spaces ("Alice Wong") still work. */
static void read_people(const od_ctx *ctx, const directory *dir, slot_row *row, const char *cell)
{
	pieces parts = split(cell, is_separator);
	for (size_t i = 0; i < parts.n; i++) {
		bool spaced = has(parts.v[i], is_space);
		if (add_named(ctx, dir, row, parts.v[i], !spaced) || !spaced)
			continue;
		pieces words = split(parts.v[i], is_space);
		for (size_t k = 0; k < words.n; k++)
			add_named(ctx, dir, row, words.v[k], true);
		pieces_free(&words);
	}
	pieces_free(&parts);
}

static void read_date(slot_row *row, const char *cell)
{
	char day[ROSTER_DAY_LEN];
	od_error e;
	char *text = trimmed(cell, strlen(cell));
	if (normalize_day(text, day) && roster_day_valid(day, "date", &e) == OD_OK) {
		snprintf(row->day, sizeof row->day, "%s", day);
	} else {
		char *shown = text_sanitize(text, false);
		roster_day_valid(shown, "date", &e);
		diag_add(&row->problems, row->line, 0, "%s", e.msg);
		free(shown);
	}
	free(text);
}

static void read_shift(const rules *r, slot_row *row, const char *cell)
{
	char *text = trimmed(cell, strlen(cell));
	row->shift = find_shift(r, text);
	if (!row->shift) {
		strbuf known = {0};
		for (size_t i = 0; i < r->shifts.n; i++)
			sb_addf(&known, "%s%s %s", i ? ", " : "", r->shifts.v[i].id,
				r->shifts.v[i].name);
		char *shown = text_sanitize(text, false);
		diag_add(&row->problems, row->line, 0,
			 _("shift: '%s' is not a shift of the rules (known: %s)"), shown,
			 known.buf ? known.buf : _("none: the rules define no shifts"));
		free(shown);
		sb_free(&known);
	}
	free(text);
}

static void check_row(const od_ctx *ctx, const directory *dir, const csv_row *in, const int *cols,
		      size_t ncols, const size_t where[NREQUIRED], slot_row *row)
{
	if (in->bad)
		return; /* its problem is in row->problems already */
	if (in->n != ncols) {
		diag_add(&row->problems, row->line, 0,
			 _("%zu fields, but the header names %zu columns"), in->n, ncols);
		return;
	}
	for (size_t i = 0; i < ncols; i++) {
		char *value =
		    cols[i] == COL_UNNAMED ? trimmed(in->cells[i], strlen(in->cells[i])) : NULL;
		if (value && *value) {
			char *shown = text_sanitize(value, false);
			diag_add(&row->problems, row->line, 0,
				 _("column %zu has no name in the header but holds '%s' here"),
				 i + 1, shown);
			free(shown);
		}
		free(value);
	}
	read_date(row, in->cells[where[COL_DATE]]);
	read_shift(ctx->rules, row, in->cells[where[COL_SHIFT]]);
	read_people(ctx, dir, row, in->cells[where[COL_PEOPLE]]);
}

static int cmp_slot_row(const void *a, const void *b)
{
	const slot_row *x = *(const slot_row *const *)a, *y = *(const slot_row *const *)b;
	int c = strcmp(x->day, y->day);
	if (!c)
		c = (x->shift > y->shift) - (x->shift < y->shift);
	return c ? c : x->line - y->line;
}

/* Reports every row whose day and shift an earlier row already has. */
static void find_duplicates(slot_row *rows, size_t n)
{
	slot_row **v = xcalloc(n ? n : 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (*rows[i].day && rows[i].shift)
			v[k++] = &rows[i];
	qsort(v, k, sizeof *v, cmp_slot_row);
	for (size_t i = 1, first = 0; i < k; i++) {
		if (strcmp(v[i]->day, v[first]->day) != 0 || v[i]->shift != v[first]->shift) {
			first = i;
			continue;
		}
		diag_add(&v[i]->problems, v[i]->line, 0,
			 _("%s %s (%s) is also on line %d; each shift of a day may be given once"),
			 v[i]->day, v[i]->shift->id, v[i]->shift->name, v[first]->line);
	}
	free(v);
}

static bool same_people(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t k = 0; k < nb && !found; k++)
			found = strcmp(a[i], b[k]) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* Writes the checked rows; a row the roster still refuses (someone went on
 * leave meanwhile) goes into diags. */
static od_status write_rows(const od_ctx *ctx, slot_row *rows, size_t n, const char *reason,
			    roster_import_result *res, diag_list *diags, od_error *err)
{
	for (size_t i = 0; i < n; i++) {
		slot_row *r = &rows[i];
		shift_slot slot = roster_slot(r->shift, r->day);
		char **now;
		size_t nnow;
		od_status s = roster_slot_people(ctx->db, &slot, &now, &nnow, err);
		if (s != OD_OK)
			return s;
		bool same = same_people(now, nnow, r->logins, r->n);
		roster_logins_free(now, nnow);
		od_error e;
		s = roster_put_slot(ctx, "roster.import", r->day, r->shift->id,
				    (const char *const *)r->logins, r->n, reason, &e);
		if (s == OD_INVALID || s == OD_NOT_FOUND || s == OD_CONFLICT)
			diag_add(diags, r->line, 0, "%s", e.msg);
		else if (s != OD_OK)
			return od_fail(err, s, "%s", e.msg);
		res->changed += !same;
	}
	return OD_OK;
}

/* "import FILE" for the journal, the file's name made printable and cut
 * to a sensible length. */
static char *import_reason(const char *source)
{
	char *shown = text_sanitize(source ? source : "", false);
	const char *p = shown;
	for (int chars = 0; *p && chars < 200; chars++)
		text_next(&p);
	char *reason = xasprintf("import %.*s", (int)(p - shown), shown);
	free(shown);
	return reason;
}

od_status roster_import_csv(const od_ctx *ctx, const char *data, size_t len, csv_encoding enc,
			    const char *source, roster_import_result *res, diag_list *diags,
			    od_error *err)
{
	memset(res, 0, sizeof *res);
	res->encoding = enc;
	od_status s = access_require(ctx, "roster.manage", err);
	if (s != OD_OK)
		return s;
	char *text;
	size_t text_len;
	if ((s = csv_decode(data, len, enc, &text, &text_len, &res->encoding, diags, err)) != OD_OK)
		return s;

	csv_reader rd;
	csv_reader_init(&rd, text, text_len);
	csv_row header = {0}, in = {0};
	slot_row *rows = NULL;
	size_t nrows = 0, cap = 0, where[NREQUIRED] = {0};
	int *cols = NULL;
	directory dir = {0};
	char *reason = NULL;
	bool began = false;
	while (csv_next(&rd, &header, diags) && csv_row_blank(&header))
		csv_row_clear(&header);
	if (!header.line) {
		diag_add(diags, 1, 0,
			 _("the file is empty: its first line must name the columns, such as "
			   "date,shift,people"));
		s = od_fail(err, OD_INVALID, _("the file has no header; nothing was imported"));
		goto done;
	}
	cols = xcalloc(header.n ? header.n : 1, sizeof *cols);
	if (!read_header(&header, cols, where, diags)) {
		s = od_fail(err, OD_INVALID, _("the header has problems; nothing was imported"));
		goto done;
	}

	/* checked and written in one transaction, so nobody changes the staff
	 * or their leave between the check and the write */
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		goto done;
	began = true;
	if ((s = staff_list(ctx->db, true, &dir.v, &dir.n, err)) != OD_OK)
		goto done;
	for (;;) {
		diag_list problems = {0};
		if (!csv_next(&rd, &in, &problems))
			break;
		if (csv_row_blank(&in)) {
			csv_row_clear(&in);
			continue;
		}
		if (nrows == cap)
			rows = xrealloc(rows, (cap = cap ? cap * 2 : 64) * sizeof *rows);
		slot_row *r = &rows[nrows++];
		*r = (slot_row){.line = in.line, .problems = problems};
		check_row(ctx, &dir, &in, cols, header.n, where, r);
		csv_row_clear(&in);
	}
	find_duplicates(rows, nrows);
	for (size_t i = 0; i < nrows; i++)
		for (size_t k = 0; k < rows[i].problems.n; k++)
			diag_add(diags, rows[i].problems.items[k].line, 0, "%s",
				 rows[i].problems.items[k].msg);
	if (diags->n) {
		s = od_fail(err, OD_INVALID, ngettext("%zu problem in the file; nothing was imported",
			    "%zu problems in the file; nothing was imported", diags->n),
			    diags->n);
		goto done;
	}
	if (nrows == 0) {
		s = od_fail(err, OD_INVALID,
			    _("the file has a header but no rows; nothing was imported"));
		goto done;
	}
	reason = import_reason(source);
	if ((s = write_rows(ctx, rows, nrows, reason, res, diags, err)) == OD_OK && diags->n)
		s = od_fail(err, OD_INVALID, ngettext("%zu problem in the file; nothing was imported",
			    "%zu problems in the file; nothing was imported", diags->n),
			    diags->n);
	if (s == OD_OK) {
		res->slots = nrows;
		snprintf(res->first, sizeof res->first, "%s", rows[0].day);
		snprintf(res->last, sizeof res->last, "%s", rows[0].day);
		for (size_t i = 1; i < nrows; i++) {
			if (strcmp(rows[i].day, res->first) < 0)
				snprintf(res->first, sizeof res->first, "%s", rows[i].day);
			if (strcmp(rows[i].day, res->last) > 0)
				snprintf(res->last, sizeof res->last, "%s", rows[i].day);
		}
	}
done:
	if (began) {
		od_status e = db_end(ctx->db, s == OD_OK, err);
		if (s == OD_OK)
			s = e;
	}
	if (s != OD_OK) {
		res->slots = res->changed = 0;
		res->first[0] = res->last[0] = '\0';
	}
	for (size_t i = 0; i < nrows; i++)
		slot_row_clear(&rows[i]);
	free(rows);
	free(cols);
	free(reason);
	free(text);
	csv_row_clear(&header);
	staff_list_free(dir.v, dir.n);
	return s;
}

/* --- export ------------------------------------------------------------ */

od_status roster_export_period(const char *first, const char *last, char out_first[ROSTER_DAY_LEN],
			       char out_last[ROSTER_DAY_LEN], od_error *err)
{
	od_status s;
	if ((first && (s = roster_day_valid(first, "from", err)) != OD_OK) ||
	    (last && (s = roster_day_valid(last, "to", err)) != OD_OK))
		return s;
	char today[ROSTER_DAY_LEN];
	roster_day_of(clock_now(), today);
	const char *month = first ? first : last ? last : today;
	char month_first[ROSTER_DAY_LEN], month_last[ROSTER_DAY_LEN];
	snprintf(month_first, sizeof month_first, "%.7s-01", month);
	roster_day_add(month_last, month_first,
		       civil_month_days(atoi(month_first), atoi(month_first + 5)) - 1);
	snprintf(out_first, ROSTER_DAY_LEN, "%s", first ? first : month_first);
	snprintf(out_last, ROSTER_DAY_LEN, "%s", last ? last : month_last);
	if (strcmp(out_first, out_last) > 0)
		return od_fail(err, OD_INVALID, _("to: %s is before from: %s"), out_last,
			       out_first);
	int days = roster_day_diff(out_first, out_last) + 1;
	if (days > ROSTER_EXPORT_MAX_DAYS)
		return od_fail(err, OD_INVALID,
			       _("from %s to %s is %d days; export at most %d days at a time"),
			       out_first, out_last, days, ROSTER_EXPORT_MAX_DAYS);
	return OD_OK;
}

/* What an export needs while it walks the shifts. */
typedef struct export_state {
	const rules *r;
	directory dir;
	const staff_member *person; /* NULL: the team */
	strbuf *out;
	size_t count;
	time_t stamp;
} export_state;

typedef void (*slot_fn)(export_state *x, const shift_slot *slot, const roster_entry *e, size_t n);

/* Calls fn for every shift of the rules on every day from first to last,
 * with the entries of that shift (by login). */
static od_status walk_slots(od_db *db, export_state *x, const char *first, const char *last,
			    slot_fn fn, od_error *err)
{
	roster_entry *e;
	size_t n;
	od_status s = roster_range(db, x->r, first, last, &e, &n, err);
	if (s != OD_OK)
		return s;
	size_t k = 0;
	int days = roster_day_diff(first, last) + 1;
	for (int d = 0; d < days; d++) {
		char day[ROSTER_DAY_LEN];
		roster_day_add(day, first, d);
		for (size_t i = 0; i < x->r->shifts.n; i++) {
			/* entries come by day, then shift in the rules' order */
			while (k < n && (strcmp(e[k].day, day) < 0 ||
					 (strcmp(e[k].day, day) == 0 && e[k].rank < (int)i)))
				k++;
			size_t from = k;
			while (k < n && strcmp(e[k].day, day) == 0 && e[k].rank == (int)i)
				k++;
			shift_slot slot = roster_slot(&x->r->shifts.v[i], day);
			fn(x, &slot, e + from, k - from);
		}
	}
	roster_entries_free(e, n);
	return OD_OK;
}

static bool slot_has(const roster_entry *e, size_t n, const char *login)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].login, login) == 0)
			return true;
	return false;
}

static void csv_slot(export_state *x, const shift_slot *slot, const roster_entry *e, size_t n)
{
	if (x->person && !slot_has(e, n, x->person->login))
		return;
	strbuf people = {0};
	sb_add(&people, "");
	for (size_t i = 0; i < n; i++)
		sb_addf(&people, "%s%s", i ? "、" : "", shown_name(&x->dir, e[i].login));
	csv_add_field(x->out, slot->day);
	sb_add(x->out, ",");
	csv_add_field(x->out, slot->shift->id);
	sb_add(x->out, ",");
	csv_add_field(x->out, people.buf);
	sb_add(x->out, "\r\n");
	sb_free(&people);
	x->count++;
}

static od_status export_begin(od_db *db, const rules *r, const char *person, strbuf *out,
			      export_state *x, od_error *err)
{
	*x = (export_state){.r = r, .out = out, .stamp = clock_now()};
	od_status s = staff_list(db, true, &x->dir.v, &x->dir.n, err);
	if (s == OD_OK && person)
		s = find_person(&x->dir, person, &x->person, err);
	return s;
}

od_status roster_export_csv(od_db *db, const rules *r, const char *first, const char *last,
			    const char *person, strbuf *out, size_t *rows, od_error *err)
{
	*rows = 0;
	char from[ROSTER_DAY_LEN], to[ROSTER_DAY_LEN];
	od_status s = roster_export_period(first, last, from, to, err);
	if (s != OD_OK)
		return s;
	export_state x;
	s = export_begin(db, r, person, out, &x, err);
	if (s == OD_OK) {
		/* the byte-order mark makes spreadsheet programs read UTF-8 */
		sb_add(out, "\xef\xbb\xbf"
			    "date,shift,people\r\n");
		s = walk_slots(db, &x, from, to, csv_slot, err);
	}
	*rows = x.count;
	staff_list_free(x.dir.v, x.dir.n);
	return s;
}

/* --- iCalendar ------------------------------------------------------------ */

/* One content line, folded at 75 octets (RFC 5545 3.1) between UTF-8
 * characters, never inside one. */
static void ics_line(strbuf *out, const char *line)
{
	size_t len = strlen(line), at = 0, room = 75;
	while (len - at > room) {
		size_t cut = at + room;
		while (((unsigned char)line[cut] & 0xc0) == 0x80)
			cut--;
		sb_addn(out, line + at, cut - at);
		sb_add(out, "\r\n "); /* the space counts towards the next line's 75 */
		at = cut;
		room = 74;
	}
	sb_addn(out, line + at, len - at);
	sb_add(out, "\r\n");
}

/* name:value with value as TEXT: \ ; , escaped and line breaks as \n. */
static void ics_text(strbuf *out, const char *name, const char *value)
{
	strbuf line = {0};
	sb_addf(&line, "%s:", name);
	char *clean = text_sanitize(value, true);
	for (const char *p = clean; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			sb_addf(&line, "\\%c", *p);
		else if (*p == '\n')
			sb_add(&line, "\\n");
		else
			sb_addn(&line, p, 1);
	}
	free(clean);
	ics_line(out, line.buf);
	sb_free(&line);
}

static void ics_time(strbuf *out, const char *name, time_t t)
{
	struct tm tm;
	char buf[32];
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
	char *line = xasprintf("%s:%s", name, buf);
	ics_line(out, line);
	free(line);
}

static void ics_slot(export_state *x, const shift_slot *slot, const roster_entry *e, size_t n)
{
	if (n == 0 || (x->person && !slot_has(e, n, x->person->login)))
		return;
	strbuf uid = {0}, summary = {0}, description = {0};
	sb_addf(&uid, "%s/%s%s%s@opsdesk", slot->day, slot->shift->id, x->person ? "/" : "",
		x->person ? x->person->login : "");
	sb_addf(&summary, "%s %s", slot->shift->name, slot->shift->id);
	for (size_t i = 0; i < n; i++) {
		const staff_member *m = directory_login(&x->dir, e[i].login);
		if (!x->person)
			sb_addf(&summary, "%s%s", i ? "、" : ": ", m ? m->name : e[i].login);
		sb_addf(&description, "%s%s (%s)", i ? "\n" : "", m ? m->name : e[i].login,
			e[i].login);
		if (m && *m->phone)
			sb_addf(&description, " %s", m->phone);
	}
	sb_add(x->out, "BEGIN:VEVENT\r\n");
	ics_text(x->out, "UID", uid.buf);
	ics_time(x->out, "DTSTAMP", x->stamp);
	ics_time(x->out, "DTSTART", slot->start);
	ics_time(x->out, "DTEND", slot->end);
	ics_text(x->out, "SUMMARY", summary.buf);
	ics_text(x->out, "DESCRIPTION", description.buf);
	sb_add(x->out, "END:VEVENT\r\n");
	sb_free(&uid);
	sb_free(&summary);
	sb_free(&description);
	x->count++;
}

od_status roster_export_ics(od_db *db, const rules *r, const char *first, const char *last,
			    const char *person, strbuf *out, size_t *events, od_error *err)
{
	*events = 0;
	char from[ROSTER_DAY_LEN], to[ROSTER_DAY_LEN];
	od_status s = roster_export_period(first, last, from, to, err);
	if (s != OD_OK)
		return s;
	export_state x;
	s = export_begin(db, r, person, out, &x, err);
	if (s == OD_OK) {
		sb_add(out, "BEGIN:VCALENDAR\r\n"
			    "VERSION:2.0\r\n"
			    "PRODID:-//opsdesk//opsdesk " OPSDESK_VERSION "//EN\r\n"
			    "CALSCALE:GREGORIAN\r\n"
			    "METHOD:PUBLISH\r\n");
		char *name = x.person
				 ? xasprintf(_("%s duty roster: %s"), r->site.name, x.person->name)
				 : xasprintf(_("%s duty roster"), r->site.name);
		ics_text(out, "X-WR-CALNAME", name);
		free(name);
		if (r->site.timezone.id)
			ics_text(out, "X-WR-TIMEZONE", r->site.timezone.id);
		s = walk_slots(db, &x, from, to, ics_slot, err);
		sb_add(out, "END:VCALENDAR\r\n");
	}
	*events = x.count;
	staff_list_free(x.dir.v, x.dir.n);
	return s;
}
