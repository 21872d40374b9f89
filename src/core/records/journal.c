/* Record journals. */
#include "opsdesk/journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/audit.h"
#include "opsdesk/clock.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

od_status journal_record_op(const od_ctx *ctx, const char *op, const char *record,
			    const char *kind, const char *text, const char *data,
			    const char *detail, od_error *err)
{
	time_t now = clock_now();
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO journal(record, at, actor, kind, text, data)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, record, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)now);
	sqlite3_bind_text(st, 3, ctx->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, data ? data : "{}", -1, SQLITE_STATIC);
	od_status s = db_step_done(ctx->db, st, err);
	if (s != OD_OK)
		return s;
	return audit_append(ctx->db, now, ctx->login, op, record, detail, err);
}

static void entry_read(sqlite3_stmt *st, void *item)
{
	journal_entry *e = item;
	e->id = sqlite3_column_int64(st, 0);
	e->at = (time_t)sqlite3_column_int64(st, 1);
	e->actor = xstrdup(db_text(st, 2));
	e->kind = xstrdup(db_text(st, 3));
	e->text = xstrdup(db_text(st, 4));
	e->data = xstrdup(db_text(st, 5));
}

void journal_entry_clear(journal_entry *e)
{
	free(e->actor);
	free(e->kind);
	free(e->text);
	free(e->data);
	e->actor = e->kind = e->text = e->data = NULL;
}

static void entry_clear(void *item)
{
	journal_entry_clear(item);
}

void journal_entries_free(journal_entry *v, size_t n)
{
	db_items_free(v, n, sizeof *v, entry_clear);
}

od_status journal_list(od_db *db, const char *record, journal_entry **out, size_t *n,
		       od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, at, actor, kind, text, data FROM journal WHERE record = ?1"
				   " ORDER BY id",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, record, -1, SQLITE_STATIC);
	return db_collect(db, st, sizeof **out, entry_read, entry_clear, (void **)out, n,
			  _("reading the journal"), err);
}

od_status journal_last(od_db *db, const char *record, journal_entry *out, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, at, actor, kind, text, data FROM journal WHERE record = ?1"
				   " ORDER BY id DESC LIMIT 1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, record, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		entry_read(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("%s has no journal"), record);
	return db_error(db, _("reading the journal"), err);
}

/* --- entries by time, for reports ------------------------------------------ */

/* The records of one kind of reference ("INC-") are those from prefix to
 * prefix with its last character raised: a range on the record column, so
 * no pattern is matched against it. */
static void prefix_bounds(const char *prefix, char *lo, char *hi, size_t len)
{
	snprintf(lo, len, "%s", prefix);
	snprintf(hi, len, "%s", prefix);
	size_t n = strlen(hi);
	if (n)
		hi[n - 1]++;
}

static void window_read(sqlite3_stmt *st, void *item)
{
	journal_window_entry *e = item;
	e->id = sqlite3_column_int64(st, 0);
	e->at = (time_t)sqlite3_column_int64(st, 1);
	e->record = xstrdup(db_text(st, 2));
	e->actor = xstrdup(db_text(st, 3));
	e->text = xstrdup(db_text(st, 4));
	e->state = xstrdup(db_text(st, 5));
}

static void window_clear(void *item)
{
	journal_window_entry *e = item;
	free(e->record);
	free(e->actor);
	free(e->text);
	free(e->state);
}

void journal_window_free(journal_window_entry *v, size_t n)
{
	db_items_free(v, n, sizeof *v, window_clear);
}

od_status journal_window(od_db *db, const char *prefix, const char *kind, time_t from, time_t to,
			 int limit, journal_window_entry **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	/* walks journal_by_at over the window only */
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT id, at, record, actor, text,"
				   "       coalesce(json_extract(data, '$.state'), '')"
				   "  FROM journal WHERE at >= ?1 AND at < ?2 AND kind = ?3"
				   "   AND record >= ?4 AND record < ?5"
				   " ORDER BY at, id LIMIT ?6",
				   err);
	if (!st)
		return OD_DB;
	char lo[32], hi[32];
	prefix_bounds(prefix, lo, hi, sizeof lo);
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hi, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, limit > 0 ? limit : -1);
	return db_collect(db, st, sizeof **out, window_read, window_clear, (void **)out, n,
			  _("reading the journal"), err);
}

int64_t journal_window_count(od_db *db, const char *prefix, const char *kind, time_t from,
			     time_t to)
{
	sqlite3_stmt *st = db_stmt(db,
				   "SELECT count(*) FROM journal WHERE at >= ?1 AND at < ?2 AND kind = ?3"
				   "   AND record >= ?4 AND record < ?5",
				   NULL);
	if (!st)
		return 0;
	char lo[32], hi[32];
	prefix_bounds(prefix, lo, hi, sizeof lo);
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, hi, -1, SQLITE_TRANSIENT);
	int64_t count = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return count;
}
