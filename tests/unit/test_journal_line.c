/* Journal lines kept as data (journal_line.c): the roster's, a swap's and
 * leave's lines, written by the real operations in English, read back in
 * Chinese and in English with logins and shifts by name; the stored text
 * stays what it was. */
#include "unit.h"

#include <locale.h>

#include "opsdesk/dutylog.h"
#include "opsdesk/handover.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/journal_line.h"
#include "opsdesk/roster.h"
#include "opsdesk/swap.h"

/* The entry n (0 first) of record, rendered in language. Caller frees. */
static char *rendered(const fixture *f, const char *record, size_t n, const char *language)
{
	journal_entry *j;
	size_t nj;
	od_error err;
	if (journal_list(f->ctx.db, record, &j, &nj, &err) != OD_OK || n >= nj)
		fail_msg("%s has no entry %zu", record, n);
	i18n_force(language);
	char *text = journal_line_render(f->ctx.db, f->rules, record, &j[n]);
	i18n_force("en");
	journal_entries_free(j, nj);
	return text;
}

static char *stored(const fixture *f, const char *record, size_t n)
{
	journal_entry *j;
	size_t nj;
	od_error err;
	if (journal_list(f->ctx.db, record, &j, &nj, &err) != OD_OK || n >= nj)
		fail_msg("%s has no entry %zu", record, n);
	char *text = xstrdup(j[n].text);
	journal_entries_free(j, nj);
	return text;
}

#define EXPECT(got_expr, want)                                                                     \
	do {                                                                                       \
		char *got_ = (got_expr);                                                           \
		assert_string_equal(got_, want);                                                   \
		free(got_);                                                                        \
	} while (0)

static void roster_swap_and_leave_lines_read_in_either_language(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lina", "李娜", "network_engineer");
	unit_add_staff(f, "wang", "王伟", "network_engineer");
	od_error err = {0};
	const char *night[] = {"N"}, *day[] = {"D"};
	assert_int_equal(roster_set(&f->ctx, "2026-11-22", "lina", night, 1, NULL, NULL, &err), OD_OK);
	assert_int_equal(roster_set(&f->ctx, "2026-11-23", "wang", day, 1, NULL, "补班", &err), OD_OK);
	EXPECT(stored(f, "roster:2026-11-22", 0), "lina: - -> N");
	EXPECT(rendered(f, "roster:2026-11-22", 0, "zh_CN"), "李娜：- -> 夜班");
	EXPECT(rendered(f, "roster:2026-11-22", 0, "en"), "李娜: - -> 夜班");
	EXPECT(rendered(f, "roster:2026-11-23", 0, "zh_CN"), "王伟：- -> 白班（补班）");

	od_ctx lina = acting_as(f, "lina"), wang = acting_as(f, "wang");
	swap_ask ask = {.day = "2026-11-22", .shift = "N", .other = "wang", .reason = "家里有事"};
	int64_t id = 0;
	assert_int_equal(swap_request_new(&lina, &ask, &id, &err), OD_OK);
	assert_int_equal(swap_answer(&wang, id, true, "没问题", &err), OD_OK);
	char ref[40];
	swap_record_ref(id, ref, sizeof ref);
	EXPECT(stored(f, ref, 0), "requested: lina 2026-11-22/N -> wang (家里有事)");
	EXPECT(rendered(f, ref, 0, "zh_CN"), "已申请换班：李娜 2026-11-22/夜班 -> 王伟（家里有事）");
	EXPECT(rendered(f, ref, 0, "en"), "requested: 李娜 2026-11-22/夜班 -> 王伟 (家里有事)");
	EXPECT(stored(f, ref, 1), "agreed: lina 2026-11-22/N -> wang (没问题)");
	EXPECT(rendered(f, ref, 1, "zh_CN"), "已同意：李娜 2026-11-22/夜班 -> 王伟（没问题）");

	roster_entry *clashes = NULL;
	size_t nclashes = 0;
	assert_int_equal(leave_add(&f->ctx, "lina", "2026-11-25", "2026-11-26", "病假", &id, &clashes,
				   &nclashes, &err),
			 OD_OK);
	roster_entries_free(clashes, nclashes);
	assert_int_equal(leave_cancel(&f->ctx, id, "已康复", &err), OD_OK);
	/* the person's journal starts with their creation, a change set */
	EXPECT(rendered(f, "staff:lina", 0, "zh_CN"), "登录名：lina；姓名：李娜；角色：network_engineer");
	EXPECT(stored(f, "staff:lina", 1), "leave 2026-11-25..2026-11-26: 病假");
	EXPECT(rendered(f, "staff:lina", 1, "zh_CN"), "请假 2026-11-25 至 2026-11-26：病假");
	EXPECT(rendered(f, "staff:lina", 2, "zh_CN"), "已取消请假 2026-11-25 至 2026-11-26：已康复");
	EXPECT(rendered(f, "staff:lina", 2, "en"), "leave 2026-11-25..2026-11-26 cancelled: 已康复");
}

static void duty_log_and_handover_lines_read_in_either_language(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lina", "李娜", "network_engineer");
	od_error err = {0};
	const char *night[] = {"N"}, *day[] = {"D"};
	/* at 09:00 on the 21st: lina's night of the 20th has ended, boss is on the day */
	assert_int_equal(roster_set(&f->ctx, "2026-11-20", "lina", night, 1, NULL, NULL, &err), OD_OK);
	assert_int_equal(roster_set(&f->ctx, "2026-11-21", "boss", day, 1, NULL, NULL, &err), OD_OK);
	int64_t id = 0, fix = 0;
	shift_slot slot;
	assert_int_equal(dutylog_add(&f->ctx, "机房巡视正常", "check", 0, 0, &id, &slot, &err), OD_OK);
	assert_int_equal(dutylog_add(&f->ctx, "更正：B栋机房", "check", 0, id, &fix, NULL, &err), OD_OK);
	char ref[48];
	dutylog_record_ref(&slot, ref, sizeof ref);
	EXPECT(stored(f, ref, 0), "1. 2026-11-21 09:00 [check] 机房巡视正常");
	EXPECT(rendered(f, ref, 0, "zh_CN"), "1. 2026-11-21 09:00 [巡检] 机房巡视正常");
	EXPECT(rendered(f, ref, 1, "zh_CN"), "2. 2026-11-21 09:00 [巡检]（更正 1） 更正：B栋机房");
	EXPECT(rendered(f, ref, 1, "en"), "2. 2026-11-21 09:00 [巡检] (corrects 1) 更正：B栋机房");

	shift_slot prev;
	assert_true(roster_slot_prev(f->rules, clock_now(), &prev));
	assert_int_equal(handover_acknowledge(&f->ctx, &prev, &err), OD_OK);
	handover_record_ref(&prev, ref, sizeof ref);
	EXPECT(stored(f, ref, 0), "handover acknowledged: lina -> boss");
	EXPECT(rendered(f, ref, 0, "zh_CN"), "交接班已确认：李娜 -> 老板");
	EXPECT(rendered(f, ref, 0, "en"), "handover acknowledged: 李娜 -> 老板");
}

int main(void)
{
	/* the catalogue make built beside the program */
	const char *dir = getenv("UNIT_DIR");
	char locale[4096];
	snprintf(locale, sizeof locale, "%s/../locale", dir ? dir : "build/tests");
	setlocale(LC_ALL, "C.UTF-8");
	i18n_init(locale);
	i18n_force("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(roster_swap_and_leave_lines_read_in_either_language,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(duty_log_and_handover_lines_read_in_either_language,
						fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
