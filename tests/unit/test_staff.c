/* staff.c and access.c: the people of the centre. Adding, reading, editing
 * and (de)activating, each refused with a message naming the field or the
 * rule and writing nothing; versions that refuse a stale save; the rule
 * that the centre always keeps an active manager; who may change what. */
#include "unit.h"

#include "opsdesk/audit.h"
#include "opsdesk/journal.h"

/* --- helpers --------------------------------------------------------------- */

typedef struct counts {
	int64_t staff, roles, journal, audit;
} counts;

static counts count_rows(const fixture *f)
{
	return (counts){unit_int(f->ctx.db, "SELECT count(*) FROM staff"),
			unit_int(f->ctx.db, "SELECT count(*) FROM staff_role"),
			unit_int(f->ctx.db, "SELECT count(*) FROM journal"),
			unit_int(f->ctx.db, "SELECT count(*) FROM audit")};
}

static void assert_nothing_written(const fixture *f, counts before)
{
	counts now = count_rows(f);
	assert_int_equal(now.staff, before.staff);
	assert_int_equal(now.roles, before.roles);
	assert_int_equal(now.journal, before.journal);
	assert_int_equal(now.audit, before.audit);
}

/* The newest audit entry; the caller frees. */
static audit_entry *newest_audit(const fixture *f)
{
	audit_filter af = {.limit = 1};
	audit_entry *v = NULL;
	size_t n = 0;
	od_error err = {0};
	assert_int_equal(audit_list(f->ctx.db, &af, &v, &n, &err), OD_OK);
	assert_int_equal(n, 1);
	return v;
}

/* --- adding and reading ---------------------------------------------------- */

static void add_and_get_with_chinese_names(void **state)
{
	fixture *f = *state;
	const char *roles[] = {"network_engineer", "duty_operator"};
	staff_fields sf = {.name = "张三",
			   .phone = "010-8888 6666 转 123",
			   .team = "网络组",
			   .roles = roles,
			   .nroles = 2};
	od_error err = {0};
	assert_int_equal(staff_add(&f->ctx, "zhangsan", &sf, &err), OD_OK);

	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_string_equal(m.login, "zhangsan");
	assert_string_equal(m.name, "张三");
	assert_string_equal(m.phone, "010-8888 6666 转 123");
	assert_string_equal(m.team, "网络组");
	assert_int_equal(m.nroles, 2);
	assert_string_equal(m.roles[0], "duty_operator"); /* sorted */
	assert_string_equal(m.roles[1], "network_engineer");
	assert_true(staff_has_role(&m, "network_engineer"));
	assert_false(staff_has_role(&m, "ops_manager"));
	assert_true(m.active);
	assert_int_equal(m.version, 1);
	assert_int_equal(m.created, 1795222800);
	assert_int_equal(m.updated, 1795222800);
	assert_string_equal(m.updated_by, "boss");
	staff_member_clear(&m);
}

static void add_writes_a_journal_entry_and_an_audit_entry(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	counts after = count_rows(f);
	assert_int_equal(after.journal, before.journal + 1);
	assert_int_equal(after.audit, before.audit + 1);
	journal_entry j = {0};
	od_error err = {0};
	assert_int_equal(journal_last(f->ctx.db, "staff:zhangsan", &j, &err), OD_OK);
	assert_string_equal(j.kind, "created");
	assert_string_equal(j.actor, "boss");
	assert_contains(j.text, "name: (empty) -> 张三");
	journal_entry_clear(&j);
	audit_entry *a = newest_audit(f);
	assert_string_equal(a->op, "staff.add");
	assert_string_equal(a->record, "staff:zhangsan");
	assert_string_equal(a->actor, "boss");
	assert_contains(a->detail, "\"name\":[\"\",\"张三\"]");
	audit_entries_free(a, 1);
}

static void get_of_an_unknown_login_is_not_found(void **state)
{
	fixture *f = *state;
	staff_member m = {0};
	od_error err = {0};
	assert_int_equal(staff_get(f->ctx.db, "nobody", &m, &err), OD_NOT_FOUND);
	assert_contains(err.msg, "'nobody'");
}

static void list_gives_active_staff_by_login(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	unit_add_staff(f, "lisi", "李四", "system_engineer");
	unit_add_staff(f, "wangwu", "王五", "desktop_engineer");
	od_error err = {0};
	assert_int_equal(staff_set_active(&f->ctx, "lisi", false, 0, &err), OD_OK);

	staff_member *v = NULL;
	size_t n = 0;
	assert_int_equal(staff_list(f->ctx.db, false, &v, &n, &err), OD_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].login, "boss");
	assert_string_equal(v[0].name, "老板");
	assert_string_equal(v[1].login, "wangwu");
	assert_string_equal(v[2].login, "zhangsan");
	assert_string_equal(v[2].name, "张三");
	staff_list_free(v, n);

	assert_int_equal(staff_list(f->ctx.db, true, &v, &n, &err), OD_OK);
	assert_int_equal(n, 4);
	assert_string_equal(v[3].login, "lisi"); /* the inactive last */
	assert_false(v[3].active);
	staff_list_free(v, n);
}

/* --- refusals -------------------------------------------------------------- */

static void a_bad_login_is_refused(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	const char *roles[] = {"duty_operator"};
	staff_fields sf = {.name = "张三", .roles = roles, .nroles = 1};
	const char *bad[] = {"Zhang",
			     "zhang san",
			     "1zhang",
			     "",
			     "zhang;drop",
			     "张三",
			     "abcdefghijklmnopqrstuvwxyz0123456"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		od_error err = {0};
		assert_int_equal(staff_add(&f->ctx, bad[i], &sf, &err), OD_INVALID);
		assert_starts_with(err.msg, "login:");
	}
	assert_nothing_written(f, before);
}

static void a_phone_with_letters_is_refused(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	const char *roles[] = {"duty_operator"};
	staff_fields sf = {.name = "张三", .phone = "138abc0000", .roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_equal(staff_add(&f->ctx, "zhangsan", &sf, &err), OD_INVALID);
	assert_starts_with(err.msg, "phone:");
	assert_contains(err.msg, "138abc0000");
	assert_nothing_written(f, before);
}

static void an_unknown_role_is_refused(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	const char *roles[] = {"duty_operator", "janitor"};
	staff_fields sf = {.name = "张三", .roles = roles, .nroles = 2};
	od_error err = {0};
	assert_int_equal(staff_add(&f->ctx, "zhangsan", &sf, &err), OD_INVALID);
	assert_starts_with(err.msg, "roles:");
	assert_contains(err.msg, "'janitor'");
	assert_contains(err.msg, "duty_operator"); /* the known ones are listed */
	assert_nothing_written(f, before);
}

static void no_role_or_a_role_twice_is_refused(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	staff_fields none = {.name = "张三"};
	od_error err = {0};
	assert_int_equal(staff_add(&f->ctx, "zhangsan", &none, &err), OD_INVALID);
	assert_starts_with(err.msg, "roles:");
	const char *twice[] = {"duty_operator", "duty_operator"};
	staff_fields sf = {.name = "张三", .roles = twice, .nroles = 2};
	assert_int_equal(staff_add(&f->ctx, "zhangsan", &sf, &err), OD_INVALID);
	assert_starts_with(err.msg, "roles:");
	assert_nothing_written(f, before);
}

static void an_empty_name_is_refused(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	const char *roles[] = {"duty_operator"};
	const char *blank[] = {"", "   ", "\xe3\x80\x80", NULL};
	for (size_t i = 0; i < 4; i++) {
		staff_fields sf = {.name = blank[i], .roles = roles, .nroles = 1};
		od_error err = {0};
		assert_int_equal(staff_add(&f->ctx, "zhangsan", &sf, &err), OD_INVALID);
		assert_starts_with(err.msg, "name:");
	}
	assert_nothing_written(f, before);
}

static void a_name_with_control_characters_is_refused(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	const char *roles[] = {"duty_operator"};
	staff_fields sf = {.name = "张\x1b[2J三", .roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_equal(staff_add(&f->ctx, "zhangsan", &sf, &err), OD_INVALID);
	assert_starts_with(err.msg, "name:");
	assert_nothing_written(f, before);
}

static void a_duplicate_login_is_a_conflict(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	counts before = count_rows(f);
	const char *roles[] = {"system_engineer"};
	staff_fields sf = {.name = "另一个张三", .roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_equal(staff_add(&f->ctx, "zhangsan", &sf, &err), OD_CONFLICT);
	assert_contains(err.msg, "'zhangsan'");
	assert_starts_with(err.msg, "login:");
	assert_nothing_written(f, before);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_string_equal(m.name, "张三");
	staff_member_clear(&m);
}

/* --- editing --------------------------------------------------------------- */

static void edit_bumps_the_version_and_writes_journal_and_audit(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	counts before = count_rows(f);
	staff_fields sf = {.phone = "13800000000"};
	od_error err = {0};
	clock_pin(1795226400); /* an hour later */
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &sf, &err), OD_OK);

	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_int_equal(m.version, 2);
	assert_string_equal(m.phone, "13800000000");
	assert_string_equal(m.name, "张三"); /* NULL fields are left alone */
	assert_int_equal(m.nroles, 1);
	assert_int_equal(m.updated, 1795226400);
	assert_int_equal(m.created, 1795222800);
	staff_member_clear(&m);

	counts after = count_rows(f);
	assert_int_equal(after.journal, before.journal + 1);
	assert_int_equal(after.audit, before.audit + 1);
	journal_entry j = {0};
	assert_int_equal(journal_last(f->ctx.db, "staff:zhangsan", &j, &err), OD_OK);
	assert_string_equal(j.kind, "changed");
	assert_string_equal(j.text, "phone: (empty) -> 13800000000");
	assert_int_equal(j.at, 1795226400);
	journal_entry_clear(&j);
	audit_entry *a = newest_audit(f);
	assert_string_equal(a->op, "staff.edit");
	assert_string_equal(a->record, "staff:zhangsan");
	assert_string_equal(a->detail, "{\"phone\":[\"\",\"13800000000\"]}");
	assert_int_equal(a->at, 1795226400);
	audit_entries_free(a, 1);
}

static void edit_replaces_the_roles(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	const char *roles[] = {"system_engineer", "cab_member"};
	staff_fields sf = {.roles = roles, .nroles = 2};
	od_error err = {0};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 0, &sf, &err), OD_OK);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_int_equal(m.nroles, 2);
	assert_string_equal(m.roles[0], "cab_member");
	assert_string_equal(m.roles[1], "system_engineer");
	assert_false(staff_has_role(&m, "duty_operator"));
	staff_member_clear(&m);
	journal_entry j = {0};
	assert_int_equal(journal_last(f->ctx.db, "staff:zhangsan", &j, &err), OD_OK);
	assert_string_equal(j.text, "roles: duty_operator -> cab_member,system_engineer");
	journal_entry_clear(&j);
}

static void a_stale_edit_is_refused_saying_who_changed_what(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "ops_manager");
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	/* both open version 1; lisi saves first */
	od_ctx lisi = acting_as(f, "lisi");
	staff_fields theirs = {.phone = "13911112222"};
	od_error err = {0};
	assert_int_equal(staff_edit(&lisi, "zhangsan", 1, &theirs, &err), OD_OK);
	counts before = count_rows(f);

	staff_fields mine = {.phone = "13800000000", .team = "网络组"};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &mine, &err), OD_CONFLICT);
	assert_contains(err.msg, "lisi");        /* who */
	assert_contains(err.msg, "13911112222"); /* what */
	assert_contains(err.msg, "phone");
	assert_contains(err.msg, "2026-11-21 09:00");
	assert_nothing_written(f, before);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_string_equal(m.phone, "13911112222");
	assert_string_equal(m.team, "");
	assert_int_equal(m.version, 2);
	staff_member_clear(&m);
}

static void a_stale_edit_from_another_session_is_refused(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "ops_manager");
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	/* lisi works in another SSH session: a connection of its own */
	od_ctx lisi = acting_as(f, "lisi");
	od_error err = {0};
	assert_int_equal(db_open(f->path, false, &lisi.db, &err), OD_OK);
	staff_fields theirs = {.team = "二线"};
	assert_int_equal(staff_edit(&lisi, "zhangsan", 1, &theirs, &err), OD_OK);
	db_close(lisi.db);

	staff_fields mine = {.team = "一线"};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &mine, &err), OD_CONFLICT);
	assert_contains(err.msg, "lisi");
	assert_contains(err.msg, "二线");
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_string_equal(m.team, "二线");
	staff_member_clear(&m);
}

static void a_version_that_never_existed_is_refused(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	counts before = count_rows(f);
	staff_fields sf = {.team = "一线"};
	od_error err = {0};
	assert_int_not_equal(staff_edit(&f->ctx, "zhangsan", 5, &sf, &err), OD_OK);
	assert_nothing_written(f, before);
}

static void a_stale_deactivation_is_refused(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	staff_fields sf = {.name = "张叁"};
	od_error err = {0};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &sf, &err), OD_OK);
	assert_int_equal(staff_set_active(&f->ctx, "zhangsan", false, 1, &err), OD_CONFLICT);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_true(m.active);
	staff_member_clear(&m);
}

static void an_edit_that_changes_nothing_writes_nothing(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	counts before = count_rows(f);
	const char *roles[] = {"duty_operator"};
	staff_fields same = {.name = "张三", .phone = "", .roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &same, &err), OD_OK);
	staff_fields none = {0};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &none, &err), OD_OK);
	assert_int_equal(staff_set_active(&f->ctx, "zhangsan", true, 1, &err), OD_OK);
	assert_nothing_written(f, before);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_int_equal(m.version, 1);
	staff_member_clear(&m);
}

static void an_invalid_edit_writes_nothing(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	counts before = count_rows(f);
	staff_fields sf = {.name = "张三丰", .phone = "call me"};
	od_error err = {0};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &sf, &err), OD_INVALID);
	assert_starts_with(err.msg, "phone:");
	staff_fields empty = {.name = ""};
	assert_int_equal(staff_edit(&f->ctx, "zhangsan", 1, &empty, &err), OD_INVALID);
	assert_starts_with(err.msg, "name:");
	assert_nothing_written(f, before);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_string_equal(m.name, "张三");
	staff_member_clear(&m);
}

static void editing_an_unknown_login_is_not_found(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	staff_fields sf = {.name = "某人"};
	od_error err = {0};
	assert_int_equal(staff_edit(&f->ctx, "ghost", 0, &sf, &err), OD_NOT_FOUND);
	assert_nothing_written(f, before);
}

/* --- activity -------------------------------------------------------------- */

static void deactivate_and_activate(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	od_error err = {0};
	assert_int_equal(staff_set_active(&f->ctx, "zhangsan", false, 1, &err), OD_OK);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_false(m.active);
	assert_int_equal(m.version, 2);
	staff_member_clear(&m);
	audit_entry *a = newest_audit(f);
	assert_string_equal(a->op, "staff.deactivate");
	assert_string_equal(a->detail, "{\"active\":[\"yes\",\"no\"]}");
	audit_entries_free(a, 1);

	assert_int_equal(staff_set_active(&f->ctx, "zhangsan", true, 2, &err), OD_OK);
	assert_int_equal(staff_get(f->ctx.db, "zhangsan", &m, &err), OD_OK);
	assert_true(m.active);
	assert_int_equal(m.version, 3);
	staff_member_clear(&m);
	a = newest_audit(f);
	assert_string_equal(a->op, "staff.activate");
	audit_entries_free(a, 1);
}

static void the_last_active_manager_cannot_be_deactivated(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	counts before = count_rows(f);
	od_error err = {0};
	assert_int_equal(staff_set_active(&f->ctx, "boss", false, 0, &err), OD_DENIED);
	assert_contains(err.msg, "'boss'");
	assert_contains(err.msg, "last active");
	assert_nothing_written(f, before);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "boss", &m, &err), OD_OK);
	assert_true(m.active);
	staff_member_clear(&m);
}

static void the_last_active_manager_cannot_lose_the_role(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	const char *roles[] = {"duty_operator"};
	staff_fields sf = {.roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_equal(staff_edit(&f->ctx, "boss", 0, &sf, &err), OD_DENIED);
	assert_contains(err.msg, "last active");
	assert_nothing_written(f, before);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "boss", &m, &err), OD_OK);
	assert_true(staff_has_role(&m, "ops_manager"));
	staff_member_clear(&m);
}

static void an_inactive_second_manager_does_not_count(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "ops_manager");
	od_error err = {0};
	assert_int_equal(staff_set_active(&f->ctx, "lisi", false, 0, &err), OD_OK);
	assert_int_equal(staff_set_active(&f->ctx, "boss", false, 0, &err), OD_DENIED);
}

static void with_another_active_manager_the_role_can_go(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "ops_manager");
	const char *roles[] = {"duty_operator"};
	staff_fields sf = {.roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_equal(staff_edit(&f->ctx, "boss", 0, &sf, &err), OD_OK);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "boss", &m, &err), OD_OK);
	assert_false(staff_has_role(&m, "ops_manager"));
	staff_member_clear(&m);
	/* and now lisi is the last one */
	od_ctx lisi = acting_as(f, "lisi");
	assert_int_equal(staff_set_active(&lisi, "lisi", false, 0, &err), OD_DENIED);
}

static void with_another_active_manager_one_can_be_deactivated(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "ops_manager");
	od_ctx lisi = acting_as(f, "lisi");
	od_error err = {0};
	assert_int_equal(staff_set_active(&lisi, "boss", false, 0, &err), OD_OK);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "boss", &m, &err), OD_OK);
	assert_false(m.active);
	staff_member_clear(&m);
}

/* --- who may change what --------------------------------------------------- */

static void someone_not_on_the_staff_list_can_only_look(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "zhangsan", "张三", "duty_operator");
	counts before = count_rows(f);
	od_ctx stranger = acting_as(f, "stranger");
	const char *roles[] = {"ops_manager"};
	staff_fields sf = {.name = "陌生人", .roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_equal(staff_add(&stranger, "stranger", &sf, &err), OD_DENIED);
	assert_contains(err.msg, "can look but not change anything");
	assert_contains(err.msg, "'stranger'");
	assert_int_equal(staff_edit(&stranger, "zhangsan", 0, &sf, &err), OD_DENIED);
	assert_contains(err.msg, "can look but not change anything");
	assert_int_equal(staff_set_active(&stranger, "zhangsan", false, 0, &err), OD_DENIED);
	assert_contains(err.msg, "can look but not change anything");
	assert_nothing_written(f, before);
	/* looking is fine */
	staff_member m = {0};
	assert_int_equal(staff_get(stranger.db, "zhangsan", &m, &err), OD_OK);
	staff_member_clear(&m);
}

static void a_deactivated_member_cannot_change_anything(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lisi", "李四", "ops_manager");
	od_error err = {0};
	assert_int_equal(staff_set_active(&f->ctx, "lisi", false, 0, &err), OD_OK);
	counts before = count_rows(f);
	od_ctx lisi = acting_as(f, "lisi");
	const char *roles[] = {"duty_operator"};
	staff_fields sf = {.name = "赵六", .roles = roles, .nroles = 1};
	assert_int_equal(staff_add(&lisi, "zhaoliu", &sf, &err), OD_DENIED);
	assert_contains(err.msg, "deactivated");
	assert_contains(err.msg, "can look but not change anything");
	/* not even switch themself back on */
	assert_int_equal(staff_set_active(&lisi, "lisi", true, 0, &err), OD_DENIED);
	staff_fields name = {.name = "李肆"};
	assert_int_equal(staff_edit(&lisi, "boss", 0, &name, &err), OD_DENIED);
	assert_nothing_written(f, before);
}

static void a_duty_operator_cannot_manage_staff(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "wangwu", "王五", "duty_operator");
	counts before = count_rows(f);
	od_ctx wangwu = acting_as(f, "wangwu");
	const char *roles[] = {"duty_operator"};
	staff_fields sf = {.name = "赵六", .roles = roles, .nroles = 1};
	od_error err = {0};
	assert_int_equal(staff_add(&wangwu, "zhaoliu", &sf, &err), OD_DENIED);
	assert_contains(err.msg, "staff.manage"); /* the rule */
	assert_contains(err.msg, "运维经理");     /* the roles that have it */
	const char *manager[] = {"ops_manager"};
	staff_fields promote = {.roles = manager, .nroles = 1};
	assert_int_equal(staff_edit(&wangwu, "wangwu", 0, &promote, &err), OD_DENIED);
	assert_nothing_written(f, before);
}

static void bootstrap_adds_nobody_once_there_is_staff(void **state)
{
	fixture *f = *state;
	counts before = count_rows(f);
	od_ctx other = acting_as(f, "intruder");
	bool added = true;
	od_error err = {0};
	assert_int_equal(staff_bootstrap(&other, "入侵者", &added, &err), OD_OK);
	assert_false(added);
	assert_nothing_written(f, before);
	staff_member m = {0};
	assert_int_equal(staff_get(f->ctx.db, "intruder", &m, &err), OD_NOT_FOUND);
}

static void bootstrap_made_boss_the_manager(void **state)
{
	fixture *f = *state;
	staff_member m = {0};
	od_error err = {0};
	assert_int_equal(staff_get(f->ctx.db, "boss", &m, &err), OD_OK);
	assert_string_equal(m.name, "老板");
	assert_int_equal(m.nroles, 1);
	assert_string_equal(m.roles[0], "ops_manager");
	staff_member_clear(&m);
	audit_entry *a = newest_audit(f);
	assert_string_equal(a->op, "staff.bootstrap");
	audit_entries_free(a, 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
	    T(add_and_get_with_chinese_names),
	    T(add_writes_a_journal_entry_and_an_audit_entry),
	    T(get_of_an_unknown_login_is_not_found),
	    T(list_gives_active_staff_by_login),
	    T(a_bad_login_is_refused),
	    T(a_phone_with_letters_is_refused),
	    T(an_unknown_role_is_refused),
	    T(no_role_or_a_role_twice_is_refused),
	    T(an_empty_name_is_refused),
	    T(a_name_with_control_characters_is_refused),
	    T(a_duplicate_login_is_a_conflict),
	    T(edit_bumps_the_version_and_writes_journal_and_audit),
	    T(edit_replaces_the_roles),
	    T(a_stale_edit_is_refused_saying_who_changed_what),
	    T(a_stale_edit_from_another_session_is_refused),
	    T(a_version_that_never_existed_is_refused),
	    T(a_stale_deactivation_is_refused),
	    T(an_edit_that_changes_nothing_writes_nothing),
	    T(an_invalid_edit_writes_nothing),
	    T(editing_an_unknown_login_is_not_found),
	    T(deactivate_and_activate),
	    T(the_last_active_manager_cannot_be_deactivated),
	    T(the_last_active_manager_cannot_lose_the_role),
	    T(an_inactive_second_manager_does_not_count),
	    T(with_another_active_manager_the_role_can_go),
	    T(with_another_active_manager_one_can_be_deactivated),
	    T(someone_not_on_the_staff_list_can_only_look),
	    T(a_deactivated_member_cannot_change_anything),
	    T(a_duty_operator_cannot_manage_staff),
	    T(bootstrap_adds_nobody_once_there_is_staff),
	    T(bootstrap_made_boss_the_manager),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
