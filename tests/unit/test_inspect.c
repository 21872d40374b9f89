/* inspect's pure parts: a reading judged against its item (the ends of
 * ranges, units, the words a check takes, choices) and the next due time
 * of each kind of frequency on the built-in rules' calendars. */
#include "unit.h"

#include "opsdesk/inspect.h"

static rules *builtin(void)
{
	diag_list d = {0};
	rules *r = rules_load_embedded(&d);
	diag_free(&d);
	assert_non_null(r);
	clock_set_zone(r->site.timezone.id);
	return r;
}

static inspect_level judge(const rules_inspect_item *it, const char *v, od_status want)
{
	inspect_level level = LEVEL_NORMAL;
	od_error err;
	od_status s = inspect_judge(it, v, &level, NULL, NULL, &err);
	if (s != want)
		fail_msg("%s=%s: status %d, expected %d (%s)", it->id, v, s, want,
			 s ? err.msg : "");
	return level;
}

static void range_ends_decide_the_level(void **state)
{
	(void)state;
	rules *r = builtin();
	const rules_inspection *t = rules_inspection_find(r, "machine_room");
	const rules_inspect_item *temp = rules_inspect_item_find(t, "temperature");
	assert_int_equal(judge(temp, "18", OD_OK), LEVEL_NORMAL);
	assert_int_equal(judge(temp, "27", OD_OK), LEVEL_NORMAL);     /* [18, 27] holds 27 */
	assert_int_equal(judge(temp, "27.01", OD_OK), LEVEL_WARNING); /* (27, 30] */
	assert_int_equal(judge(temp, "30", OD_OK), LEVEL_WARNING);
	assert_int_equal(judge(temp, "30.5", OD_OK), LEVEL_ALARM);
	assert_int_equal(judge(temp, "17.9", OD_OK), LEVEL_WARNING); /* [15, 18) */
	assert_int_equal(judge(temp, "14.9", OD_OK), LEVEL_ALARM);
	assert_int_equal(judge(temp, " 24 ℃ ", OD_OK), LEVEL_NORMAL); /* its unit may follow */
	judge(temp, "24 K", OD_INVALID);
	judge(temp, "", OD_INVALID);
	judge(temp, "nan", OD_INVALID);
	const rules_inspect_item *hum = rules_inspect_item_find(t, "humidity");
	assert_int_equal(judge(hum, "45%", OD_OK), LEVEL_NORMAL);
	judge(hum, "101", OD_INVALID);
	judge(hum, "-1", OD_INVALID);
	rules_free(r);
}

static void checks_and_choices(void **state)
{
	(void)state;
	rules *r = builtin();
	const rules_inspection *t = rules_inspection_find(r, "machine_room");
	const rules_inspect_item *fire = rules_inspect_item_find(t, "fire");
	assert_int_equal(judge(fire, "pass", OD_OK), LEVEL_NORMAL);
	assert_int_equal(judge(fire, "正常", OD_OK), LEVEL_NORMAL);
	assert_int_equal(judge(fire, "FAIL", OD_OK), LEVEL_ABNORMAL);
	assert_int_equal(judge(fire, "异常", OD_OK), LEVEL_ABNORMAL);
	judge(fire, "maybe", OD_INVALID);
	const rules_inspect_item *ups = rules_inspect_item_find(t, "ups_battery");
	assert_int_equal(judge(ups, "正常", OD_OK), LEVEL_NORMAL);
	assert_int_equal(judge(ups, "告警", OD_OK), LEVEL_ABNORMAL);
	judge(ups, "良好", OD_INVALID);
	char *canon = NULL;
	inspect_level level;
	assert_int_equal(inspect_judge(fire, "ok", &level, NULL, &canon, NULL), OD_OK);
	assert_string_equal(canon, "pass"); /* stored as one word */
	free(canon);
	rules_free(r);
}

static time_t at(const char *iso)
{
	time_t t;
	assert_int_equal(clock_parse(iso, &t, NULL), OD_OK);
	return t;
}

static void assert_time(time_t got, const char *want)
{
	char buf[40];
	clock_format_iso(got, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void the_server_round_skips_weekends_and_holidays(void **state)
{
	(void)state;
	rules *r = builtin();
	/* daily at 10:00 on the business calendar */
	const rules_inspection *t = rules_inspection_find(r, "server");
	inspect_due_times d = inspect_next_due(r, t, at("2026-09-30T11:00:00+08:00"), 0);
	assert_time(d.due, "2026-10-08T10:00:00+08:00");
	assert_time(d.overdue, "2026-10-09T10:00:00+08:00");
	/* Friday 2026-11-20: next is Monday */
	d = inspect_next_due(r, t, at("2026-11-20T10:30:00+08:00"), 0);
	assert_time(d.due, "2026-11-23T10:00:00+08:00");
	/* the monthly desktop round on the 1st: October's moves off the holidays
	 * to the 8th, so a round on the 1st still counts for September's */
	const rules_inspection *pc = rules_inspection_find(r, "desktop");
	d = inspect_next_due(r, pc, at("2026-10-01T09:30:00+08:00"), 0);
	assert_time(d.due, "2026-10-08T09:00:00+08:00");
	/* November's 1st is a Sunday: Monday the 2nd */
	d = inspect_next_due(r, pc, at("2026-10-08T09:30:00+08:00"), 0);
	assert_time(d.due, "2026-11-02T09:00:00+08:00");
	/* the machine room: daily 09:00 with 2h grace, every day */
	const rules_inspection *room = rules_inspection_find(r, "machine_room");
	d = inspect_next_due(r, room, at("2026-10-01T09:15:00+08:00"), 0);
	assert_time(d.due, "2026-10-02T09:00:00+08:00");
	assert_time(d.overdue, "2026-10-02T11:00:00+08:00");
	rules_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(range_ends_decide_the_level),
	    cmocka_unit_test(checks_and_choices),
	    cmocka_unit_test(the_server_round_skips_weekends_and_holidays),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
