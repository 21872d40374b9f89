/* Satisfaction ratings of closed incidents and service requests (see
 * rating.h). The rating is kind-independent: the record is read and
 * journalled through the record mechanism. Owns the rating table. */
#include "opsdesk/rating.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/record.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

void rating_clear(rating *r)
{
	if (!r)
		return;
	free(r->ref);
	free(r->kind);
	free(r->note);
	free(r->by);
	free(r->via);
	memset(r, 0, sizeof *r);
}

void rating_list_free(rating *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rating_clear(&v[i]);
	free(v);
}

static void read_row(sqlite3_stmt *st, rating *r)
{
	r->ref = xstrdup(db_text(st, 0));
	r->kind = xstrdup(db_text(st, 1));
	r->score = sqlite3_column_int(st, 2);
	r->note = xstrdup(db_text(st, 3));
	r->by = xstrdup(db_text(st, 4));
	r->via = xstrdup(db_text(st, 5));
	r->at = (time_t)sqlite3_column_int64(st, 6);
}

#define COLUMNS "ref, kind, score, note, by, via, at"

od_status rating_get(od_db *db, const char *ref, rating *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(db, "SELECT " COLUMNS " FROM rating WHERE ref = ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("%s has no satisfaction rating"), ref);
	return db_error(db, "rating", err);
}

/* The operator the rules allow, or the reporter the record names: a
 * reporter need not be on the staff list, only log in as themselves. */
static od_status may_rate(const od_ctx *ctx, const record *rec, const char **via, od_error *err)
{
	const char *reporter = record_value(rec, "reporter");
	if (!*reporter)
		reporter = record_value(rec, "requester");
	if (*reporter && strcmp(reporter, ctx->login) == 0) {
		*via = "reporter";
		return OD_OK;
	}
	*via = "operator";
	od_status s = access_require(ctx, "satisfaction.record", err);
	if (s == OD_DENIED) {
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		return od_fail(err, OD_DENIED, _("%s (or be its reporter, %s)"), msg,
			       *reporter ? reporter : _("none recorded"));
	}
	return s;
}

od_status rating_add(const od_ctx *ctx, const char *ref, int score, const char *note,
		     od_error *err)
{
	const record_kind *k = NULL;
	int64_t id = 0;
	od_status s = record_parse_ref(ref, &k, &id, err);
	if (s != OD_OK)
		return s;
	if (!k)
		return od_fail(err, OD_INVALID, _("'%s' is not a reference such as INC-3 or REQ-5"), ref);
	if (strcmp(k->name, "incident") != 0 && strcmp(k->name, "request") != 0)
		return od_fail(err, OD_INVALID,
			       _("%s: only incidents and service requests are rated"), ref);
	if (score < 1 || score > 5)
		return od_fail(err, OD_INVALID, _("score: %d is not from 1 to 5"), score);
	if (!note)
		note = "";
	if ((s = text_check("note", note, RATING_NOTE_MAX, true, false, err)) != OD_OK)
		return s;
	char canon[48];
	record_ref(k, id, canon, sizeof canon);
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	record rec = {0};
	rating old = {0};
	const char *via = "operator";
	s = record_get(ctx->db, k, id, &rec, err);
	if (s == OD_OK && rec.open)
		s = od_fail(err, OD_INVALID,
			    _("%s is not closed yet (%s): satisfaction is asked after closure"), canon,
			    record_state_name(ctx->rules, k, rec.state));
	if (s == OD_OK)
		s = may_rate(ctx, &rec, &via, err);
	if (s == OD_OK) {
		od_status g = rating_get(ctx->db, canon, &old, err);
		char at[40];
		if (g == OD_OK)
			s = od_fail(err, OD_CONFLICT, _("%s was rated %d already, by %s at %s"), canon,
				    old.score, old.by, clock_format(old.at, at, sizeof at));
		else if (g != OD_NOT_FOUND)
			s = g;
	}
	sqlite3_stmt *st = NULL;
	if (s == OD_OK &&
	    !(st = db_stmt(ctx->db,
			   "INSERT INTO rating(ref, kind, rid, score, note, by, via, at)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			   err)))
		s = OD_DB;
	if (s == OD_OK) {
		sqlite3_bind_text(st, 1, canon, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, k->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, id);
		sqlite3_bind_int(st, 4, score);
		sqlite3_bind_text(st, 5, note, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, ctx->login, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, via, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8, (int64_t)clock_now());
		s = db_step_done(ctx->db, st, err);
	}
	if (s == OD_OK) {
		char *text = *note ? xasprintf(_("Satisfaction: %d of 5 (%s)\n%s"), score,
					       strcmp(via, "reporter") == 0 ? _("by the reporter")
									    : _("after the follow-up call"),
					       note)
				   : xasprintf(_("Satisfaction: %d of 5 (%s)"), score,
					       strcmp(via, "reporter") == 0 ? _("by the reporter")
									    : _("after the follow-up call"));
		strbuf data = {0}, detail = {0};
		sb_addf(&data, "{\"score\":%d,\"via\":", score);
		sb_add_json(&data, via);
		sb_add(&data, "}");
		sb_addf(&detail, "{\"score\":%d,\"via\":", score);
		sb_add_json(&detail, via);
		sb_add(&detail, ",\"note\":");
		sb_add_json(&detail, note);
		sb_add(&detail, "}");
		s = record_note_op(ctx, &rec, "rate", "rating", text, data.buf, detail.buf, err);
		free(text);
		sb_free(&data);
		sb_free(&detail);
	}
	rating_clear(&old);
	record_clear(&rec);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

od_status rating_summarize(od_db *db, const char *kind, time_t from, time_t to,
			   rating_summary *out, od_error *err)
{
	memset(out, 0, sizeof *out);
	/* walks rating_by_kind_at over the window: at most five rows out */
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT score, count(*) FROM rating"
				   " WHERE kind = ?1 AND at >= ?2 AND at < ?3 GROUP BY score",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (int64_t)from);
	sqlite3_bind_int64(st, 3, (int64_t)to);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int score = sqlite3_column_int(st, 0);
		int64_t n = sqlite3_column_int64(st, 1);
		if (score >= 1 && score <= 5)
			out->by_score[score] += n;
		out->count += n;
		out->sum += n * score;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OD_OK : db_error(db, "rating", err);
}

od_status rating_low(od_db *db, time_t from, time_t to, size_t max, rating **out, size_t *n,
		     int64_t *more, od_error *err)
{
	*out = NULL;
	*n = 0;
	*more = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT " COLUMNS " FROM rating"
				   " WHERE at >= ?1 AND at < ?2 AND score <= 2 ORDER BY at, ref",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	rating *v = NULL;
	size_t count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count >= max) {
			(*more)++;
			continue;
		}
		v = xrealloc(v, (count + 1) * sizeof *v);
		memset(&v[count], 0, sizeof *v);
		read_row(st, &v[count++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rating_list_free(v, count);
		return db_error(db, "rating", err);
	}
	*out = v;
	*n = count;
	return OD_OK;
}

od_status rating_json(od_db *db, const char *ref, strbuf *out, od_error *err)
{
	rating r;
	od_status s = rating_get(db, ref, &r, err);
	if (s == OD_NOT_FOUND) {
		sb_add(out, ",\"rating\":null");
		return OD_OK;
	}
	if (s != OD_OK)
		return s;
	char at[40];
	sb_addf(out, ",\"rating\":{\"score\":%d,\"note\":", r.score);
	sb_add_json(out, r.note);
	sb_add(out, ",\"by\":");
	sb_add_json(out, r.by);
	sb_add(out, ",\"via\":");
	sb_add_json(out, r.via);
	sb_add(out, ",\"at\":");
	sb_add_json(out, clock_format_iso(r.at, at, sizeof at));
	sb_add(out, "}");
	rating_clear(&r);
	return OD_OK;
}
