/* The implementation plan of a change as steps, each recorded as done
 * with its actual start and end, any deviation and its result. Owns
 * change_step; every write is journalled and audited on the change
 * through record_note_op, in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static void step_read(sqlite3_stmt *st, void *item)
{
	change_step *v = item;
	v->seq = sqlite3_column_int(st, 0);
	v->text = xstrdup(db_text(st, 1));
	v->started = (time_t)sqlite3_column_int64(st, 2);
	v->ended = (time_t)sqlite3_column_int64(st, 3);
	v->deviation = xstrdup(db_text(st, 4));
	v->result = xstrdup(db_text(st, 5));
	v->done_by = xstrdup(db_text(st, 6));
}

static void step_clear(void *item)
{
	change_step *v = item;
	free(v->text);
	free(v->deviation);
	free(v->result);
	free(v->done_by);
}

od_status change_steps(od_db *db, int64_t id, change_step **out, size_t *n, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT seq, text, started, ended, deviation, result, done_by"
				   " FROM change_step WHERE change_id = ?1 ORDER BY seq",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	void *v;
	od_status s = db_collect(db, st, sizeof(change_step), step_read, step_clear, &v, n,
				 "change_step", err);
	*out = s == OD_OK ? v : NULL;
	return s;
}

void change_steps_free(change_step *v, size_t n)
{
	db_items_free(v, n, sizeof *v, step_clear);
}

/* Opens the transaction and reads the change, which must be open. */
static od_status begin(const od_ctx *ctx, int64_t id, record *rec, od_error *err)
{
	od_status s = db_begin(ctx->db, err);
	if (s != OD_OK)
		return s;
	if ((s = record_get(ctx->db, &change_kind, id, rec, err)) != OD_OK) {
		db_end(ctx->db, false, NULL);
		return s;
	}
	if (!rec->open) {
		char ref[32];
		record_ref(&change_kind, id, ref, sizeof ref);
		s = od_fail(err, OD_CONFLICT, _("%s is %s: its steps no longer change"), ref,
			    record_state_name(ctx->rules, &change_kind, rec->state));
		record_clear(rec);
		db_end(ctx->db, false, NULL);
	}
	return s;
}

static od_status end(const od_ctx *ctx, record *rec, od_status s, od_error *err)
{
	record_clear(rec);
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

od_status change_step_add(const od_ctx *ctx, int64_t id, const char *text, int *seq,
			  od_error *err)
{
	if (!text || !text[0])
		return od_fail(err, OD_INVALID, _("step: say what the step does"));
	od_status s = text_check("step", text, CHANGE_STEP_MAX, true, true, err);
	if (s != OD_OK)
		return s;
	record rec;
	if ((s = begin(ctx, id, &rec, err)) != OD_OK)
		return s;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT coalesce(max(seq), 0) + 1 FROM change_step WHERE change_id = ?1",
				   err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	*seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
	sqlite3_reset(st);
	st = db_stmt(ctx->db,
				   "INSERT INTO change_step(change_id, seq, text) VALUES (?1, ?2, ?3)", err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, *seq);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto done;
	char *line = xasprintf("step %d: %s", *seq, text);
	strbuf data = {0};
	sb_addf(&data, "{\"step\":%d,\"text\":", *seq);
	sb_add_json(&data, text);
	sb_add(&data, "}");
	s = record_note_op(ctx, &rec, "step_add", "step", line, data.buf, data.buf, err);
	free(line);
	sb_free(&data);
done:
	return end(ctx, &rec, s, err);
}

od_status change_step_done(const od_ctx *ctx, int64_t id, int seq, time_t started, time_t ended,
			   const char *deviation, const char *result, od_error *err)
{
	od_status s;
	if ((deviation &&
	     (s = text_check("deviation", deviation, CHANGE_STEP_MAX, true, false, err)) != OD_OK) ||
	    (result && (s = text_check("result", result, CHANGE_STEP_MAX, true, false, err)) != OD_OK))
		return s;
	if (!started || !ended)
		return od_fail(err, OD_INVALID, _("start: a step done needs its actual start and end"));
	if (ended < started)
		return od_fail(err, OD_INVALID, _("end: the step ends before it starts"));
	record rec;
	if ((s = begin(ctx, id, &rec, err)) != OD_OK)
		return s;
	const rules_role *manager = rules_manager_role(ctx->rules);
	bool allowed = strcmp(ctx->login, record_value(&rec, "implementer")) == 0;
	if (!allowed && manager) {
		staff_member me;
		if (staff_get(ctx->db, ctx->login, &me, NULL) == OD_OK) {
			allowed = me.active && staff_has_role(&me, manager->id);
			staff_member_clear(&me);
		}
	}
	char ref[32];
	record_ref(&change_kind, id, ref, sizeof ref);
	if (!allowed) {
		s = od_fail(err, OD_DENIED, _("only the implementer of %s (%s) or the %s records its steps"),
			    ref, record_value(&rec, "implementer"), manager ? manager->id : "manager");
		goto done;
	}
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "UPDATE change_step SET started = ?3, ended = ?4, deviation = ?5,"
				   " result = ?6, done_by = ?7, done_at = ?8"
				   " WHERE change_id = ?1 AND seq = ?2",
				   err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, seq);
	sqlite3_bind_int64(st, 3, (int64_t)started);
	sqlite3_bind_int64(st, 4, (int64_t)ended);
	sqlite3_bind_text(st, 5, deviation ? deviation : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, result ? result : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (int64_t)clock_now());
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto done;
	if (db_changes(ctx->db) != 1) {
		s = od_fail(err, OD_NOT_FOUND, _("step: %s has no step %d"), ref, seq);
		goto done;
	}
	char a[32], b[32];
	strbuf line = {0}, data = {0};
	sb_addf(&line, "step %d done %s - %s", seq, clock_format(started, a, sizeof a),
		clock_format(ended, b, sizeof b));
	if (deviation && deviation[0])
		sb_addf(&line, "; deviation: %s", deviation);
	if (result && result[0])
		sb_addf(&line, "; result: %s", result);
	sb_addf(&data, "{\"step\":%d,\"started\":\"%s\",\"ended\":\"%s\",\"deviation\":", seq,
		clock_format_iso(started, a, sizeof a), clock_format_iso(ended, b, sizeof b));
	sb_add_json(&data, deviation ? deviation : "");
	sb_add(&data, ",\"result\":");
	sb_add_json(&data, result ? result : "");
	sb_add(&data, "}");
	s = record_note_op(ctx, &rec, "step_done", "step", line.buf, data.buf, data.buf, err);
	sb_free(&line);
	sb_free(&data);
done:
	return end(ctx, &rec, s, err);
}
