/* db.c: opening (schema version, WAL, foreign keys, refusing files it must
 * not touch), nested write transactions, and the STRICT tables. Checks that
 * look at the file from outside use a second, plain sqlite3 connection. */
#include "unit.h"

#include <sys/stat.h>

#include "opsdesk/db.h"

/* --- helpers --------------------------------------------------------------- */

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	return h;
}

/* The first column of the first row of sql, as an integer (-1: no row). */
static int64_t raw_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

static int64_t meta_rows(const fixture *f)
{
	sqlite3 *h = raw_open(f->path);
	int64_t n = raw_int(h, "SELECT count(*) FROM meta WHERE key LIKE 'test%'");
	sqlite3_close(h);
	return n;
}

static void write_file(const char *path, const char *content)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(content, fp);
	fclose(fp);
}

static char *read_file(const char *path)
{
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	char *buf = calloc(1, 4096);
	size_t n = fread(buf, 1, 4095, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* --- opening --------------------------------------------------------------- */

static void a_new_file_gets_the_current_schema_version(void **state)
{
	fixture *f = *state;
	assert_true(db_schema_version() >= 1);
	assert_int_equal(unit_int(f->ctx.db, "PRAGMA user_version"), db_schema_version());
	sqlite3 *h = raw_open(f->path);
	assert_int_equal(raw_int(h, "PRAGMA user_version"), db_schema_version());
	sqlite3_close(h);
}

static void the_journal_mode_is_wal(void **state)
{
	fixture *f = *state;
	od_error err = {0};
	sqlite3_stmt *st = db_stmt(f->ctx.db, "PRAGMA journal_mode", &err);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(db_text(st, 0), "wal");
	sqlite3_reset(st);
	/* WAL is a property of the file: a plain connection sees it too */
	sqlite3 *h = raw_open(f->path);
	sqlite3_stmt *raw;
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &raw, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(raw), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(raw, 0), "wal");
	sqlite3_finalize(raw);
	sqlite3_close(h);
}

static void foreign_keys_are_on(void **state)
{
	fixture *f = *state;
	assert_int_equal(unit_int(f->ctx.db, "PRAGMA foreign_keys"), 1);
	od_error err = {0};
	assert_int_equal(
	    db_exec(f->ctx.db, "INSERT INTO staff_role(staff_id, role) VALUES (999, 'x')", &err),
	    OD_CONFLICT);
	assert_non_null(strstr(err.msg, "FOREIGN KEY"));
	assert_int_equal(unit_int(f->ctx.db, "SELECT count(*) FROM staff_role WHERE staff_id = 999"),
			 0);
}

static void a_busy_timeout_is_set(void **state)
{
	fixture *f = *state;
	assert_true(unit_int(f->ctx.db, "PRAGMA busy_timeout") > 0);
}

static void the_schema_cannot_be_written_directly(void **state)
{
	fixture *f = *state;
	/* the DEFENSIVE flag: writable_schema does nothing on this connection */
	od_error err = {0};
	db_exec(f->ctx.db, "PRAGMA writable_schema = ON", &err);
	od_status s =
	    db_exec(f->ctx.db, "DELETE FROM sqlite_schema WHERE name = 'audit_no_delete'", &err);
	assert_int_not_equal(s, OD_OK);
	assert_int_equal(
	    unit_int(f->ctx.db, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_no_delete'"),
	    1);
}

static void a_file_from_a_newer_opsdesk_is_refused(void **state)
{
	fixture *f = *state;
	char path[160];
	snprintf(path, sizeof path, "%s/newer.db", f->dir);
	sqlite3 *h = raw_open(path);
	assert_int_equal(
	    sqlite3_exec(h, "CREATE TABLE future(x); PRAGMA user_version = 99", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);

	od_db *db = (od_db *)1;
	od_error err = {0};
	assert_int_equal(db_open(path, false, &db, &err), OD_CONFIG);
	assert_null(db);
	assert_non_null(strstr(err.msg, "schema version 99"));
	assert_non_null(strstr(err.msg, path));
	/* and it is left as it was */
	h = raw_open(path);
	assert_int_equal(raw_int(h, "PRAGMA user_version"), 99);
	assert_int_equal(raw_int(h, "SELECT count(*) FROM sqlite_schema WHERE name = 'staff'"), 0);
	sqlite3_close(h);
}

static void a_file_that_is_not_a_database_is_refused(void **state)
{
	fixture *f = *state;
	char path[160];
	snprintf(path, sizeof path, "%s/notes.txt", f->dir);
	const char *content = "These are my notes about the core switch, not a database.\n"
			      "They are long enough to fill SQLite's 100-byte header and more.\n";
	write_file(path, content);

	od_db *db = (od_db *)1;
	od_error err = {0};
	od_status s = db_open(path, true, &db, &err);
	assert_int_not_equal(s, OD_OK);
	assert_null(db);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "not an opsdesk database"));
	char *after = read_file(path);
	assert_string_equal(after, content);
	free(after);
}

static void another_programs_database_is_not_touched(void **state)
{
	fixture *f = *state;
	char path[160];
	snprintf(path, sizeof path, "%s/places.sqlite", f->dir);
	sqlite3 *h = raw_open(path);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE bookmarks(url TEXT)", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);

	od_db *db = (od_db *)1;
	od_error err = {0};
	assert_int_not_equal(db_open(path, false, &db, &err), OD_OK);
	assert_null(db);
	assert_non_null(strstr(err.msg, "'opsdesk init'"));
	h = raw_open(path);
	assert_int_equal(raw_int(h, "SELECT count(*) FROM sqlite_schema"), 1);
	assert_int_equal(raw_int(h, "PRAGMA user_version"), 0);
	sqlite3_close(h);
}

static void a_missing_file_without_create_is_not_found(void **state)
{
	fixture *f = *state;
	char path[160];
	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	od_db *db = (od_db *)1;
	od_error err = {0};
	assert_int_equal(db_open(path, false, &db, &err), OD_NOT_FOUND);
	assert_null(db);
	assert_non_null(strstr(err.msg, "'opsdesk init'"));
	assert_non_null(strstr(err.msg, path));
	struct stat st;
	assert_int_not_equal(stat(path, &st), 0); /* nothing was created */
}

static void reopening_keeps_the_data(void **state)
{
	fixture *f = *state;
	db_close(f->ctx.db);
	od_error err = {0};
	assert_int_equal(db_open(f->path, false, &f->ctx.db, &err), OD_OK);
	assert_int_equal(staff_count(f->ctx.db), 1);
	assert_int_equal(unit_int(f->ctx.db, "PRAGMA user_version"), db_schema_version());
	assert_string_equal(db_path(f->ctx.db), f->path);
}

/* --- transactions ---------------------------------------------------------- */

static void a_transaction_commits_at_its_end(void **state)
{
	fixture *f = *state;
	od_error err = {0};
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test1', 'a')", &err), OD_OK);
	assert_int_equal(meta_rows(f), 0); /* not visible to others yet */
	assert_int_equal(db_end(f->ctx.db, true, &err), OD_OK);
	assert_int_equal(meta_rows(f), 1);
}

static void an_inner_end_does_not_commit(void **state)
{
	fixture *f = *state;
	od_error err = {0};
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test1', 'a')", &err), OD_OK);
	assert_int_equal(db_end(f->ctx.db, true, &err), OD_OK);
	assert_int_equal(meta_rows(f), 0);
	assert_int_equal(db_end(f->ctx.db, true, &err), OD_OK);
	assert_int_equal(meta_rows(f), 1);
}

static void an_inner_failure_rolls_back_the_outer_transaction(void **state)
{
	fixture *f = *state;
	od_error err = {0};
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test1', 'outer')", &err),
			 OD_OK);
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test2', 'inner')", &err),
			 OD_OK);
	db_end(f->ctx.db, false, &err);
	db_end(f->ctx.db, true, &err);
	assert_int_equal(meta_rows(f), 0);
	assert_int_equal(unit_int(f->ctx.db, "SELECT count(*) FROM meta WHERE key LIKE 'test%'"), 0);
}

static void an_outer_end_that_rolled_back_does_not_report_success(void **state)
{
	fixture *f = *state;
	/* the outer caller asked to commit; nothing was committed, and the
	 * status must say so, or the caller reports a save that did not happen */
	od_error err = {0};
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test1', 'outer')", &err),
			 OD_OK);
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	db_end(f->ctx.db, false, &err);
	od_status s = db_end(f->ctx.db, true, &err);
	assert_int_equal(meta_rows(f), 0);
	assert_int_not_equal(s, OD_OK);
}

static void a_transaction_after_a_rollback_commits(void **state)
{
	fixture *f = *state;
	od_error err = {0};
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	db_end(f->ctx.db, false, &err);
	db_end(f->ctx.db, true, &err);
	assert_int_equal(db_begin(f->ctx.db, &err), OD_OK);
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test1', 'again')", &err),
			 OD_OK);
	assert_int_equal(db_end(f->ctx.db, true, &err), OD_OK);
	assert_int_equal(meta_rows(f), 1);
}

static void ending_without_a_transaction_is_an_error(void **state)
{
	fixture *f = *state;
	od_error err = {0};
	assert_int_equal(db_end(f->ctx.db, true, &err), OD_DB);
	assert_non_null(strstr(err.msg, "transaction"));
}

static void a_constraint_is_a_conflict(void **state)
{
	fixture *f = *state;
	od_error err = {0};
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test1', 'a')", &err), OD_OK);
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test1', 'b')", &err),
			 OD_CONFLICT);
	assert_non_null(strstr(err.msg, "UNIQUE"));
}

/* --- the tables ------------------------------------------------------------ */

static void strict_tables_refuse_a_wrong_type(void **state)
{
	fixture *f = *state;
	sqlite3 *h = raw_open(f->path);
	int rc = sqlite3_exec(h,
			      "INSERT INTO staff(login, name, created, updated, updated_by)"
			      " VALUES ('mallory', 'M', 'yesterday', 0, 'boss')",
			      NULL, NULL, NULL);
	assert_int_equal(rc, SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_extended_errcode(h), SQLITE_CONSTRAINT_DATATYPE);
	assert_non_null(strstr(sqlite3_errmsg(h), "staff.created"));
	assert_int_equal(raw_int(h, "SELECT count(*) FROM staff WHERE login = 'mallory'"), 0);
	/* the same row with an integer goes in: it was the type, not the rest */
	assert_int_equal(sqlite3_exec(h,
				      "INSERT INTO staff(login, name, created, updated, updated_by)"
				      " VALUES ('mallory', 'M', 1, 1, 'boss')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
}

static void other_sessions_commits_change_the_data_version(void **state)
{
	fixture *f = *state;
	int64_t before = db_data_version(f->ctx.db);
	assert_true(before >= 0);
	od_error err = {0};
	assert_int_equal(db_exec(f->ctx.db, "INSERT INTO meta VALUES ('test1', 'mine')", &err),
			 OD_OK);
	assert_int_equal(db_data_version(f->ctx.db), before); /* our own commit does not count */
	sqlite3 *h = raw_open(f->path);
	assert_int_equal(
	    sqlite3_exec(h, "INSERT INTO meta VALUES ('test2', 'theirs')", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(h);
	assert_int_not_equal(db_data_version(f->ctx.db), before);
}

static void a_backup_is_a_working_database(void **state)
{
	fixture *f = *state;
	char dest[160];
	snprintf(dest, sizeof dest, "%s/backup.db", f->dir);
	od_error err = {0};
	assert_int_equal(db_backup(f->ctx.db, dest, &err), OD_OK);
	od_db *copy = NULL;
	assert_int_equal(db_open(dest, false, &copy, &err), OD_OK);
	staff_member m = {0};
	assert_int_equal(staff_get(copy, "boss", &m, &err), OD_OK);
	assert_string_equal(m.name, "老板");
	staff_member_clear(&m);
	db_close(copy);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	    T(a_new_file_gets_the_current_schema_version),
	    T(the_journal_mode_is_wal),
	    T(foreign_keys_are_on),
	    T(a_busy_timeout_is_set),
	    T(the_schema_cannot_be_written_directly),
	    T(a_file_from_a_newer_opsdesk_is_refused),
	    T(a_file_that_is_not_a_database_is_refused),
	    T(another_programs_database_is_not_touched),
	    T(a_missing_file_without_create_is_not_found),
	    T(reopening_keeps_the_data),
	    T(a_transaction_commits_at_its_end),
	    T(an_inner_end_does_not_commit),
	    T(an_inner_failure_rolls_back_the_outer_transaction),
	    T(an_outer_end_that_rolled_back_does_not_report_success),
	    T(a_transaction_after_a_rollback_commits),
	    T(ending_without_a_transaction_is_an_error),
	    T(a_constraint_is_a_conflict),
	    T(strict_tables_refuse_a_wrong_type),
	    T(other_sessions_commits_change_the_data_version),
	    T(a_backup_is_a_working_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
