/* The knowledge base: the kb kind's declaration and what is particular to
 * it. The record mechanism stores an article, takes its transitions and
 * indexes its text for search; this file checks the article's type and
 * what it applies to, keeps every version of its content (kb_version,
 * which it owns), records the reviewer on the rules' reviewed_on
 * transitions, finds the emergency plans covering a CI and resolves an
 * incident with an article. */
#include "opsdesk/kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "opsdesk/asset.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

enum { LINE = 200, LIST = 500, LONG = 8000 };

/* Without knowledge_base in the rules: articles and plans. */
static const rules_item builtin_types[] = {
	{{0, 0}, "article", "article"},
	{{0, 0}, "plan", "emergency plan"},
};

const rules_item *kb_types(const rules *r, size_t *n)
{
	if (r->knowledge_base.types.n) {
		*n = r->knowledge_base.types.n;
		return r->knowledge_base.types.v;
	}
	*n = sizeof builtin_types / sizeof *builtin_types;
	return builtin_types;
}

const char *kb_plan_type(const rules *r)
{
	return r->knowledge_base.plan_type.id ? r->knowledge_base.plan_type.id : "plan";
}

bool kb_is_plan(const rules *r, const record *rec)
{
	return strcmp(record_value(rec, "type"), kb_plan_type(r)) == 0;
}

/* The plan's own fields: an article of another type leaves them empty. */
static const char *const plan_fields[] = {"trigger", "roles_contacts", "steps",
					  "recovery_targets", "cis"};

static const record_field kb_fields[] = {
	{"title", NULL, N_("Title"), RT_TEXT, RW_ALL & ~RW_SET, true, 0, LINE, NULL},
	{"type", NULL, N_("Type"), RT_ITEM, RW_NEW | RW_EDIT | RW_LIST | RW_SHOW | RW_FORM, true, 0, 0,
	 kb_types},
	{"symptom", NULL, N_("Symptom"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, LONG,
	 NULL},
	{"cause", NULL, N_("Cause"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, LONG, NULL},
	{"solution", NULL, N_("Solution"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0,
	 LONG, NULL},
	{"applies_ci_classes", NULL, N_("CI classes"), RT_TEXT,
	 RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, LIST, NULL},
	{"applies_categories", NULL, N_("Categories"), RT_TEXT,
	 RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, LIST, NULL},
	{"keywords", NULL, N_("Keywords"), RT_TEXT, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, LIST,
	 NULL},
	{"author", NULL, N_("Author"), RT_LOGIN, RW_NEW | RW_EDIT | RW_LIST | RW_SHOW | RW_FORM, false, 0,
	 0, NULL},
	{"reviewed_by", NULL, N_("Reviewed by"), RT_LOGIN, RW_SHOW, false, 0, 0, NULL},
	{"trigger", NULL, N_("Trigger"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, LONG,
	 NULL},
	{"roles_contacts", NULL, N_("Roles"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM,
	 false, 0, LONG, NULL},
	{"steps", NULL, NC_("plan", "Steps"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, LONG,
	 NULL},
	{"recovery_targets", NULL, N_("RTO/RPO"), RT_TEXT,
	 RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, LINE, NULL},
	{"cis", NULL, N_("CIs covered"), RT_CIS, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, 0, NULL},
};

static od_status validate(const od_ctx *ctx, const record *rec, od_error *err);
static od_status may_transition(const od_ctx *ctx, const record *rec, const rules_transition *t,
				const char *note, const record_set *sets, size_t nsets,
				od_error *err);
static od_status after_change(const od_ctx *ctx, int64_t id, const char *op, const char *text,
			      od_error *err);

const record_kind kb_kind = {
	.name = "kb",
	.prefix = "KB",
	.table = "kb",
	.noun = N_("knowledge-base article"),
	.plural = N_("knowledge-base articles"),
	.fields = kb_fields,
	.nfields = sizeof kb_fields / sizeof *kb_fields,
	.title_field = "title",
	.assignee_field = "author",
	.validate = validate,
	.may_transition = may_transition,
	.after_change = after_change,
};

/* --- checks ----------------------------------------------------------------------- */

/* Each id of a comma-separated list must be among items. */
static od_status check_list(const char *field, const char *v, const rules_item *items, size_t n,
			    const char *what, od_error *err)
{
	od_status s = OD_OK;
	char *copy = xstrdup(v);
	for (char *save = NULL, *p = strtok_r(copy, ", ", &save); p && s == OD_OK;
	     p = strtok_r(NULL, ", ", &save)) {
		if (rules_item_find(items, n, p))
			continue;
		strbuf known = {0};
		for (size_t i = 0; i < n; i++)
			sb_addf(&known, "%s%s", i ? ", " : "", items[i].id);
		s = od_fail(err, OD_INVALID, _("%s: '%s' is not %s (known: %s)"), field, p, what,
			    known.buf ? known.buf : _("none"));
		sb_free(&known);
	}
	free(copy);
	return s;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t')
			return false;
	return true;
}

static od_status validate(const od_ctx *ctx, const record *rec, od_error *err)
{
	const rules *r = ctx->rules;
	size_t n;
	const rules_item *types = kb_types(r, &n);
	od_status s = check_list("type", record_value(rec, "type"), types, n, _("an article type"), err);
	if (s == OD_OK)
		s = check_list("applies_ci_classes", record_value(rec, "applies_ci_classes"),
			       r->ci_classes.v, r->ci_classes.n, _("a CI class"), err);
	if (s == OD_OK)
		s = check_list("applies_categories", record_value(rec, "applies_categories"),
			       r->categories.v, r->categories.n, _("a category"), err);
	if (s != OD_OK)
		return s;
	const char *type = record_value(rec, "type");
	if (kb_is_plan(r, rec)) {
		if (blank(record_value(rec, "trigger")))
			return od_fail(err, OD_INVALID, _("trigger: required for an emergency plan (type %s)"),
				       type);
		if (blank(record_value(rec, "steps")))
			return od_fail(err, OD_INVALID, _("steps: required for an emergency plan (type %s)"),
				       type);
		return OD_OK;
	}
	for (size_t i = 0; i < sizeof plan_fields / sizeof *plan_fields; i++)
		if (!blank(record_value(rec, plan_fields[i])))
			return od_fail(err, OD_INVALID,
				       _("%s: only an emergency plan (type %s) has it, not an article of type %s"),
				       plan_fields[i], kb_plan_type(r), type);
	if (blank(record_value(rec, "solution")))
		return od_fail(err, OD_INVALID, _("solution: required for an article of type %s"), type);
	return OD_OK;
}

od_status kb_create(const od_ctx *ctx, const record_set *values, size_t n, int64_t *id,
		    od_error *err)
{
	record_set *all = xcalloc(n + 2, sizeof *all);
	memcpy(all, values, n * sizeof *all);
	size_t nall = n;
	if (!record_set_find(values, n, "type")) {
		size_t nt;
		const rules_item *types = kb_types(ctx->rules, &nt);
		const char *plan = kb_plan_type(ctx->rules);
		const char *type = NULL;
		for (size_t i = 0; i < nt && !type; i++)
			if (strcmp(types[i].id, plan) != 0)
				type = types[i].id;
		if (type)
			all[nall++] = (record_set){"type", type};
	}
	if (!record_set_find(values, n, "author"))
		all[nall++] = (record_set){"author", ctx->login};
	od_status s = record_create(ctx, &kb_kind, all, nall, id, err);
	free(all);
	return s;
}

/* --- versions --------------------------------------------------------------------- */

int64_t kb_version_count(od_db *db, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT max(version) FROM kb_version WHERE kb_id = ?1", NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

/* Inside the transaction: the article as it now is, as its next version. */
static od_status keep_version(const od_ctx *ctx, int64_t id, od_error *err)
{
	record rec;
	od_status s = record_get(ctx->db, &kb_kind, id, &rec, err);
	if (s != OD_OK)
		return s;
	strbuf json = {0};
	sb_add(&json, "{");
	for (size_t i = 0; i < kb_kind.nfields; i++) {
		sb_add(&json, i ? "," : "");
		sb_add_json(&json, kb_kind.fields[i].id);
		sb_add(&json, ":");
		sb_add_json(&json, rec.values[i]);
	}
	sb_add(&json, "}");
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO kb_version(kb_id, version, fields, by, at)"
				   " VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM kb_version"
				   "              WHERE kb_id = ?1), ?2, ?3, ?4)",
				   err);
	if (!st) {
		s = OD_DB;
	} else {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, json.buf, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, ctx->login, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (int64_t)clock_now());
		s = db_step_done(ctx->db, st, err);
	}
	sb_free(&json);
	record_clear(&rec);
	return s;
}

/* Who reviewed the article, on the row and on its newest version; "" when
 * a new version is not reviewed yet. */
static od_status set_reviewer(const od_ctx *ctx, int64_t id, const char *login, bool on_version,
			      od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db, "UPDATE kb SET reviewed_by = ?2 WHERE id = ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	od_status s = db_step_done(ctx->db, st, err);
	if (s != OD_OK || !on_version)
		return s;
	st = db_stmt(ctx->db,
		     "UPDATE kb_version SET fields = json_set(fields, '$.reviewed_by', ?2)"
		     " WHERE kb_id = ?1 AND version = (SELECT max(version) FROM kb_version"
		     "                                 WHERE kb_id = ?1)",
		     err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	return db_step_done(ctx->db, st, err);
}

static bool reviews(const rules *r, const char *transition)
{
	const rules_refs *on = &r->knowledge_base.reviewed_on;
	for (size_t i = 0; i < on->n; i++)
		if (strcmp(on->v[i].id, transition) == 0)
			return true;
	return false;
}

/* A review is someone else's: the author of the article's newest version
 * does not take a reviewed_on transition on it. */
static od_status may_transition(const od_ctx *ctx, const record *rec, const rules_transition *t,
				const char *note, const record_set *sets, size_t nsets,
				od_error *err)
{
	(void)note, (void)sets, (void)nsets;
	if (!reviews(ctx->rules, t->id))
		return OD_OK;
	kb_version v;
	int64_t n = kb_version_count(ctx->db, rec->id);
	if (!n || kb_version_get(ctx->db, rec->id, n, &v, NULL) != OD_OK)
		return OD_OK;
	bool own = strcmp(v.by, ctx->login) == 0;
	od_status s = own ? od_fail(err, OD_DENIED,
				    _("KB-%lld: you wrote its version %lld; '%s' (%s) is a review by "
				      "someone else (knowledge_base.reviewed_on)"),
				    (long long)rec->id, (long long)n, t->id, t->name)
			  : OD_OK;
	kb_version_clear(&v);
	return s;
}

/* Inside the mechanism's transaction: a creation or an edit is a new
 * version (an edited text is not reviewed until a reviewed_on transition
 * is taken again); a reviewed_on transition records the reviewer. */
static od_status after_change(const od_ctx *ctx, int64_t id, const char *op, const char *text,
			      od_error *err)
{
	(void)text;
	if (strcmp(op, "kb.create") == 0)
		return keep_version(ctx, id, err);
	if (strcmp(op, "kb.edit") == 0) {
		od_status s = set_reviewer(ctx, id, "", false, err);
		return s != OD_OK ? s : keep_version(ctx, id, err);
	}
	if (strncmp(op, "kb.", 3) == 0 && reviews(ctx->rules, op + 3))
		return set_reviewer(ctx, id, ctx->login, true, err);
	return OD_OK;
}

void kb_version_clear(kb_version *v)
{
	if (!v)
		return;
	free(v->by);
	free(v->title);
	free(v->fields);
	memset(v, 0, sizeof *v);
}

void kb_versions_free(kb_version *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		kb_version_clear(&v[i]);
	free(v);
}

static void version_read(sqlite3_stmt *st, kb_version *v)
{
	v->version = sqlite3_column_int64(st, 0);
	v->by = xstrdup(db_text(st, 1));
	v->at = (time_t)sqlite3_column_int64(st, 2);
	v->fields = xstrdup(db_text(st, 3));
	v->title = xstrdup(db_text(st, 4));
}

#define VERSION_COLUMNS "SELECT version, by, at, fields, json_extract(fields, '$.title') FROM kb_version"

od_status kb_history(od_db *db, int64_t id, kb_version **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	/* the primary key, backwards */
	sqlite3_stmt *st =
		db_stmt(db, VERSION_COLUMNS " WHERE kb_id = ?1 ORDER BY version DESC", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		version_read(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		kb_versions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(db, "kb_version", err);
	}
	return OD_OK;
}

od_status kb_version_get(od_db *db, int64_t id, int64_t version, kb_version *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, VERSION_COLUMNS " WHERE kb_id = ?1 AND version = ?2", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		version_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc != SQLITE_DONE)
		return db_error(db, "kb_version", err);
	return od_fail(err, OD_NOT_FOUND, _("version: KB-%lld has no version %lld (it has %lld)"),
		       (long long)id, (long long)version, (long long)kb_version_count(db, id));
}

void kb_version_apply(od_db *db, const kb_version *v, record *rec)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT key, value FROM json_each(?1)", NULL);
	if (!st)
		return;
	sqlite3_bind_text(st, 1, v->fields, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *key = db_text(st, 0);
		for (size_t i = 0; i < rec->kind->nfields; i++)
			if (strcmp(rec->kind->fields[i].id, key) == 0) {
				free(rec->values[i]);
				rec->values[i] = xstrdup(db_text(st, 1));
			}
	}
	sqlite3_reset(st);
}

/* --- emergency plans ------------------------------------------------------------------ */

static bool in_force(const rules *r, const record *rec)
{
	const rules_refs *states = &r->knowledge_base.in_force;
	if (!states->n)
		return rec->open;
	for (size_t i = 0; i < states->n; i++)
		if (strcmp(states->v[i].id, rec->state) == 0)
			return true;
	return false;
}

/* Adds plan id to v (newest first, no duplicates, at most limit). */
static void add_plan(const od_ctx *ctx, int64_t id, int limit, record **v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i].id == id)
			return;
	record rec;
	if (record_get(ctx->db, &kb_kind, id, &rec, NULL) != OD_OK)
		return;
	if (!kb_is_plan(ctx->rules, &rec) || !in_force(ctx->rules, &rec)) {
		record_clear(&rec);
		return;
	}
	size_t at = 0;
	while (at < *n && (*v)[at].id > id)
		at++;
	if ((int)at >= limit) {
		record_clear(&rec);
		return;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	memmove(&(*v)[at + 1], &(*v)[at], (*n - at) * sizeof **v);
	(*v)[at] = rec;
	(*n)++;
	if ((int)*n > limit)
		record_clear(&(*v)[--(*n)]);
}

od_status kb_plans_for_ci(const od_ctx *ctx, const char *tag, int limit, record **out, size_t *n,
			  od_error *err)
{
	*out = NULL;
	*n = 0;
	asset a;
	od_status s = asset_get(ctx->db, tag, &a, err);
	if (s != OD_OK)
		return s;
	char **refs = NULL;
	size_t nrefs = 0;
	/* the plans naming the CI, through record_ci's index */
	s = record_refs_on_ci(ctx->db, &kb_kind, tag, limit * 4, &refs, &nrefs, err);
	for (size_t i = 0; s == OD_OK && i < nrefs; i++) {
		int64_t id;
		if (record_parse_ref_of(&kb_kind, refs[i], &id, NULL) == OD_OK)
			add_plan(ctx, id, limit, out, n);
	}
	record_strings_free(refs, nrefs);
	/* the plans for its class, walking kb_by_type over the open plans */
	sqlite3_stmt *st = s == OD_OK ? db_stmt(ctx->db,
						"SELECT id FROM kb WHERE type = ?1 AND open = 1"
						" AND instr(',' || replace(applies_ci_classes, ' ', '') || ',',"
						"           ',' || ?2 || ',')"
						" ORDER BY id DESC LIMIT ?3",
						err)
				      : NULL;
	if (s == OD_OK && !st)
		s = OD_DB;
	if (st) {
		sqlite3_bind_text(st, 1, kb_plan_type(ctx->rules), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, a.class_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, limit * 4);
		int64_t *ids = NULL;
		size_t nids = 0;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			ids = xrealloc(ids, (nids + 1) * sizeof *ids);
			ids[nids++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			s = db_error(ctx->db, "kb", err);
		for (size_t i = 0; s == OD_OK && i < nids; i++)
			add_plan(ctx, ids[i], limit, out, n);
		free(ids);
	}
	asset_clear(&a);
	if (s != OD_OK) {
		record_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}

od_status kb_plans_for_incident(const od_ctx *ctx, int64_t incident_id, record **out, size_t *n,
				od_error *err)
{
	*out = NULL;
	*n = 0;
	incident inc;
	od_status s = incident_get(ctx->db, incident_id, &inc, err);
	if (s != OD_OK)
		return s;
	bool major = false;
	for (size_t i = 0; i < ctx->rules->priorities.n; i++)
		if (strcmp(ctx->rules->priorities.v[i].id, inc.priority) == 0)
			major = ctx->rules->priorities.v[i].major;
	if (major && inc.ci[0])
		s = kb_plans_for_ci(ctx, inc.ci, 5, out, n, err);
	incident_clear(&inc);
	return s;
}

/* --- finding articles for an incident ------------------------------------------ */

/* Between the pieces of a summary: spaces, punctuation (CJK too) and digits. */
static bool separates(wchar_t c)
{
	if (c < 128)
		return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	return iswspace((wint_t)c) || iswpunct((wint_t)c) || (c >= 0x3000 && c <= 0x303f) ||
	       (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
	       (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65) || c == 0x2014 ||
	       c == 0x2026;
}

typedef struct piece {
	const wchar_t *at;
	size_t len;
} piece;

static int longer_first(const void *a, const void *b)
{
	const piece *x = a, *y = b;
	return (x->len < y->len) - (x->len > y->len);
}

typedef struct tries {
	od_db *db;
	char *found;
	int left;
	char **seen;
	size_t nseen;
} tries;

/* Searches for the term (once): true when it found an article. */
static bool try_term(tries *t, const wchar_t *at, size_t len)
{
	if (t->found || t->left <= 0 || len < 3)
		return t->found != NULL;
	char *term = xmalloc(len * 4 + 1);
	size_t k = 0;
	for (size_t i = 0; i < len; i++)
		k += text_encode(at[i], term + k);
	term[k] = '\0';
	for (size_t i = 0; i < t->nseen; i++)
		if (strcmp(t->seen[i], term) == 0) {
			free(term);
			return false;
		}
	t->seen = xrealloc(t->seen, (t->nseen + 1) * sizeof *t->seen);
	t->seen[t->nseen++] = term;
	t->left--;
	record *v;
	size_t n;
	record_filter f = {.search = term, .limit = 1};
	if (record_list(t->db, &kb_kind, &f, &v, &n, NULL) == OD_OK) {
		if (n)
			t->found = xstrdup(term);
		record_list_free(v, n);
	}
	return t->found != NULL;
}

char *kb_suggest_term(od_db *db, const char *text)
{
	size_t cap = strlen(text) + 1, len = 0;
	wchar_t *w = xcalloc(cap, sizeof *w);
	for (const char *p = text; (w[len] = text_next(&p)) != 0; len++)
		;
	piece *pieces = xcalloc(len + 1, sizeof *pieces);
	size_t np = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && separates(w[i]))
			i++;
		size_t start = i;
		while (i < len && !separates(w[i]))
			i++;
		if (i > start)
			pieces[np++] = (piece){w + start, i - start};
	}
	qsort(pieces, np, sizeof *pieces, longer_first);
	tries t = {.db = db, .left = KB_SUGGEST_TRIES};
	size_t lo = 0, hi = len;
	while (lo < hi && separates(w[lo]))
		lo++;
	while (hi > lo && separates(w[hi - 1]))
		hi--;
	try_term(&t, w + lo, hi - lo);
	for (size_t i = 0; i < np && !t.found; i++)
		try_term(&t, pieces[i].at, pieces[i].len);
	/* the longest runs first: the more of the summary matches, the closer */
	size_t longest = np ? pieces[0].len : 0;
	for (size_t run = longest; run >= 3 && !t.found; run--)
		for (size_t i = 0; i < np && !t.found; i++)
			for (size_t j = 0; run < pieces[i].len && j + run <= pieces[i].len && !t.found; j++)
				try_term(&t, pieces[i].at + j, run);
	for (size_t i = 0; i < t.nseen; i++)
		free(t.seen[i]);
	free(t.seen);
	free(pieces);
	free(w);
	return t.found;
}

/* --- resolving an incident with an article ---------------------------------------- */

od_status kb_resolve_incident(const od_ctx *ctx, int64_t incident_id, int64_t kb_id,
			      const char *transition, const char *note, const record_set *sets,
			      size_t n, int64_t expected_version, od_error *err)
{
	record art;
	od_status s = record_get(ctx->db, &kb_kind, kb_id, &art, err);
	if (s != OD_OK)
		return s;
	char kref[32], iref[32];
	record_ref(&kb_kind, kb_id, kref, sizeof kref);
	incident_ref(incident_id, iref, sizeof iref);
	if (!art.open) {
		s = od_fail(err, OD_INVALID, _("article: %s is %s; a retired article resolves nothing"),
			    kref, record_state_name(ctx->rules, &kb_kind, art.state));
		record_clear(&art);
		return s;
	}
	record_set *all = xcalloc(n + 2, sizeof *all);
	memcpy(all, sets, n * sizeof *all);
	size_t nall = n;
	const char *solution = record_value(&art, "solution");
	const char *cause = record_value(&art, "cause");
	if (!record_set_find(sets, n, "resolution") && *solution)
		all[nall++] = (record_set){"resolution", solution};
	if (!record_set_find(sets, n, "cause") && *cause)
		all[nall++] = (record_set){"cause", cause};
	if ((s = db_begin(ctx->db, err)) == OD_OK) {
		s = incident_transition(ctx, incident_id, transition, note, all, nall,
					expected_version, err);
		if (s == OD_OK)
			s = record_link(ctx, iref, "article", kref, "incident", true, err);
		od_status e = db_end(ctx->db, s == OD_OK, err);
		if (s == OD_OK)
			s = e;
	}
	free(all);
	record_clear(&art);
	return s;
}
