/* Problems: the problem kind's declaration and what is particular to it.
 * The record mechanism stores the problem, takes its transitions and
 * writes its journal; this file adds the incidents it explains (linked
 * at creation), the root-cause analysis (problem_analysis: the 5-why
 * chain and the fishbone notes), the permanent fix (a change that must
 * exist, linked when set) and resolving the open incidents once the
 * problem is solved. */
#include "opsdesk/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/asset.h"
#include "opsdesk/change.h"
#include "opsdesk/clock.h"
#include "opsdesk/db.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/kb.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

enum { PROBLEM_TEXT_MAX = 200, PROBLEM_LONG_MAX = 8000, PROBLEM_STEPS_MAX = 200 };

static const rules_item *categories(const rules *r, size_t *n)
{
	*n = r->categories.n;
	return r->categories.v;
}

static const rules_item *impacts(const rules *r, size_t *n)
{
	*n = r->impact.n;
	return r->impact.v;
}

enum { RW_WORK = RW_EDIT | RW_SET | RW_SHOW | RW_FORM };

static const record_field problem_fields[] = {
	{"title", NULL, N_("title"), RT_TEXT, RW_ALL, true, 0, PROBLEM_TEXT_MAX, NULL},
	{"description", NULL, N_("description"), RT_LONG, RW_DATA, false, 0, PROBLEM_LONG_MAX, NULL},
	{"category", NULL, N_("category"), RT_ITEM, RW_ALL, false, 0, 0, categories},
	{"impact", NULL, N_("impact"), RT_ITEM, RW_DATA, false, 0, 0, impacts},
	{"cis", NULL, N_("CIs"), RT_CIS, RW_DATA, false, 0, 0, NULL},
	{"assignee", NULL, N_("assignee"), RT_LOGIN, RW_ALL, false, 0, 0, NULL},
	{"investigation", NULL, N_("investigation"), RT_LONG, RW_WORK, false, 0, PROBLEM_LONG_MAX,
	 NULL},
	{"root_cause", NULL, N_("root cause"), RT_LONG, RW_WORK, false, 0, PROBLEM_LONG_MAX, NULL},
	{"workaround", NULL, N_("workaround"), RT_LONG, RW_WORK, false, 0, PROBLEM_LONG_MAX, NULL},
	{"known_error", NULL, N_("known error"), RT_FLAG, RW_WORK, false, 0, 0, NULL},
	{"known_error_text", NULL, N_("error detail"), RT_LONG, RW_WORK, false, 0,
	 PROBLEM_LONG_MAX, NULL},
	{"fix", NULL, N_("fix (change)"), RT_TEXT, RW_WORK, false, 0, 24, NULL},
	{"verification", NULL, N_("verification"), RT_LONG, RW_EDIT | RW_SET | RW_SHOW,
	 false, 0, PROBLEM_LONG_MAX, NULL},
	{"closure", NULL, N_("closure"), RT_LONG, RW_SET | RW_SHOW, false, 0, PROBLEM_LONG_MAX, NULL},
};

static od_status validate(const od_ctx *ctx, const record *rec, od_error *err);
static od_status after_change(const od_ctx *ctx, int64_t id, const char *op, const char *text,
			      od_error *err);

const record_kind problem_kind = {
	.name = "problem",
	.prefix = "PRB",
	.table = "problem",
	.noun = N_("problem"),
	.plural = N_("problems"),
	.fields = problem_fields,
	.nfields = sizeof problem_fields / sizeof *problem_fields,
	.title_field = "title",
	.assignee_field = "assignee",
	.validate = validate,
	.after_change = after_change,
};

/* --- the permanent fix ---------------------------------------------------------- */

/* fix names a change that exists, or nothing. */
static od_status validate(const od_ctx *ctx, const record *rec, od_error *err)
{
	const char *fix = record_value(rec, "fix");
	if (!*fix)
		return OD_OK;
	int64_t id;
	od_error why;
	if (record_parse_ref_of(&change_kind, fix, &id, &why) != OD_OK)
		return od_fail(err, OD_INVALID, _("fix: %s"), why.msg);
	record change;
	od_status s = record_get(ctx->db, &change_kind, id, &change, &why);
	if (s == OD_NOT_FOUND)
		return od_fail(err, OD_INVALID, _("fix: there is no %s"), fix);
	if (s != OD_OK)
		return od_fail(err, s, "%s", why.msg);
	record_clear(&change);
	return OD_OK;
}

/* The fix, once set, is linked: the change shows the problem it fixes. */
static od_status after_change(const od_ctx *ctx, int64_t id, const char *op, const char *text,
			      od_error *err)
{
	(void)op, (void)text;
	record rec;
	od_status s = record_get(ctx->db, &problem_kind, id, &rec, err);
	if (s != OD_OK)
		return s;
	const char *fix = record_value(&rec, "fix");
	if (*fix) {
		char ref[32];
		record_ref(&problem_kind, id, ref, sizeof ref);
		s = record_link(ctx, ref, "fix", fix, "problem", true, err);
	}
	record_clear(&rec);
	return s;
}

/* What the incidents share, for the fields not given: their CIs (each
 * once, in order) and their most frequent category. */
static od_status from_incidents(const od_ctx *ctx, const int64_t *ids, size_t n, strbuf *cis,
				char **category, od_error *err)
{
	record *incs = xcalloc(n ? n : 1, sizeof *incs);
	od_status s = OD_OK;
	size_t got = 0;
	for (; got < n && s == OD_OK; got++) {
		s = record_get(ctx->db, &incident_kind, ids[got], &incs[got], err);
		if (s == OD_NOT_FOUND)
			s = od_fail(err, OD_INVALID, _("from: there is no INC-%lld"), (long long)ids[got]);
		if (s != OD_OK)
			break;
	}
	int best = 0;
	for (size_t i = 0; s == OD_OK && i < n; i++) {
		const char *tag = record_value(&incs[i], "ci");
		const char *cat = record_value(&incs[i], "category");
		bool seen = false;
		int same = 0;
		for (size_t j = 0; j < i; j++)
			seen |= *tag && strcmp(record_value(&incs[j], "ci"), tag) == 0;
		if (*tag && !seen)
			sb_addf(cis, "%s%s", cis->len ? "," : "", tag);
		for (size_t j = 0; j < n; j++)
			same += strcmp(record_value(&incs[j], "category"), cat) == 0;
		if (*cat && same > best) {
			best = same;
			free(*category);
			*category = xstrdup(cat);
		}
	}
	for (size_t i = 0; i < got; i++)
		record_clear(&incs[i]);
	free(incs);
	return s;
}

od_status problem_create(const od_ctx *ctx, const record_set *values, size_t n,
			 const int64_t *incidents, size_t nincidents, int64_t *id, od_error *err)
{
	for (size_t i = 0; i < nincidents; i++)
		for (size_t j = 0; j < i; j++)
			if (incidents[i] == incidents[j])
				return od_fail(err, OD_INVALID, _("from: INC-%lld is given twice"),
					       (long long)incidents[i]);
	strbuf cis = {0};
	char *category = NULL;
	od_status s = from_incidents(ctx, incidents, nincidents, &cis, &category, err);
	record_set *all = xcalloc(n + 2, sizeof *all);
	memcpy(all, values, n * sizeof *all);
	size_t nall = n;
	if (cis.len && !record_set_find(values, n, "cis"))
		all[nall++] = (record_set){"cis", cis.buf};
	if (category && !record_set_find(values, n, "category"))
		all[nall++] = (record_set){"category", category};
	if (s == OD_OK)
		s = db_begin(ctx->db, err);
	if (s != OD_OK)
		goto out;
	s = record_create(ctx, &problem_kind, all, nall, id, err);
	char ref[32];
	if (s == OD_OK)
		record_ref(&problem_kind, *id, ref, sizeof ref);
	for (size_t i = 0; s == OD_OK && i < nincidents; i++) {
		char inc[32];
		record_ref(&incident_kind, incidents[i], inc, sizeof inc);
		s = record_link(ctx, ref, "incident", inc, "problem", true, err);
	}
	s = db_end(ctx->db, s == OD_OK, err) == OD_OK ? s : OD_DB;
out:
	free(all);
	free(category);
	sb_free(&cis);
	return s;
}

/* --- root-cause analysis ---------------------------------------------------------- */

static od_status open_problem(const od_ctx *ctx, int64_t id, record *rec, od_error *err)
{
	od_status s = record_get(ctx->db, &problem_kind, id, rec, err);
	if (s != OD_OK)
		return s;
	if (!rec->open) {
		od_fail(err, OD_INVALID, _("PRB-%lld is %s: its analysis can no longer change"),
			(long long)id, record_state_name(ctx->rules, &problem_kind, rec->state));
		record_clear(rec);
		return OD_INVALID;
	}
	return OD_OK;
}

static int count_steps(const od_ctx *ctx, int64_t id, const char *kind, int *next, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT coalesce(max(seq), 0) + 1,"
				   " (SELECT count(*) FROM problem_analysis WHERE problem_id = ?1"
				   "  AND kind = ?2) FROM problem_analysis WHERE problem_id = ?1",
				   err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	int of_kind = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*next = sqlite3_column_int(st, 0);
		of_kind = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (of_kind < 0)
		db_error(ctx->db, "problem_analysis", err);
	return of_kind;
}

/* One step of the analysis, with its journal entry, in one transaction. */
static od_status add_step(const od_ctx *ctx, int64_t id, const char *kind, const char *category,
			  const char *question, const char *answer, const char *text,
			  od_error *err)
{
	record rec;
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK || (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	/* read inside the transaction: an entry another session added
	 * meanwhile is appended to, not refused as a conflict */
	if ((s = open_problem(ctx, id, &rec, err)) != OD_OK) {
		db_end(ctx->db, false, NULL);
		return s;
	}
	int next = 0;
	int have = count_steps(ctx, id, kind, &next, err);
	if (have < 0)
		s = OD_DB;
	else if (have >= PROBLEM_STEPS_MAX)
		s = od_fail(err, OD_INVALID, _("PRB-%lld already has %d entries of this analysis"),
			    (long long)id, have);
	sqlite3_stmt *st = NULL;
	if (s == OD_OK &&
	    !(st = db_stmt(ctx->db,
			   "INSERT INTO problem_analysis(problem_id, seq, kind, category, question,"
			   " answer, by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			   err)))
		s = OD_DB;
	if (s == OD_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, next);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, category, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, question, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, answer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, ctx->login, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, (int64_t)clock_now());
		s = db_step_done(ctx->db, st, err);
	}
	if (s == OD_OK) {
		strbuf data = {0};
		sb_add(&data, "{\"kind\":");
		sb_add_json(&data, kind);
		sb_add(&data, ",\"category\":");
		sb_add_json(&data, category);
		sb_add(&data, ",\"question\":");
		sb_add_json(&data, question);
		sb_add(&data, ",\"answer\":");
		sb_add_json(&data, answer);
		sb_add(&data, "}");
		s = record_note_op(ctx, &rec, kind, "analysis", text, data.buf, data.buf, err);
		sb_free(&data);
	}
	s = db_end(ctx->db, s == OD_OK, err) == OD_OK ? s : OD_DB;
	record_clear(&rec);
	return s;
}

od_status problem_add_why(const od_ctx *ctx, int64_t id, const char *question, const char *answer,
			  od_error *err)
{
	od_status s = text_check("why", question, PROBLEM_TEXT_MAX * 2, false, true, err);
	if (s == OD_OK)
		s = text_check("answer", answer, PROBLEM_LONG_MAX, false, true, err);
	if (s != OD_OK)
		return s;
	char *text = xasprintf(_("Why: %s — %s"), question, answer);
	s = add_step(ctx, id, "why", "", question, answer, text, err);
	free(text);
	return s;
}

od_status problem_add_fishbone(const od_ctx *ctx, int64_t id, const char *category,
			       const char *note, od_error *err)
{
	const rules_problems *p = &ctx->rules->problems;
	const rules_item *c = rules_item_find(p->fishbone.v, p->fishbone.n, category);
	if (!c) {
		strbuf known = {0};
		for (size_t i = 0; i < p->fishbone.n; i++)
			sb_addf(&known, "%s%s (%s)", i ? ", " : "", p->fishbone.v[i].id,
				p->fishbone.v[i].name);
		od_fail(err, OD_INVALID,
			_("category: '%s' is not a fishbone category of the rules (known: %s)"),
			category, known.buf ? known.buf : _("none"));
		sb_free(&known);
		return OD_INVALID;
	}
	od_status s = text_check("note", note, PROBLEM_LONG_MAX, false, true, err);
	if (s != OD_OK)
		return s;
	char *text = xasprintf(_("Fishbone, %s: %s"), c->name, note);
	s = add_step(ctx, id, "fishbone", category, "", note, text, err);
	free(text);
	return s;
}

od_status problem_steps(od_db *db, int64_t id, problem_step **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT seq, kind, category, question, answer, by, at"
				   " FROM problem_analysis WHERE problem_id = ?1 ORDER BY seq",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		problem_step *p = &(*out)[(*n)++];
		p->seq = sqlite3_column_int(st, 0);
		p->kind = strcmp((const char *)sqlite3_column_text(st, 1), "why") == 0
				  ? PROBLEM_WHY
				  : PROBLEM_FISHBONE;
		p->category = xstrdup((const char *)sqlite3_column_text(st, 2));
		p->question = xstrdup((const char *)sqlite3_column_text(st, 3));
		p->answer = xstrdup((const char *)sqlite3_column_text(st, 4));
		p->by = xstrdup((const char *)sqlite3_column_text(st, 5));
		p->at = (time_t)sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		problem_steps_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(db, "problem_analysis", err);
	}
	return OD_OK;
}

void problem_steps_free(problem_step *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].category);
		free(v[i].question);
		free(v[i].answer);
		free(v[i].by);
	}
	free(v);
}

/* --- its incidents ---------------------------------------------------------------------- */

/* The ids of the records of kind k among ref's links, oldest link first. */
static od_status linked_ids(od_db *db, const char *ref, const record_kind *k, int64_t **ids,
			    size_t *n, od_error *err)
{
	*ids = NULL;
	*n = 0;
	record_link_entry *links;
	size_t nl;
	od_status s = record_links(db, ref, &links, &nl, err);
	if (s != OD_OK)
		return s;
	*ids = xcalloc(nl ? nl : 1, sizeof **ids);
	for (size_t i = 0; i < nl; i++) {
		const record_kind *lk;
		int64_t id;
		if (record_parse_ref(links[i].ref, &lk, &id, NULL) == OD_OK && lk == k)
			(*ids)[(*n)++] = id;
	}
	record_links_free(links, nl);
	return OD_OK;
}

static bool still_open(const rules *r, const record *inc)
{
	const rules_state *st = record_state_find(r, &incident_kind, inc->state);
	return st ? !st->final && !st->resolved : inc->open;
}

od_status problem_incidents(const od_ctx *ctx, int64_t id, bool open_only, int64_t **ids,
			    size_t *n, od_error *err)
{
	char ref[32];
	record_ref(&problem_kind, id, ref, sizeof ref);
	od_status s = linked_ids(ctx->db, ref, &incident_kind, ids, n, err);
	if (s != OD_OK || !open_only)
		return s;
	size_t kept = 0;
	for (size_t i = 0; i < *n && s == OD_OK; i++) {
		record inc;
		s = record_get(ctx->db, &incident_kind, (*ids)[i], &inc, err);
		if (s == OD_NOT_FOUND) {
			s = OD_OK;
			continue;
		}
		if (s == OD_OK && still_open(ctx->rules, &inc))
			(*ids)[kept++] = (*ids)[i];
		if (s == OD_OK)
			record_clear(&inc);
	}
	*n = kept;
	return s;
}

od_status problem_of_incident(od_db *db, int64_t incident_id, record **out, size_t *n,
			      od_error *err)
{
	*out = NULL;
	*n = 0;
	char ref[32];
	record_ref(&incident_kind, incident_id, ref, sizeof ref);
	int64_t *ids;
	size_t nids;
	od_status s = linked_ids(db, ref, &problem_kind, &ids, &nids, err);
	if (s != OD_OK)
		return s;
	*out = xcalloc(nids ? nids : 1, sizeof **out);
	/* open problems first, each group newest first */
	for (int pass = 0; pass < 2 && s == OD_OK; pass++)
		for (size_t i = nids; i-- > 0 && s == OD_OK;) {
			record p;
			s = record_get(db, &problem_kind, ids[i], &p, err);
			if (s == OD_NOT_FOUND) {
				s = OD_OK;
				continue;
			}
			if (s != OD_OK)
				break;
			if (p.open == (pass == 0))
				(*out)[(*n)++] = p;
			else
				record_clear(&p);
		}
	free(ids);
	if (s != OD_OK) {
		record_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}

/* The incident workflow's transition into a resolved state from state. */
static const rules_transition *resolving_transition(const rules *r, const char *state)
{
	const rules_workflow *w = record_workflow(r, &incident_kind);
	for (size_t i = 0; w && i < w->transitions.n; i++) {
		const rules_transition *t = &w->transitions.v[i];
		bool from = false;
		for (size_t j = 0; j < t->from.n; j++)
			from |= strcmp(t->from.v[j].id, state) == 0;
		const rules_state *to = from ? record_state_find(r, &incident_kind, t->to.id) : NULL;
		if (to && to->resolved && !to->final)
			return t;
	}
	return NULL;
}

/* What the incident's resolution says: the permanent fix, or else the
 * workaround. Caller frees. */
static char *resolution_text(const record *p, const char *ref)
{
	const char *fix = record_value(p, "fix");
	const char *workaround = record_value(p, "workaround");
	if (*fix && *workaround)
		return xasprintf(_("Solved by problem %s: permanent fix %s. Workaround: %s"), ref, fix,
				 workaround);
	if (*fix)
		return xasprintf(_("Solved by problem %s: permanent fix %s"), ref, fix);
	if (*workaround)
		return xasprintf(_("Solved by problem %s with its workaround: %s"), ref, workaround);
	return xasprintf(_("Solved by problem %s"), ref);
}

static od_status resolve_one(const od_ctx *ctx, const record *p, const char *ref, int64_t inc_id,
			     od_error *err)
{
	record inc;
	od_status s = record_get(ctx->db, &incident_kind, inc_id, &inc, err);
	if (s != OD_OK)
		return s;
	const rules_transition *t = resolving_transition(ctx->rules, inc.state);
	if (!t) {
		s = od_fail(err, OD_INVALID, _("INC-%lld is %s: the rules have no way to resolve it from there"),
			    (long long)inc_id, record_state_name(ctx->rules, &incident_kind, inc.state));
		record_clear(&inc);
		return s;
	}
	char *resolution = resolution_text(p, ref);
	const char *cause = record_value(p, "root_cause");
	const char *verified = record_value(p, "verification");
	record_set sets[3];
	size_t n = 0;
	if (*cause)
		sets[n++] = (record_set){"cause", cause};
	sets[n++] = (record_set){"resolution", resolution};
	if (*verified)
		sets[n++] = (record_set){"recovery_test", verified};
	char *note = xasprintf(_("Resolved with problem %s"), ref);
	s = record_transition(ctx, &incident_kind, inc_id, t->id, note, sets, n, inc.version, err);
	free(note);
	free(resolution);
	record_clear(&inc);
	return s;
}

od_status problem_resolve_incidents(const od_ctx *ctx, int64_t id, problem_resolved **out,
				    size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	record p;
	od_status s = record_get(ctx->db, &problem_kind, id, &p, err);
	if (s != OD_OK)
		return s;
	int64_t *ids = NULL;
	size_t nids = 0;
	if ((s = problem_incidents(ctx, id, true, &ids, &nids, err)) != OD_OK)
		goto out;
	char ref[32];
	record_ref(&problem_kind, id, ref, sizeof ref);
	*out = xcalloc(nids ? nids : 1, sizeof **out);
	for (size_t i = 0; i < nids; i++) {
		od_error why;
		problem_resolved *r = &(*out)[(*n)++];
		r->incident = ids[i];
		r->status = resolve_one(ctx, &p, ref, ids[i], &why);
		if (r->status != OD_OK)
			r->message = xstrdup(why.msg);
	}
out:
	free(ids);
	record_clear(&p);
	return s;
}

void problem_resolved_free(problem_resolved *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].message);
	free(v);
}

/* --- into the knowledge base ------------------------------------------------------ */

enum { SYMPTOM_INCIDENTS = 5 };

/* The description, else the summaries of the first incidents. */
static void symptom_of(const od_ctx *ctx, const record *p, const char *ref, strbuf *out)
{
	const char *d = record_value(p, "description");
	if (*d) {
		sb_add(out, d);
		return;
	}
	int64_t *ids;
	size_t n;
	if (linked_ids(ctx->db, ref, &incident_kind, &ids, &n, NULL) != OD_OK)
		return;
	for (size_t i = 0; i < n && i < SYMPTOM_INCIDENTS; i++) {
		record inc;
		if (record_get(ctx->db, &incident_kind, ids[i], &inc, NULL) != OD_OK)
			continue;
		sb_addf(out, "%sINC-%lld %s", out->len ? "\n" : "", (long long)ids[i],
			record_value(&inc, "summary"));
		record_clear(&inc);
	}
	free(ids);
}

static void solution_of(const od_ctx *ctx, const record *p, strbuf *out)
{
	const char *fix = record_value(p, "fix");
	int64_t cid;
	record change;
	if (*fix && record_parse_ref_of(&change_kind, fix, &cid, NULL) == OD_OK &&
	    record_get(ctx->db, &change_kind, cid, &change, NULL) == OD_OK) {
		sb_addf(out, _("Permanent fix: %s %s"), fix, record_value(&change, "title"));
		record_clear(&change);
	}
	const char *w = record_value(p, "workaround");
	if (*w)
		sb_addf(out, _("%sWorkaround: %s"), out->len ? "\n" : "", w);
}

/* The classes of the problem's CIs, each once. */
static void classes_of(const od_ctx *ctx, const record *p, strbuf *out)
{
	char **tags;
	size_t n;
	if (record_cis(ctx->db, p, "cis", &tags, &n, NULL) != OD_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		asset a;
		if (asset_get(ctx->db, tags[i], &a, NULL) != OD_OK)
			continue;
		char *have = xasprintf(",%s,", out->buf ? out->buf : "");
		char *want = xasprintf(",%s,", a.class_id);
		if (*a.class_id && !strstr(have, want))
			sb_addf(out, "%s%s", out->len ? "," : "", a.class_id);
		free(have);
		free(want);
		asset_clear(&a);
	}
	record_strings_free(tags, n);
}

od_status problem_article(const od_ctx *ctx, int64_t id, int64_t *kb_id, od_error *err)
{
	record p;
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK || (s = record_get(ctx->db, &problem_kind, id, &p, err)) != OD_OK)
		return s;
	char ref[32];
	record_ref(&problem_kind, id, ref, sizeof ref);
	int64_t *kbs = NULL;
	size_t nkb = 0;
	strbuf symptom = {0}, solution = {0}, classes = {0};
	if (!*record_value(&p, "root_cause")) {
		s = od_fail(err, OD_INVALID, _("root_cause: %s has no root cause yet, and an article needs it"),
			    ref);
		goto out;
	}
	if (!*record_value(&p, "workaround") && !*record_value(&p, "fix")) {
		s = od_fail(err, OD_INVALID,
			    _("%s has neither a permanent fix nor a workaround yet: an article needs one (fix, workaround)"),
			    ref);
		goto out;
	}
	if ((s = linked_ids(ctx->db, ref, &kb_kind, &kbs, &nkb, err)) != OD_OK)
		goto out;
	if (nkb) {
		s = od_fail(err, OD_INVALID, _("%s is written up already, as KB-%lld"), ref,
			    (long long)kbs[0]);
		goto out;
	}
	symptom_of(ctx, &p, ref, &symptom);
	solution_of(ctx, &p, &solution);
	classes_of(ctx, &p, &classes);
	record_set v[] = {
		{"title", record_value(&p, "title")},
		{"symptom", symptom.buf ? symptom.buf : ""},
		{"cause", record_value(&p, "root_cause")},
		{"solution", solution.buf ? solution.buf : ""},
		{"applies_categories", record_value(&p, "category")},
		{"applies_ci_classes", classes.buf ? classes.buf : ""},
	};
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		goto out;
	s = kb_create(ctx, v, sizeof v / sizeof *v, kb_id, err);
	if (s == OD_OK) {
		char kb[32];
		record_ref(&kb_kind, *kb_id, kb, sizeof kb);
		s = record_link(ctx, ref, "article", kb, "problem", true, err);
	}
	s = db_end(ctx->db, s == OD_OK, err) == OD_OK ? s : OD_DB;
out:
	free(kbs);
	sb_free(&symptom);
	sb_free(&solution);
	sb_free(&classes);
	record_clear(&p);
	return s;
}
