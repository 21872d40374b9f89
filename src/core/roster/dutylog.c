/* The duty log: the only module whose SQL touches duty_log. */
#include "opsdesk/dutylog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/handover.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

/* A clock a little ahead of the server's is not "the future". */
enum { FUTURE_SLACK = 60 };

void dutylog_record_ref(const shift_slot *slot, char *buf, size_t len)
{
	snprintf(buf, len, "dutylog:%s/%s", slot->day, slot->shift->id);
}

const char *dutylog_category_name(const rules *r, const char *id)
{
	const rules_item *it =
		rules_item_find(r->duty_log.categories.v, r->duty_log.categories.n, id);
	return it ? it->name : id;
}

static od_status check_category(const rules *r, const char **category, od_error *err)
{
	size_t n = r->duty_log.categories.n;
	if (!*category) {
		*category = n ? r->duty_log.categories.v[0].id : "";
		return OD_OK;
	}
	if (rules_item_find(r->duty_log.categories.v, n, *category) || (!n && !**category))
		return OD_OK;
	strbuf known = {0};
	for (size_t i = 0; i < n; i++)
		sb_addf(&known, "%s%s", i ? ", " : "", r->duty_log.categories.v[i].id);
	od_fail(err, OD_INVALID, _("category: '%s' is not a duty log category (known: %s)"),
		*category, n ? known.buf : _("none; the rules define no duty_log.categories"));
	sb_free(&known);
	return OD_INVALID;
}

/* The entry corrected must exist: a correction of nothing is a mistake. */
static od_status check_corrects(od_db *db, int64_t corrects, od_error *err)
{
	if (!corrects)
		return OD_OK;
	sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM duty_log WHERE id = ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, corrects);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("corrects: there is no duty log entry %lld"),
			       (long long)corrects);
	return db_error(db, _("reading the duty log"), err);
}

static od_status insert(const od_ctx *ctx, const shift_slot *slot, time_t at,
			const char *category, const char *text, int64_t corrects, int64_t *id,
			od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO duty_log(day, shift, at, category, text, author, created,"
				   " corrects) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, slot->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, slot->shift->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)at);
	sqlite3_bind_text(st, 4, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, (int64_t)clock_now());
	if (corrects)
		sqlite3_bind_int64(st, 8, corrects);
	od_status s = db_step_done(ctx->db, st, err);
	if (s == OD_OK)
		*id = db_last_rowid(ctx->db);
	return s;
}

od_status dutylog_add(const od_ctx *ctx, const char *text, const char *category, time_t at,
		      int64_t corrects, int64_t *id, shift_slot *slot_out, od_error *err)
{
	od_status s;
	if ((s = text_check("text", text, DUTYLOG_TEXT_MAX, true, true, err)) != OD_OK ||
	    (s = check_category(ctx->rules, &category, err)) != OD_OK)
		return s;
	time_t now = clock_now();
	if (!at)
		at = now;
	char when[40];
	if (at > now + FUTURE_SLACK)
		return od_fail(err, OD_INVALID, _("at: %s is in the future; the duty log records what happened"),
			       clock_format(at, when, sizeof when));
	shift_slot slot;
	if (!roster_slot_at(ctx->rules, at, &slot))
		return od_fail(err, OD_INVALID, _("at: no shift of the rules covers %s"),
			       clock_format(at, when, sizeof when));
	if ((s = handover_require_on(ctx, &slot, "duty log entry", err)) != OD_OK ||
	    (s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	if ((s = check_corrects(ctx->db, corrects, err)) == OD_OK &&
	    (s = insert(ctx, &slot, at, category, text, corrects, id, err)) == OD_OK) {
		char ref[48];
		dutylog_record_ref(&slot, ref, sizeof ref);
		strbuf detail = {0};
		sb_addf(&detail, "{\"entry\":%lld,\"at\":%lld,\"category\":", (long long)*id,
			(long long)at);
		sb_add_json(&detail, category);
		sb_add(&detail, ",\"text\":");
		sb_add_json(&detail, text);
		sb_addf(&detail, ",\"corrects\":%lld}", (long long)corrects);
		char num[24], fixes[24];
		snprintf(num, sizeof num, "%lld", (long long)*id);
		snprintf(fixes, sizeof fixes, "%lld", (long long)corrects);
		clock_format(at, when, sizeof when);
		const journal_line line =
		    corrects ? (journal_line){"dutylog.correction", {num, when, category, fixes, text}, NULL}
			     : (journal_line){"dutylog.entry", {num, when, category, text}, NULL};
		s = journal_line_op(ctx, "dutylog.add", ref, "log", &line, NULL, NULL, NULL, detail.buf,
				    err);
		sb_free(&detail);
	}
	od_status e = db_end(ctx->db, s == OD_OK, err);
	if (s == OD_OK && e == OD_OK && slot_out)
		*slot_out = slot;
	return s != OD_OK ? s : e;
}

static void entry_read(sqlite3_stmt *st, void *item)
{
	dutylog_entry *e = item;
	e->id = sqlite3_column_int64(st, 0);
	snprintf(e->day, sizeof e->day, "%s", db_text(st, 1));
	e->shift = xstrdup(db_text(st, 2));
	e->at = (time_t)sqlite3_column_int64(st, 3);
	e->category = xstrdup(db_text(st, 4));
	e->text = xstrdup(db_text(st, 5));
	e->author = xstrdup(db_text(st, 6));
	e->created = (time_t)sqlite3_column_int64(st, 7);
	e->corrects = sqlite3_column_int64(st, 8);
}

static void entry_clear(void *item)
{
	dutylog_entry *e = item;
	free(e->shift);
	free(e->category);
	free(e->text);
	free(e->author);
}

void dutylog_entries_free(dutylog_entry *v, size_t n)
{
	db_items_free(v, n, sizeof *v, entry_clear);
}

od_status dutylog_list(od_db *db, const shift_slot *slot, dutylog_entry **out, size_t *n,
		       od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, day, shift, at, category, text, author, created,"
				   "       coalesce(corrects, 0)"
				   "  FROM duty_log WHERE day = ?1 AND shift = ?2 ORDER BY at, id",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, slot->day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, slot->shift->id, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, entry_read, entry_clear, (void **)out, n,
			  _("reading the duty log"), err);
}
