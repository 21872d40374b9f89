/* Incidents. The workflow (states, transitions, who may take them, what
 * they require) comes from the rules; this file applies it. The SLA
 * standing (due and at-risk moments, the next escalation) is stored on the
 * row for the lists and recomputed from the journal after every change;
 * the lists read a page by walking an index in the order they show. */
#include "opsdesk/incident.h"

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
#include "opsdesk/escalate.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/record.h"
#include "opsdesk/roster.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

/* The columns incident_read expects, in its order. */
#define INCIDENT_SELECT_COLUMNS                                                              \
	"SELECT i.id, i.summary, i.description, i.reporter, i.department, i.contact,"       \
	"       i.channel, i.occurred, coalesce(a.tag, ''), i.category, i.impact, i.urgency," \
	"       i.priority, i.scope, i.expectation, i.state, i.open, i.assignee, i.cause,"   \
	"       i.resolution, i.recovery_test, i.review, i.response_due, i.resolution_due,"  \
	"       i.alert_source, i.alert_key, i.alert_count, i.version, i.created,"           \
	"       i.created_by, i.updated, i.updated_by, i.priority_rank"
#define INCIDENT_SELECT INCIDENT_SELECT_COLUMNS " FROM incident i LEFT JOIN asset a ON a.id = i.asset_id"

void incident_ref(int64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "INC-%" PRId64, id);
}

od_status incident_parse_ref(const char *ref, int64_t *id, od_error *err)
{
	const char *p = ref;
	if (strncasecmp(p, "INC-", 4) == 0)
		p += 4;
	text_num parsed = text_parse_int(p, 1, INT64_MAX, id);
	if (parsed == TEXT_NUM_RANGE)
		return od_fail(err, OD_USAGE, _("'%s' is not an incident reference: the number is out of range"),
			       ref);
	if (parsed != TEXT_NUM_OK)
		return od_fail(err, OD_USAGE, _("'%s' is not an incident reference (INC-12 or 12)"), ref);
	return OD_OK;
}

static void incident_read(sqlite3_stmt *st, void *item)
{
	incident *i = item;
	memset(i, 0, sizeof *i);
	i->id = sqlite3_column_int64(st, 0);
	char **texts[] = {&i->summary, &i->description, &i->reporter, &i->department, &i->contact,
			  &i->channel};
	for (int k = 0; k < 6; k++)
		*texts[k] = xstrdup(db_text(st, 1 + k));
	i->occurred = (time_t)sqlite3_column_int64(st, 7);
	char **more[] = {&i->ci,    &i->category,    &i->impact,   &i->urgency, &i->priority,
			 &i->scope, &i->expectation, &i->state};
	for (int k = 0; k < 8; k++)
		*more[k] = xstrdup(db_text(st, 8 + k));
	i->open = sqlite3_column_int(st, 16) != 0;
	char **done[] = {&i->assignee, &i->cause, &i->resolution, &i->recovery_test, &i->review};
	for (int k = 0; k < 5; k++)
		*done[k] = xstrdup(db_text(st, 17 + k));
	i->response_due = (time_t)sqlite3_column_int64(st, 22);
	i->resolution_due = (time_t)sqlite3_column_int64(st, 23);
	i->alert_source = xstrdup(db_text(st, 24));
	i->alert_key = xstrdup(db_text(st, 25));
	i->alert_count = sqlite3_column_int64(st, 26);
	i->version = sqlite3_column_int64(st, 27);
	i->created = (time_t)sqlite3_column_int64(st, 28);
	i->created_by = xstrdup(db_text(st, 29));
	i->updated = (time_t)sqlite3_column_int64(st, 30);
	i->updated_by = xstrdup(db_text(st, 31));
	i->rank = sqlite3_column_int(st, 32);
}

void incident_clear(incident *i)
{
	if (!i)
		return;
	char *all[] = {i->summary,  i->description, i->reporter, i->department,    i->contact,
		       i->channel,  i->ci,          i->category, i->impact,        i->urgency,
		       i->priority, i->scope,       i->expectation, i->state,      i->assignee,
		       i->cause,    i->resolution,  i->recovery_test, i->review,   i->alert_source,
		       i->alert_key, i->created_by, i->updated_by};
	for (size_t k = 0; k < sizeof all / sizeof *all; k++)
		free(all[k]);
	memset(i, 0, sizeof *i);
}

static void incident_clear_item(void *item)
{
	incident_clear(item);
}

void incident_list_free(incident *v, size_t n)
{
	db_items_free(v, n, sizeof *v, incident_clear_item);
}

od_status incident_get(od_db *db, int64_t id, incident *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, INCIDENT_SELECT " WHERE i.id = ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		incident_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("there is no incident INC-%lld"), (long long)id);
	return db_error(db, _("reading incidents"), err);
}

/* --- listing --------------------------------------------------------------------- */

/* A list is read a page at a time by walking an index in the order it
 * shows, so its cost is that of the page, whatever the size of the queue.
 * The query is assembled from fixed fragments for the filters in use (a
 * filter written "?N IS NULL OR ..." defeats every index); values are
 * always bound: ?2 state, ?3 priority, ?4 assignee, ?5 now, ?6 the FTS
 * phrase, ?7 a short term, ?10-?13 the keyset (rank, created, id, due),
 * ?14 the page size.
 *
 * A filter that a short list of rows satisfies (a rare search term, few
 * breaches) is cheaper driven from that list: at most CANDIDATES_MAX rows
 * are read and sorted. How many match is counted first, which the FTS
 * index and the SLA indexes answer cheaply, up to that bound. */
enum { CANDIDATES_MAX = 2000 };

/* A due time for ordering: none sorts last. */
#define DUE_KEY "coalesce(i.resolution_due, 9223372036854775807)"

typedef enum drive {
	DRIVE_ORDER,    /* walk the index of the sort order, filtering */
	DRIVE_MATCHES,  /* read the full-text matches, then sort them */
	DRIVE_BREACHED, /* read the breached (or at-risk) rows, then sort them */
} drive;

/* The SQL of one page: phase is 1 or 0 for the open or the closed part of
 * the queue order, -1 where the order does not split by open. */
static char *page_sql(const incident_filter *f, drive how, bool fts, bool short_term, int phase)
{
	strbuf sql = {0};
	sb_add(&sql, INCIDENT_SELECT_COLUMNS);
	if (how == DRIVE_MATCHES)
		sb_add(&sql, " FROM (SELECT rowid AS id FROM incident_text WHERE incident_text MATCH ?6) m"
			     " CROSS JOIN incident i ON i.id = m.id");
	else if (how == DRIVE_BREACHED)
		sb_addf(&sql, " FROM incident i INDEXED BY %s",
			f->breached ? "incident_sla_due" : "incident_sla_risk");
	else if (!f->include_closed && !f->state && !f->priority && !f->assignee &&
		 f->sort != INCIDENT_BY_QUEUE)
		/* the planner would take the queue's index for open = 1 and sort */
		sb_add(&sql, f->sort == INCIDENT_BY_NEWEST ? " FROM incident i INDEXED BY incident_open_newest"
							     : " FROM incident i INDEXED BY incident_open_by_due");
	else
		sb_add(&sql, " FROM incident i");
	sb_add(&sql, " LEFT JOIN asset a ON a.id = i.asset_id WHERE 1");
	if (phase >= 0)
		sb_add(&sql, phase ? " AND i.open = 1" : " AND i.open = 0");
	else if (!f->include_closed)
		sb_add(&sql, " AND i.open = 1");
	if (f->state)
		sb_add(&sql, " AND i.state = ?2");
	if (f->priority)
		sb_add(&sql, " AND i.priority = ?3");
	if (f->assignee)
		sb_add(&sql, " AND i.assignee = ?4");
	if (f->breached)
		sb_add(&sql, " AND i.sla_due <= ?5");
	else if (f->attention)
		sb_add(&sql, " AND i.sla_risk <= ?5");
	if (fts && how != DRIVE_MATCHES)
		sb_add(&sql, " AND EXISTS (SELECT 1 FROM incident_text"
			     " WHERE incident_text MATCH ?6 AND rowid = i.id)");
	if (short_term)
		sb_add(&sql, " AND (instr(lower(i.summary), ?7) OR instr(lower(i.description), ?7)"
			     " OR instr(lower((SELECT journal FROM incident_text WHERE rowid = i.id)), ?7))");
	switch (f->sort) {
	case INCIDENT_BY_QUEUE:
		/* the keyset applies in the phase it was taken in; a later
		 * phase starts from its beginning */
		if (f->after && (phase < 0 || phase == f->after_open))
			sb_add(&sql, " AND (i.priority_rank, i.created, i.id) > (?10, ?11, ?12)");
		sb_add(&sql, " ORDER BY i.priority_rank, i.created, i.id");
		break;
	case INCIDENT_BY_NEWEST:
		if (f->after)
			sb_add(&sql, " AND (i.created, i.id) < (?11, ?12)");
		sb_add(&sql, " ORDER BY i.created DESC, i.id DESC");
		break;
	case INCIDENT_BY_DUE:
		if (f->after)
			/* written so that the due index can seek to the key */
			sb_add(&sql, " AND " DUE_KEY " >= ?13 AND (" DUE_KEY " > ?13 OR i.id > ?12)");
		sb_add(&sql, " ORDER BY " DUE_KEY ", i.id");
		break;
	}
	sb_add(&sql, " LIMIT ?14");
	return sb_take(&sql);
}

/* How many rows the first query of sql finds, counting at most limit. */
static int64_t count_upto(od_db *db, const char *sql, const char *text, time_t now, int limit)
{
	sqlite3_stmt *st = db_stmt(db, sql, NULL);
	if (!st)
		return limit;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, (int64_t)now);
	sqlite3_bind_int(st, 2, limit);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : limit;
	sqlite3_reset(st);
	return n;
}

/* The cheaper way to the page (see above). */
static drive choose_drive(od_db *db, const incident_filter *f, const char *phrase)
{
	if (phrase && count_upto(db,
				 "SELECT count(*) FROM (SELECT 1 FROM incident_text"
				 " WHERE incident_text MATCH ?1 LIMIT ?2)",
				 phrase, 0, CANDIDATES_MAX + 1) <= CANDIDATES_MAX)
		return DRIVE_MATCHES;
	if (f->breached && count_upto(db,
				      "SELECT count(*) FROM (SELECT 1 FROM incident"
				      " WHERE sla_due <= ?1 LIMIT ?2)",
				      NULL, f->now, CANDIDATES_MAX + 1) <= CANDIDATES_MAX)
		return DRIVE_BREACHED;
	if (!f->breached && f->attention &&
	    count_upto(db,
		       "SELECT count(*) FROM (SELECT 1 FROM incident WHERE sla_risk <= ?1 LIMIT ?2)",
		       NULL, f->now, CANDIDATES_MAX + 1) <= CANDIDATES_MAX)
		return DRIVE_BREACHED;
	return DRIVE_ORDER;
}

/* ASCII letters match in either case, as in the full-text index. */
static char *fold_ascii(const char *text)
{
	char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* Appends up to limit rows of one page query to *out. */
static od_status read_page(od_db *db, const incident_filter *f, const char *sql,
			   const char *phrase, const char *term, int64_t limit, incident **out,
			   size_t *n, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db, sql, err);
	if (!st)
		return OD_DB;
	if (f->state)
		sqlite3_bind_text(st, 2, f->state, -1, SQLITE_STATIC);
	if (f->priority)
		sqlite3_bind_text(st, 3, f->priority, -1, SQLITE_STATIC);
	if (f->assignee)
		sqlite3_bind_text(st, 4, f->assignee, -1, SQLITE_STATIC);
	if (f->breached || f->attention)
		sqlite3_bind_int64(st, 5, (int64_t)f->now);
	if (phrase)
		sqlite3_bind_text(st, 6, phrase, -1, SQLITE_STATIC);
	if (term)
		sqlite3_bind_text(st, 7, term, -1, SQLITE_STATIC);
	if (f->after) {
		sqlite3_bind_int(st, 10, f->after_rank);
		sqlite3_bind_int64(st, 11, (int64_t)f->after_created);
		sqlite3_bind_int64(st, 12, f->after_id);
		sqlite3_bind_int64(st, 13, (int64_t)f->after_due);
	}
	sqlite3_bind_int64(st, 14, limit);
	incident *v;
	size_t got;
	od_status s = db_collect(db, st, sizeof *v, incident_read, incident_clear_item,
				 (void **)&v, &got, _("reading incidents"), err);
	if (s != OD_OK)
		return s;
	if (got) {
		*out = xrealloc(*out, (*n + got) * sizeof **out);
		memcpy(*out + *n, v, got * sizeof *v);
		*n += got;
	}
	free(v);
	return OD_OK;
}

void incident_filter_after(incident_filter *f, const incident *inc)
{
	f->after = true;
	f->after_open = inc->open;
	f->after_created = inc->created;
	f->after_id = inc->id;
	f->after_due = inc->resolution_due ? inc->resolution_due : (time_t)INT64_MAX;
	f->after_rank = inc->rank;
}

od_status incident_list(od_db *db, const incident_filter *f, incident **out, size_t *n,
			od_error *err)
{
	*out = NULL;
	*n = 0;
	char *phrase = NULL, *term = NULL;
	if (f->search && *f->search) {
		if (!record_search_is_short(f->search))
			phrase = record_fts_phrase(f->search);
		else
			term = fold_ascii(f->search);
	}
	drive how = choose_drive(db, f, phrase);
	/* The queue shows the open incidents before the closed ones: two
	 * walks of the same index, the open part first. */
	int phases[2] = {-1, -1}, nphases = 1;
	if (f->sort == INCIDENT_BY_QUEUE) {
		nphases = 0;
		if (!f->after || f->after_open)
			phases[nphases++] = 1;
		if (f->include_closed)
			phases[nphases++] = 0;
	}
	int64_t limit = f->limit > 0 ? f->limit : -1;
	od_status s = OD_OK;
	for (int k = 0; k < nphases && s == OD_OK; k++) {
		int64_t left = limit < 0 ? -1 : limit - (int64_t)*n;
		if (left == 0)
			break;
		char *sql = page_sql(f, how, phrase != NULL, term != NULL, phases[k]);
		s = read_page(db, f, sql, phrase, term, left, out, n, err);
		free(sql);
	}
	if (s != OD_OK) {
		incident_list_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	free(phrase);
	free(term);
	return s;
}

/* --- checking values -------------------------------------------------------- */

static const rules_workflow *workflow(const rules *r)
{
	return &r->workflows.incident;
}

static const rules_priority *priority_find(const rules *r, const char *id)
{
	for (size_t k = 0; id && k < r->priorities.n; k++)
		if (strcmp(r->priorities.v[k].id, id) == 0)
			return &r->priorities.v[k];
	return NULL;
}

static int priority_rank(const rules *r, const char *id)
{
	const rules_priority *p = priority_find(r, id);
	return p ? (int)(p - r->priorities.v) : (int)r->priorities.n;
}

/* A value from one of the rules' plain lists; the message lists the ids. */
/* An item of a rules list (channel, category, impact, urgency), as the
 * declaration checks it (required: none is not an item). */
static od_status check_item(const od_ctx *ctx, const char *field, const char *value,
			    od_error *err)
{
	return record_check_value(ctx, record_field_find(&incident_kind, field), value, err);
}

/* The asset with this tag: its id, or 0 for "" (none). */
static od_status find_asset(od_db *db, const char *tag, int64_t *id, od_error *err)
{
	return asset_id_of(db, "ci", tag, id, err);
}

typedef struct text_rule {
	const char *field;
	size_t max;
	bool multiline, required;
} text_rule;

static od_status check_texts(const incident_fields *f, bool creating, od_error *err)
{
	const struct {
		const char *value;
		text_rule rule;
	} texts[] = {
		{f->summary, {"summary", INCIDENT_SUMMARY_MAX, false, true}},
		{f->description, {"description", INCIDENT_TEXT_MAX, true, false}},
		{f->reporter, {"reporter", INCIDENT_SHORT_MAX, false, true}},
		{f->department, {"department", INCIDENT_SHORT_MAX, false, false}},
		{f->contact, {"contact", INCIDENT_SHORT_MAX, false, false}},
		{f->scope, {"scope", INCIDENT_TEXT_MAX, true, false}},
		{f->expectation, {"expectation", INCIDENT_TEXT_MAX, true, false}},
	};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		if (!texts[k].value && !(creating && k == 0))
			continue;
		text_rule r = texts[k].rule;
		od_status s = text_check(r.field, texts[k].value, r.max, r.multiline, r.required, err);
		if (s != OD_OK)
			return s;
	}
	return OD_OK;
}

static od_status check_fields(const od_ctx *ctx, const incident_fields *f, bool creating,
			      od_error *err)
{
	od_status s = check_texts(f, creating, err);
	if (s == OD_OK && f->channel)
		s = check_item(ctx, "channel", f->channel, err);
	if (s == OD_OK && f->category)
		s = check_item(ctx, "category", f->category, err);
	if (s == OD_OK && f->impact)
		s = check_item(ctx, "impact", f->impact, err);
	if (s == OD_OK && f->urgency)
		s = check_item(ctx, "urgency", f->urgency, err);
	if (s == OD_OK && f->occurred) {
		time_t t;
		od_error why; /* not err itself: its message is formatted into err */
		if (clock_parse(f->occurred, &t, &why) != OD_OK)
			return od_fail(err, OD_INVALID, _("occurred: %s"), why.msg);
		if (t > clock_now() + 300)
			return od_fail(err, OD_INVALID, _("occurred: '%s' is in the future"), f->occurred);
	}
	return s;
}

/* --- the SLA clocks ---------------------------------------------------------- */

od_status incident_sla(od_db *db, const rules *r, const incident *inc, time_t now,
		       sla_result *out, od_error *err)
{
	char ref[32];
	incident_ref(inc->id, ref, sizeof ref);
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT at, kind, json_extract(data, '$.state'),"
				   "       json_extract(data, '$.priority')"
				   "  FROM journal WHERE record = ?1 ORDER BY id",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	size_t n = 0, cap = 16;
	sla_event *ev = xmalloc(cap * sizeof *ev);
	char **owned = xmalloc(cap * 2 * sizeof *owned);
	size_t nowned = 0;
	const char *initial = workflow(r)->initial.id;
	bool responded = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n + 3 > cap) {
			cap *= 2;
			ev = xrealloc(ev, cap * sizeof *ev);
			owned = xrealloc(owned, cap * 2 * sizeof *owned);
		}
		time_t at = (time_t)sqlite3_column_int64(st, 0);
		bool created = strcmp(db_text(st, 1), "created") == 0;
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			char *state = owned[nowned++] = xstrdup(db_text(st, 2));
			ev[n++] = (sla_event){at, created ? SLA_CREATED : SLA_STATE, state};
			/* the first step out of the initial state is the first response */
			if (!created && !responded && strcmp(state, initial) != 0) {
				ev[n++] = (sla_event){at, SLA_RESPONDED, NULL};
				responded = true;
			}
		}
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			ev[n++] = (sla_event){at, SLA_PRIORITY, owned[nowned++] = xstrdup(db_text(st, 3))};
	}
	sqlite3_reset(st);
	od_status s = sla_compute(r, workflow(r), ev, n, now, out, err);
	for (size_t k = 0; k < nowned; k++)
		free(owned[k]);
	free(owned);
	free(ev);
	return s;
}

/* The running clock that comes first by when(c), or 0 when none runs. */
static time_t earliest(const sla_result *sla, bool risk)
{
	time_t first = 0;
	const sla_clock *clocks[] = {&sla->response, &sla->resolution};
	for (int k = 0; k < 2; k++) {
		const sla_clock *c = clocks[k];
		time_t t = risk ? c->risk : c->due;
		if (c->stopped || c->paused || t <= 0)
			continue;
		if (!first || t < first)
			first = t;
	}
	return first;
}

/* 0 is "not running"; a negative moment is a calendar's "never". */
static void bind_time_or_null(sqlite3_stmt *st, int k, time_t t)
{
	if (t > 0)
		sqlite3_bind_int64(st, k, (int64_t)t);
	else
		sqlite3_bind_null(st, k);
}

/* tolerant: a history the rules cannot compute (a priority or state they
 * no longer have) stores no standing instead of failing, so one such
 * incident does not stop the others being brought up to date. */
static od_status store_standing(const od_ctx *ctx, int64_t id, bool tolerant, od_error *err)
{
	incident inc;
	od_status s = incident_get(ctx->db, id, &inc, err);
	if (s != OD_OK)
		return s;
	sla_result sla;
	time_t next = 0;
	s = incident_sla(ctx->db, ctx->rules, &inc, clock_now(), &sla, err);
	if (s == OD_OK && inc.open)
		s = escalate_next(ctx->db, ctx->rules, id, &sla, &next, err);
	incident_clear(&inc);
	if (tolerant && (s == OD_INVALID || s == OD_CONFIG)) {
		memset(&sla, 0, sizeof sla);
		sla.response.stopped = sla.resolution.stopped = 1;
		next = 0;
		s = OD_OK;
	}
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "UPDATE incident SET response_due = ?2, resolution_due = ?3,"
				   "  sla_due = ?4, sla_risk = ?5, escalate_at = ?6 WHERE id = ?1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	const sla_clock *clocks[] = {&sla.response, &sla.resolution};
	for (int k = 0; k < 2; k++)
		bind_time_or_null(st, 2 + k,
				  clocks[k]->stopped || clocks[k]->paused ? 0 : clocks[k]->due);
	bind_time_or_null(st, 4, earliest(&sla, false));
	bind_time_or_null(st, 5, earliest(&sla, true));
	bind_time_or_null(st, 6, next);
	return db_step_done(ctx->db, st, err);
}

od_status incident_sla_store(const od_ctx *ctx, int64_t id, od_error *err)
{
	return store_standing(ctx, id, false, err);
}

/* The fingerprint of the rules the stored standing was computed with. */
static char *stored_fingerprint(od_db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = 'sla_rules'", NULL);
	char *v = st && sqlite3_step(st) == SQLITE_ROW ? xstrdup(db_text(st, 0)) : NULL;
	if (st)
		sqlite3_reset(st);
	return v;
}

static bool standing_current(od_db *db, const char *want)
{
	char *have = stored_fingerprint(db);
	bool same = have && strcmp(have, want) == 0;
	free(have);
	return same;
}

/* Recomputes every open incident, a batch of ids at a time, each batch in
 * its own transaction so other sessions wait for a batch, not for all. */
static od_status restore_all(const od_ctx *ctx, od_error *err)
{
	enum { BATCH = 500 };
	int64_t after = 0, ids[BATCH];
	for (;;) {
		sqlite3_stmt *st = db_stmt(ctx->db,
					   "SELECT id FROM incident WHERE open = 1 AND id > ?1"
					   " ORDER BY id LIMIT ?2",
					   err);
		if (!st)
			return OD_DB;
		sqlite3_bind_int64(st, 1, after);
		sqlite3_bind_int(st, 2, BATCH);
		size_t n = 0;
		while (n < BATCH && sqlite3_step(st) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		od_status s = db_begin(ctx->db, err);
		if (s != OD_OK)
			return s;
		for (size_t k = 0; k < n && s == OD_OK; k++)
			s = store_standing(ctx, ids[k], true, err);
		od_status end = db_end(ctx->db, s == OD_OK, err);
		if (s != OD_OK || end != OD_OK)
			return s != OD_OK ? s : end;
		if (n < BATCH)
			return OD_OK;
		after = ids[n - 1];
	}
}

od_status incident_sla_refresh(const od_ctx *ctx, bool *refreshed, od_error *err)
{
	if (refreshed)
		*refreshed = false;
	char want[SLA_FINGERPRINT_LEN];
	sla_fingerprint(ctx->rules, workflow(ctx->rules), want);
	if (standing_current(ctx->db, want))
		return OD_OK;
	/* the fingerprint is written last: a run stopped half-way leaves it
	 * as it was, and the next command starts again */
	od_status s = restore_all(ctx, err);
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO meta(key, value) VALUES ('sla_rules', ?1)"
				   " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
				   err);
	if (!st)
		s = OD_DB;
	else {
		sqlite3_bind_text(st, 1, want, -1, SQLITE_STATIC);
		s = db_step_done(ctx->db, st, err);
	}
	od_status end = db_end(ctx->db, s == OD_OK, err);
	if (s == OD_OK && end == OD_OK && refreshed)
		*refreshed = true;
	return s != OD_OK ? s : end;
}

od_status incident_standing_counts(od_db *db, time_t now, incident_counts *out, od_error *err)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM incident WHERE open = 1",
		"SELECT count(*) FROM incident WHERE sla_risk <= ?1",
		"SELECT count(*) FROM incident WHERE sla_due <= ?1",
	};
	int64_t v[3];
	for (int k = 0; k < 3; k++) {
		sqlite3_stmt *st = db_stmt(db, sql[k], err);
		if (!st)
			return OD_DB;
		if (k)
			sqlite3_bind_int64(st, 1, (int64_t)now);
		int rc = sqlite3_step(st);
		v[k] = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return db_error(db, _("counting incidents"), err);
	}
	out->open = v[0];
	out->breached = v[2];
	/* each count reads its index alone; a breached clock was at risk
	 * first, so the difference is the at risk (never below 0, even for
	 * rows of an upgrade not yet given their at-risk moment) */
	out->at_risk = v[1] > v[2] ? v[1] - v[2] : 0;
	return OD_OK;
}

/* --- writing ------------------------------------------------------------------- */

/* Appends text to the incident's searchable journal. */
static od_status index_journal(const od_ctx *ctx, int64_t id, const char *text, od_error *err)
{
	if (!text || !*text)
		return OD_OK;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "UPDATE incident_text SET journal = journal || char(10) || ?2"
				   " WHERE rowid = ?1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	return db_step_done(ctx->db, st, err);
}

static const char *or_default(const char *value, const rules_ref *def, const rules_item *items,
			      size_t n)
{
	if (value)
		return value;
	if (def->id)
		return def->id;
	return n ? items[0].id : "";
}

static od_status insert_incident(const od_ctx *ctx, const incident_fields *f, int64_t *id,
				 od_error *err)
{
	const rules *r = ctx->rules;
	const char *impact = f->impact ? f->impact : r->defaults.impact.id;
	const char *urgency = f->urgency ? f->urgency : r->defaults.urgency.id;
	const char *channel = or_default(f->channel, &r->defaults.channel, r->channels.v, r->channels.n);
	const char *category =
		or_default(f->category, &r->defaults.category, r->categories.v, r->categories.n);
	const rules_priority *prio = rules_priority_for(r, impact, urgency);
	const char *initial = workflow(r)->initial.id;
	time_t now = clock_now(), occurred = now;
	if (f->occurred)
		clock_parse(f->occurred, &occurred, NULL);
	int64_t asset_id = 0;
	od_status s = find_asset(ctx->db, f->ci ? f->ci : "", &asset_id, err);
	if (s != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(
		ctx->db,
		"INSERT INTO incident(summary, description, reporter, department, contact, channel,"
		"  occurred, asset_id, category, impact, urgency, priority, priority_rank, scope,"
		"  expectation, state, open, created, created_by, updated, updated_by,"
		"  alert_source, alert_key, alert_count)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1,"
		"  ?17, ?18, ?17, ?18, ?19, ?20, ?21)",
		err);
	if (!st)
		return OD_DB;
	const char *texts[] = {f->summary, f->description ? f->description : "",
			       f->reporter ? f->reporter : ctx->login,
			       f->department ? f->department : "", f->contact ? f->contact : "",
			       channel};
	for (int k = 0; k < 6; k++)
		sqlite3_bind_text(st, 1 + k, texts[k], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (int64_t)occurred);
	if (asset_id)
		sqlite3_bind_int64(st, 8, asset_id);
	sqlite3_bind_text(st, 9, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, impact, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, urgency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, prio->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 13, priority_rank(r, prio->id));
	sqlite3_bind_text(st, 14, f->scope ? f->scope : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 15, f->expectation ? f->expectation : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 16, initial, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 17, (int64_t)now);
	sqlite3_bind_text(st, 18, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 19, f->alert_source ? f->alert_source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 20, f->alert_key ? f->alert_key : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 21, f->alert_key && *f->alert_key ? 1 : 0);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		return s;
	*id = db_last_rowid(ctx->db);
	/* the rules may give a new incident to the on-duty holder of a role */
	char *duty = roster_duty_assignee(ctx->db, r, category, now);
	char assigned[128] = "";
	snprintf(assigned, sizeof assigned, "%s", duty ? duty : "");
	free(duty);
	if (*assigned) {
		sqlite3_stmt *up = db_stmt(ctx->db, "UPDATE incident SET assignee = ?2 WHERE id = ?1", err);
		if (!up)
			return OD_DB;
		sqlite3_bind_int64(up, 1, *id);
		sqlite3_bind_text(up, 2, assigned, -1, SQLITE_STATIC);
		if ((s = db_step_done(ctx->db, up, err)) != OD_OK)
			return s;
	}

	sqlite3_stmt *fts = db_stmt(ctx->db,
				    "INSERT INTO incident_text(rowid, summary, description, journal)"
				    " VALUES (?1, ?2, ?3, '')",
				    err);
	if (!fts)
		return OD_DB;
	sqlite3_bind_int64(fts, 1, *id);
	sqlite3_bind_text(fts, 2, f->summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(fts, 3, f->description ? f->description : "", -1, SQLITE_STATIC);
	if ((s = db_step_done(ctx->db, fts, err)) != OD_OK)
		return s;

	char ref[32];
	incident_ref(*id, ref, sizeof ref);
	strbuf data = {0}, detail = {0};
	sb_add(&data, "{\"state\":");
	sb_add_json(&data, initial);
	sb_add(&data, ",\"priority\":");
	sb_add_json(&data, prio->id);
	sb_add(&data, "}");
	sb_add(&detail, "{\"summary\":");
	sb_add_json(&detail, f->summary);
	sb_add(&detail, ",\"priority\":");
	sb_add_json(&detail, prio->id);
	sb_add(&detail, ",\"category\":");
	sb_add_json(&detail, category);
	sb_add(&detail, ",\"assignee\":");
	sb_add_json(&detail, assigned);
	/* every field it starts with, so audit verify --deep can replay it */
	const char *keys[] = {"description", "reporter", "department", "contact", "channel"};
	for (int k = 0; k < 5; k++) {
		sb_addf(&detail, ",\"%s\":", keys[k]);
		sb_add_json(&detail, texts[k + 1]);
	}
	const char *started[][2] = {{"impact", impact},
				 {"urgency", urgency},
				 {"scope", f->scope ? f->scope : ""},
				 {"expectation", f->expectation ? f->expectation : ""},
				 {"ci", asset_id && f->ci ? f->ci : ""},
				 {"state", initial}};
	for (int k = 0; k < 6; k++) {
		sb_addf(&detail, ",\"%s\":", started[k][0]);
		sb_add_json(&detail, started[k][1]);
	}
	sb_add(&detail, "}");
	const journal_line line = {*assigned ? "incident.recorded.assigned" : "incident.recorded",
				   {f->summary, prio->id, prio->name, assigned},
				   NULL};
	s = journal_line_op(ctx, "incident.new", ref, "created", &line, NULL, NULL, data.buf,
			    detail.buf, err);
	sb_free(&data);
	sb_free(&detail);
	if (s == OD_OK)
		s = incident_sla_store(ctx, *id, err);
	return s;
}

od_status incident_create(const od_ctx *ctx, const incident_fields *f, int64_t *id, od_error *err)
{
	od_status s = access_require_staff(ctx, err);
	if (s == OD_OK)
		s = check_fields(ctx, f, true, err);
	if (s == OD_OK && f->reporter && *f->reporter == '\0')
		s = od_fail(err, OD_INVALID, _("reporter: must not be empty"));
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	s = insert_incident(ctx, f, id, err);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

/* --- the declaration and the workflow ------------------------------------------- */

static const rules_item *channels(const rules *r, size_t *n)
{
	*n = r->channels.n;
	return r->channels.v;
}

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

static const rules_item *urgencies(const rules *r, size_t *n)
{
	*n = r->urgency.n;
	return r->urgency.v;
}

/* Intake and edit keep their own code (the priority from impact and
 * urgency, the SLA clocks): incident_create and incident_edit. What a
 * transition may set, and everything shown, is read from here. */
static const record_field incident_fields_declared[] = {
	{"summary", NULL, N_("summary"), RT_TEXT, RW_NEW | RW_EDIT | RW_LIST | RW_SHOW | RW_FORM, true, 0, INCIDENT_SUMMARY_MAX, NULL},
	{"description", NULL, N_("description"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, INCIDENT_TEXT_MAX, NULL},
	{"reporter", NULL, N_("reporter"), RT_TEXT, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, INCIDENT_SHORT_MAX, NULL},
	{"department", NULL, N_("department"), RT_TEXT, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, INCIDENT_SHORT_MAX, NULL},
	{"contact", NULL, N_("contact"), RT_TEXT, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, INCIDENT_SHORT_MAX, NULL},
	{"channel", NULL, N_("channel"), RT_ITEM, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, true, 0, 0, channels},
	{"occurred", NULL, N_("occurred"), RT_TIME, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, 0, NULL},
	{"assignee", NULL, N_("assignee"), RT_LOGIN, RW_SET | RW_LIST | RW_SHOW, false, 0, 0, NULL},
	{"category", NULL, N_("category"), RT_ITEM, RW_ALL, true, 0, 0, categories},
	{"ci", "asset_id", N_("CI"), RT_CI, RW_ALL, false, 0, 0, NULL},
	{"impact", NULL, N_("impact"), RT_ITEM, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, true, 0, 0, impacts},
	{"urgency", NULL, N_("urgency"), RT_ITEM, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, true, 0, 0, urgencies},
	{"priority", NULL, N_("priority"), RT_TEXT, RW_LIST | RW_SHOW, false, 0, 0, NULL},
	{"scope", NULL, N_("scope"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, INCIDENT_TEXT_MAX, NULL},
	{"expectation", NULL, N_("expectation"), RT_LONG, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, INCIDENT_TEXT_MAX, NULL},
	{"cause", NULL, N_("cause"), RT_LONG, RW_SET | RW_SHOW | RW_FORM, false, 0, INCIDENT_TEXT_MAX, NULL},
	{"resolution", NULL, N_("resolution"), RT_LONG, RW_SET | RW_SHOW | RW_FORM, false, 0, INCIDENT_TEXT_MAX, NULL},
	{"recovery_test", NULL, N_("recovery test"), RT_LONG, RW_SET | RW_SHOW | RW_FORM, false, 0, INCIDENT_TEXT_MAX, NULL},
	{"review", NULL, N_("review"), RT_LONG, RW_SET | RW_SHOW | RW_FORM, false, 0, INCIDENT_TEXT_MAX, NULL},
	{"alert_source", NULL, N_("alert source"), RT_TEXT, RW_SHOW, false, 0, 0, NULL},
	{"alert_key", NULL, N_("alert key"), RT_TEXT, RW_SHOW, false, 0, 0, NULL},
};

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* A major incident's priority adds the transition's requires_if_major. */
static od_status major_requires(const od_ctx *ctx, const record *rec, const rules_transition *t,
				const char *note, const record_set *sets, size_t nsets,
				od_error *err)
{
	const char *prio_id = record_value(rec, "priority");
	const rules_priority *prio = priority_find(ctx->rules, prio_id);
	if (!prio || !prio->major)
		return OD_OK;
	for (size_t k = 0; k < t->requires_if_major.n; k++) {
		const char *field = t->requires_if_major.v[k].id;
		const char *v = NULL;
		if (strcmp(field, "note") == 0)
			v = note;
		for (size_t j = 0; j < nsets && !v; j++)
			if (strcmp(sets[j].field, field) == 0)
				v = sets[j].value;
		if (blank(v) && blank(record_value(rec, field)))
			return od_fail(err, OD_INVALID,
				       _("%s: required by '%s' (%s) for a major incident (%s)"), field,
				       t->id, t->name, prio_id);
	}
	return OD_OK;
}

/* Every change reaches the incident's own search index and moves its SLA
 * standing. */
static od_status after_incident_change(const od_ctx *ctx, int64_t id, const char *op,
				       const char *text, od_error *err)
{
	(void)op;
	od_status s = index_journal(ctx, id, text, err);
	return s != OD_OK ? s : incident_sla_store(ctx, id, err);
}

const record_kind incident_kind = {
	.name = "incident",
	.prefix = "INC",
	.table = "incident",
	.noun = N_("incident"),
	.plural = N_("incidents"),
	.fields = incident_fields_declared,
	.nfields = sizeof incident_fields_declared / sizeof incident_fields_declared[0],
	.title_field = "summary",
	.assignee_field = "assignee",
	.own_search = true,
	.may_transition = major_requires,
	.after_change = after_incident_change,
};

size_t incident_actions(const od_ctx *ctx, const incident *inc, const rules_transition **out,
			size_t max)
{
	record rec;
	if (record_get(ctx->db, &incident_kind, inc->id, &rec, NULL) != OD_OK)
		return 0;
	size_t n = record_actions(ctx, &rec, out, max);
	record_clear(&rec);
	return n;
}

const char *incident_state_name(const rules *r, const char *id)
{
	return record_state_name(r, &incident_kind, id);
}

const char *incident_field_value(const incident *inc, const char *field)
{
	if (strcmp(field, "assignee") == 0) return inc->assignee;
	if (strcmp(field, "category") == 0) return inc->category;
	if (strcmp(field, "ci") == 0) return inc->ci;
	if (strcmp(field, "cause") == 0) return inc->cause;
	if (strcmp(field, "resolution") == 0) return inc->resolution;
	if (strcmp(field, "recovery_test") == 0) return inc->recovery_test;
	if (strcmp(field, "review") == 0) return inc->review;
	return "";
}

static od_status stale(const od_ctx *ctx, const incident *inc, int64_t expected, od_error *err)
{
	char ref[32];
	incident_ref(inc->id, ref, sizeof ref);
	return record_refuse_stale(ctx, ref, inc->updated_by, inc->updated, expected, inc->version,
				   err);
}

/* Loads the incident for a change, refusing a stale version. */
static od_status load_for_change(const od_ctx *ctx, int64_t id, int64_t expected, incident *inc,
				 od_error *err)
{
	od_status s = incident_get(ctx->db, id, inc, err);
	if (s != OD_OK)
		return s;
	if (expected > inc->version)
		return od_fail(err, OD_INVALID, _("expected version: INC-%lld is at version %lld"),
			       (long long)id, (long long)inc->version);
	if (expected > 0 && expected != inc->version)
		return stale(ctx, inc, expected, err);
	return OD_OK;
}

od_status incident_transition(const od_ctx *ctx, int64_t id, const char *transition,
			      const char *note, const incident_set *sets, size_t nsets,
			      int64_t expected_version, od_error *err)
{
	return record_transition(ctx, &incident_kind, id, transition, note, sets, nsets,
				 expected_version, err);
}

od_status incident_comment(const od_ctx *ctx, int64_t id, const char *text, od_error *err)
{
	return record_comment(ctx, &incident_kind, id, text, err);
}

static od_status apply_edit(const od_ctx *ctx, const incident *inc, const incident_fields *f,
			    od_error *err)
{
	const rules *r = ctx->rules;
#define KEEP(field) (f->field ? f->field : inc->field)
	const char *impact = KEEP(impact), *urgency = KEEP(urgency);
	const rules_priority *prio = rules_priority_for(r, impact, urgency);
	time_t occurred = inc->occurred;
	if (f->occurred)
		clock_parse(f->occurred, &occurred, NULL);
	int64_t asset_id = 0;
	od_status s = find_asset(ctx->db, KEEP(ci), &asset_id, err);
	if (s != OD_OK)
		return s;
	changes c = {0};
	changes_add(&c, "summary", inc->summary, KEEP(summary));
	changes_add(&c, "description", inc->description, KEEP(description));
	changes_add(&c, "reporter", inc->reporter, KEEP(reporter));
	changes_add(&c, "department", inc->department, KEEP(department));
	changes_add(&c, "contact", inc->contact, KEEP(contact));
	changes_add(&c, "channel", inc->channel, KEEP(channel));
	char was[32], now_text[32];
	changes_add(&c, "occurred", clock_format(inc->occurred, was, sizeof was),
		    clock_format(occurred, now_text, sizeof now_text));
	changes_add(&c, "ci", inc->ci, KEEP(ci));
	changes_add(&c, "category", inc->category, KEEP(category));
	changes_add(&c, "impact", inc->impact, impact);
	changes_add(&c, "urgency", inc->urgency, urgency);
	changes_add(&c, "priority", inc->priority, prio->id);
	changes_add(&c, "scope", inc->scope, KEEP(scope));
	changes_add(&c, "expectation", inc->expectation, KEEP(expectation));
	if (!changes_any(&c)) {
		changes_free(&c);
		return OD_OK; /* nothing to save writes nothing */
	}
	sqlite3_stmt *st = db_stmt(
		ctx->db,
		"UPDATE incident SET summary = ?2, description = ?3, reporter = ?4, department = ?5,"
		"  contact = ?6, channel = ?7, occurred = ?8, asset_id = ?9, category = ?10,"
		"  impact = ?11, urgency = ?12, priority = ?13, priority_rank = ?14, scope = ?15,"
		"  expectation = ?16, version = version + 1, updated = ?17, updated_by = ?18"
		" WHERE id = ?1 AND version = ?19",
		err);
	if (!st) {
		changes_free(&c);
		return OD_DB;
	}
	const char *texts[] = {KEEP(summary), KEEP(description), KEEP(reporter),
			       KEEP(department), KEEP(contact), KEEP(channel)};
	sqlite3_bind_int64(st, 1, inc->id);
	for (int k = 0; k < 6; k++)
		sqlite3_bind_text(st, 2 + k, texts[k], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (int64_t)occurred);
	if (asset_id)
		sqlite3_bind_int64(st, 9, asset_id);
	sqlite3_bind_text(st, 10, KEEP(category), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, impact, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, urgency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, prio->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 14, priority_rank(r, prio->id));
	sqlite3_bind_text(st, 15, KEEP(scope), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 16, KEEP(expectation), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 17, (int64_t)clock_now());
	sqlite3_bind_text(st, 18, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 19, inc->version);
	s = db_step_done(ctx->db, st, err);

	sqlite3_stmt *fts = s == OD_OK ? db_stmt(ctx->db,
						 "UPDATE incident_text SET summary = ?2, description = ?3"
						 " WHERE rowid = ?1",
						 err)
				       : NULL;
	if (s == OD_OK && !fts)
		s = OD_DB;
	if (s == OD_OK) {
		sqlite3_bind_int64(fts, 1, inc->id);
		sqlite3_bind_text(fts, 2, KEEP(summary), -1, SQLITE_STATIC);
		sqlite3_bind_text(fts, 3, KEEP(description), -1, SQLITE_STATIC);
		s = db_step_done(ctx->db, fts, err);
	}
	if (s == OD_OK) {
		char ref[32];
		incident_ref(inc->id, ref, sizeof ref);
		/* a new priority is data the SLA clocks read back */
		strbuf data = {0};
		if (strcmp(prio->id, inc->priority) != 0) {
			sb_add(&data, "{\"priority\":");
			sb_add_json(&data, prio->id);
			sb_add(&data, "}");
		}
		s = journal_changes_op(ctx, "incident.edit", ref, "changed", "incident", &c, data.buf,
				       changes_json(&c), err);
		sb_free(&data);
	}
	if (s == OD_OK)
		s = incident_sla_store(ctx, inc->id, err);
	changes_free(&c);
	return s;
#undef KEEP
}

/* Whether the edit changes what the priority and the clocks come from. */
static bool regrades(const incident *inc, const incident_fields *f)
{
	return (f->impact && strcmp(f->impact, inc->impact) != 0) ||
	       (f->urgency && strcmp(f->urgency, inc->urgency) != 0) ||
	       (f->category && strcmp(f->category, inc->category) != 0);
}

/* A regrade moves the SLA clocks, so it needs the rules' incident.regrade
 * permission; rules written before it existed give it to the manager role. */
static od_status require_regrade(const od_ctx *ctx, od_error *err)
{
	if (rules_permission_find(ctx->rules, "incident.regrade"))
		return access_require(ctx, "incident.regrade", err);
	const rules_role *manager = rules_manager_role(ctx->rules);
	staff_member me = {0};
	od_status s = staff_get(ctx->db, ctx->login, &me, err);
	if (s == OD_OK && !(manager && staff_has_role(&me, manager->id)))
		s = od_fail(err, OD_DENIED,
			    _("'incident.regrade' (changing impact, urgency or category) is not "
			      "permitted for you: the rules do not name it, so only the %s may"),
			    manager ? manager->name : _("manager"));
	staff_member_clear(&me);
	return s;
}

od_status incident_edit(const od_ctx *ctx, int64_t id, int64_t expected_version,
			const incident_fields *f, od_error *err)
{
	od_status s = access_require_staff(ctx, err);
	if (s == OD_OK)
		s = check_fields(ctx, f, false, err);
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	incident inc = {0};
	s = load_for_change(ctx, id, expected_version, &inc, err);
	if (s == OD_OK && !inc.open)
		s = od_fail(err, OD_DENIED, _("INC-%lld is %s: a closed incident is not edited"),
			    (long long)id, incident_state_name(ctx->rules, inc.state));
	if (s == OD_OK && regrades(&inc, f))
		s = require_regrade(ctx, err);
	if (s == OD_OK)
		s = apply_edit(ctx, &inc, f, err);
	incident_clear(&inc);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

/* --- windows of time, for reports ---------------------------------------------- */

/* The rows of st (?1, ?2 the window, ?3 the limit; NULL: failed to prepare). */
static od_status read_window(od_db *db, sqlite3_stmt *st, time_t from, time_t to, int limit,
			     incident **out, size_t *n, od_error *err)
{
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
	return db_collect(db, st, sizeof **out, incident_read, incident_clear_item, (void **)out, n,
			  _("reading incidents"), err);
}

od_status incident_created_between(od_db *db, time_t from, time_t to, int limit, incident **out,
				   size_t *n, od_error *err)
{
	/* walks incident_by_created over the window */
	sqlite3_stmt *st = db_stmt(db,
				   INCIDENT_SELECT " WHERE i.created >= ?1 AND i.created < ?2"
				   " ORDER BY i.created, i.id LIMIT ?3",
				   err);
	return read_window(db, st, from, to, limit, out, n, err);
}

int64_t incident_count_created_between(od_db *db, time_t from, time_t to)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT count(*) FROM incident WHERE created >= ?1 AND created < ?2",
				   NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	int64_t count = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return count;
}

od_status incident_due_between(od_db *db, time_t from, time_t to, int limit, incident **out,
			       size_t *n, od_error *err)
{
	/* walks incident_open_by_due: open ones whose resolution falls due in
	 * the window (the key of the due order, as the queue sorts by it) */
	sqlite3_stmt *st = db_stmt(db,
				   INCIDENT_SELECT_COLUMNS
				   " FROM incident i INDEXED BY incident_open_by_due"
				   " LEFT JOIN asset a ON a.id = i.asset_id"
				   " WHERE i.open = 1 AND " DUE_KEY " >= ?1"
				   "   AND " DUE_KEY " < ?2 ORDER BY " DUE_KEY ", i.id LIMIT ?3",
				   err);
	return read_window(db, st, from, to, limit, out, n, err);
}

od_status incident_each_created(od_db *db, time_t from, time_t to,
				od_status (*fn)(const incident *inc, void *arg), void *arg,
				od_error *err)
{
	/* one row at a time, so memory does not grow with the window; fn may
	 * use other statements, never this one */
	sqlite3_stmt *st = db_stmt(db,
				   INCIDENT_SELECT " WHERE i.created >= ?1 AND i.created < ?2"
				   " ORDER BY i.created, i.id",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	od_status s = OD_OK;
	int rc;
	while (s == OD_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		incident inc;
		incident_read(st, &inc);
		s = fn(&inc, arg);
		incident_clear(&inc);
	}
	if (s == OD_OK && rc != SQLITE_DONE)
		s = db_error(db, _("reading incidents"), err);
	sqlite3_reset(st);
	return s;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

od_status incident_groups_between(od_db *db, const char *by, time_t from, time_t to, int min,
				  const char *skip, int limit, incident_group **out, size_t *n,
				  od_error *err)
{
	*out = NULL;
	*n = 0;
	/* the window through incident_by_created, grouped in a temporary
	 * b-tree of the window's rows only */
	static const char *const by_ci =
		"SELECT a.tag, group_concat(w.id) FROM"
		" (SELECT i.id, i.asset_id FROM incident i INDEXED BY incident_by_created"
		"  WHERE i.created >= ?1 AND i.created < ?2 AND i.asset_id IS NOT NULL"
		"  AND i.state NOT IN (SELECT value FROM json_each(?3))) w"
		" JOIN asset a ON a.id = w.asset_id"
		" GROUP BY w.asset_id HAVING count(*) >= ?4 ORDER BY count(*) DESC, a.tag LIMIT ?5";
	static const char *const by_category =
		"SELECT w.category, group_concat(w.id) FROM"
		" (SELECT i.id, i.category FROM incident i INDEXED BY incident_by_created"
		"  WHERE i.created >= ?1 AND i.created < ?2"
		"  AND i.state NOT IN (SELECT value FROM json_each(?3))) w"
		" GROUP BY w.category HAVING count(*) >= ?4 ORDER BY count(*) DESC, w.category LIMIT ?5";
	sqlite3_stmt *st = db_stmt(db, strcmp(by, "ci") == 0 ? by_ci : by_category, err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_text(st, 3, skip ? skip : "[]", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, min);
	sqlite3_bind_int(st, 5, limit);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		incident_group *g = &(*out)[(*n)++];
		g->key = xstrdup((const char *)sqlite3_column_text(st, 0));
		const char *list = (const char *)sqlite3_column_text(st, 1);
		size_t count = 1;
		for (const char *c = list; *c; c++)
			count += *c == ',';
		g->ids = xcalloc(count, sizeof *g->ids);
		g->n = 0;
		for (const char *c = list; *c;) {
			char *end;
			g->ids[g->n++] = strtoll(c, &end, 10);
			c = *end == ',' ? end + 1 : end;
		}
		qsort(g->ids, g->n, sizeof *g->ids, by_id); /* ids are in the order recorded */
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		incident_groups_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(db, _("grouping incidents"), err);
	}
	return OD_OK;
}

void incident_groups_free(incident_group *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].ids);
	}
	free(v);
}
