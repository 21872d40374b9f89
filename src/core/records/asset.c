/* The asset (CI) register. The editable fields are described once, in
 * `fields` below (key, where the value sits, limit), so validation, the
 * change set for journal and audit, the SQL bindings and the CSV columns
 * all walk the same table in the same order. A record's reference in
 * journal and audit is "asset:TAG". */
#include "opsdesk/asset.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/changes.h"
#include "opsdesk/civil.h"
#include "opsdesk/clock.h"
#include "opsdesk/csv.h"
#include "opsdesk/i18n.h"
#include "opsdesk/inspect.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

/* The editable fields, in the order of forms, messages and the SQL below. */
enum {
	F_NAME,
	F_CLASS,
	F_MODEL,
	F_SERIAL,
	F_LOCATION,
	F_IP,
	F_RESPONSIBLE,
	F_PURCHASED,
	F_WARRANTY_END,
	F_STATUS,
	F_NOTE,
	NFIELDS
};

typedef struct field_spec {
	const char *key; /* column, CSV header and the field named in messages */
	size_t in;       /* offset of the value in asset_fields */
	size_t out;      /* offset of the value in asset */
	size_t max;      /* characters */
	bool multiline;
} field_spec;

/* clang-format off */
#define FIELD(key, member, max, multiline) \
	{key, offsetof(asset_fields, member), offsetof(asset, member), max, multiline}

static const field_spec fields[NFIELDS] = {
	FIELD("name", name, ASSET_NAME_MAX, false),
	FIELD("class", class_id, 32, false), /* rules ids are at most 32 */
	FIELD("model", model, ASSET_MODEL_MAX, false),
	FIELD("serial", serial, ASSET_SERIAL_MAX, false),
	FIELD("location", location, ASSET_LOCATION_MAX, false),
	FIELD("ip", ip, ASSET_IP_MAX, false),
	FIELD("responsible", responsible, 32, false), /* a login */
	FIELD("purchased", purchased, ASSET_DATE_MAX, false),
	FIELD("warranty_end", warranty_end, ASSET_DATE_MAX, false),
	FIELD("status", status, 32, false),
	FIELD("note", note, ASSET_NOTE_MAX, true),
};
/* clang-format on */

static const char *given(const asset_fields *f, int i)
{
	return *(const char *const *)((const char *)f + fields[i].in);
}

static void set_given(asset_fields *f, int i, const char *v)
{
	*(const char **)((char *)f + fields[i].in) = v;
}

static const char *stored(const asset *a, int i)
{
	return *(char *const *)((const char *)a + fields[i].out);
}

/* The columns asset_read expects, in its order; callers add the rest. */
#define ASSET_SELECT                                                                               \
	"SELECT a.id, a.tag, a.name, a.class, a.model, a.serial, a.location, a.ip,"                \
	"       a.responsible, a.purchased, a.warranty_end, a.status, a.note, a.version,"          \
	"       a.created, a.updated, a.updated_by,"                                               \
	"       coalesce((SELECT s.name FROM staff s WHERE s.login = a.responsible), '')"          \
	"  FROM asset a"

void asset_record_ref(const char *tag, char *buf, size_t len)
{
	snprintf(buf, len, "asset:%s", tag);
}

void asset_clear(asset *a)
{
	if (!a)
		return;
	free(a->tag);
	for (int i = 0; i < NFIELDS; i++)
		free(*(char **)((char *)a + fields[i].out));
	free(a->responsible_name);
	free(a->updated_by);
	memset(a, 0, sizeof *a);
}

static void asset_clear_item(void *item)
{
	asset_clear(item);
}

void asset_list_free(asset *v, size_t n)
{
	db_items_free(v, n, sizeof *v, asset_clear_item);
}

static void asset_read(sqlite3_stmt *st, void *item)
{
	asset *a = item;
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->tag = xstrdup(db_text(st, 1));
	/* columns 2-12 are the fields in table order */
	for (int i = 0; i < NFIELDS; i++)
		*(char **)((char *)a + fields[i].out) = xstrdup(db_text(st, 2 + i));
	a->version = sqlite3_column_int64(st, 13);
	a->created = (time_t)sqlite3_column_int64(st, 14);
	a->updated = (time_t)sqlite3_column_int64(st, 15);
	a->updated_by = xstrdup(db_text(st, 16));
	a->responsible_name = xstrdup(db_text(st, 17));
}

od_status asset_get(od_db *db, const char *tag, asset *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, ASSET_SELECT " WHERE a.tag = ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		asset_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("no asset with tag '%s'"), tag);
	return db_error(db, _("reading an asset"), err);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

od_status asset_list(od_db *db, const asset_filter *filter, asset **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	/* instr over the plain table, not LIKE: correct for Chinese, and a
	 * register is small enough to scan; the tag index serves the order and
	 * the keyed paging */
	sqlite3_stmt *st =
	    db_stmt(db,
		    ASSET_SELECT " WHERE (?1 = '' OR a.class = ?1) AND (?2 = '' OR a.status = ?2)"
				 "   AND (?3 = '' OR instr(lower(a.tag), lower(?3))"
				 "        OR instr(lower(a.name), lower(?3))"
				 "        OR instr(lower(a.location), lower(?3))"
				 "        OR instr(lower(a.ip), lower(?3))"
				 "        OR instr(lower(a.serial), lower(?3))"
				 "        OR instr(lower(a.model), lower(?3)))"
				 "   AND a.tag > ?4"
				 " ORDER BY a.tag LIMIT ?5",
		    err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, or_empty(filter->class_id), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, or_empty(filter->status), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, or_empty(filter->search), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, or_empty(filter->after_tag), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, filter->limit > 0 ? filter->limit : -1);
	return db_collect(db, st, sizeof **out, asset_read, asset_clear_item, (void **)out, n,
			  _("reading assets"), err);
}

od_status asset_find(od_db *db, const char *text, int limit, asset **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st =
	    db_stmt(db,
		    ASSET_SELECT " WHERE ?1 = '' OR instr(lower(a.tag), lower(?1))"
				 "    OR instr(lower(a.name), lower(?1))"
				 " ORDER BY lower(a.tag) = lower(?1) DESC,"
				 "          instr(lower(a.tag), lower(?1)) = 1 DESC, a.tag"
				 " LIMIT ?2",
		    err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, or_empty(text), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
	return db_collect(db, st, sizeof **out, asset_read, asset_clear_item, (void **)out, n,
			  _("finding assets"), err);
}

/* --- the rules' classes and statuses ------------------------------------------ */

static char *item_ids(const rules_item *v, size_t n)
{
	strbuf sb = {0};
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", v[i].id);
	return sb_take(&sb);
}

/* what: the field; list: the rules key; kind: how the message names one */
static od_status check_item(const rules_item *v, size_t n, const char *id, const char *what,
			    const char *list, const char *kind, od_error *err)
{
	if (n == 0)
		return od_fail(err, OD_INVALID,
			       _("%s: the rules define no %s (%s): add them to the rules first"),
			       what, kind, list);
	if (id && *id && rules_item_find(v, n, id))
		return OD_OK;
	char *known = item_ids(v, n);
	if (!id || !*id)
		od_fail(err, OD_INVALID, _("%s: must not be empty (known: %s)"), what, known);
	else
		od_fail(err, OD_INVALID,
			_("%s: '%s' is not one of the %s in the rules (known: %s)"), what, id, kind,
			known);
	free(known);
	return OD_INVALID;
}

od_status asset_check_class(const rules *r, const char *id, od_error *err)
{
	return check_item(r->ci_classes.v, r->ci_classes.n, id, "class", "ci_classes",
			  _("CI classes"), err);
}

od_status asset_check_status(const rules *r, const char *id, od_error *err)
{
	return check_item(r->ci_statuses.v, r->ci_statuses.n, id, "status", "ci_statuses",
			  _("CI statuses"), err);
}

const char *asset_class_name(const rules *r, const char *id)
{
	const rules_item *it = rules_item_find(r->ci_classes.v, r->ci_classes.n, id);
	return it ? it->name : id;
}

const char *asset_status_name(const rules *r, const char *id)
{
	const rules_item *it = rules_item_find(r->ci_statuses.v, r->ci_statuses.n, id);
	return it ? it->name : id;
}

/* --- validation --------------------------------------------------------------- */

static bool is_space(wchar_t c)
{
	return c == ' ' || c == 0xa0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200b) || c == 0xfeff;
}

/* Tags are what people write on labels and type in commands: any printable
 * text, Chinese included, but no spaces, so they never need quoting. */
static od_status check_tag(const char *tag, od_error *err)
{
	od_status s = text_check("tag", tag, ASSET_TAG_MAX, false, true, err);
	if (s != OD_OK)
		return s;
	for (const char *p = tag; *p;)
		if (is_space(text_next(&p)))
			return od_fail(err, OD_INVALID,
				       _("tag: '%s' contains a space: write tags without spaces, "
					 "such as SW-CORE-01"),
				       tag);
	return OD_OK;
}

static od_status check_ip(const char *ip, od_error *err)
{
	unsigned char addr[16];
	if (!*ip || inet_pton(AF_INET, ip, addr) == 1 || inet_pton(AF_INET6, ip, addr) == 1)
		return OD_OK;
	return od_fail(err, OD_INVALID, _("ip: '%s' is not an IPv4 or IPv6 address"), ip);
}

/* Who is responsible is an active member of staff, or nobody. */
static od_status check_responsible(od_db *db, const char *login, od_error *err)
{
	return *login ? staff_require_active(db, "responsible", login, err) : OD_OK;
}

/* Checks the values an add (cur NULL) or an edit would store. A field an
 * edit leaves as it was is not checked again, so an item whose class the
 * rules have since dropped, or whose responsible person has left, can still
 * have its other fields edited. */
static od_status check_values(const od_ctx *ctx, const asset *cur, const char *const *v,
			      od_error *err)
{
	bool changed[NFIELDS];
	for (int i = 0; i < NFIELDS; i++) {
		changed[i] = !cur || strcmp(v[i], stored(cur, i)) != 0;
		if (!changed[i])
			continue;
		od_status s = text_check(fields[i].key, v[i], fields[i].max, fields[i].multiline,
					 i == F_NAME, err);
		if (s != OD_OK)
			return s;
		switch (i) {
		case F_CLASS: s = asset_check_class(ctx->rules, v[i], err); break;
		case F_STATUS: s = asset_check_status(ctx->rules, v[i], err); break;
		case F_IP: s = check_ip(v[i], err); break;
		case F_RESPONSIBLE: s = check_responsible(ctx->db, v[i], err); break;
		case F_PURCHASED:
		case F_WARRANTY_END:
			if (*v[i] && !civil_parse(v[i], NULL))
				s = od_fail(
				    err, OD_INVALID,
				    _("%s: '%s' is not a date (YYYY-MM-DD, a day of the calendar)"),
				    fields[i].key, v[i]);
			break;
		default: break;
		}
		if (s != OD_OK)
			return s;
	}
	const char *bought = v[F_PURCHASED], *until = v[F_WARRANTY_END];
	if ((changed[F_PURCHASED] || changed[F_WARRANTY_END]) && *bought && *until &&
	    strcmp(until, bought) < 0) /* YYYY-MM-DD compares as text */
		return od_fail(err, OD_INVALID,
			       _("warranty_end: %s is before the purchase date %s"), until, bought);
	return OD_OK;
}

/* --- writing ------------------------------------------------------------------ */

/* Binds the field values at ?first, ?first+1, ... in table order. */
static void bind_values(sqlite3_stmt *st, int first, const char *const *v)
{
	for (int i = 0; i < NFIELDS; i++)
		sqlite3_bind_text(st, first + i, v[i], -1, SQLITE_STATIC);
}

static od_status insert_asset(const od_ctx *ctx, const char *tag, const asset_fields *f,
			      const char *op, od_error *err)
{
	od_status s = check_tag(tag, err);
	if (s != OD_OK)
		return s;
	const char *v[NFIELDS];
	for (int i = 0; i < NFIELDS; i++)
		v[i] = or_empty(given(f, i));
	/* a new item gets the rules' first status */
	if (!*v[F_STATUS] && ctx->rules->ci_statuses.n)
		v[F_STATUS] = ctx->rules->ci_statuses.v[0].id;
	if ((s = check_values(ctx, NULL, v, err)) != OD_OK)
		return s;

	sqlite3_stmt *st =
	    db_stmt(ctx->db,
		    "INSERT INTO asset(tag, name, class, model, serial, location, ip,"
		    "                  responsible, purchased, warranty_end, status, note,"
		    "                  created, updated, updated_by)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
		    err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	bind_values(st, 2, v);
	sqlite3_bind_int64(st, 13, (int64_t)clock_now());
	sqlite3_bind_text(st, 14, ctx->login, -1, SQLITE_STATIC);
	s = db_step_done(ctx->db, st, err);
	if (s == OD_CONFLICT)
		return od_fail(err, OD_CONFLICT, _("tag: an asset with tag '%s' already exists"),
			       tag);
	if (s != OD_OK)
		return s;

	changes c = {0};
	changes_add(&c, "tag", "", tag);
	for (int i = 0; i < NFIELDS; i++)
		changes_add(&c, fields[i].key, "", v[i]);
	char ref[ASSET_REF_SIZE];
	asset_record_ref(tag, ref, sizeof ref);
	s = journal_changes_op(ctx, op, ref, "created", "asset", &c, NULL, changes_json(&c), err);
	changes_free(&c);
	/* a new CI may be due for inspection rounds */
	return s == OD_OK ? inspect_due_asset(ctx, tag, err) : s;
}

/* Applies f to cur (read inside this transaction); *changed says whether
 * anything was written. */
static od_status update_asset(const od_ctx *ctx, const asset *cur, const asset_fields *f,
			      const char *op, bool *changed, od_error *err)
{
	*changed = false;
	const char *v[NFIELDS];
	for (int i = 0; i < NFIELDS; i++)
		v[i] = given(f, i) ? given(f, i) : stored(cur, i);
	od_status s = check_values(ctx, cur, v, err);
	if (s != OD_OK)
		return s;
	changes c = {0};
	for (int i = 0; i < NFIELDS; i++)
		changes_add(&c, fields[i].key, stored(cur, i), v[i]);
	if (!changes_any(&c))
		goto done; /* nothing to save is not an error, and writes nothing */

	sqlite3_stmt *st =
	    db_stmt(ctx->db,
		    "UPDATE asset SET name = ?1, class = ?2, model = ?3, serial = ?4,"
		    "  location = ?5, ip = ?6, responsible = ?7, purchased = ?8,"
		    "  warranty_end = ?9, status = ?10, note = ?11,"
		    "  version = version + 1, updated = ?12, updated_by = ?13"
		    " WHERE id = ?14 AND version = ?15",
		    err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	bind_values(st, 1, v);
	sqlite3_bind_int64(st, 12, (int64_t)clock_now());
	sqlite3_bind_text(st, 13, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 14, cur->id);
	sqlite3_bind_int64(st, 15, cur->version);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto done;
	char ref[ASSET_REF_SIZE];
	asset_record_ref(cur->tag, ref, sizeof ref);
	s = journal_changes_op(ctx, op, ref, "changed", "asset", &c, NULL, changes_json(&c), err);
	/* a new class or location changes which rounds it is due for */
	if (s == OD_OK)
		s = inspect_due_asset(ctx, cur->tag, err);
	*changed = s == OD_OK;
done:
	changes_free(&c);
	return s;
}

od_status asset_add(const od_ctx *ctx, const char *tag, const asset_fields *f, od_error *err)
{
	od_status s = access_require(ctx, "asset.manage", err);
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	/* checked inside the transaction, so the responsible person read is
	 * the one the item is saved with */
	s = insert_asset(ctx, or_empty(tag), f, "asset.add", err);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

/* Explains a stale save: who saved what since the version the user saw. */
static od_status stale(const od_ctx *ctx, const asset *cur, int64_t expected, od_error *err)
{
	char ref[ASSET_REF_SIZE], when[32];
	asset_record_ref(cur->tag, ref, sizeof ref);
	journal_entry last = {0};
	od_error ignored;
	bool have = journal_last(ctx->db, ref, &last, &ignored) == OD_OK;
	/* what changed, in this user's language */
	char *what = have ? journal_line_render(ctx->db, ctx->rules, ref, &last)
			  : xstrdup(_("no details"));
	od_fail(
	    err, OD_CONFLICT,
	    _("%s was changed by %s at %s after you opened it (%s); your version %lld is now %lld, "
	      "so your save was not applied: reopen it and apply your change again"),
	    ref, cur->updated_by, clock_format(cur->updated, when, sizeof when),
	    what, (long long)expected, (long long)cur->version);
	free(what);
	journal_entry_clear(&last);
	return OD_CONFLICT;
}

od_status asset_edit(const od_ctx *ctx, const char *tag, int64_t expected_version,
		     const asset_fields *f, od_error *err)
{
	od_status s = access_require(ctx, "asset.manage", err);
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	asset cur = {0};
	bool changed;
	s = asset_get(ctx->db, or_empty(tag), &cur, err);
	if (s != OD_OK)
		goto done;
	if (expected_version > cur.version) {
		s = od_fail(
		    err, OD_INVALID,
		    _("expected version: asset:%s is at version %lld; version %lld does not exist"),
		    cur.tag, (long long)cur.version, (long long)expected_version);
		goto done;
	}
	if (expected_version > 0 && cur.version != expected_version) {
		s = stale(ctx, &cur, expected_version, err);
		goto done;
	}
	s = update_asset(ctx, &cur, f, "asset.edit", &changed, err);
done:
	asset_clear(&cur);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

/* --- CSV import --------------------------------------------------------------- */

/* CSV column -> field index; tag is TAG_COLUMN. */
enum { TAG_COLUMN = -1, NO_COLUMN = -2 };

static int column_of(const char *name)
{
	if (strcmp(name, "tag") == 0)
		return TAG_COLUMN;
	for (int i = 0; i < NFIELDS; i++)
		if (strcmp(name, fields[i].key) == 0)
			return i;
	return NO_COLUMN;
}

/* Reads the header row into cols (a field index per column); false, with
 * every problem in d, when it does not name tag, name and class exactly
 * once each and nothing unknown. */
static bool read_header(csv_row *h, int *cols, diag_list *d)
{
	size_t problems = d->n;
	bool seen_tag = false, seen[NFIELDS] = {false};
	if (h->bad)
		return false;
	for (size_t i = 0; i < h->n; i++) {
		/* headers are matched without regard to ASCII case or surrounding
		 * spaces, as people retype them in spreadsheets */
		char *name = h->cells[i];
		while (*name == ' ')
			name++;
		size_t len = strlen(name);
		while (len && name[len - 1] == ' ')
			name[--len] = '\0';
		char *key = xstrdup(name);
		for (char *p = key; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		cols[i] = column_of(key);
		free(key);
		if (cols[i] == NO_COLUMN) {
			strbuf known = {0};
			sb_add(&known, "tag");
			for (int k = 0; k < NFIELDS; k++)
				sb_addf(&known, ", %s", fields[k].key);
			char *shown = text_sanitize(name, false);
			if (*name)
				diag_add(d, h->line, (int)i + 1,
					 _("unknown column '%s' (known: %s)"), shown, known.buf);
			else
				diag_add(d, h->line, (int)i + 1,
					 _("column %zu has no name (known: %s)"), i + 1, known.buf);
			free(shown);
			sb_free(&known);
			continue;
		}
		bool *flag = cols[i] == TAG_COLUMN ? &seen_tag : &seen[cols[i]];
		if (*flag)
			diag_add(d, h->line, (int)i + 1, _("the column '%s' is named twice"),
				 cols[i] == TAG_COLUMN ? "tag" : fields[cols[i]].key);
		*flag = true;
	}
	const char *required[] = {"tag", "name", "class"};
	bool have[] = {seen_tag, seen[F_NAME], seen[F_CLASS]};
	for (size_t i = 0; i < 3; i++)
		if (!have[i])
			diag_add(
			    d, h->line, 0,
			    _("the header has no '%s' column (tag, name and class are required)"),
			    required[i]);
	return d->n == problems;
}

typedef struct tag_at {
	const char *tag;
	size_t row;
} tag_at;

static int cmp_tag_at(const void *a, const void *b)
{
	const tag_at *x = a, *y = b;
	int c = strcmp(x->tag, y->tag);
	return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* Marks (and reports) every row whose tag an earlier row already has. */
static void find_duplicates(csv_row *rows, size_t n, size_t tag_col, diag_list *d)
{
	tag_at *v = xcalloc(n ? n : 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!rows[i].bad)
			v[k++] = (tag_at){rows[i].cells[tag_col], i};
	qsort(v, k, sizeof *v, cmp_tag_at);
	for (size_t i = 1; i < k; i++) {
		size_t first = i;
		while (first > 0 && strcmp(v[first - 1].tag, v[i].tag) == 0)
			first--;
		if (first == i)
			continue;
		csv_row *r = &rows[v[i].row];
		char *shown = text_sanitize(v[i].tag, false);
		diag_add(d, r->line, 0, _("tag: '%s' is also on line %d; each tag may appear once"),
			 shown, rows[v[first].row].line);
		free(shown);
		r->bad = true;
	}
	free(v);
}

/* Adds or updates the item of one row; OD_INVALID (and the like) are the
 * row's own problems, anything else stops the import. */
static od_status import_row(const od_ctx *ctx, const csv_row *r, const int *cols,
			    asset_import_counts *counts, od_error *err)
{
	asset_fields f = {0};
	const char *tag = NULL;
	for (size_t i = 0; i < r->n; i++) {
		if (cols[i] == TAG_COLUMN)
			tag = r->cells[i];
		else if (!(cols[i] == F_STATUS &&
			   !*r->cells[i])) /* empty status: default or keep */
			set_given(&f, cols[i], r->cells[i]);
	}
	asset cur = {0};
	od_status s = asset_get(ctx->db, tag, &cur, err);
	if (s == OD_NOT_FOUND) {
		s = insert_asset(ctx, tag, &f, "asset.import", err);
		counts->added += s == OD_OK;
	} else if (s == OD_OK) {
		bool changed;
		s = update_asset(ctx, &cur, &f, "asset.import", &changed, err);
		if (s == OD_OK)
			*(changed ? &counts->updated : &counts->unchanged) += 1;
	}
	asset_clear(&cur);
	return s;
}

od_status asset_import_csv(const od_ctx *ctx, const char *data, size_t len,
			   asset_import_counts *counts, diag_list *diags, od_error *err)
{
	memset(counts, 0, sizeof *counts);
	od_status s = access_require(ctx, "asset.manage", err);
	if (s != OD_OK)
		return s;
	char *text;
	size_t text_len;
	csv_encoding used;
	if ((s = csv_decode(data, len, CSV_UTF8, &text, &text_len, &used, diags, err)) != OD_OK)
		return s;

	csv_reader rd;
	csv_reader_init(&rd, text, text_len);
	csv_row header = {0}, *rows = NULL;
	size_t nrows = 0, cap = 0;
	int *cols = NULL;
	while (csv_next(&rd, &header, diags) && csv_row_blank(&header))
		csv_row_clear(&header);
	if (!header.line) {
		diag_add(diags, 1, 0,
			 _("the file is empty: its first line must name the columns, such as "
			   "tag,name,class"));
		s = od_fail(err, OD_INVALID, _("the file has no header; nothing was imported"));
		goto done;
	}
	cols = xcalloc(header.n ? header.n : 1, sizeof *cols);
	if (!read_header(&header, cols, diags)) {
		s = od_fail(err, OD_INVALID, _("the header has problems; nothing was imported"));
		goto done;
	}
	size_t tag_col = 0;
	while (cols[tag_col] != TAG_COLUMN)
		tag_col++;

	for (;;) {
		if (nrows == cap)
			rows = xrealloc(rows, (cap = cap ? cap * 2 : 64) * sizeof *rows);
		if (!csv_next(&rd, &rows[nrows], diags))
			break;
		if (csv_row_blank(&rows[nrows])) {
			csv_row_clear(&rows[nrows]);
			continue;
		}
		csv_row *r = &rows[nrows++];
		if (!r->bad && r->n != header.n) {
			diag_add(diags, r->line, 0,
				 _("%zu fields, but the header names %zu columns"), r->n, header.n);
			r->bad = true;
		}
		if (!r->bad) {
			od_error e;
			if (check_tag(r->cells[tag_col], &e) != OD_OK) {
				diag_add(diags, r->line, 0, "%s", e.msg);
				r->bad = true;
			}
		}
	}
	find_duplicates(rows, nrows, tag_col, diags);

	/* one transaction for the whole file: the rows that are fine are
	 * written, so their problems (such as an unknown class) are found
	 * too, and rolled back if any row is bad */
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		goto done;
	for (size_t i = 0; s == OD_OK && i < nrows; i++) {
		if (rows[i].bad)
			continue;
		od_error e;
		od_status rs = import_row(ctx, &rows[i], cols, counts, &e);
		if (rs == OD_INVALID || rs == OD_CONFLICT || rs == OD_NOT_FOUND)
			diag_add(diags, rows[i].line, 0, "%s", e.msg);
		else if (rs != OD_OK)
			s = od_fail(err, rs, "%s", e.msg);
	}
	bool ok = s == OD_OK && diags->n == 0;
	od_status e = db_end(ctx->db, ok, err);
	if (s == OD_OK && !ok)
		s = od_fail(err, OD_INVALID, ngettext("%zu problem in the file; nothing was imported",
			    "%zu problems in the file; nothing was imported", diags->n),
			    diags->n);
	else if (s == OD_OK)
		s = e;
done:
	if (s != OD_OK)
		memset(counts, 0, sizeof *counts);
	diag_sort(diags);
	for (size_t i = 0; i < nrows; i++)
		csv_row_clear(&rows[i]);
	free(rows);
	free(cols);
	csv_row_clear(&header);
	free(text);
	return s;
}

od_status asset_id_of(od_db *db, const char *field, const char *tag, int64_t *id, od_error *err)
{
	*id = 0;
	if (!*tag)
		return OD_OK;
	sqlite3_stmt *st = db_stmt(db, "SELECT id FROM asset WHERE tag = ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!*id)
		return od_fail(err, OD_INVALID, _("%s: there is no configuration item '%s'"), field, tag);
	return OD_OK;
}

char *asset_tag_of(od_db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT tag FROM asset WHERE id = ?1", NULL);
	char *tag = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			tag = xstrdup(db_text(st, 0));
		sqlite3_reset(st);
	}
	return tag ? tag : xstrdup("");
}
