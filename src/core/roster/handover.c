/* Handover notes kept during a shift and the incoming person's
 * acknowledgement at shift change. */
#include "opsdesk/handover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/clock.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

void handover_record_ref(const shift_slot *slot, char *buf, size_t len)
{
	snprintf(buf, len, "handover:%s/%s", slot->day, slot->shift->id);
}

od_status handover_require_on(const od_ctx *ctx, const shift_slot *slot, const char *what,
			    od_error *err)
{
	od_status s = access_require_staff(ctx, err);
	if (s != OD_OK || roster_has(ctx->db, slot->day, slot->shift->id, ctx->login))
		return s;
	od_error ignored;
	if (access_require(ctx, "roster.manage", &ignored) == OD_OK)
		return OD_OK;
	return od_fail(err, OD_DENIED, _("%s: you are not on shift %s of %s (%s)"), what,
		       slot->shift->id, slot->day, slot->shift->name);
}

od_status handover_note_add(const od_ctx *ctx, const shift_slot *slot, const char *text,
			    const char *follow_up, time_t due, int64_t *id, od_error *err)
{
	od_status s;
	if ((s = text_check("note", text, HANDOVER_TEXT_MAX, true, true, err)) != OD_OK)
		return s;
	if (follow_up && *follow_up &&
	    (s = staff_require_active(ctx->db, "follow-up", follow_up, err)) != OD_OK)
		return s;
	if ((s = handover_require_on(ctx, slot, "handover note", err)) != OD_OK ||
	    (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	time_t now = clock_now();
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO handover_note(day, shift, author, at, text, follow_up, due)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
				   err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_text(st, 1, slot->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, slot->shift->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)now);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, follow_up ? follow_up : "", -1, SQLITE_STATIC);
	if (due)
		sqlite3_bind_int64(st, 7, (int64_t)due);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto done;
	*id = db_last_rowid(ctx->db);
	char ref[48];
	handover_record_ref(slot, ref, sizeof ref);
	strbuf detail = {0};
	sb_addf(&detail, "{\"note\":%lld,\"text\":", (long long)*id);
	sb_add_json(&detail, text);
	sb_add(&detail, ",\"follow_up\":");
	sb_add_json(&detail, follow_up ? follow_up : "");
	sb_addf(&detail, ",\"due\":%lld}", (long long)due);
	s = journal_record_op(ctx, "handover.note", ref, "note", text, NULL, detail.buf, err);
	sb_free(&detail);
done:;
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

static void note_read(sqlite3_stmt *st, void *item)
{
	handover_note *n = item;
	n->id = sqlite3_column_int64(st, 0);
	n->author = xstrdup(db_text(st, 1));
	n->at = (time_t)sqlite3_column_int64(st, 2);
	n->text = xstrdup(db_text(st, 3));
	n->follow_up = xstrdup(db_text(st, 4));
	n->due = (time_t)sqlite3_column_int64(st, 5);
}

static void note_clear(void *item)
{
	handover_note *n = item;
	free(n->author);
	free(n->text);
	free(n->follow_up);
}

void handover_notes_free(handover_note *v, size_t n)
{
	db_items_free(v, n, sizeof *v, note_clear);
}

od_status handover_notes(od_db *db, const shift_slot *slot, handover_note **out, size_t *n,
			 od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, author, at, text, follow_up, coalesce(due, 0)"
				   " FROM handover_note WHERE day = ?1 AND shift = ?2 ORDER BY id",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, slot->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, slot->shift->id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, note_read, note_clear, (void **)out, n,
			  "reading handover notes", err);
}

void handover_ack_clear(handover_ack *a)
{
	free(a->outgoing);
	free(a->incoming);
	memset(a, 0, sizeof *a);
}

od_status handover_ack_get(od_db *db, const shift_slot *slot, handover_ack *out, od_error *err)
{
	sqlite3_stmt *st = db_stmt(
		db, "SELECT outgoing, incoming, at FROM handover_ack WHERE day = ?1 AND shift = ?2", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, slot->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, slot->shift->id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->outgoing = xstrdup(db_text(st, 0));
		out->incoming = xstrdup(db_text(st, 1));
		out->at = (time_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("the handover of %s/%s is not acknowledged yet"),
			       slot->day, slot->shift->id);
	return db_error(db, _("reading a handover"), err);
}

od_status handover_acknowledge(const od_ctx *ctx, const shift_slot *slot, od_error *err)
{
	shift_slot next;
	if (!roster_slot_next(ctx->rules, slot->start, &next))
		return od_fail(err, OD_INVALID, _("no shift follows %s/%s"), slot->day, slot->shift->id);
	od_status s = handover_require_on(ctx, &next, "handover ack", err);
	if (s != OD_OK)
		return s;
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	handover_ack done = {0};
	char **out = NULL;
	size_t nout = 0;
	if (handover_ack_get(ctx->db, slot, &done, err) == OD_OK) {
		char when[32];
		s = od_fail(err, OD_CONFLICT, _("the handover of %s/%s was acknowledged by %s at %s"),
			    slot->day, slot->shift->id, done.incoming,
			    clock_format(done.at, when, sizeof when));
		goto end;
	}
	if ((s = roster_slot_people(ctx->db, slot, &out, &nout, err)) != OD_OK)
		goto end;
	/* acknowledging is the incoming side's word that it took the shift
	 * over: whoever hands over cannot give it for them */
	bool outgoing_me = false;
	for (size_t i = 0; i < nout; i++)
		outgoing_me |= strcmp(out[i], ctx->login) == 0;
	sqlite3_stmt *wrote = db_stmt(ctx->db,
				      "SELECT count(*) FROM handover_note"
				      " WHERE day = ?1 AND shift = ?2 AND author = ?3",
				      err);
	if (!wrote) {
		s = OD_DB;
		goto end;
	}
	sqlite3_bind_text(wrote, 1, slot->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(wrote, 2, slot->shift->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(wrote, 3, ctx->login, -1, SQLITE_STATIC);
	bool author = sqlite3_step(wrote) == SQLITE_ROW && sqlite3_column_int(wrote, 0) > 0;
	sqlite3_reset(wrote);
	if (author || outgoing_me) {
		s = od_fail(err, OD_DENIED,
			    author ? _("you wrote the handover notes of %s/%s: someone of the incoming "
				       "shift acknowledges them, not their author")
				   : _("you are on the shift %s/%s that hands over: someone of the "
				       "incoming shift acknowledges the handover"),
			    slot->day, slot->shift->id);
		goto end;
	}
	strbuf outgoing = {0};
	sb_add(&outgoing, "");
	for (size_t i = 0; i < nout; i++)
		sb_addf(&outgoing, "%s%s", i ? "," : "", out[i]);
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO handover_ack(day, shift, outgoing, incoming, at)"
				   " VALUES (?1, ?2, ?3, ?4, ?5)",
				   err);
	if (!st) {
		s = OD_DB;
	} else {
		sqlite3_bind_text(st, 1, slot->day, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, slot->shift->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, outgoing.buf, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, ctx->login, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (int64_t)clock_now());
		s = db_step_done(ctx->db, st, err);
	}
	if (s == OD_OK) {
		char ref[48];
		handover_record_ref(slot, ref, sizeof ref);
		const journal_line line = {"handover.ack", {outgoing.buf, ctx->login}, NULL};
		strbuf detail = {0};
		sb_add(&detail, "{\"outgoing\":");
		sb_add_json(&detail, outgoing.buf);
		sb_add(&detail, ",\"incoming\":");
		sb_add_json(&detail, ctx->login);
		sb_add(&detail, "}");
		s = journal_line_op(ctx, "handover.ack", ref, "ack", &line, NULL, NULL, NULL, detail.buf,
				    err);
		sb_free(&detail);
	}
	sb_free(&outgoing);
end:;
	od_status e = db_end(ctx->db, s == OD_OK, err);
	handover_ack_clear(&done);
	roster_logins_free(out, nout);
	return s != OD_OK ? s : e;
}
