/* Shift swap requests and their approval. The roster changes only when a
 * manager approves (or reassigns), in the same transaction as the
 * request's state, its journal entry and its audit entry. */
#include "opsdesk/swap.h"

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

void swap_record_ref(int64_t id, char *buf, size_t len)
{
	snprintf(buf, len, "swap:%lld", (long long)id);
}

static void request_read(sqlite3_stmt *st, void *item)
{
	swap_request *q = item;
	q->id = sqlite3_column_int64(st, 0);
	q->owner = xstrdup(db_text(st, 1));
	snprintf(q->day, sizeof q->day, "%s", db_text(st, 2));
	q->shift = xstrdup(db_text(st, 3));
	q->other = xstrdup(db_text(st, 4));
	snprintf(q->other_day, sizeof q->other_day, "%s", db_text(st, 5));
	q->other_shift = xstrdup(db_text(st, 6));
	q->reason = xstrdup(db_text(st, 7));
	q->state = xstrdup(db_text(st, 8));
	q->requested_by = xstrdup(db_text(st, 9));
	q->agreed_at = (time_t)sqlite3_column_int64(st, 10);
	q->decided_by = xstrdup(db_text(st, 11));
	q->decided_at = (time_t)sqlite3_column_int64(st, 12);
	q->comment = xstrdup(db_text(st, 13));
	q->version = sqlite3_column_int64(st, 14);
	q->created = (time_t)sqlite3_column_int64(st, 15);
}

void swap_request_clear(swap_request *q)
{
	free(q->owner);
	free(q->shift);
	free(q->other);
	free(q->other_shift);
	free(q->reason);
	free(q->state);
	free(q->requested_by);
	free(q->decided_by);
	free(q->comment);
	memset(q, 0, sizeof *q);
}

static void request_clear(void *item)
{
	swap_request_clear(item);
}

void swap_requests_free(swap_request *v, size_t n)
{
	db_items_free(v, n, sizeof *v, request_clear);
}

#define SWAP_COLUMNS                                                                              \
	"id, owner, day, shift, other, other_day, other_shift, reason, state, requested_by,"     \
	" coalesce(agreed_at, 0), decided_by, coalesce(decided_at, 0), comment, version, created"

od_status swap_get(od_db *db, int64_t id, swap_request *out, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT " SWAP_COLUMNS " FROM swap WHERE id = ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		request_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("no swap request %lld"), (long long)id);
	return db_error(db, _("reading a swap request"), err);
}

od_status swap_list(od_db *db, bool pending_only, swap_request **out, size_t *n, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT " SWAP_COLUMNS " FROM swap"
				   " WHERE ?1 = 0 OR state IN ('" SWAP_REQUESTED "', '" SWAP_AGREED "')"
				   " ORDER BY id DESC",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int(st, 1, pending_only);
	return db_collect(db, st, sizeof **out, request_read, request_clear, (void **)out, n,
			  "reading swap requests", err);
}

/* The request's journal and audit entry, with what it now stands at. */
static od_status journal_swap(const od_ctx *ctx, int64_t id, const char *op,
			      const journal_line *text, const char *state, const char *comment,
			      od_error *err)
{
	char ref[40];
	swap_record_ref(id, ref, sizeof ref);
	strbuf detail = {0};
	sb_addf(&detail, "{\"swap\":%lld,\"state\":", (long long)id);
	sb_add_json(&detail, state);
	sb_add(&detail, ",\"comment\":");
	sb_add_json(&detail, comment ? comment : "");
	sb_add(&detail, "}");
	od_status s = journal_line_op(ctx, op, ref, "swap", text, NULL, NULL, NULL, detail.buf, err);
	sb_free(&detail);
	return s;
}

static od_status check_shift_of(const od_ctx *ctx, const char *what, const char *day,
				const char *shift, const char *login, od_error *err)
{
	od_status s;
	if ((s = roster_day_valid(day, what, err)) != OD_OK)
		return s;
	if (!rules_shift_find(ctx->rules, shift))
		return od_fail(err, OD_INVALID, _("%s: '%s' is not a shift of the rules"), what, shift);
	if (!roster_has(ctx->db, day, shift, login))
		return od_fail(err, OD_INVALID, _("%s: %s is not on shift %s of %s"), what, login,
			       shift, day);
	return OD_OK;
}

/* Applies an approved request to the roster. */
static od_status apply_swap(const od_ctx *ctx, const swap_request *q, const char *op,
			    od_error *err)
{
	char reason[64];
	snprintf(reason, sizeof reason, "swap %lld", (long long)q->id);
	od_status s = roster_move(ctx, op, q->day, q->shift, q->owner, q->other, reason, err);
	if (s == OD_OK && q->other_day[0])
		s = roster_move(ctx, op, q->other_day, q->other_shift, q->other, q->owner, reason,
				err);
	if (s == OD_CONFLICT) {
		/* name the request in the refusal */
		od_error inner = *err;
		od_fail(err, OD_CONFLICT, _("swap %lld can no longer be applied: %s"),
			(long long)q->id, inner.msg);
	}
	return s;
}

/* The journal line of q: head ("swap.request") is the message, with
 * ".back" when a shift is given back and ".comment" when there is a
 * comment (the reason of a request always is); after the first args
 * (first of them) come "owner day/shift -> other" and the shift back. */
static journal_line describe(const swap_request *q, const char *head, const char *first,
			     const char *comment, char *msg, size_t len)
{
	bool back = q->other_day[0] != '\0', says = comment && *comment;
	bool request = strncmp(head, "swap.state", 10) != 0;
	snprintf(msg, len, "%s%s%s", head, back ? ".back" : "", says && !request ? ".comment" : "");
	journal_line l = {msg, {0}, NULL};
	size_t n = 0;
	if (first)
		l.args[n++] = first;
	l.args[n++] = q->owner;
	l.args[n++] = q->day;
	l.args[n++] = q->shift;
	l.args[n++] = q->other;
	if (back) {
		l.args[n++] = q->other;
		l.args[n++] = q->other_day;
		l.args[n++] = q->other_shift;
		l.args[n++] = q->owner;
	}
	if (says)
		l.args[n++] = comment;
	return l;
}

od_status swap_request_new(const od_ctx *ctx, const swap_ask *ask, int64_t *id, od_error *err)
{
	const char *owner = ask->owner ? ask->owner : ctx->login;
	bool on_behalf = strcmp(owner, ctx->login) != 0;
	bool gives_back = ask->other_day && *ask->other_day;
	od_status s;
	if (!ask->reason || !*ask->reason)
		return od_fail(err, OD_INVALID, _("reason: say why the shift should change hands"));
	if ((s = text_check("reason", ask->reason, ROSTER_REASON_MAX, false, true, err)) != OD_OK)
		return s;
	if (gives_back != (ask->other_shift && *ask->other_shift))
		return od_fail(err, OD_INVALID, _("the shift given back needs both its day and its shift"));
	s = on_behalf ? access_require(ctx, "roster.manage", err) : access_require_staff(ctx, err);
	if (s != OD_OK)
		return s;
	if (strcmp(owner, ask->other) == 0)
		return od_fail(err, OD_INVALID, _("with: %s cannot swap with themselves"), owner);
	if ((s = staff_require_active(ctx->db, "with", ask->other, err)) != OD_OK ||
	    (s = staff_require_active(ctx->db, "for", owner, err)) != OD_OK ||
	    (s = check_shift_of(ctx, "shift", ask->day, ask->shift, owner, err)) != OD_OK)
		return s;
	if (gives_back &&
	    (s = check_shift_of(ctx, "back", ask->other_day, ask->other_shift, ask->other, err)) != OD_OK)
		return s;
	if (roster_has(ctx->db, ask->day, ask->shift, ask->other))
		return od_fail(err, OD_INVALID, _("with: %s is already on shift %s of %s"), ask->other,
			       ask->shift, ask->day);
	if (leave_on(ctx->db, ask->other, ask->day))
		return od_fail(err, OD_INVALID, _("with: %s is on leave on %s"), ask->other, ask->day);
	if (gives_back && leave_on(ctx->db, owner, ask->other_day))
		return od_fail(err, OD_INVALID, _("back: %s is on leave on %s"), owner, ask->other_day);
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	time_t now = clock_now();
	const char *state = on_behalf ? SWAP_REASSIGNED : SWAP_REQUESTED;
	sqlite3_stmt *st = db_stmt(
		ctx->db,
		"INSERT INTO swap(owner, day, shift, other, other_day, other_shift, reason, state,"
		" requested_by, decided_by, decided_at, comment, created, updated, updated_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?13, ?12, ?12, ?9)",
		err);
	if (!st) {
		s = OD_DB;
		goto done;
	}
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ask->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ask->shift, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ask->other, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, gives_back ? ask->other_day : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, gives_back ? ask->other_shift : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ask->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, on_behalf ? ctx->login : "", -1, SQLITE_STATIC);
	if (on_behalf)
		sqlite3_bind_int64(st, 11, (int64_t)now);
	sqlite3_bind_int64(st, 12, (int64_t)now);
	sqlite3_bind_text(st, 13, on_behalf ? ask->reason : "", -1, SQLITE_STATIC);
	if ((s = db_step_done(ctx->db, st, err)) != OD_OK)
		goto done;
	*id = db_last_rowid(ctx->db);
	swap_request q;
	if ((s = swap_get(ctx->db, *id, &q, err)) != OD_OK)
		goto done;
	char msg[48];
	const journal_line text = describe(&q, on_behalf ? "swap.reassign" : "swap.request", NULL,
					   q.reason, msg, sizeof msg);
	s = journal_swap(ctx, *id, on_behalf ? "swap.reassign" : "swap.request", &text, state,
			 q.reason, err);
	if (s == OD_OK && on_behalf)
		s = apply_swap(ctx, &q, "swap.reassign", err);
	swap_request_clear(&q);
done:;
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}

/* Moves request id from one of the states in from to state, as op. */
static od_status advance(const od_ctx *ctx, const swap_request *q, const char *state,
			 const char *op, const char *comment, bool decision, od_error *err)
{
	sqlite3_stmt *st = db_stmt(
		ctx->db,
		"UPDATE swap SET state = ?2, version = version + 1, updated = ?3, updated_by = ?4,"
		" agreed_at = CASE WHEN ?5 THEN agreed_at ELSE ?3 END,"
		" decided_by = CASE WHEN ?5 THEN ?4 ELSE decided_by END,"
		" decided_at = CASE WHEN ?5 THEN ?3 ELSE decided_at END,"
		" comment = CASE WHEN ?5 THEN ?6 ELSE comment END"
		" WHERE id = ?1 AND version = ?7",
		err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, q->id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)clock_now());
	sqlite3_bind_text(st, 4, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, decision);
	sqlite3_bind_text(st, 6, comment ? comment : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, q->version);
	od_status s = db_step_done(ctx->db, st, err);
	if (s != OD_OK)
		return s;
	if (db_changes(ctx->db) != 1)
		return od_fail(err, OD_CONFLICT, _("swap %lld was changed meanwhile; look again"),
			       (long long)q->id);
	char msg[48];
	const journal_line text = describe(q, "swap.state", state, comment, msg, sizeof msg);
	s = journal_swap(ctx, q->id, op, &text, state, comment, err);
	return s;
}

static od_status not_pending(const swap_request *q, od_error *err)
{
	return od_fail(err, OD_CONFLICT, _("swap %lld is already %s (by %s)"), (long long)q->id,
		       swap_state_text(q->state), q->decided_by[0] ? q->decided_by : q->other);
}

od_status swap_answer(const od_ctx *ctx, int64_t id, bool agree, const char *comment,
		      od_error *err)
{
	od_status s;
	if (comment && (s = text_check("comment", comment, ROSTER_REASON_MAX, false, false, err)) != OD_OK)
		return s;
	if ((s = access_require_staff(ctx, err)) != OD_OK || (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	swap_request q = {0};
	if ((s = swap_get(ctx->db, id, &q, err)) != OD_OK)
		goto done;
	if (strcmp(q.other, ctx->login) != 0) {
		s = od_fail(err, OD_DENIED, _("swap %lld asks %s, not you, to take the shift"),
			    (long long)id, q.other);
		goto done;
	}
	if (strcmp(q.state, SWAP_REQUESTED) != 0) {
		s = not_pending(&q, err);
		goto done;
	}
	s = advance(ctx, &q, agree ? SWAP_AGREED : SWAP_DECLINED, agree ? "swap.agree" : "swap.decline",
		    comment, !agree, err);
done:;
	od_status e = db_end(ctx->db, s == OD_OK, err);
	swap_request_clear(&q);
	return s != OD_OK ? s : e;
}

od_status swap_decide(const od_ctx *ctx, int64_t id, bool approve, const char *comment,
		      od_error *err)
{
	od_status s;
	if (!comment || !*comment)
		return od_fail(err, OD_INVALID, _("comment: a decision needs a comment"));
	if ((s = text_check("comment", comment, ROSTER_REASON_MAX, false, true, err)) != OD_OK)
		return s;
	if ((s = access_require(ctx, "roster.approve", err)) != OD_OK ||
	    (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	swap_request q = {0};
	if ((s = swap_get(ctx->db, id, &q, err)) != OD_OK)
		goto done;
	if (strcmp(q.owner, ctx->login) == 0 || strcmp(q.other, ctx->login) == 0) {
		s = od_fail(err, OD_DENIED,
			    _("swap %lld involves you: another holder of roster.approve must decide it"),
			    (long long)id);
		goto done;
	}
	bool pending = strcmp(q.state, SWAP_REQUESTED) == 0 || strcmp(q.state, SWAP_AGREED) == 0;
	if (!pending) {
		s = not_pending(&q, err);
		goto done;
	}
	if (approve && strcmp(q.state, SWAP_AGREED) != 0) {
		s = od_fail(err, OD_CONFLICT, _("swap %lld waits for %s to agree before it can be approved"),
			    (long long)id, q.other);
		goto done;
	}
	s = advance(ctx, &q, approve ? SWAP_APPROVED : SWAP_REJECTED,
		    approve ? "swap.approve" : "swap.reject", comment, true, err);
	if (s == OD_OK && approve)
		s = apply_swap(ctx, &q, "swap.approve", err);
done:;
	od_status e = db_end(ctx->db, s == OD_OK, err);
	swap_request_clear(&q);
	return s != OD_OK ? s : e;
}

/* The states as people read them; the stored ids stay English. */
const char *swap_state_text(const char *state)
{
	static const char *const names[][2] = {
	    {SWAP_REQUESTED, N_("requested")}, {SWAP_AGREED, N_("agreed")},
	    {SWAP_APPROVED, N_("approved")},   {SWAP_REJECTED, N_("rejected")},
	    {SWAP_DECLINED, N_("declined")},   {SWAP_REASSIGNED, N_("reassigned")},
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(state, names[i][0]) == 0)
			return _(names[i][1]);
	return state;
}
