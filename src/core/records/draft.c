/* Drafts. They are the user's own unsaved typing, not records, so they are
 * neither journalled nor audited. */
#include "opsdesk/draft.h"

#include "opsdesk/clock.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

od_status draft_save(od_db *db, const char *login, const char *form, const char *data,
		     od_error *err)
{
	sqlite3_stmt *st = db_stmt(db,
				   "INSERT INTO draft(login, form, saved, data) VALUES (?1, ?2, ?3, ?4)"
				   " ON CONFLICT(login, form) DO UPDATE SET saved = excluded.saved,"
				   " data = excluded.data",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)clock_now());
	sqlite3_bind_text(st, 4, data, -1, SQLITE_STATIC);
	return db_step_done(db, st, err);
}

od_status draft_load(od_db *db, const char *login, const char *form, char **data, time_t *saved,
		     od_error *err)
{
	*data = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT data, saved FROM draft WHERE login = ?1 AND form = ?2",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*data = xstrdup(db_text(st, 0));
		*saved = (time_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("no draft"));
	return db_error(db, _("reading drafts"), err);
}

od_status draft_delete(od_db *db, const char *login, const char *form, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db, "DELETE FROM draft WHERE login = ?1 AND form = ?2", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
	return db_step_done(db, st, err);
}

od_status draft_first(od_db *db, const char *login, char **form, od_error *err)
{
	*form = NULL;
	sqlite3_stmt *st = db_stmt(db, "SELECT form FROM draft WHERE login = ?1 ORDER BY saved LIMIT 1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*form = xstrdup(db_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return OD_OK;
	if (rc == SQLITE_DONE)
		return od_fail(err, OD_NOT_FOUND, _("no draft"));
	return db_error(db, _("reading drafts"), err);
}
