/* The SQLite connection. Opened with the DEFENSIVE flag and
 * trusted_schema=OFF so a crafted file cannot run functions through views or
 * triggers, in WAL mode so readers never block the writer, with foreign keys
 * and a busy timeout for the several SSH sessions sharing the file. */
#include "opsdesk/db.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "opsdesk/db_schema.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/i18n.h"

enum { BUSY_TIMEOUT_MS = 10000 };

/* Set from the SIGXFSZ handler (main.c): a write went past the file-size
 * limit and failed with EFBIG instead of killing the process. */
static volatile sig_atomic_t file_limit_hit;

void db_file_limit_signal(void)
{
	file_limit_hit = 1;
}

bool db_file_limit_reached(void)
{
	return file_limit_hit != 0;
}

typedef struct cached_stmt {
	char *sql; /* a copy: callers may build their SQL and free it */
	sqlite3_stmt *st;
	struct cached_stmt *next;
} cached_stmt;

struct od_db {
	sqlite3 *h;
	char *path;
	cached_stmt *stmts;
	int depth;          /* nesting of db_begin */
	bool rollback_only; /* an inner level failed */
};

int db_schema_version(void)
{
	return db_schema_count();
}

const char *db_path(const od_db *db)
{
	return db->path;
}

const char *db_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

od_status db_error(od_db *db, const char *what, od_error *err)
{
	int code = sqlite3_extended_errcode(db->h);
	od_status s = (code & 0xff) == SQLITE_CONSTRAINT ? OD_CONFLICT : OD_DB;
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return od_fail(err, OD_DB, _("%s: the database stayed busy (another session is writing); try again"),
			       what);
	if (file_limit_hit)
		return od_fail(err, OD_IO,
			       _("%s: the file size limit (ulimit -f) was reached writing %s, so "
				 "nothing was saved"),
			       what, db->path);
	if ((code & 0xff) == SQLITE_FULL)
		return od_fail(err, OD_IO, _("%s: the disk holding %s is full, so nothing was saved"),
			       what, db->path);
	if ((code & 0xff) == SQLITE_READONLY)
		return od_fail(err, OD_DENIED,
			       _("%s: %s cannot be written by you: the file, its directory and its "
				 "-wal and -shm files must all be writable (see Team set-up in the "
				 "README for a database shared by several users)"),
			       what, db->path);
	return od_fail(err, s, "%s: %s", what, sqlite3_errmsg(db->h));
}

od_status db_exec(od_db *db, const char *sql, od_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		od_status s = db_error(db, _("database"), err);
		sqlite3_free(msg);
		return s;
	}
	return OD_OK;
}

sqlite3_stmt *db_stmt(od_db *db, const char *sql, od_error *err)
{
	for (cached_stmt *c = db->stmts; c; c = c->next) {
		if (c->sql == sql || strcmp(c->sql, sql) == 0) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			return c->st;
		}
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		db_error(db, _("preparing a query"), err);
		return NULL;
	}
	cached_stmt *c = xmalloc(sizeof *c);
	*c = (cached_stmt){xstrdup(sql), st, db->stmts};
	db->stmts = c;
	return st;
}

od_status db_step_ids(od_db *db, sqlite3_stmt *st, int64_t **ids, size_t *n, od_error *err)
{
	*ids = NULL;
	*n = 0;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? 2 * cap : 32) * sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return OD_OK;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return db_error(db, _("reading records"), err);
}

od_status db_step_done(od_db *db, sqlite3_stmt *st, od_error *err)
{
	int rc = sqlite3_step(st);
	od_status s = OD_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		s = db_error(db, _("writing"), err);
	sqlite3_reset(st);
	return s;
}

int64_t db_last_rowid(od_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int db_changes(od_db *db)
{
	return sqlite3_changes(db->h);
}

od_status db_begin(od_db *db, od_error *err)
{
	if (db->depth++ > 0)
		return OD_OK;
	db->rollback_only = false;
	od_status s = db_exec(db, "BEGIN IMMEDIATE", err);
	if (s != OD_OK)
		db->depth = 0;
	return s;
}

od_status db_end(od_db *db, bool ok, od_error *err)
{
	if (db->depth == 0)
		return od_fail(err, OD_DB, _("internal: transaction ended twice"));
	if (!ok)
		db->rollback_only = true;
	if (--db->depth > 0)
		return OD_OK;
	if (db->rollback_only) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		/* a failing caller already has its error in err; one that asked to
		 * commit must learn that nothing was written */
		if (ok)
			return od_fail(err, OD_DB,
				       _("nothing was saved: an earlier step of the same change failed"));
		return OD_OK;
	}
	od_status s = db_exec(db, "COMMIT", err);
	if (s != OD_OK)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return s;
}

int64_t db_data_version(od_db *db)
{
	return db_scalar(db, "PRAGMA data_version", -1);
}

int64_t db_scalar(od_db *db, const char *sql, int64_t fallback)
{
	sqlite3_stmt *st = db_stmt(db, sql, NULL);
	int64_t v = fallback;
	if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

od_status db_collect(od_db *db, sqlite3_stmt *st, size_t elem_size,
		     void (*read)(sqlite3_stmt *st, void *item), void (*clear)(void *item),
		     void **out, size_t *n, const char *what, od_error *err)
{
	char *v = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * elem_size);
		}
		read(st, v + count++ * elem_size);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_items_free(v, count, elem_size, clear);
		*out = NULL;
		*n = 0;
		return db_error(db, what, err);
	}
	*out = v;
	*n = count;
	return OD_OK;
}

void db_items_free(void *v, size_t n, size_t elem_size, void (*clear)(void *item))
{
	for (size_t i = 0; v && i < n; i++)
		clear((char *)v + i * elem_size);
	free(v);
}

static int read_user_version(od_db *db)
{
	return (int)db_scalar(db, "PRAGMA user_version", -1);
}

/* Applies every migration the file lacks, each in its own transaction that
 * also bumps user_version, so an interrupted upgrade resumes cleanly. */
static od_status migrate(od_db *db, od_error *err)
{
	int have = read_user_version(db);
	if (have < 0)
		return db_error(db, _("reading the schema version"), err);
	if (have > db_schema_count())
		return od_fail(err, OD_CONFIG,
			       _("%s has schema version %d, newer than this opsdesk knows (%d): "
			       "use a newer opsdesk"),
			       db->path, have, db_schema_count());
	for (int v = have; v < db_schema_count(); v++) {
		od_status s = db_begin(db, err);
		if (s != OD_OK)
			return s;
		/* another session may have migrated while we waited for the lock */
		if (read_user_version(db) > v) {
			db_end(db, true, err);
			continue;
		}
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
		s = db_exec(db, db_schema_migration(v), err);
		if (s == OD_OK)
			s = db_exec(db, bump, err);
		od_status e = db_end(db, s == OD_OK, err);
		if (s != OD_OK || e != OD_OK)
			return s != OD_OK ? s : e;
	}
	return OD_OK;
}

/* Switching a new file to WAL needs an exclusive lock, and SQLite does
 * not call the busy handler for it when another session is mid-way through
 * its own switch, so the wait is done here, bounded like the busy timeout. */
static od_status switch_to_wal(od_db *db, od_error *err)
{
	sqlite3_stmt *wal = db_stmt(db, "PRAGMA journal_mode = WAL", err);
	if (!wal)
		return OD_DB;
	const struct timespec pause = {.tv_nsec = 10 * 1000 * 1000};
	for (int waited_ms = 0;; waited_ms += 10) {
		int rc = sqlite3_step(wal);
		sqlite3_reset(wal);
		if (rc == SQLITE_ROW)
			return OD_OK;
		if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= BUSY_TIMEOUT_MS)
			return db_error(db, _("switching to WAL mode"), err);
		nanosleep(&pause, NULL);
	}
}

/* A connection with the settings every one of ours has: extended result
 * codes, DEFENSIVE, no trusted schema. *out is set even on failure, for
 * db_close. */
static od_status open_connection(const char *path, int flags, od_db **out, od_error *err)
{
	od_db *db = *out = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return od_fail(err, OD_DB, _("%s: cannot open: %s"), path,
			       db->h ? sqlite3_errmsg(db->h) : "out of memory");
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	return OD_OK;
}

od_status db_open(const char *path, bool create, od_db **out, od_error *err)
{
	*out = NULL;
	struct stat st;
	if (!create && stat(path, &st) != 0)
		return od_fail(err, OD_NOT_FOUND,
			       _("no database at %s: run 'opsdesk init' to create it (or give --db)"), path);
	od_db *db;
	od_status s = open_connection(path,
				      SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0),
				      &db, err);
	if (s != OD_OK)
		goto fail;
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	/* A group-writable (shared) database keeps its -wal and -shm files
	 * when the last session closes, so they stay the ones the installation
	 * made (root:group, 660), never files created and owned by whichever
	 * user's session happened to open the database first. */
	if (stat(path, &st) == 0 && (st.st_mode & S_IWGRP)) {
		int persist = 1;
		sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	}
	if ((s = db_exec(db, "PRAGMA foreign_keys = ON", err)) != OD_OK)
		goto fail;
	/* Checking that the file is a database before switching journal mode
	 * gives a clearer message than WAL's. */
	if (read_user_version(db) < 0) {
		int code = sqlite3_extended_errcode(db->h) & 0xff;
		if (code == SQLITE_NOTADB)
			s = od_fail(err, OD_DB, _("%s is not an opsdesk database: %s"), path,
				    sqlite3_errmsg(db->h));
		else
			s = db_error(db, _("opening the database"), err);
		goto fail;
	}
	/* init makes a new file or an empty one opsdesk's, and never adds
	 * its tables to another program's database */
	/* one statement, so one snapshot: another init may be creating the
	 * schema (tables and version together) at this very moment */
	if (create && db_scalar(db,
				"SELECT count(*) FROM sqlite_schema"
				" WHERE (SELECT user_version FROM pragma_user_version) = 0",
				0) > 0) {
		s = od_fail(err, OD_INVALID,
			    _("%s is another program's SQLite database (it has tables but no "
			      "opsdesk schema): opsdesk creates its database only in a new or "
			      "empty file"),
			    path);
		goto fail;
	}
	if (create && sqlite3_db_readonly(db->h, "main") == 1) {
		s = od_fail(err, OD_DENIED, _("%s cannot be written by you, so init cannot set it up"),
			    path);
		goto fail;
	}
	/* Only init creates the schema: a reader opening an empty file (or a
	 * database that is not opsdesk's) must not write to it. Older schemas
	 * are upgraded for anyone, as DESIGN.md asks. */
	if (!create && read_user_version(db) == 0) {
		s = od_fail(err, OD_NOT_FOUND,
			    _("%s is not an opsdesk database yet: run 'opsdesk init' to create it"), path);
		goto fail;
	}
	if ((s = switch_to_wal(db, err)) != OD_OK)
		goto fail;
	if ((s = migrate(db, err)) != OD_OK)
		goto fail;
	*out = db;
	return OD_OK;
fail:
	db_close(db);
	return s;
}

void db_close(od_db *db)
{
	if (!db)
		return;
	for (cached_stmt *c = db->stmts, *next; c; c = next) {
		next = c->next;
		sqlite3_finalize(c->st);
		free(c->sql);
		free(c);
	}
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

od_status db_backup(od_db *db, const char *dest, od_error *err)
{
	sqlite3_stmt *st = db_stmt(db, "VACUUM INTO ?1", err);
	if (!st)
		return OD_DB;
	sqlite3_bind_text(st, 1, dest, -1, SQLITE_TRANSIENT);
	return db_step_done(db, st, err);
}

od_status db_open_copy(const char *path, od_db **out, od_error *err)
{
	*out = NULL;
	struct stat st;
	if (stat(path, &st) != 0)
		return od_fail(err, OD_NOT_FOUND, _("%s: %s"), path, strerror(errno));
	od_db *db;
	od_status s = open_connection(path, SQLITE_OPEN_READONLY, &db, err);
	if (s != OD_OK)
		goto fail;
	int version = read_user_version(db);
	if (version < 0) {
		s = od_fail(err, OD_INVALID, _("%s is not a database: %s"), path, sqlite3_errmsg(db->h));
		goto fail;
	}
	if (version == 0 || version > db_schema_count()) {
		s = od_fail(err, OD_INVALID,
			    _("%s is not a copy of an opsdesk database this version reads (schema "
			      "version %d)"),
			    path, version);
		goto fail;
	}
	*out = db;
	return OD_OK;
fail:
	db_close(db);
	return s;
}

int db_user_version(od_db *db)
{
	return read_user_version(db);
}
