/* The record mechanism every kind shares (see record.h): reading and
 * writing a kind's row from its field declaration, the workflow the rules
 * define for the kind, comments, links between records and to CIs, the
 * search index of kinds without their own, and the JSON of a record. The
 * SQL names only columns of the kind's declaration (constants); every
 * value is bound. */
#include "opsdesk/record.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opsdesk/access.h"
#include "opsdesk/asset.h"
#include "opsdesk/changes.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

enum { FIXED_COLUMNS = 8 }; /* id, state, open, version, created, created_by, updated, updated_by */

/* --- kinds and references ---------------------------------------------------- */

const record_kind *record_kind_named(const char *name)
{
	for (const record_kind *const *k = record_kinds; *k; k++)
		if (strcmp((*k)->name, name) == 0)
			return *k;
	return NULL;
}

void record_ref(const record_kind *k, int64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "%s-%" PRId64, k->prefix, id);
}

od_status record_parse_ref(const char *ref, const record_kind **kind, int64_t *id, od_error *err)
{
	const record_kind *found = record_kind_named("incident");
	const char *p = ref;
	const char *dash = strchr(ref, '-');
	if (dash) {
		found = NULL;
		for (const record_kind *const *k = record_kinds; *k && !found; k++)
			if (strlen((*k)->prefix) == (size_t)(dash - ref) &&
			    strncasecmp((*k)->prefix, ref, (size_t)(dash - ref)) == 0)
				found = *k;
		p = dash + 1;
	}
	*kind = found;
	text_num parsed = found ? text_parse_int(p, 1, INT64_MAX, id) : TEXT_NUM_BAD;
	if (parsed == TEXT_NUM_OK)
		return OD_OK;
	*kind = NULL;
	if (parsed == TEXT_NUM_RANGE)
		return od_fail(err, OD_USAGE,
			       found && strcmp(found->name, "incident") == 0
				       ? _("'%s' is not an incident reference: the number is out of range")
				       : _("'%s' is not a reference: the number is out of range"),
			       ref);
	if (found && strcmp(found->name, "incident") == 0)
		return od_fail(err, OD_USAGE, _("'%s' is not an incident reference (INC-12 or 12)"),
			       ref);
	if (found)
		return od_fail(err, OD_USAGE, _("'%s' is not a reference: %s-12 names a %s"), ref,
			       found->prefix, _(found->noun));
	strbuf known = {0};
	for (const record_kind *const *k = record_kinds; *k; k++)
		sb_addf(&known, "%s%s-12", known.buf ? ", " : "", (*k)->prefix);
	od_fail(err, OD_USAGE, _("'%s' is not a reference (%s, or 12 for INC-12)"), ref, known.buf);
	sb_free(&known);
	return OD_USAGE;
}

od_status record_parse_ref_of(const record_kind *want, const char *ref, int64_t *id,
			      od_error *err)
{
	const record_kind *k;
	od_status s = record_parse_ref(ref, &k, id, err);
	if (s == OD_OK && k != want)
		s = od_fail(err, OD_USAGE, _("'%s' names no %s (%s-n)"), ref, _(want->noun), want->prefix);
	return s;
}

const record_field *record_field_find(const record_kind *k, const char *id)
{
	for (size_t i = 0; i < k->nfields; i++)
		if (strcmp(k->fields[i].id, id) == 0)
			return &k->fields[i];
	return NULL;
}

static const char *column_of(const record_field *f)
{
	return f->column ? f->column : f->id;
}

const rules_workflow *record_workflow(const rules *r, const record_kind *k)
{
	return rules_workflow_named(r, k->name);
}

const rules_state *record_state_find(const rules *r, const record_kind *k, const char *id)
{
	const rules_workflow *w = record_workflow(r, k);
	for (size_t i = 0; w && i < w->states.n; i++)
		if (strcmp(w->states.v[i].id, id) == 0)
			return &w->states.v[i];
	return NULL;
}

const char *record_state_name(const rules *r, const record_kind *k, const char *state)
{
	const rules_state *s = record_state_find(r, k, state);
	return s ? s->name : state;
}

const rules_transition *record_transition_find(const rules *r, const record_kind *k,
					       const char *id)
{
	const rules_workflow *w = record_workflow(r, k);
	for (size_t i = 0; w && i < w->transitions.n; i++)
		if (strcmp(w->transitions.v[i].id, id) == 0)
			return &w->transitions.v[i];
	return NULL;
}

/* The kind's workflow, or a refusal saying the rules lack it. */
static od_status workflow_in_use(const rules *r, const record_kind *k, od_error *err)
{
	const rules_workflow *w = record_workflow(r, k);
	if (w && w->initial.id)
		return OD_OK;
	return od_fail(err, OD_CONFIG, _("the rules have no workflows.%s, so there are no %s"),
		       k->name, _(k->plural));
}

/* --- reading ----------------------------------------------------------------------- */

static void select_sql(const record_kind *k, strbuf *sql)
{
	sb_add(sql, "SELECT id, state, open, version, created, created_by, updated, updated_by");
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].type != RT_CIS)
			sb_addf(sql, ", %s", column_of(&k->fields[i]));
	sb_addf(sql, " FROM %s", k->table);
}

static char *column_text(od_db *db, sqlite3_stmt *st, int col, const record_field *f)
{
	bool null = sqlite3_column_type(st, col) == SQLITE_NULL;
	char buf[64];
	switch (f->type) {
	case RT_CI:
		return null ? xstrdup("") : asset_tag_of(db, sqlite3_column_int64(st, col));
	case RT_TIME:
		return xstrdup(null ? "" : clock_format((time_t)sqlite3_column_int64(st, col), buf,
							     sizeof buf));
	case RT_NUMBER:
		if (null)
			return xstrdup("");
		snprintf(buf, sizeof buf, "%" PRId64, (int64_t)sqlite3_column_int64(st, col));
		return xstrdup(buf);
	case RT_FLAG:
		return xstrdup(sqlite3_column_int(st, col) ? "yes" : "no");
	default:
		return xstrdup(db_text(st, col));
	}
}

static void row_read(od_db *db, const record_kind *k, sqlite3_stmt *st, record *r)
{
	memset(r, 0, sizeof *r);
	r->kind = k;
	r->id = sqlite3_column_int64(st, 0);
	r->state = xstrdup(db_text(st, 1));
	r->open = sqlite3_column_int(st, 2) != 0;
	r->version = sqlite3_column_int64(st, 3);
	r->created = (time_t)sqlite3_column_int64(st, 4);
	r->created_by = xstrdup(db_text(st, 5));
	r->updated = (time_t)sqlite3_column_int64(st, 6);
	r->updated_by = xstrdup(db_text(st, 7));
	r->values = xcalloc(k->nfields ? k->nfields : 1, sizeof *r->values);
	int col = FIXED_COLUMNS;
	for (size_t i = 0; i < k->nfields; i++)
		r->values[i] = k->fields[i].type == RT_CIS
				       ? NULL
				       : column_text(db, st, col++, &k->fields[i]);
}

/* RT_CIS values come from record_ci, joined by ", ". */
static void read_cis(od_db *db, record *r)
{
	for (size_t i = 0; i < r->kind->nfields; i++) {
		if (r->kind->fields[i].type != RT_CIS)
			continue;
		char **tags = NULL;
		size_t n = 0;
		strbuf joined = {0};
		if (record_cis(db, r, r->kind->fields[i].id, &tags, &n, NULL) == OD_OK)
			for (size_t j = 0; j < n; j++)
				sb_addf(&joined, "%s%s", j ? ", " : "", tags[j]);
		record_strings_free(tags, n);
		r->values[i] = joined.buf ? sb_take(&joined) : xstrdup("");
	}
}

od_status record_get(od_db *db, const record_kind *k, int64_t id, record *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	strbuf sql = {0};
	select_sql(k, &sql);
	sb_add(&sql, " WHERE id = ?1");
	sqlite3_stmt *st = db_stmt(db, sql.buf, err);
	sb_free(&sql);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_read(db, k, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		read_cis(db, out);
		return OD_OK;
	}
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("there is no %s %s-%lld"), _(k->noun), k->prefix,
			       (long long)id);
	return db_error(db, _("reading records"), err);
}

void record_clear(record *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->values && i < r->kind->nfields; i++)
		free(r->values[i]);
	free(r->values);
	free(r->state);
	free(r->created_by);
	free(r->updated_by);
	memset(r, 0, sizeof *r);
}

const char *record_value(const record *r, const char *field)
{
	for (size_t i = 0; i < r->kind->nfields; i++)
		if (strcmp(r->kind->fields[i].id, field) == 0)
			return r->values[i] ? r->values[i] : "";
	return "";
}

void record_strings_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

od_status record_cis(od_db *db, const record *rec, const char *field, char ***tags, size_t *n,
		     od_error *err)
{
	*tags = NULL;
	*n = 0;
	const record_field *f = record_field_find(rec->kind, field);
	if (f && f->type == RT_CI) {
		const char *tag = record_value(rec, field);
		if (*tag) {
			*tags = xcalloc(1, sizeof **tags);
			(*tags)[(*n)++] = xstrdup(tag);
		}
		return OD_OK;
	}
	char ref[48];
	record_ref(rec->kind, rec->id, ref, sizeof ref);
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT asset_id FROM record_ci WHERE ref = ?1 AND field = ?2"
				   " ORDER BY seq",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, field, -1, SQLITE_STATIC);
	int64_t ids[256];
	size_t count = 0;
	while (sqlite3_step(st) == SQLITE_ROW && count < 256)
		ids[count++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	*tags = xcalloc(count ? count : 1, sizeof **tags);
	for (size_t i = 0; i < count; i++)
		(*tags)[(*n)++] = asset_tag_of(db, ids[i]);
	return OD_OK;
}

char *record_fts_phrase(const char *text)
{
	strbuf sb = {0};
	sb_add(&sb, "\"");
	for (const char *p = text; *p; p++)
		sb_addn(&sb, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	sb_add(&sb, "\"");
	return sb_take(&sb);
}

bool record_search_is_short(const char *text)
{
	size_t n = 0;
	while (n < 3 && text_next(&text))
		n++;
	return n < 3;
}

/* More matches than a page can be sorted in cheaply: counted in the
 * full-text index, which stops counting there. */
enum { FREQUENT_MATCHES = 2000 };

static bool frequent_term(od_db *db, const record_kind *k, const char *text)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT count(*) FROM (SELECT 1 FROM record_text"
				   " WHERE record_text MATCH ?1 AND kind = ?2 LIMIT ?3)",
				   NULL);
	if (!st)
		return false;
	char *phrase = record_fts_phrase(text);
	sqlite3_bind_text(st, 1, phrase, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, FREQUENT_MATCHES);
	bool many = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) >= FREQUENT_MATCHES;
	sqlite3_reset(st);
	free(phrase);
	return many;
}

od_status record_list(od_db *db, const record_kind *k, const record_filter *f, record **out,
		      size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	bool searching = f->search && *f->search;
	bool short_term = searching && record_search_is_short(f->search);
	/* a frequent term walks the index and looks into each row (the page
	 * fills at once) rather than reading and sorting every match */
	if (searching && !short_term && frequent_term(db, k, f->search))
		short_term = true;
	const record_field *mine = f->mine && k->assignee_field
					   ? record_field_find(k, k->assignee_field)
					   : NULL;
	strbuf sql = {0};
	select_sql(k, &sql);
	/* the index walked: (state, id), (open, id), or the table's own id order */
	if (f->state)
		sb_add(&sql, " WHERE state = ?1");
	else if (!f->include_closed)
		sb_add(&sql, " WHERE open = 1");
	else
		sb_add(&sql, " WHERE 1");
	if (f->before)
		sb_add(&sql, " AND id < ?2");
	if (mine)
		sb_addf(&sql, " AND %s = ?3", column_of(mine));
	const record_field *only = f->field ? record_field_find(k, f->field) : NULL;
	if (only && only->type != RT_CIS)
		sb_addf(&sql, " AND %s = ?7", column_of(only));
	if (searching && !short_term) {
		sb_add(&sql, " AND id IN (SELECT rid FROM record_text WHERE record_text MATCH ?4"
			     " AND kind = ?5)");
	} else if (searching) {
		/* shorter than a trigram, or frequent: a substring of the record's own texts */
		sb_add(&sql, " AND (0");
		for (size_t i = 0; i < k->nfields; i++)
			if (k->fields[i].type == RT_TEXT || k->fields[i].type == RT_LONG)
				sb_addf(&sql, " OR instr(lower(%s), lower(?4))", column_of(&k->fields[i]));
		sb_add(&sql, ")");
	}
	sb_add(&sql, " ORDER BY id DESC");
	if (f->limit > 0)
		sb_add(&sql, " LIMIT ?6");
	sqlite3_stmt *st = db_stmt(db, sql.buf, err);
	sb_free(&sql);
	if (!st)
		return OD_DB;
	char *phrase = searching && !short_term ? record_fts_phrase(f->search) : NULL;
	if (f->state)
		sqlite3_bind_text(st, 1, f->state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->before);
	if (mine)
		sqlite3_bind_text(st, 3, f->mine, -1, SQLITE_STATIC);
	if (searching)
		sqlite3_bind_text(st, 4, phrase ? phrase : f->search, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, f->limit);
	if (only)
		sqlite3_bind_text(st, 7, f->value ? f->value : "", -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		row_read(db, k, st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	free(phrase);
	if (rc != SQLITE_DONE) {
		record_list_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(db, _("listing records"), err);
	}
	for (size_t i = 0; i < *n; i++)
		read_cis(db, &(*out)[i]);
	return OD_OK;
}

int64_t record_count_open(od_db *db, const record_kind *k, int cap)
{
	char *sql = xasprintf("SELECT count(*) FROM (SELECT 1 FROM %s WHERE open = 1 LIMIT ?1)",
			      k->table);
	sqlite3_stmt *st = db_stmt(db, sql, NULL);
	free(sql);
	if (!st)
		return 0;
	sqlite3_bind_int(st, 1, cap);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

void record_list_free(record *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		record_clear(&v[i]);
	free(v);
}

/* --- values --------------------------------------------------------------------------- */

static bool flag_value(const char *v, bool *out)
{
	static const char *const yes[] = {"yes", "true", "1", "是", NULL};
	static const char *const no[] = {"no", "false", "0", "否", "", NULL};
	for (const char *const *p = yes; *p; p++)
		if (strcasecmp(v, *p) == 0)
			return *out = true;
	for (const char *const *p = no; *p; p++)
		if (strcasecmp(v, *p) == 0)
			return !(*out = false);
	return false;
}

/* Splits "A, B,C" into trimmed, non-empty tags. Caller frees. */
static char **split_tags(const char *v, size_t *n)
{
	char **out = NULL;
	*n = 0;
	const char *p = v;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		const char *start = p;
		while (*p && *p != ',')
			p++;
		const char *end = p;
		while (end > start && end[-1] == ' ')
			end--;
		if (end > start) {
			out = xrealloc(out, (*n + 1) * sizeof *out);
			out[(*n)++] = xstrndup(start, (size_t)(end - start));
		}
	}
	return out;
}

od_status record_check_value(const od_ctx *ctx, const record_field *f, const char *v,
			     od_error *err)
{
	switch (f->type) {
	case RT_TEXT:
	case RT_LONG:
		return text_check(f->id, v, f->max > 0 ? (size_t)f->max : 200, f->type == RT_LONG, false,
				  err);
	case RT_ITEM: {
		if (!*v && !f->required)
			return OD_OK;
		size_t n = 0;
		const rules_item *items = f->items ? f->items(ctx->rules, &n) : NULL;
		if (rules_item_find(items, n, v))
			return OD_OK;
		strbuf known = {0};
		for (size_t i = 0; i < n; i++)
			sb_addf(&known, "%s%s", i ? ", " : "", items[i].id);
		od_fail(err, OD_INVALID, _("%s: '%s' is not defined in the rules (known: %s)"), f->id, v,
			known.buf ? known.buf : "");
		sb_free(&known);
		return OD_INVALID;
	}
	case RT_LOGIN:
		return *v ? staff_require_active(ctx->db, f->id, v, err) : OD_OK;
	case RT_CI: {
		int64_t id;
		return asset_id_of(ctx->db, f->id, v, &id, err);
	}
	case RT_CIS: {
		size_t n;
		char **tags = split_tags(v, &n);
		od_status s = OD_OK;
		for (size_t i = 0; i < n && s == OD_OK; i++) {
			int64_t id;
			s = asset_id_of(ctx->db, f->id, tags[i], &id, err);
		}
		record_strings_free(tags, n);
		return s;
	}
	case RT_TIME: {
		if (!*v)
			return OD_OK;
		time_t t;
		od_error why;
		if (clock_parse(v, &t, &why) == OD_OK)
			return OD_OK;
		return od_fail(err, OD_INVALID, "%s: %s", f->id, why.msg);
	}
	case RT_NUMBER: {
		if (!*v)
			return OD_OK;
		int64_t x;
		int64_t lo = f->max > f->min ? f->min : INT64_MIN, hi = f->max > f->min ? f->max : INT64_MAX;
		text_num r = text_parse_int(v, lo, hi, &x);
		if (r == TEXT_NUM_OK)
			return OD_OK;
		if (r == TEXT_NUM_RANGE)
			return od_fail(err, OD_INVALID, _("%s: %s is outside %lld to %lld"), f->id, v,
				       (long long)lo, (long long)hi);
		return od_fail(err, OD_INVALID, _("%s: '%s' is not a whole number"), f->id, v);
	}
	case RT_FLAG: {
		bool b;
		if (flag_value(v, &b))
			return OD_OK;
		return od_fail(err, OD_INVALID, _("%s: '%s' is not yes or no"), f->id, v);
	}
	}
	return OD_OK;
}

/* Binds a checked value to its column's type. */
static void bind_value(od_db *db, sqlite3_stmt *st, int k, const record_field *f, const char *v)
{
	switch (f->type) {
	case RT_CI: {
		int64_t id = 0;
		asset_id_of(db, f->id, v, &id, NULL);
		if (id)
			sqlite3_bind_int64(st, k, id);
		else
			sqlite3_bind_null(st, k);
		return;
	}
	case RT_TIME: {
		time_t t;
		if (*v && clock_parse(v, &t, NULL) == OD_OK)
			sqlite3_bind_int64(st, k, (int64_t)t);
		else
			sqlite3_bind_null(st, k);
		return;
	}
	case RT_NUMBER: {
		int64_t x;
		if (*v && text_parse_int(v, INT64_MIN, INT64_MAX, &x) == TEXT_NUM_OK)
			sqlite3_bind_int64(st, k, x);
		else
			sqlite3_bind_null(st, k);
		return;
	}
	case RT_FLAG: {
		bool b = false;
		flag_value(v, &b);
		sqlite3_bind_int(st, k, b);
		return;
	}
	default:
		sqlite3_bind_text(st, k, v, -1, SQLITE_TRANSIENT);
	}
}

/* The value as it is shown once stored: a time in the site's format, a
 * flag as yes or no, tags joined by ", " (what the change set compares). */
char *record_stored_form(const record_field *f, const char *v)
{
	char buf[64];
	switch (f->type) {
	case RT_TIME: {
		time_t t;
		return xstrdup(*v && clock_parse(v, &t, NULL) == OD_OK ? clock_format(t, buf, sizeof buf)
								       : "");
	}
	case RT_FLAG: {
		bool b = false;
		flag_value(v, &b);
		return xstrdup(b ? "yes" : "no");
	}
	case RT_CIS: {
		size_t n;
		char **tags = split_tags(v, &n);
		strbuf joined = {0};
		for (size_t i = 0; i < n; i++)
			sb_addf(&joined, "%s%s", i ? ", " : "", tags[i]);
		record_strings_free(tags, n);
		return joined.buf ? sb_take(&joined) : xstrdup("");
	}
	default:
		return xstrdup(v);
	}
}

static od_status unknown_field(const record_kind *k, const char *field, unsigned where,
			       od_error *err)
{
	strbuf known = {0};
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].where & where)
			sb_addf(&known, "%s%s", known.buf ? ", " : "", k->fields[i].id);
	const char *list = known.buf ? known.buf : "";
	if (where == RW_SET)
		od_fail(err, OD_INVALID, _("%s: not a field a transition can set (known: %s)"), field,
			list);
	else if (where == RW_NEW)
		od_fail(err, OD_INVALID, _("%s: not a field of a new %s (known: %s)"), field,
			_(k->noun), list);
	else
		od_fail(err, OD_INVALID, _("%s: not a field that can be edited (known: %s)"), field,
			list);
	sb_free(&known);
	return OD_INVALID;
}

const char *record_set_find(const record_set *sets, size_t n, const char *field)
{
	const char *v = NULL;
	for (size_t i = 0; i < n; i++) /* the last one given wins */
		if (strcmp(sets[i].field, field) == 0)
			v = sets[i].value;
	return v;
}

/* Checks every set against its declaration: known, allowed here, valid. */
static od_status check_sets(const od_ctx *ctx, const record_kind *k, const record_set *sets,
			    size_t n, unsigned where, od_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (where == RW_SET && strcmp(sets[i].field, "note") == 0)
			continue;
		const record_field *f = record_field_find(k, sets[i].field);
		if (!f || !(f->where & where))
			return unknown_field(k, sets[i].field, where, err);
		od_status s = record_check_value(ctx, f, sets[i].value, err);
		if (s != OD_OK)
			return s;
	}
	return OD_OK;
}

/* rec with the sets applied, in stored form. */
static void apply_sets(record *rec, const record_set *sets, size_t n)
{
	for (size_t i = 0; i < rec->kind->nfields; i++) {
		const char *v = record_set_find(sets, n, rec->kind->fields[i].id);
		if (v) {
			free(rec->values[i]);
			rec->values[i] = record_stored_form(&rec->kind->fields[i], v);
		}
	}
}

/* --- the search index of kinds without their own --------------------------------- */

static od_status index_text(const od_ctx *ctx, const record_kind *k, int64_t id, const char *text,
			    od_error *err)
{
	if (k->own_search || !text || !*text)
		return OD_OK;
	sqlite3_stmt *st =
		db_stmt(ctx->db, "INSERT INTO record_text(kind, rid, body) VALUES (?1, ?2, ?3)", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	return db_step_done(ctx->db, st, err);
}

/* The record's own texts, for the index. */
static char *texts_of(const record *rec)
{
	strbuf sb = {0};
	for (size_t i = 0; i < rec->kind->nfields; i++) {
		record_type t = rec->kind->fields[i].type;
		if ((t == RT_TEXT || t == RT_LONG) && *rec->values[i])
			sb_addf(&sb, "%s\n", rec->values[i]);
	}
	return sb.buf ? sb_take(&sb) : xstrdup("");
}

/* --- writing -------------------------------------------------------------------------- */

static od_status store_cis(const od_ctx *ctx, const record *rec, const record_field *f,
			   od_error *err)
{
	char ref[48];
	record_ref(rec->kind, rec->id, ref, sizeof ref);
	sqlite3_stmt *st =
		db_stmt(ctx->db, "DELETE FROM record_ci WHERE ref = ?1 AND field = ?2", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	od_status s = db_step_done(ctx->db, st, err);
	size_t n;
	char **tags = split_tags(record_value(rec, f->id), &n);
	for (size_t i = 0; i < n && s == OD_OK; i++) {
		int64_t asset_row = 0;
		if ((s = asset_id_of(ctx->db, f->id, tags[i], &asset_row, err)) != OD_OK)
			break;
		st = db_stmt(ctx->db,
			     "INSERT OR IGNORE INTO record_ci(ref, kind, rid, field, seq, asset_id)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     err);
		if (!st) {
			s = OD_DB;
			break;
		}
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, rec->kind->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, rec->id);
		sqlite3_bind_text(st, 4, f->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (int64_t)i);
		sqlite3_bind_int64(st, 6, asset_row);
		s = db_step_done(ctx->db, st, err);
	}
	record_strings_free(tags, n);
	return s;
}

/* Writes the fields of rec that changed from before (all of them when
 * before is NULL) plus state/open, raising the version. */
static od_status update_row(const od_ctx *ctx, const record *before, const record *rec,
			    od_error *err)
{
	const record_kind *k = rec->kind;
	strbuf sql = {0};
	sb_addf(&sql, "UPDATE %s SET state = ?2, open = ?3, version = version + 1, updated = ?4,"
		      " updated_by = ?5",
		k->table);
	int next = 7;
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].type != RT_CIS && strcmp(before->values[i], rec->values[i]) != 0)
			sb_addf(&sql, ", %s = ?%d", column_of(&k->fields[i]), next++);
	sb_add(&sql, " WHERE id = ?1 AND version = ?6");
	sqlite3_stmt *st = db_stmt(ctx->db, sql.buf, err);
	sb_free(&sql);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, rec->id);
	sqlite3_bind_text(st, 2, rec->state, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, rec->open);
	sqlite3_bind_int64(st, 4, (int64_t)clock_now());
	sqlite3_bind_text(st, 5, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, before->version);
	next = 7;
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].type != RT_CIS && strcmp(before->values[i], rec->values[i]) != 0)
			bind_value(ctx->db, st, next++, &k->fields[i], rec->values[i]);
	od_status s = db_step_done(ctx->db, st, err);
	if (s == OD_OK && db_changes(ctx->db) != 1)
		s = od_fail(err, OD_CONFLICT, _("%s-%lld changed while it was being saved"),
			    k->prefix, (long long)rec->id);
	for (size_t i = 0; s == OD_OK && i < k->nfields; i++)
		if (k->fields[i].type == RT_CIS && strcmp(before->values[i], rec->values[i]) != 0)
			s = store_cis(ctx, rec, &k->fields[i], err);
	return s;
}

static od_status after(const od_ctx *ctx, const record_kind *k, int64_t id, const char *op,
		       const char *text, od_error *err)
{
	od_status s = index_text(ctx, k, id, text, err);
	if (s == OD_OK && k->after_change)
		s = k->after_change(ctx, id, op, text, err);
	return s;
}

static od_status finish(const od_ctx *ctx, od_status s, od_error *err)
{
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

od_status record_create(const od_ctx *ctx, const record_kind *k, const record_set *values,
			size_t n, int64_t *id, od_error *err)
{
	od_status s = access_require_staff(ctx, err);
	if (s == OD_OK)
		s = workflow_in_use(ctx->rules, k, err);
	if (s == OD_OK)
		s = check_sets(ctx, k, values, n, RW_NEW, err);
	if (s != OD_OK)
		return s;
	const rules_workflow *w = record_workflow(ctx->rules, k);
	const rules_state *initial = record_state_find(ctx->rules, k, w->initial.id);
	record rec = {.kind = k, .state = xstrdup(initial->id), .open = !initial->final};
	rec.values = xcalloc(k->nfields ? k->nfields : 1, sizeof *rec.values);
	for (size_t i = 0; i < k->nfields; i++) {
		const char *v = record_set_find(values, n, k->fields[i].id);
		rec.values[i] = record_stored_form(&k->fields[i], v ? v : "");
		if (k->fields[i].required && !*rec.values[i] && s == OD_OK)
			s = od_fail(err, OD_INVALID, _("%s: required for a new %s"), k->fields[i].id,
				    _(k->noun));
	}
	if (s == OD_OK && k->validate)
		s = k->validate(ctx, &rec, err);
	if (s != OD_OK)
		goto out;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		goto out;
	strbuf sql = {0}, marks = {0};
	sb_addf(&sql, "INSERT INTO %s(state, open, version, created, created_by, updated, updated_by",
		k->table);
	int next = 5;
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].type != RT_CIS) {
			sb_addf(&sql, ", %s", column_of(&k->fields[i]));
			sb_addf(&marks, ", ?%d", next++);
		}
	sb_addf(&sql, ") VALUES (?1, ?2, 1, ?3, ?4, ?3, ?4%s)", marks.buf ? marks.buf : "");
	sqlite3_stmt *st = db_stmt(ctx->db, sql.buf, err);
	sb_free(&sql);
	sb_free(&marks);
	if (!st) {
		s = OD_DB;
		goto end;
	}
	sqlite3_bind_text(st, 1, rec.state, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, rec.open);
	sqlite3_bind_int64(st, 3, (int64_t)clock_now());
	sqlite3_bind_text(st, 4, ctx->login, -1, SQLITE_STATIC);
	next = 5;
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].type != RT_CIS)
			bind_value(ctx->db, st, next++, &k->fields[i], rec.values[i]);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto end;
	rec.id = db_last_rowid(ctx->db);
	for (size_t i = 0; s == OD_OK && i < k->nfields; i++)
		if (k->fields[i].type == RT_CIS && *rec.values[i])
			s = store_cis(ctx, &rec, &k->fields[i], err);
	if (s != OD_OK)
		goto end;
	char ref[48];
	record_ref(k, rec.id, ref, sizeof ref);
	const char *title = k->title_field ? record_value(&rec, k->title_field) : "";
	char *text = xasprintf(_("Recorded as %s: %s"), record_state_name(ctx->rules, k, rec.state),
			       title);
	strbuf data = {0}, detail = {0};
	sb_add(&data, "{\"state\":");
	sb_add_json(&data, rec.state);
	sb_add(&data, "}");
	sb_add(&detail, "{");
	for (size_t i = 0; i < k->nfields; i++) {
		sb_add(&detail, i ? "," : "");
		sb_add_json(&detail, k->fields[i].id);
		sb_add(&detail, ":");
		sb_add_json(&detail, rec.values[i]);
	}
	sb_add(&detail, "}");
	char *op = xasprintf("%s.create", k->name);
	s = journal_record_op(ctx, op, ref, "create", text, data.buf, detail.buf, err);
	char *texts = texts_of(&rec);
	if (s == OD_OK)
		s = after(ctx, k, rec.id, op, texts, err);
	free(texts);
	free(op);
	free(text);
	sb_free(&data);
	sb_free(&detail);
	if (s == OD_OK)
		*id = rec.id;
end:
	s = finish(ctx, s, err);
out:
	record_clear(&rec);
	return s;
}

od_status record_refuse_stale(const od_ctx *ctx, const char *ref, const char *updated_by,
			      time_t updated, int64_t expected, int64_t current, od_error *err)
{
	char when[32];
	/* what the newest change said: the journal entry written with it, by
	 * the same person at the same moment (not a later comment, alert
	 * repeat or escalation, which leave the version alone) */
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT text FROM journal WHERE record = ?1 AND actor = ?2"
				   " AND at = ?3 AND kind <> 'comment' ORDER BY id DESC LIMIT 1",
				   NULL);
	char *what = NULL;
	if (st) {
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, updated_by, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, (int64_t)updated);
		if (sqlite3_step(st) == SQLITE_ROW)
			what = xstrdup(db_text(st, 0));
		sqlite3_reset(st);
	}
	od_fail(err, OD_CONFLICT,
		_("%s was changed by %s at %s after you opened it (%s); your version %lld is now %lld, "
		  "so your change was not applied: reopen it and apply your change again"),
		ref, updated_by, clock_format(updated, when, sizeof when), what ? what : "",
		(long long)expected, (long long)current);
	free(what);
	return OD_CONFLICT;
}

od_status record_check_version(const od_ctx *ctx, const record *rec, int64_t expected,
			       od_error *err)
{
	char ref[48];
	record_ref(rec->kind, rec->id, ref, sizeof ref);
	if (expected > rec->version)
		return od_fail(err, OD_INVALID, _("expected version: %s is at version %lld"), ref,
			       (long long)rec->version);
	if (expected > 0 && expected != rec->version)
		return record_refuse_stale(ctx, ref, rec->updated_by, rec->updated, expected,
					   rec->version, err);
	return OD_OK;
}

/* Loads the record inside the transaction, refusing a stale version. */
static od_status load_for_change(const od_ctx *ctx, const record_kind *k, int64_t id,
				 int64_t expected, record *rec, od_error *err)
{
	od_status s = record_get(ctx->db, k, id, rec, err);
	return s != OD_OK ? s : record_check_version(ctx, rec, expected, err);
}

/* "field: old -> new" for each changed field, for the journal and audit. */
static void diff(const record *before, const record *after_, changes *c)
{
	for (size_t i = 0; i < before->kind->nfields; i++)
		changes_add(c, before->kind->fields[i].id, before->values[i], after_->values[i]);
}

od_status record_edit(const od_ctx *ctx, const record_kind *k, int64_t id,
		      int64_t expected_version, const record_set *sets, size_t n, od_error *err)
{
	od_status s = access_require_staff(ctx, err);
	if (s == OD_OK)
		s = check_sets(ctx, k, sets, n, RW_EDIT, err);
	if (s != OD_OK || (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	record before = {0}, rec = {0};
	changes c = {0};
	s = load_for_change(ctx, k, id, expected_version, &before, err);
	if (s == OD_OK && !before.open)
		s = od_fail(err, OD_DENIED, _("%s-%lld is %s: a closed record is not edited"),
			    k->prefix, (long long)id, record_state_name(ctx->rules, k, before.state));
	if (s == OD_OK) {
		s = record_get(ctx->db, k, id, &rec, err);
		apply_sets(&rec, sets, n);
		diff(&before, &rec, &c);
	}
	if (s == OD_OK && k->validate)
		s = k->validate(ctx, &rec, err);
	if (s == OD_OK && changes_any(&c)) {
		s = update_row(ctx, &before, &rec, err);
		char ref[48];
		record_ref(k, id, ref, sizeof ref);
		char *op = xasprintf("%s.edit", k->name);
		const char *text = changes_text(&c);
		if (s == OD_OK)
			s = journal_record_op(ctx, op, ref, "edit", text, NULL, changes_json(&c), err);
		char *texts = texts_of(&rec);
		if (s == OD_OK)
			s = after(ctx, k, id, op, texts, err);
		free(texts);
		free(op);
	}
	changes_free(&c);
	record_clear(&before);
	record_clear(&rec);
	return finish(ctx, s, err);
}

/* --- the workflow -------------------------------------------------------------------- */

static bool allowed_from(const rules_transition *t, const char *state)
{
	for (size_t i = 0; i < t->from.n; i++)
		if (strcmp(t->from.v[i].id, state) == 0)
			return true;
	return false;
}

static bool may_take(const od_ctx *ctx, const staff_member *me, const record *rec,
		     const rules_transition *t)
{
	if (!me->active)
		return false;
	const char *assignee = rec->kind->assignee_field
				       ? record_value(rec, rec->kind->assignee_field)
				       : "";
	if (t->assignee_may && *assignee && strcmp(assignee, ctx->login) == 0)
		return true;
	for (size_t i = 0; i < t->roles.n; i++)
		if (staff_has_role(me, t->roles.v[i].id))
			return true;
	return false;
}

size_t record_actions(const od_ctx *ctx, const record *rec, const rules_transition **out,
		      size_t max)
{
	staff_member me;
	if (staff_get(ctx->db, ctx->login, &me, NULL) != OD_OK)
		return 0;
	const rules_workflow *w = record_workflow(ctx->rules, rec->kind);
	size_t n = 0;
	for (size_t i = 0; w && i < w->transitions.n && n < max; i++) {
		const rules_transition *t = &w->transitions.v[i];
		if (allowed_from(t, rec->state) && may_take(ctx, &me, rec, t))
			out[n++] = t;
	}
	staff_member_clear(&me);
	return n;
}

/* Explains a refused transition: which states it leaves, or whose it is. */
static od_status refuse(const od_ctx *ctx, const record *rec, const rules_transition *t,
			bool wrong_state, od_error *err)
{
	strbuf list = {0};
	const record_kind *k = rec->kind;
	if (wrong_state) {
		for (size_t i = 0; i < t->from.n; i++)
			sb_addf(&list, "%s%s", i ? ", " : "",
				record_state_name(ctx->rules, k, t->from.v[i].id));
		od_fail(err, OD_DENIED, _("%s-%lld is %s: the rules allow '%s' (%s) only from: %s"),
			k->prefix, (long long)rec->id, record_state_name(ctx->rules, k, rec->state), t->id,
			t->name, list.buf);
	} else {
		for (size_t i = 0; i < t->roles.n; i++) {
			const rules_role *role = rules_role_find(ctx->rules, t->roles.v[i].id);
			sb_addf(&list, "%s%s", i ? "、" : "", role ? role->name : t->roles.v[i].id);
		}
		od_fail(err, OD_DENIED, _("the rules give '%s' (%s) to: %s%s; not to you (%s)"), t->id,
			t->name, list.buf ? list.buf : "", t->assignee_may ? _(" and the assignee") : "",
			ctx->login);
	}
	sb_free(&list);
	return OD_DENIED;
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static od_status unknown_transition(const od_ctx *ctx, const record_kind *k, const char *id,
				    od_error *err)
{
	strbuf known = {0};
	const rules_workflow *w = record_workflow(ctx->rules, k);
	for (size_t i = 0; w && i < w->transitions.n; i++)
		sb_addf(&known, "%s%s", i ? ", " : "", w->transitions.v[i].id);
	od_fail(err, OD_INVALID, _("action: the rules have no '%s' for %s (known: %s)"), id,
		_(k->plural), known.buf ? known.buf : "");
	sb_free(&known);
	return OD_INVALID;
}

static od_status take(const od_ctx *ctx, const record *before, const rules_transition *t,
		      const char *note, const record_set *sets, size_t n, od_error *err)
{
	const record_kind *k = before->kind;
	const rules_state *to = record_state_find(ctx->rules, k, t->to.id);
	record rec = {0};
	od_status s = record_get(ctx->db, k, before->id, &rec, err);
	if (s != OD_OK)
		return s;
	apply_sets(&rec, sets, n);
	free(rec.state);
	rec.state = xstrdup(to->id);
	rec.open = !to->final;
	changes audit = {0}, fields = {0};
	changes_add(&audit, "state", before->state, rec.state);
	diff(before, &rec, &audit);
	diff(before, &rec, &fields);
	if ((s = update_row(ctx, before, &rec, err)) != OD_OK)
		goto done;
	char ref[48];
	record_ref(k, rec.id, ref, sizeof ref);
	/* "Assign: new -> assigned; assignee: (empty) -> lina", and the note;
	 * kept as data, so each reader reads it in their own language */
	journal_line line = {"record.transition", {t->name, before->state, to->id}, note};
	strbuf data = {0};
	sb_add(&data, "{\"state\":");
	sb_add_json(&data, to->id);
	sb_add(&data, ",\"transition\":");
	sb_add_json(&data, t->id);
	sb_add(&data, "}");
	char *op = xasprintf("%s.%s", k->name, t->id);
	s = journal_line_op(ctx, op, ref, "state", &line, changes_any(&fields) ? &fields : NULL,
			    k->name, data.buf, changes_json(&audit), err);
	journal_entry last = {0};
	if (s == OD_OK && (s = journal_last(ctx->db, ref, &last, err)) == OD_OK)
		s = after(ctx, k, rec.id, op, last.text, err);
	journal_entry_clear(&last);
	free(op);
	sb_free(&data);
done:
	changes_free(&audit);
	changes_free(&fields);
	record_clear(&rec);
	return s;
}

od_status record_transition(const od_ctx *ctx, const record_kind *k, int64_t id,
			    const char *transition, const char *note, const record_set *sets,
			    size_t n, int64_t expected_version, od_error *err)
{
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK)
		return s;
	const rules_transition *t = record_transition_find(ctx->rules, k, transition);
	if (!t)
		return unknown_transition(ctx, k, transition, err);
	if (!note) /* --set note=... is the note too */
		note = record_set_find(sets, n, "note");
	if (note && (s = text_check("note", note, 8000, true, false, err)) != OD_OK)
		return s;
	if ((s = check_sets(ctx, k, sets, n, RW_SET, err)) != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	record rec = {0};
	staff_member me = {0};
	s = load_for_change(ctx, k, id, expected_version, &rec, err);
	if (s == OD_OK && !allowed_from(t, rec.state))
		s = refuse(ctx, &rec, t, true, err);
	if (s == OD_OK && (s = staff_get(ctx->db, ctx->login, &me, err)) == OD_OK &&
	    !may_take(ctx, &me, &rec, t))
		s = refuse(ctx, &rec, t, false, err);
	for (size_t i = 0; s == OD_OK && i < t->requires.n; i++) {
		const char *field = t->requires.v[i].id;
		const char *v = strcmp(field, "note") == 0 ? note : record_set_find(sets, n, field);
		if (blank(v) && blank(record_value(&rec, field)))
			s = od_fail(err, OD_INVALID, _("%s: required by '%s' (%s)"), field, t->id,
				    t->name);
	}
	if (s == OD_OK && k->may_transition)
		s = k->may_transition(ctx, &rec, t, note, sets, n, err);
	if (s == OD_OK && k->validate) {
		record next = {0};
		if ((s = record_get(ctx->db, k, id, &next, err)) == OD_OK) {
			apply_sets(&next, sets, n);
			s = k->validate(ctx, &next, err);
		}
		record_clear(&next);
	}
	if (s == OD_OK)
		s = take(ctx, &rec, t, note, sets, n, err);
	record_clear(&rec);
	staff_member_clear(&me);
	return finish(ctx, s, err);
}

od_status record_comment(const od_ctx *ctx, const record_kind *k, int64_t id, const char *text,
			 od_error *err)
{
	od_status s = access_require_staff(ctx, err);
	if (s == OD_OK)
		s = text_check("comment", text, 8000, true, true, err);
	if (s != OD_OK || (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	record rec;
	s = record_get(ctx->db, k, id, &rec, err);
	if (s == OD_OK) {
		char ref[48];
		record_ref(k, id, ref, sizeof ref);
		strbuf detail = {0};
		sb_add(&detail, "{\"comment\":");
		sb_add_json(&detail, text);
		sb_add(&detail, "}");
		char *op = xasprintf("%s.comment", k->name);
		s = journal_record_op(ctx, op, ref, "comment", text, NULL, detail.buf, err);
		if (s == OD_OK)
			s = after(ctx, k, id, op, text, err);
		free(op);
		sb_free(&detail);
		record_clear(&rec);
	}
	return finish(ctx, s, err);
}

od_status record_note_op(const od_ctx *ctx, const record *rec, const char *op,
			 const char *journal_kind, const char *text, const char *data,
			 const char *detail, od_error *err)
{
	const record_kind *k = rec->kind;
	strbuf sql = {0};
	sb_addf(&sql, "UPDATE %s SET version = version + 1, updated = ?2, updated_by = ?3"
		      " WHERE id = ?1 AND version = ?4",
		k->table);
	sqlite3_stmt *st = db_stmt(ctx->db, sql.buf, err);
	sb_free(&sql);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, rec->id);
	sqlite3_bind_int64(st, 2, (int64_t)clock_now());
	sqlite3_bind_text(st, 3, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, rec->version);
	od_status s = db_step_done(ctx->db, st, err);
	if (s == OD_OK && db_changes(ctx->db) != 1)
		s = od_fail(err, OD_CONFLICT, _("%s-%lld changed while it was being saved"),
			    k->prefix, (long long)rec->id);
	if (s != OD_OK)
		return s;
	char ref[48];
	record_ref(k, rec->id, ref, sizeof ref);
	char *full = xasprintf("%s.%s", k->name, op);
	s = journal_record_op(ctx, full, ref, journal_kind, text, data, detail, err);
	if (s == OD_OK)
		s = after(ctx, k, rec->id, full, text, err);
	free(full);
	return s;
}

/* --- links ------------------------------------------------------------------------------- */

/* The record a reference names exists. */
static od_status must_exist(od_db *db, const char *ref, od_error *err)
{
	const record_kind *k;
	int64_t id;
	od_status s = record_parse_ref(ref, &k, &id, err);
	if (s != OD_OK)
		return od_fail(err, OD_INVALID, _("link: %s"), err ? err->msg : ref);
	char *sql = xasprintf("SELECT 1 FROM %s WHERE id = ?1", k->table);
	sqlite3_stmt *st = db_stmt(db, sql, err);
	free(sql);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found ? OD_OK : od_fail(err, OD_NOT_FOUND, _("link: there is no %s"), ref);
}

/* The canonical spelling of a reference ("chg-3" -> "CHG-3"). */
static void canonical(const char *ref, char *out, size_t len)
{
	const record_kind *k;
	int64_t id;
	if (record_parse_ref(ref, &k, &id, NULL) == OD_OK)
		record_ref(k, id, out, len);
	else
		snprintf(out, len, "%s", ref);
}

static od_status link_in_tx(const od_ctx *ctx, const char *from, const char *from_role,
			    const char *to, const char *to_role, od_error *err)
{
	od_status s = must_exist(ctx->db, from, err);
	if (s == OD_OK)
		s = must_exist(ctx->db, to, err);
	if (s == OD_OK && strcmp(from, to) == 0)
		s = od_fail(err, OD_INVALID, _("link: %s cannot be linked to itself"), from);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT OR IGNORE INTO record_link(from_ref, from_role, to_ref, to_role,"
				   " at, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from_role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, to_role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)clock_now());
	sqlite3_bind_text(st, 6, ctx->login, -1, SQLITE_STATIC);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK || db_changes(ctx->db) == 0)
		return s; /* linked before: nothing new to journal */
	strbuf detail = {0};
	sb_add(&detail, "{\"from\":");
	sb_add_json(&detail, from);
	sb_add(&detail, ",\"to\":");
	sb_add_json(&detail, to);
	sb_add(&detail, "}");
	char *a = xasprintf(_("Linked %s (%s)"), to, from_role);
	char *b = xasprintf(_("Linked %s (%s)"), from, to_role);
	s = journal_record_op(ctx, "record.link", from, "link", a, detail.buf, detail.buf, err);
	if (s == OD_OK)
		s = journal_record_op(ctx, "record.link", to, "link", b, detail.buf, detail.buf, err);
	free(a);
	free(b);
	sb_free(&detail);
	return s;
}

od_status record_link(const od_ctx *ctx, const char *from, const char *from_role, const char *to,
		      const char *to_role, bool in_tx, od_error *err)
{
	char f[48], t[48];
	canonical(from, f, sizeof f);
	canonical(to, t, sizeof t);
	od_status s = in_tx ? OD_OK : access_require_staff(ctx, err);
	if (s != OD_OK || (!in_tx && (s = db_begin(ctx->db, err)) != OD_OK))
		return s;
	s = link_in_tx(ctx, f, from_role, t, to_role, err);
	return in_tx ? s : finish(ctx, s, err);
}

od_status record_unlink(const od_ctx *ctx, const char *from, const char *to, od_error *err)
{
	char f[48], t[48];
	canonical(from, f, sizeof f);
	canonical(to, t, sizeof t);
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK || (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "DELETE FROM record_link WHERE (from_ref = ?1 AND to_ref = ?2)"
				   " OR (from_ref = ?2 AND to_ref = ?1)",
				   err);
	if (!st)
		return finish(ctx, OD_DB, err);
	sqlite3_bind_text(st, 1, f, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
	s = db_step_done(ctx->db, st, err);
	if (s == OD_OK && db_changes(ctx->db) == 0)
		s = od_fail(err, OD_NOT_FOUND, _("link: %s and %s are not linked"), f, t);
	if (s == OD_OK) {
		strbuf detail = {0};
		sb_add(&detail, "{\"from\":");
		sb_add_json(&detail, f);
		sb_add(&detail, ",\"to\":");
		sb_add_json(&detail, t);
		sb_add(&detail, "}");
		char *a = xasprintf(_("Unlinked %s"), t);
		char *b = xasprintf(_("Unlinked %s"), f);
		s = journal_record_op(ctx, "record.unlink", f, "link", a, NULL, detail.buf, err);
		if (s == OD_OK)
			s = journal_record_op(ctx, "record.unlink", t, "link", b, NULL, detail.buf, err);
		free(a);
		free(b);
		sb_free(&detail);
	}
	return finish(ctx, s, err);
}

od_status record_links(od_db *db, const char *ref, record_link_entry **out, size_t *n,
		       od_error *err)
{
	*out = NULL;
	*n = 0;
	char r[48];
	canonical(ref, r, sizeof r);
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT to_ref, from_role, at, by, id FROM record_link WHERE from_ref = ?1"
				   " UNION ALL"
				   " SELECT from_ref, to_role, at, by, id FROM record_link WHERE to_ref = ?1"
				   " ORDER BY 5",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, r, -1, SQLITE_TRANSIENT);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		record_link_entry *e = &(*out)[(*n)++];
		e->ref = xstrdup(db_text(st, 0));
		e->role = xstrdup(db_text(st, 1));
		e->at = (time_t)sqlite3_column_int64(st, 2);
		e->by = xstrdup(db_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OD_OK : db_error(db, _("reading links"), err);
}

void record_links_free(record_link_entry *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].ref);
		free(v[i].role);
		free(v[i].by);
	}
	free(v);
}

od_status record_refs_on_ci(od_db *db, const record_kind *k, const char *tag, int limit,
			    char ***refs, size_t *n, od_error *err)
{
	*refs = NULL;
	*n = 0;
	int64_t asset_row;
	od_status s = asset_id_of(db, "ci", tag, &asset_row, err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(db,
				   k ? "SELECT DISTINCT ref, rid FROM record_ci WHERE asset_id = ?1"
				       " AND kind = ?2 ORDER BY rid DESC LIMIT ?3"
				     : "SELECT DISTINCT ref, rid FROM record_ci WHERE asset_id = ?1"
				       " ORDER BY rid DESC LIMIT ?3",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, asset_row);
	if (k)
		sqlite3_bind_text(st, 2, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*refs = xrealloc(*refs, cap * sizeof **refs);
		}
		(*refs)[(*n)++] = xstrdup(db_text(st, 0));
	}
	sqlite3_reset(st);
	return OD_OK;
}

/* --- output ------------------------------------------------------------------------------ */

static void json_value(strbuf *out, const record_field *f, const char *v)
{
	char iso[40];
	switch (f->type) {
	case RT_NUMBER:
		sb_add(out, *v ? v : "null");
		return;
	case RT_FLAG:
		sb_add(out, strcmp(v, "yes") == 0 ? "true" : "false");
		return;
	case RT_TIME: {
		time_t t;
		if (*v && clock_parse(v, &t, NULL) == OD_OK)
			sb_add_json(out, clock_format_iso(t, iso, sizeof iso));
		else
			sb_add(out, "null");
		return;
	}
	case RT_CIS: {
		size_t n;
		char **tags = split_tags(v, &n);
		sb_add(out, "[");
		for (size_t i = 0; i < n; i++) {
			sb_add(out, i ? "," : "");
			sb_add_json(out, tags[i]);
		}
		sb_add(out, "]");
		record_strings_free(tags, n);
		return;
	}
	default:
		sb_add_json(out, v);
	}
}

od_status record_json(const od_ctx *ctx, const record *rec, strbuf *out, od_error *err)
{
	const record_kind *k = rec->kind;
	char ref[48], when[40];
	record_ref(k, rec->id, ref, sizeof ref);
	sb_add(out, "{\"ref\":");
	sb_add_json(out, ref);
	sb_addf(out, ",\"kind\":");
	sb_add_json(out, k->name);
	sb_addf(out, ",\"id\":%" PRId64 ",\"state\":", rec->id);
	sb_add_json(out, rec->state);
	sb_add(out, ",\"state_name\":");
	sb_add_json(out, record_state_name(ctx->rules, k, rec->state));
	sb_addf(out, ",\"open\":%s,\"version\":%" PRId64 ",\"created\":", rec->open ? "true" : "false",
		rec->version);
	sb_add_json(out, clock_format_iso(rec->created, when, sizeof when));
	sb_add(out, ",\"created_by\":");
	sb_add_json(out, rec->created_by);
	sb_add(out, ",\"updated\":");
	sb_add_json(out, clock_format_iso(rec->updated, when, sizeof when));
	sb_add(out, ",\"updated_by\":");
	sb_add_json(out, rec->updated_by);
	for (size_t i = 0; i < k->nfields; i++) {
		if (!(k->fields[i].where & RW_SHOW))
			continue;
		sb_add(out, ",");
		sb_add_json(out, k->fields[i].id);
		sb_add(out, ":");
		json_value(out, &k->fields[i], rec->values[i]);
	}
	od_status s = record_links_json(ctx->db, ref, out, err);
	sb_add(out, "}");
	return s;
}

od_status record_links_json(od_db *db, const char *ref, strbuf *out, od_error *err)
{
	record_link_entry *links;
	size_t n;
	od_status s = record_links(db, ref, &links, &n, err);
	if (s != OD_OK)
		return s;
	sb_add(out, ",\"links\":[");
	for (size_t i = 0; i < n; i++) {
		sb_add(out, i ? ",{\"ref\":" : "{\"ref\":");
		sb_add_json(out, links[i].ref);
		sb_add(out, ",\"role\":");
		sb_add_json(out, links[i].role);
		sb_add(out, "}");
	}
	sb_add(out, "]");
	record_links_free(links, n);
	return OD_OK;
}
