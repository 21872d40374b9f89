/* audit.c: one entry per operation, written in the operation's own
 * transaction, and a hash chain that finds an administrator's direct edits
 * (made here through a plain sqlite3 connection, after dropping the
 * append-only triggers as an administrator would). */
#include "unit.h"

#include <inttypes.h>
#include <nettle/sha2.h>

#include "opsdesk/audit.h"

/* --- helpers --------------------------------------------------------------- */

static int64_t entries(const fixture *f)
{
	time_t newest;
	return audit_count(f->ctx.db, &newest);
}

/* Four entries: the bootstrap, two adds and an edit. */
static void four_entries(const fixture *f)
{
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	unit_add_staff(f, "lisi", "李四", "system_engineer");
	staff_fields sf = {.phone = "13800000000"};
	od_error err = {0};
	assert_int_equal(staff_edit(&f->ctx, "lisi", 0, &sf, &err), OD_OK);
	assert_int_equal(entries(f), 4);
}

/* Runs sql on a plain connection to the file; SQLite's result code. */
static int admin(const fixture *f, const char *sql)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc;
}

static const char drop_triggers[] = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;";
static const char restore_triggers[] =
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/* Tampers with sql behind the triggers' backs and puts them back, so only
 * the chain can tell. */
static void tamper(const fixture *f, const char *sql)
{
	assert_int_equal(admin(f, drop_triggers), SQLITE_OK);
	assert_int_equal(admin(f, sql), SQLITE_OK);
	assert_int_equal(admin(f, restore_triggers), SQLITE_OK);
}

/* --- one entry per operation ----------------------------------------------- */

static void each_staff_operation_appends_one_entry(void **state)
{
	fixture *f = *state;
	od_error err = {0};
	assert_int_equal(entries(f), 1); /* the bootstrap */
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	assert_int_equal(entries(f), 2);
	staff_fields sf = {.name = "张叁", .team = "一线"};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 0, &sf, &err), OD_OK);
	assert_int_equal(entries(f), 3);
	assert_int_equal(staff_set_active(&f->ctx, "zhangsan", false, 0, &err), OD_OK);
	assert_int_equal(entries(f), 4);
	assert_int_equal(staff_set_active(&f->ctx, "zhangsan", true, 0, &err), OD_OK);
	assert_int_equal(entries(f), 5);

	audit_filter af = {0};
	audit_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(audit_list(f->ctx.db, &af, &v, &n, &err), OD_OK);
	assert_int_equal(n, 5);
	const char *ops[] = {"staff.activate", "staff.deactivate", "staff.edit", "staff.add",
			     "staff.bootstrap"}; /* newest first */
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v[i].id, (int64_t)(5 - i));
		assert_string_equal(v[i].op, ops[i]);
		assert_string_equal(v[i].actor, "boss");
		assert_int_equal(v[i].at, 1795222800);
	}
	assert_string_equal(v[2].detail, "{\"name\":[\"张三\",\"张叁\"],\"team\":[\"\",\"一线\"]}");
	audit_entries_free(v, n);
}

static void a_failed_operation_appends_nothing(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	od_error err = {0};
	staff_fields first = {.team = "一线"};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &first, &err), OD_OK);
	int64_t before = entries(f);
	const char *roles[] = {"duty_operator"};
	staff_fields dup = {.name = "张三", .roles = roles, .nroles = 1};
	assert_int_equal(staff_add(&f->ctx, "zhangsan", &dup, &err), OD_CONFLICT);
	staff_fields stale = {.name = "张叁"};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &stale, &err), OD_CONFLICT);
	assert_int_equal(staff_set_active(&f->ctx, "boss", false, 0, &err), OD_DENIED);
	od_ctx stranger = f->ctx;
	stranger.login = "stranger";
	assert_int_equal(staff_edit(&stranger, "zhangsan", 0, &stale, &err), OD_DENIED);
	assert_int_equal(entries(f), before);
}

static void the_entry_is_written_in_the_operations_transaction(void **state)
{
	fixture *f = *state;
	/* make the audit insert fail: the staff row must not be left behind */
	assert_int_equal(admin(f, "CREATE TRIGGER audit_broken BEFORE INSERT ON audit"
				  "  BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;"),
			 SQLITE_OK);
	const char *roles[] = {"duty_operator"};
	staff_fields sf = {.name = "张三", .roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_not_equal(staff_add(&f->ctx, "zhangsan", &sf, &err), OD_OK);
	assert_int_equal(staff_count(f->ctx.db), 1);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_NOT_FOUND);
	/* nor a half-done edit */
	staff_fields name = {.name = "大老板"};
	assert_int_not_equal(staff_edit(&f->ctx, "boss", 0, &name, &err), OD_OK);
	assert_int_equal(staff_get(f->ctx.db, "boss", &m, &err), OD_OK);
	assert_string_equal(m.name, "老板");
	assert_int_equal(m.version, 1);
	staff_member_clear(&m);
	assert_int_equal(entries(f), 1);
}

static void list_filters_by_record_and_pages_by_id(void **state)
{
	fixture *f = *state;
	four_entries(f);
	od_error err = {0};
	audit_entry *v = NULL;
	size_t n = 0;
	audit_filter by_record = {.record = "staff:lisi"};
	assert_int_equal(audit_list(f->ctx.db, &by_record, &v, &n, &err), OD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, 4);
	assert_int_equal(v[1].id, 3);
	audit_entries_free(v, n);
	audit_filter page = {.before_id = 3, .limit = 1};
	assert_int_equal(audit_list(f->ctx.db, &page, &v, &n, &err), OD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, 2);
	audit_entries_free(v, n);
}

/* --- the chain ------------------------------------------------------------- */

static void an_intact_log_verifies(void **state)
{
	fixture *f = *state;
	four_entries(f);
	audit_report rep;
	od_error err = {0};
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_OK);
	assert_int_equal(rep.checked, 4);
	assert_int_equal(rep.bad_id, 0);
}

static void each_entry_chains_to_the_one_before(void **state)
{
	fixture *f = *state;
	four_entries(f);
	audit_filter af = {0};
	audit_entry *v = NULL;
	size_t n = 0;
	od_error err = {0};
	assert_int_equal(audit_list(f->ctx.db, &af, &v, &n, &err), OD_OK);
	for (size_t i = 0; i + 1 < n; i++)
		assert_string_equal(v[i].prev, v[i + 1].hash);
	assert_string_equal(v[n - 1].prev,
			    "0000000000000000000000000000000000000000000000000000000000000000");
	assert_int_equal(strlen(v[0].hash), 64);
	audit_entries_free(v, n);
}

static void the_triggers_refuse_update_and_delete(void **state)
{
	fixture *f = *state;
	four_entries(f);
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(h, "UPDATE audit SET actor = 'mallory' WHERE id = 2", NULL, NULL, NULL),
	    SQLITE_CONSTRAINT);
	assert_contains(sqlite3_errmsg(h), "append-only");
	assert_int_equal(sqlite3_exec(h, "DELETE FROM audit WHERE id = 4", NULL, NULL, NULL),
			 SQLITE_CONSTRAINT);
	assert_contains(sqlite3_errmsg(h), "append-only");
	sqlite3_close(h);
	/* and opsdesk's own connection is refused the same way */
	od_error err = {0};
	assert_int_not_equal(db_exec(f->ctx.db, "DELETE FROM audit", &err), OD_OK);
	assert_int_equal(entries(f), 4);
	audit_report rep;
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_OK);
}

static void an_edited_entry_is_found(void **state)
{
	fixture *f = *state;
	four_entries(f);
	tamper(f, "UPDATE audit SET actor = 'mallory' WHERE id = 2");
	audit_report rep;
	od_error err = {0};
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_CONFLICT);
	assert_int_equal(rep.bad_id, 2);
	assert_contains(rep.problem, "entry 2");
}

static void an_edited_detail_is_found(void **state)
{
	fixture *f = *state;
	four_entries(f);
	tamper(f, "UPDATE audit SET detail = '{}' WHERE id = 4");
	audit_report rep;
	od_error err = {0};
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_CONFLICT);
	assert_int_equal(rep.bad_id, 4);
}

/* An entry's hash as audit.c computes it: SHA-256 over each field as
 * "LENGTH:TEXT", id and time as decimal, then the previous hash. */
static void rehash(const audit_entry *e, char out[65])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	char id[32], at[32];
	snprintf(id, sizeof id, "%" PRId64, e->id);
	snprintf(at, sizeof at, "%" PRId64, (int64_t)e->at);
	const char *fields[] = {id, at, e->actor, e->op, e->record, e->detail, e->prev};
	for (size_t i = 0; i < 7; i++) {
		char len[32];
		int n = snprintf(len, sizeof len, "%zu:", strlen(fields[i]));
		sha256_update(&ctx, (size_t)n, (const uint8_t *)len);
		sha256_update(&ctx, strlen(fields[i]), (const uint8_t *)fields[i]);
	}
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&ctx, sizeof digest, digest);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

static void an_edited_and_rehashed_entry_is_found_by_the_next(void **state)
{
	fixture *f = *state;
	four_entries(f);
	audit_filter af = {.before_id = 3, .limit = 1};
	audit_entry *v = NULL;
	size_t n = 0;
	od_error err = {0};
	assert_int_equal(audit_list(f->ctx.db, &af, &v, &n, &err), OD_OK);
	assert_int_equal(v[0].id, 2);
	char hash[65];
	rehash(&v[0], hash);
	assert_string_equal(hash, v[0].hash); /* the scheme is understood */
	free(v[0].actor);
	v[0].actor = strdup("mallory");
	rehash(&v[0], hash);
	audit_entries_free(v, n);
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE audit SET actor = 'mallory', hash = '%s' WHERE id = 2",
		 hash);
	tamper(f, sql);

	audit_report rep;
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_CONFLICT);
	assert_int_equal(rep.bad_id, 3); /* entry 2 is consistent; 3 no longer follows it */
	assert_contains(rep.problem, "entry 3");
}

static void a_deleted_entry_is_found(void **state)
{
	fixture *f = *state;
	four_entries(f);
	tamper(f, "DELETE FROM audit WHERE id = 2");
	audit_report rep;
	od_error err = {0};
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_CONFLICT);
	assert_int_equal(rep.bad_id, 2);
	assert_contains(rep.problem, "entry 2");
}

static void a_deleted_and_renumbered_entry_is_found(void **state)
{
	fixture *f = *state;
	four_entries(f);
	/* close the gap so the ids run 1, 2, 3 again */
	tamper(f, "DELETE FROM audit WHERE id = 2; UPDATE audit SET id = id - 1 WHERE id > 2");
	audit_report rep;
	od_error err = {0};
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_CONFLICT);
	assert_int_equal(rep.bad_id, 2);
}

static void a_cut_off_newest_entry_is_found(void **state)
{
	fixture *f = *state;
	four_entries(f);
	tamper(f, "DELETE FROM audit WHERE id = 4");
	audit_report rep;
	od_error err = {0};
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_CONFLICT);
	assert_int_equal(rep.bad_id, 4);
	assert_contains(rep.problem, "cut off");
}

static void swapped_entries_are_found(void **state)
{
	fixture *f = *state;
	four_entries(f);
	/* entries 2 and 3 trade everything but their ids */
	tamper(f, "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE id IN (2, 3);"
		  "UPDATE audit SET (at, actor, op, record, detail, prev, hash) ="
		  "  (SELECT at, actor, op, record, detail, prev, hash FROM t"
		  "    WHERE t.id = 5 - audit.id) WHERE id IN (2, 3);");
	audit_report rep;
	od_error err = {0};
	assert_int_equal(audit_verify(f->ctx.db, &rep, &err), OD_CONFLICT);
	assert_int_equal(rep.bad_id, 2);
}

static void removed_triggers_are_reported(void **state)
{
	fixture *f = *state;
	four_entries(f);
	assert_int_equal(admin(f, drop_triggers), SQLITE_OK);
	audit_report rep;
	od_error err = {0};
	assert_int_not_equal(audit_verify(f->ctx.db, &rep, &err), OD_OK);
	assert_contains(rep.problem, "triggers");
	assert_int_equal(rep.checked, 4); /* the entries themselves are intact */
}

static void one_removed_trigger_is_reported(void **state)
{
	fixture *f = *state;
	four_entries(f);
	assert_int_equal(admin(f, "DROP TRIGGER audit_no_delete"), SQLITE_OK);
	audit_report rep;
	od_error err = {0};
	assert_int_not_equal(audit_verify(f->ctx.db, &rep, &err), OD_OK);
	assert_contains(rep.problem, "triggers");
}

/* audit_head is what the shift report prints and audit anchor logs: the
 * newest entry's number and hash, which verify --anchor then checks. */
static void the_head_is_the_newest_entry_and_anchors_it(void **state)
{
	fixture *f = *state;
	four_entries(f);
	int64_t id;
	char hash[65];
	od_error err = {0};
	assert_int_equal(audit_head(f->ctx.db, &id, hash, &err), OD_OK);
	assert_int_equal(id, 4);
	assert_int_equal(strlen(hash), 64);
	char text[96];
	snprintf(text, sizeof text, "%" PRId64 ":%s", id, hash);
	audit_anchor a;
	assert_true(audit_anchor_parse(text, &a));
	audit_report rep;
	assert_int_equal(audit_verify_anchors(f->ctx.db, &a, 1, &rep, &err), OD_OK);
	assert_int_equal(rep.anchors, 1);
	a.hash[0] = a.hash[0] == '0' ? '1' : '0';
	assert_int_equal(audit_verify_anchors(f->ctx.db, &a, 1, &rep, &err), OD_CONFLICT);
	assert_contains(rep.problem, "was rewritten");
	assert_false(audit_anchor_parse("4:abc", &a));
	assert_false(audit_anchor_parse("0:0000000000000000000000000000000000000000000000000000000000000000", &a));
	assert_false(audit_anchor_parse("99999999999999999999:0000000000000000000000000000000000000000000000000000000000000000", &a));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	    T(each_staff_operation_appends_one_entry),
	    T(a_failed_operation_appends_nothing),
	    T(the_entry_is_written_in_the_operations_transaction),
	    T(list_filters_by_record_and_pages_by_id),
	    T(an_intact_log_verifies),
	    T(each_entry_chains_to_the_one_before),
	    T(the_triggers_refuse_update_and_delete),
	    T(an_edited_entry_is_found),
	    T(an_edited_detail_is_found),
	    T(an_edited_and_rehashed_entry_is_found_by_the_next),
	    T(a_deleted_entry_is_found),
	    T(a_deleted_and_renumbered_entry_is_found),
	    T(a_cut_off_newest_entry_is_found),
	    T(swapped_entries_are_found),
	    T(removed_triggers_are_reported),
	    T(one_removed_trigger_is_reported),
	    T(the_head_is_the_newest_entry_and_anchors_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
