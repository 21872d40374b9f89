/* roster_time.c and roster.c: day arithmetic, shift slots across midnight,
 * month ends and clock changes, and cells set under the rules. */
#include "unit.h"

#include "opsdesk/roster.h"

static time_t utc(const char *iso)
{
	time_t t = 0;
	od_error err = {0};
	if (clock_parse(iso, &t, &err) != OD_OK)
		fail_msg("%s: %s", iso, err.msg);
	return t;
}

static void days_add_across_months_and_leap_years(void **state)
{
	(void)state;
	char out[ROSTER_DAY_LEN];
	roster_day_add(out, "2026-11-30", 1);
	assert_string_equal(out, "2026-12-01");
	roster_day_add(out, "2026-12-31", 1);
	assert_string_equal(out, "2027-01-01");
	roster_day_add(out, "2028-02-28", 1);
	assert_string_equal(out, "2028-02-29");
	roster_day_add(out, "2026-03-01", -1);
	assert_string_equal(out, "2026-02-28");
	assert_int_equal(roster_day_diff("2026-11-01", "2026-12-01"), 30);
	assert_int_equal(roster_day_weekday("2026-11-21"), 6); /* a Saturday */
	assert_int_equal(roster_day_weekday("2026-11-23"), 1);
	assert_int_equal(civil_month_days(2026, 2), 28);
	assert_int_equal(civil_month_days(2028, 2), 29);
	od_error err = {0};
	assert_int_equal(roster_day_valid("2026-02-29", "day", &err), OD_INVALID);
	assert_contains(err.msg, "day: '2026-02-29' is not a date");
}

static void a_night_shift_ends_the_next_day_even_at_the_months_end(void **state)
{
	(void)state;
	clock_set_zone("Asia/Shanghai");
	rules_shift night = {.id = "N", .name = "夜班", .time = {20 * 60, 8 * 60}};
	shift_slot s = roster_slot(&night, "2026-11-30");
	assert_int_equal(s.start, utc("2026-11-30T20:00:00+08:00"));
	assert_int_equal(s.end, utc("2026-12-01T08:00:00+08:00"));
	s = roster_slot(&night, "2026-12-31");
	assert_int_equal(s.end, utc("2027-01-01T08:00:00+08:00"));
	assert_true(rules_shift_is_night(&night));
	assert_int_equal(rules_shift_minutes(&night), 720);
	rules_shift late = {.id = "L", .name = "晚班", .time = {16 * 60, 0}};
	assert_false(rules_shift_is_night(&late)); /* ends at midnight, not after */
	s = roster_slot(&late, "2026-11-30");
	assert_int_equal(s.end, utc("2026-12-01T00:00:00+08:00"));
}

/* Europe/Berlin: 2026-03-29 02:00 -> 03:00; 2026-10-25 03:00 -> 02:00. */
static void clock_changes_shorten_or_lengthen_the_shift(void **state)
{
	(void)state;
	clock_set_zone("Europe/Berlin");
	rules_shift night = {.id = "N", .name = "夜班", .time = {20 * 60, 8 * 60}};
	shift_slot s = roster_slot(&night, "2026-03-28");
	assert_int_equal(s.start, utc("2026-03-28T20:00:00+01:00"));
	assert_int_equal(s.end, utc("2026-03-29T08:00:00+02:00"));
	assert_int_equal(s.end - s.start, 11 * 3600);
	s = roster_slot(&night, "2026-10-24");
	assert_int_equal(s.end - s.start, 13 * 3600);
	/* 02:30 does not exist on 29 March: read with the offset before, 03:30 */
	rules_shift early = {.id = "E", .name = "早班", .time = {2 * 60 + 30, 10 * 60}};
	s = roster_slot(&early, "2026-03-29");
	assert_int_equal(s.start, utc("2026-03-29T03:30:00+02:00"));
	/* 02:30 happens twice on 25 October: the first time */
	s = roster_slot(&early, "2026-10-25");
	assert_int_equal(s.start, utc("2026-10-25T02:30:00+02:00"));
	clock_set_zone("Asia/Shanghai");
}

static void on_duty_at_is_half_open(void **state)
{
	fixture *f = *state;
	shift_slot s;
	assert_true(roster_slot_at(f->rules, utc("2026-11-21T08:00:00+08:00"), &s));
	assert_string_equal(s.shift->id, "D");
	assert_true(roster_slot_at(f->rules, utc("2026-11-21T07:59:59+08:00"), &s));
	assert_string_equal(s.shift->id, "N");
	assert_string_equal(s.day, "2026-11-20");
	assert_true(roster_slot_next(f->rules, utc("2026-11-21T08:00:00+08:00"), &s));
	assert_string_equal(s.shift->id, "N");
	assert_string_equal(s.day, "2026-11-21");
	assert_true(roster_slot_prev(f->rules, utc("2026-11-21T08:00:00+08:00"), &s));
	assert_string_equal(s.day, "2026-11-20");
	assert_string_equal(s.shift->id, "N");
}

static void cells_follow_the_rules_order_and_refuse_stale_saves(void **state)
{
	fixture *f = *state;
	unit_add_staff(f, "lina", "李娜", "network_engineer");
	od_error err = {0};
	const char *both[] = {"N", "D"};
	assert_int_equal(roster_set(&f->ctx, "2026-11-22", "lina", both, 2, NULL, NULL, &err), OD_OK);
	char *cell = roster_cell(f->ctx.db, f->rules, "2026-11-22", "lina");
	assert_string_equal(cell, "D,N");
	free(cell);
	const char *day[] = {"D"};
	assert_int_equal(roster_set(&f->ctx, "2026-11-22", "lina", day, 1, "", NULL, &err), OD_CONFLICT);
	assert_contains(err.msg, "changed by boss meanwhile (now: D,N, you saw: -)");
	assert_int_equal(roster_set(&f->ctx, "2026-11-22", "lina", day, 1, "D,N", NULL, &err), OD_OK);
	assert_int_equal(unit_int(f->ctx.db, "SELECT count(*) FROM roster"), 1);
	roster_entry e = {.day = "2026-11-21", .shift = "N", .login = "lina"};
	roster_totals t = {0};
	roster_totals_add(f->rules, &e, &t); /* Saturday night */
	assert_int_equal(t.shifts, 1);
	assert_int_equal(t.nights, 1);
	assert_int_equal(t.weekend_or_holiday, 1);
	assert_int_equal(t.minutes, 720);
}

static void holidays_come_from_the_roster_calendar(void **state)
{
	fixture *f = *state;
	assert_int_equal(roster_day_kind_of(f->rules, "2026-10-01"), DAY_HOLIDAY);
	assert_int_equal(roster_day_kind_of(f->rules, "2026-10-10"), DAY_WORK); /* a make-up Saturday */
	assert_int_equal(roster_day_kind_of(f->rules, "2026-11-22"), DAY_WEEKEND);
	assert_int_equal(roster_day_kind_of(f->rules, "2026-11-23"), DAY_WORK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(days_add_across_months_and_leap_years),
		cmocka_unit_test(a_night_shift_ends_the_next_day_even_at_the_months_end),
		cmocka_unit_test(clock_changes_shorten_or_lengthen_the_shift),
		cmocka_unit_test_setup_teardown(on_duty_at_is_half_open, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(cells_follow_the_rules_order_and_refuse_stale_saves,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(holidays_come_from_the_roster_calendar, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
