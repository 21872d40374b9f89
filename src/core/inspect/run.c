/* Inspection runs (INS-n): the record kind's declaration, recording a run
 * with its readings, the incidents abnormal readings open (or, for an item
 * whose incident is still open, add to), the review that locks a run, and
 * reading runs and trends back. The generic record mechanism writes the
 * run itself, its journal, audit and links; this file adds what is
 * particular to a round. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_private.h"
#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/record.h"
#include "opsdesk/text.h"

static od_status validate(const od_ctx *ctx, const record *rec, od_error *err);

static const record_field fields[] = {
	{"template", NULL, N_("Template"), RT_TEXT, RW_NEW | RW_LIST | RW_SHOW, true, 0, 64, NULL},
	{"ci", NULL, N_("CI"), RT_CI, RW_NEW | RW_LIST | RW_SHOW, true, 0, 0, NULL},
	{"location", NULL, N_("Location"), RT_TEXT, RW_NEW | RW_SHOW, false, 0, ASSET_LOCATION_MAX,
	 NULL},
	{"started", NULL, N_("Started"), RT_TIME, RW_NEW | RW_SHOW, false, 0, 0, NULL},
	{"abnormal", NULL, N_("Abnormal items"), RT_NUMBER, RW_NEW | RW_LIST | RW_SHOW, false, 0,
	 1000, NULL},
	{"issues", NULL, N_("Open issues"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0,
	 INSPECT_TEXT_MAX, NULL},
	{"opinion", NULL, N_("Opinion"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0,
	 INSPECT_TEXT_MAX, NULL},
	{"review", NULL, N_("Review"), RT_LONG, RW_SET | RW_SHOW, false, 0, INSPECT_TEXT_MAX, NULL},
};

const record_kind record_kind_inspection = {
	.name = "inspection",
	.prefix = "INS",
	.table = "inspection",
	.noun = N_("inspection run"),
	.fields = fields,
	.nfields = sizeof fields / sizeof *fields,
	.title_field = "template",
	.assignee_field = NULL,
	.validate = validate,
};

/* A reviewed run is closed: its readings were never changeable, and now
 * its issues and opinion are not either. */
static od_status validate(const od_ctx *ctx, const record *rec, od_error *err)
{
	(void)ctx;
	if (rec->id && !rec->open) {
		char ref[32];
		record_ref(rec->kind, rec->id, ref, sizeof ref);
		return od_fail(err, OD_INVALID, _("%s is reviewed: a reviewed run cannot be changed"),
			       ref);
	}
	return OD_OK;
}

/* --- checking what was answered ------------------------------------------- */

typedef struct judged {
	const rules_inspect_item *item;
	const inspect_answer *answer; /* NULL: not answered */
	inspect_level level;
	double number;
	char *value; /* as stored */
} judged;

static bool has_content(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

static void add_problem(strbuf *problems, od_error *e)
{
	sb_addf(problems, "%s%s", problems->len ? "; " : "", e->msg);
}

/* Every answer and every required item, each problem named in problems. */
static void judge_all(const rules_inspection *t, const inspect_input *in, judged *out,
		      strbuf *problems)
{
	od_error e;
	for (size_t i = 0; i < in->n; i++) {
		const inspect_answer *a = &in->answers[i];
		const rules_inspect_item *it = rules_inspect_item_find(t, a->item);
		if (!it) {
			strbuf known = {0};
			for (size_t k = 0; k < t->items.n; k++)
				sb_addf(&known, "%s%s", k ? ", " : "", t->items.v[k].id);
			od_fail(&e, OD_INVALID, _("%s: not an item of inspection '%s' (items: %s)"),
				a->item, t->id, known.buf ? known.buf : "");
			sb_free(&known);
			add_problem(problems, &e);
			continue;
		}
		judged *j = &out[it - t->items.v];
		if (j->answer) {
			od_fail(&e, OD_INVALID, _("%s: answered twice"), it->id);
			add_problem(problems, &e);
			continue;
		}
		j->answer = a;
		if (inspect_judge(it, a->value, &j->level, &j->number, &j->value, &e) != OD_OK) {
			add_problem(problems, &e);
			continue;
		}
		const char *remark = a->remark ? a->remark : "";
		if (text_check(it->id, remark, INSPECT_REMARK_MAX, true, false, &e) != OD_OK)
			add_problem(problems, &e);
		else if (inspect_level_bad(j->level) && !has_content(remark)) {
			od_fail(&e, OD_INVALID,
				_("%s: '%s' is %s: say what was found in a remark"), it->id,
				a->value, inspect_level_name(j->level));
			add_problem(problems, &e);
		}
	}
	for (size_t k = 0; k < t->items.n; k++)
		if (t->items.v[k].required && !out[k].answer) {
			od_fail(&e, OD_INVALID, _("%s: required, but not answered"), t->items.v[k].id);
			add_problem(problems, &e);
		}
}

/* --- incidents of abnormal readings ---------------------------------------- */

static int64_t open_incident_of(od_db *db, int64_t asset_id, const char *template_id,
				const char *item)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT incident FROM inspect_open"
				   " WHERE asset_id = ?1 AND template = ?2 AND item = ?3",
				   NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, asset_id);
	sqlite3_bind_text(st, 2, template_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, item, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (!id)
		return 0;
	incident inc;
	if (incident_get(db, id, &inc, NULL) != OD_OK)
		return 0;
	bool open = inc.open;
	incident_clear(&inc);
	return open ? id : 0;
}

static od_status remember_incident(const od_ctx *ctx, int64_t asset_id, const char *template_id,
				   const char *item, int64_t inc_id, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO inspect_open(asset_id, template, item, incident)"
				   " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(asset_id, template, item)"
				   " DO UPDATE SET incident = excluded.incident",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, asset_id);
	sqlite3_bind_text(st, 2, template_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, item, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, inc_id);
	return db_step_done(ctx->db, st, err);
}

/* "31 ℃" */
static void reading_text(const judged *j, char *buf, size_t len)
{
	const char *unit = j->item->unit ? j->item->unit : "";
	snprintf(buf, len, "%s%s%s", j->value, unit[0] ? " " : "", unit);
}

static void push(int64_t **v, size_t *n, int64_t id)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = id;
}

static od_status raise_incident(const od_ctx *ctx, const rules_inspection *t, const asset *a,
				const char *run_ref, const judged *j, int64_t *incident_id,
				inspect_result *res, od_error *err)
{
	char reading[INSPECT_VALUE_MAX + 64];
	reading_text(j, reading, sizeof reading);
	const char *remark = j->answer->remark ? j->answer->remark : "";
	char *ranges = inspect_ranges_text(j->item);
	od_status s;
	int64_t id = open_incident_of(ctx->db, a->id, t->id, j->item->id);
	if (id) {
		char *note = xasprintf(_("Abnormal again in %s: %s %s (%s). Remark: %s"), run_ref,
				       j->item->text, reading, inspect_level_name(j->level), remark);
		s = incident_comment(ctx, id, note, err);
		free(note);
		if (s == OD_OK)
			push(&res->appended, &res->nappended, id);
	} else {
		char *summary = xasprintf(_("Inspection: %s %s on %s"), j->item->text, reading, a->tag);
		char *description = xasprintf(
		    _("Inspection %s (%s) of %s, run %s.\nItem: %s (%s)\nReading: %s, %s\n"
		      "Range: %s\nMethod: %s\nRemark: %s"),
		    t->name, t->id, a->tag, run_ref, j->item->text, j->item->id, reading,
		    inspect_level_name(j->level), ranges, j->item->method ? j->item->method : "-",
		    remark);
		const char *urgency = j->item->urgency.id;
		if (!urgency && j->level == LEVEL_ALARM)
			urgency = t->incident.alarm_urgency.id;
		if (!urgency)
			urgency = t->incident.urgency.id;
		incident_fields f = {
		    .summary = summary,
		    .description = description,
		    .ci = a->tag,
		    .category = t->incident.category.id,
		    .impact = j->item->impact.id ? j->item->impact.id : t->incident.impact.id,
		    .urgency = urgency,
		};
		s = incident_create(ctx, &f, &id, err);
		free(summary);
		free(description);
		if (s == OD_OK)
			s = remember_incident(ctx, a->id, t->id, j->item->id, id, err);
		if (s == OD_OK)
			push(&res->opened, &res->nopened, id);
	}
	free(ranges);
	if (s == OD_OK) {
		char inc_ref[32];
		incident_ref(id, inc_ref, sizeof inc_ref);
		s = record_link(ctx, run_ref, "incident", inc_ref, "inspection", true, err);
	}
	*incident_id = id;
	return s;
}

/* --- recording a run --------------------------------------------------------- */

static od_status store_reading(const od_ctx *ctx, int64_t run, int seq, const asset *a,
			       const rules_inspection *t, const judged *j, time_t at,
			       int64_t inc_id, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO inspect_reading(run, seq, asset_id, template, item, at,"
				   "  value, number, level, remark, incident, tag)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int(st, 2, seq);
	sqlite3_bind_int64(st, 3, a->id);
	sqlite3_bind_text(st, 4, t->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, j->item->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (int64_t)at);
	sqlite3_bind_text(st, 7, j->value, -1, SQLITE_STATIC);
	bool numeric = j->item->kind_id == INSPECT_NUMBER || j->item->kind_id == INSPECT_PERCENT;
	if (numeric)
		sqlite3_bind_double(st, 8, j->number);
	sqlite3_bind_text(st, 9, inspect_level_id(j->level), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, j->answer->remark ? j->answer->remark : "", -1, SQLITE_STATIC);
	if (inc_id)
		sqlite3_bind_int64(st, 11, inc_id);
	sqlite3_bind_text(st, 12, a->tag, -1, SQLITE_STATIC);
	return db_step_done(ctx->db, st, err);
}

/* The readings as the run's journal entry says them, one line each. */
static char *readings_text(const rules_inspection *t, const judged *v)
{
	strbuf sb = {0};
	for (size_t k = 0; k < t->items.n; k++) {
		if (!v[k].answer)
			continue;
		char reading[INSPECT_VALUE_MAX + 64];
		reading_text(&v[k], reading, sizeof reading);
		sb_addf(&sb, "%s%s: %s", sb.len ? "\n" : "", v[k].item->text, reading);
		if (inspect_level_bad(v[k].level))
			sb_addf(&sb, " [%s] %s", inspect_level_name(v[k].level),
				v[k].answer->remark ? v[k].answer->remark : "");
	}
	sb_add(&sb, "");
	return sb_take(&sb);
}

static od_status store_run(const od_ctx *ctx, const rules_inspection *t, const asset *a,
			   const inspect_input *in, judged *v, int abnormal, inspect_result *res,
			   od_error *err)
{
	time_t now = clock_now();
	char started[40], count[16];
	clock_format_iso(in->started ? in->started : now, started, sizeof started);
	snprintf(count, sizeof count, "%d", abnormal);
	record_set sets[] = {
	    {"template", t->id},     {"ci", a->tag},
	    {"location", a->location ? a->location : ""},
	    {"started", started},    {"abnormal", count},
	    {"issues", in->issues ? in->issues : ""},
	    {"opinion", in->opinion ? in->opinion : ""},
	};
	od_status s = record_create(ctx, &record_kind_inspection, sets, sizeof sets / sizeof *sets,
				    &res->run, err);
	if (s != OD_OK)
		return s;
	char run_ref[32];
	record_ref(&record_kind_inspection, res->run, run_ref, sizeof run_ref);
	int seq = 0;
	for (size_t k = 0; k < t->items.n && s == OD_OK; k++) {
		if (!v[k].answer)
			continue;
		int64_t inc_id = 0;
		if (inspect_level_bad(v[k].level))
			s = raise_incident(ctx, t, a, run_ref, &v[k], &inc_id, res, err);
		if (s == OD_OK)
			s = store_reading(ctx, res->run, ++seq, a, t, &v[k], now, inc_id, err);
	}
	if (s != OD_OK)
		return s;
	record rec = {0};
	if ((s = record_get(ctx->db, &record_kind_inspection, res->run, &rec, err)) != OD_OK)
		return s;
	char *text = readings_text(t, v);
	strbuf detail = {0};
	sb_addf(&detail, "{\"template\":");
	sb_add_json(&detail, t->id);
	sb_add(&detail, ",\"ci\":");
	sb_add_json(&detail, a->tag);
	sb_addf(&detail, ",\"readings\":%d,\"abnormal\":%d,\"incidents\":[", seq, abnormal);
	for (size_t i = 0; i < res->nopened; i++)
		sb_addf(&detail, "%s%" PRId64, i ? "," : "", res->opened[i]);
	sb_add(&detail, "]}");
	s = record_note_op(ctx, &rec, "readings", "readings", text, NULL, detail.buf, err);
	sb_free(&detail);
	free(text);
	record_clear(&rec);
	if (s == OD_OK)
		s = inspect_due_done(ctx, t, a->id, res->run, now, err);
	return s;
}

od_status inspect_record(const od_ctx *ctx, const inspect_input *in, inspect_result *res,
			 od_error *err)
{
	memset(res, 0, sizeof *res);
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK)
		return s;
	const rules_inspection *t = rules_inspection_find(ctx->rules, in->template_id);
	if (!t) {
		strbuf known = {0};
		for (size_t i = 0; i < ctx->rules->inspections.n; i++)
			sb_addf(&known, "%s%s", i ? ", " : "", ctx->rules->inspections.v[i].id);
		od_fail(err, OD_INVALID, _("template: '%s' is not an inspection template (known: %s)"),
			in->template_id, known.buf ? known.buf : _("none"));
		sb_free(&known);
		return OD_INVALID;
	}
	asset a = {0};
	if ((s = asset_get(ctx->db, in->tag, &a, err)) != OD_OK)
		return s;
	if (!inspect_applies(t, &a)) {
		s = od_fail(err, OD_INVALID,
			    _("ci: inspection '%s' does not apply to %s (class %s, location %s)"),
			    t->id, a.tag, a.class_id, a.location[0] ? a.location : "-");
		asset_clear(&a);
		return s;
	}
	judged *v = xcalloc(t->items.n ? t->items.n : 1, sizeof *v);
	for (size_t k = 0; k < t->items.n; k++)
		v[k].item = &t->items.v[k];
	strbuf problems = {0};
	judge_all(t, in, v, &problems);
	od_error e;
	if (text_check("issues", in->issues ? in->issues : "", INSPECT_TEXT_MAX, true, false, &e) !=
	    OD_OK)
		add_problem(&problems, &e);
	if (text_check("opinion", in->opinion ? in->opinion : "", INSPECT_TEXT_MAX, true, false,
		       &e) != OD_OK)
		add_problem(&problems, &e);
	if (problems.len) {
		s = od_fail(err, OD_INVALID, "%s", problems.buf);
	} else {
		int abnormal = 0;
		for (size_t k = 0; k < t->items.n; k++)
			abnormal += v[k].answer && inspect_level_bad(v[k].level);
		if ((s = db_begin(ctx->db, err)) == OD_OK) {
			s = store_run(ctx, t, &a, in, v, abnormal, res, err);
			od_status end = db_end(ctx->db, s == OD_OK, err);
			if (s == OD_OK)
				s = end;
		}
	}
	if (s != OD_OK)
		inspect_result_clear(res);
	sb_free(&problems);
	for (size_t k = 0; k < t->items.n; k++)
		free(v[k].value);
	free(v);
	asset_clear(&a);
	return s;
}

void inspect_result_clear(inspect_result *res)
{
	free(res->opened);
	free(res->appended);
	memset(res, 0, sizeof *res);
}

/* --- reading runs back --------------------------------------------------------- */

static void read_reading(sqlite3_stmt *st, void *item)
{
	inspect_reading_row *r = item;
	r->item = xstrdup(db_text(st, 0));
	r->value = xstrdup(db_text(st, 1));
	r->has_number = sqlite3_column_type(st, 2) != SQLITE_NULL;
	r->number = sqlite3_column_double(st, 2);
	const char *level = db_text(st, 3);
	r->level = LEVEL_NORMAL;
	for (int l = LEVEL_NORMAL; l <= LEVEL_ABNORMAL; l++)
		if (strcmp(level, inspect_level_id((inspect_level)l)) == 0)
			r->level = (inspect_level)l;
	r->remark = xstrdup(db_text(st, 4));
	r->incident = sqlite3_column_int64(st, 5);
}

static void clear_reading(void *item)
{
	inspect_reading_row *r = item;
	free(r->item);
	free(r->value);
	free(r->remark);
}

/* The run's own columns; the tag comes from the record mechanism. */
static od_status read_run(od_db *db, int64_t id, inspect_run *out, od_error *err)
{
	record rec = {0};
	od_status s = record_get(db, &record_kind_inspection, id, &rec, err);
	if (s != OD_OK)
		return s;
	out->id = id;
	out->template_id = xstrdup(record_value(&rec, "template"));
	out->tag = xstrdup(record_value(&rec, "ci"));
	out->location = xstrdup(record_value(&rec, "location"));
	out->issues = xstrdup(record_value(&rec, "issues"));
	out->opinion = xstrdup(record_value(&rec, "opinion"));
	out->review = xstrdup(record_value(&rec, "review"));
	out->state = xstrdup(rec.state);
	out->by = xstrdup(rec.created_by);
	out->finished = rec.created;
	out->version = rec.version;
	out->locked = !rec.open;
	out->reviewed_by = xstrdup(out->locked ? rec.updated_by : "");
	out->reviewed = out->locked ? rec.updated : 0;
	out->abnormal = strtoll(record_value(&rec, "abnormal"), NULL, 10);
	const char *started = record_value(&rec, "started");
	out->started = 0;
	if (started[0])
		clock_parse(started, &out->started, NULL);
	record_clear(&rec);
	return OD_OK;
}

od_status inspect_run_get(od_db *db, int64_t id, inspect_run *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	od_status s = read_run(db, id, out, err);
	if (s != OD_OK) {
		inspect_run_clear(out);
		return s;
	}
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT item, value, number, level, remark, incident"
				   " FROM inspect_reading WHERE run = ?1 ORDER BY seq",
				   err);
	if (!st) {
		inspect_run_clear(out);
		return OD_DB;
	}
	sqlite3_bind_int64(st, 1, id);
	s = db_collect(db, st, sizeof *out->readings, read_reading, clear_reading,
		       (void **)&out->readings, &out->nreadings, "inspect_reading", err);
	if (s != OD_OK)
		inspect_run_clear(out);
	return s;
}

void inspect_run_clear(inspect_run *run)
{
	if (!run)
		return;
	char **texts[] = {&run->template_id, &run->tag,     &run->location, &run->state,
			  &run->by,          &run->issues,  &run->opinion,  &run->review,
			  &run->reviewed_by};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
		free(*texts[k]);
	db_items_free(run->readings, run->nreadings, sizeof *run->readings, clear_reading);
	memset(run, 0, sizeof *run);
}

/* The runs whose ids st yields, each read by read (with its readings or
 * without); the ids first, so read may use other statements. */
static od_status read_runs(od_db *db, sqlite3_stmt *st,
			   od_status (*read)(od_db *, int64_t, inspect_run *, od_error *),
			   inspect_run **out, size_t *n, od_error *err)
{
	int64_t *ids;
	size_t count;
	od_status s = db_step_ids(db, st, &ids, &count, err);
	if (s != OD_OK)
		return s;
	*out = xcalloc(count ? count : 1, sizeof **out);
	for (size_t i = 0; i < count && s == OD_OK; i++) {
		s = read(db, ids[i], &(*out)[i], err);
		*n = i + 1;
	}
	free(ids);
	if (s != OD_OK) {
		inspect_run_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}

od_status inspect_run_list(od_db *db, const inspect_run_filter *f, inspect_run **out, size_t *n,
			   od_error *err)
{
	*out = NULL;
	*n = 0;
	int64_t asset_id = 0;
	if (f->tag) {
		asset a = {0};
		od_status s = asset_get(db, f->tag, &a, err);
		if (s != OD_OK)
			return s;
		asset_id = a.id;
		asset_clear(&a);
	}
	/* newest first along the index the filter fixes */
	const char *sql =
	    asset_id && f->template_id
		? "SELECT id FROM inspection INDEXED BY inspection_by_ci_template"
		  " WHERE ci = ?1 AND template = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4"
	    : asset_id ? "SELECT id FROM inspection INDEXED BY inspection_by_ci"
			 " WHERE ci = ?1 AND id < ?3 ORDER BY id DESC LIMIT ?4"
	    : f->template_id ? "SELECT id FROM inspection INDEXED BY inspection_by_template"
			       " WHERE template = ?2 AND id < ?3 ORDER BY id DESC LIMIT ?4"
			     : "SELECT id FROM inspection WHERE id < ?3 ORDER BY id DESC LIMIT ?4";
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (!st)
		return OD_DB;
	if (asset_id)
		sqlite3_bind_int64(st, 1, asset_id);
	if (f->template_id)
		sqlite3_bind_text(st, 2, f->template_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->before > 0 ? f->before : INT64_MAX);
	sqlite3_bind_int(st, 4, f->limit > 0 ? f->limit : 50);
	return read_runs(db, st, read_run, out, n, err);
}

od_status inspect_runs_between(od_db *db, time_t from, time_t to, int limit, inspect_run **out,
			       size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id FROM inspection INDEXED BY inspection_by_created"
				   " WHERE created >= ?1 AND created < ?2 ORDER BY created, id LIMIT ?3",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : 50);
	return read_runs(db, st, inspect_run_get, out, n, err);
}

int64_t inspect_runs_count(od_db *db, time_t from, time_t to)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT count(*) FROM inspection INDEXED BY inspection_by_created"
				   " WHERE created >= ?1 AND created < ?2",
				   NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	int64_t count = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return count;
}

void inspect_run_list_free(inspect_run *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		inspect_run_clear(&v[i]);
	free(v);
}

od_status inspect_review(const od_ctx *ctx, int64_t id, const char *comment, od_error *err)
{
	od_status s = text_check("comment", comment ? comment : "", INSPECT_TEXT_MAX, true, true,
				 err);
	if (s != OD_OK)
		return s;
	record_set set = {"review", comment};
	return record_transition(ctx, &record_kind_inspection, id, "review", comment, &set, 1, 0,
				 err);
}

/* --- trends ---------------------------------------------------------------------- */

static void read_point(sqlite3_stmt *st, void *item)
{
	inspect_point *p = item;
	p->run = sqlite3_column_int64(st, 0);
	p->at = (time_t)sqlite3_column_int64(st, 1);
	p->number = sqlite3_column_double(st, 2);
	const char *level = db_text(st, 3);
	p->level = LEVEL_NORMAL;
	for (int l = LEVEL_NORMAL; l <= LEVEL_ABNORMAL; l++)
		if (strcmp(level, inspect_level_id((inspect_level)l)) == 0)
			p->level = (inspect_level)l;
}

od_status inspect_trend(od_db *db, const char *tag, const char *item, int limit,
			inspect_point **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	asset a = {0};
	od_status s = asset_get(db, tag, &a, err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT run, at, number, level FROM inspect_reading"
				   " INDEXED BY inspect_reading_trend"
				   " WHERE asset_id = ?1 AND item = ?2 AND number IS NOT NULL"
				   " ORDER BY at DESC, run DESC LIMIT ?3",
				   err);
	if (st) {
		sqlite3_bind_int64(st, 1, a.id);
		sqlite3_bind_text(st, 2, item, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, limit > 0 ? limit : 20);
		s = db_collect(db, st, sizeof **out, read_point, NULL, (void **)out, n,
			       "inspect_reading", err);
	} else {
		s = OD_DB;
	}
	asset_clear(&a);
	return s;
}

char *inspect_trend_chart(const rules_inspect_item *it, const inspect_point *v, size_t n,
			  int height)
{
	strbuf sb = {0};
	if (!n) {
		sb_add(&sb, "");
		return sb_take(&sb);
	}
	if (height < 2)
		height = 2;
	double lo = v[0].number, hi = v[0].number;
	for (size_t i = 0; i < n; i++) {
		lo = v[i].number < lo ? v[i].number : lo;
		hi = v[i].number > hi ? v[i].number : hi;
	}
	/* the normal range's finite ends belong on the chart too */
	for (size_t i = 0; it && i < it->normal.n; i++) {
		if (isfinite(it->normal.v[i].lo))
			lo = it->normal.v[i].lo < lo ? it->normal.v[i].lo : lo;
		if (isfinite(it->normal.v[i].hi))
			hi = it->normal.v[i].hi > hi ? it->normal.v[i].hi : hi;
	}
	if (hi == lo)
		hi = lo + 1;
	for (int row = height - 1; row >= 0; row--) {
		double top = lo + (hi - lo) * (row + 1) / height, bottom = lo + (hi - lo) * row / height;
		char label[32];
		snprintf(label, sizeof label, "%8.4g |", row == height - 1 ? hi : row == 0 ? lo : (top + bottom) / 2);
		sb_add(&sb, row == height - 1 || row == 0 || row == height / 2 ? label : "         |");
		/* oldest on the left: v is newest first */
		for (size_t i = n; i-- > 0;) {
			double x = v[i].number;
			bool here = row == 0 ? x <= top : row == height - 1 ? x > bottom
									     : x > bottom && x <= top;
			sb_add(&sb, here ? (inspect_level_bad(v[i].level) ? " !" : " *") : "  ");
		}
		sb_add(&sb, "\n");
	}
	sb_add(&sb, "         +");
	for (size_t i = 0; i < n; i++)
		sb_add(&sb, "--");
	sb_add(&sb, "\n");
	return sb_take(&sb);
}

/* --- JSON --------------------------------------------------------------------------- */

od_status inspect_run_json(const od_ctx *ctx, const inspect_run *run, strbuf *out, od_error *err)
{
	record rec = {0};
	od_status s = record_get(ctx->db, &record_kind_inspection, run->id, &rec, err);
	if (s != OD_OK)
		return s;
	strbuf base = {0};
	s = record_json(ctx, &rec, &base, err);
	record_clear(&rec);
	if (s != OD_OK) {
		sb_free(&base);
		return s;
	}
	/* the generic object, with the readings added before its end */
	while (base.len && (base.buf[base.len - 1] == '\n' || base.buf[base.len - 1] == ' '))
		base.buf[--base.len] = '\0';
	if (base.len && base.buf[base.len - 1] == '}')
		base.buf[--base.len] = '\0';
	sb_add(out, base.buf ? base.buf : "{");
	sb_free(&base);
	sb_add(out, ",\"readings\":[");
	for (size_t i = 0; i < run->nreadings; i++) {
		const inspect_reading_row *r = &run->readings[i];
		sb_add(out, i ? ",{\"item\":" : "{\"item\":");
		sb_add_json(out, r->item);
		sb_add(out, ",\"value\":");
		sb_add_json(out, r->value);
		if (r->has_number)
			sb_addf(out, ",\"number\":%.10g", r->number);
		sb_addf(out, ",\"level\":\"%s\",\"remark\":", inspect_level_id(r->level));
		sb_add_json(out, r->remark);
		if (r->incident)
			sb_addf(out, ",\"incident\":\"INC-%" PRId64 "\"}", r->incident);
		else
			sb_add(out, ",\"incident\":null}");
	}
	sb_addf(out, "],\"locked\":%s}", run->locked ? "true" : "false");
	return OD_OK;
}
