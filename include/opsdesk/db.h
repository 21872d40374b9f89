/* The one SQLite file: opening it safely, forward schema migrations keyed on
 * PRAGMA user_version, prepared statements kept for reuse, and write
 * transactions that begin IMMEDIATE and nest. All SQL text in opsdesk lives
 * in src/core/ and binds every value. */
#ifndef OPSDESK_DB_H
#define OPSDESK_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "opsdesk/status.h"

typedef struct od_db od_db;

/* The schema version this program writes; newer files are refused. */
int db_schema_version(void);

/* Opens path (creating it when create is set), applies migrations. A
 * missing file without create is OD_NOT_FOUND with a hint to run init. */
od_status db_open(const char *path, bool create, od_db **out, od_error *err);
void db_close(od_db *db);
const char *db_path(const od_db *db);

/* A statement for sql, prepared once per connection and reused; it comes
 * back reset with no bindings. The text is copied, so a query assembled
 * from fixed fragments is cached like a literal. NULL with err filled on
 * failure. */
sqlite3_stmt *db_stmt(od_db *db, const char *sql, od_error *err);
/* Runs a statement that returns no rows (after binding) and resets it. */
od_status db_step_done(od_db *db, sqlite3_stmt *st, od_error *err);
/* Steps a statement (after binding) to its end, collecting its first
 * column as ids, and resets it: the ids first, so the caller may then
 * read each through other statements. Caller frees *ids. */
od_status db_step_ids(od_db *db, sqlite3_stmt *st, int64_t **ids, size_t *n, od_error *err);
/* Runs SQL text with no parameters (schema, pragmas). */
od_status db_exec(od_db *db, const char *sql, od_error *err);
/* Fills err with SQLite's message for what failed and returns OD_DB, or
 * OD_CONFLICT for a constraint. */
od_status db_error(od_db *db, const char *what, od_error *err);

/* Write transactions. The outermost begin is BEGIN IMMEDIATE, so a writer
 * waits for the lock up front (busy timeout) instead of failing halfway;
 * inner ones only count. db_end commits when the outermost ends with ok and
 * nothing inside asked for a rollback. */
od_status db_begin(od_db *db, od_error *err);
od_status db_end(od_db *db, bool ok, od_error *err);

/* Steps st (bound by the caller) through all its rows, appending each to
 * a growing array of elem_size items filled by read(). On failure what was
 * read is given to clear() one by one and freed, and the error names what.
 * The caller owns *out (free() it after clearing the items). */
od_status db_collect(od_db *db, sqlite3_stmt *st, size_t elem_size,
		     void (*read)(sqlite3_stmt *st, void *item), void (*clear)(void *item),
		     void **out, size_t *n, const char *what, od_error *err);
/* Frees an array db_collect made: clear() on each of n items, then the
 * array. */
void db_items_free(void *v, size_t n, size_t elem_size, void (*clear)(void *item));
/* The first column of the first row of a parameterless query, or fallback
 * when there is no row or it fails. */
int64_t db_scalar(od_db *db, const char *sql, int64_t fallback);

/* Changes whenever another connection commits (PRAGMA data_version). */
int64_t db_data_version(od_db *db);
int64_t db_last_rowid(od_db *db);
int db_changes(od_db *db);

/* Copies the open database to a new file through SQLite (VACUUM INTO). */
od_status db_backup(od_db *db, const char *dest, od_error *err);

/* Opens a copy (a backup) read-only: no migration, no change of journal
 * mode, nothing written next to it. OD_INVALID when it is not an opsdesk
 * database this version can read. */
od_status db_open_copy(const char *path, od_db **out, od_error *err);
/* PRAGMA user_version of the open file (-1 on error). */
int db_user_version(od_db *db);

/* SIGXFSZ: the handler calls db_file_limit_signal (async-signal-safe: it
 * only sets a flag), so the write fails with EFBIG and the error says the
 * file size limit was reached; db_file_limit_reached tells the face. */
void db_file_limit_signal(void);
bool db_file_limit_reached(void);

/* Column text that is never NULL. */
const char *db_text(sqlite3_stmt *st, int col);

#endif
