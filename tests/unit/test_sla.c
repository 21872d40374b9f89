/* sla.c: working time in the calendars of the built-in rules (Asia/Shanghai:
 * 24x7, and business hours 08:30-17:30 Monday to Friday with the National
 * Day holidays and the make-up Saturdays and Sundays of 2026), in zones
 * with daylight saving time, and the response and resolution clocks of an
 * incident replayed from its history. Times are written out as the site's
 * local time. */
#include "unit.h"

#include "opsdesk/sla.h"

static rules *r;

static int load_rules(void **state)
{
	(void)state;
	diag_list d = {0};
	r = rules_load_embedded(&d);
	diag_free(&d);
	return r ? 0 : -1;
}

static int free_rules(void **state)
{
	(void)state;
	rules_free(r);
	r = NULL;
	return 0;
}

static int site_zone(void **state)
{
	(void)state;
	clock_set_zone("Asia/Shanghai");
	return 0;
}

/* --- helpers --------------------------------------------------------------- */

static time_t at(const char *local)
{
	time_t t = 0;
	od_error err = {0};
	if (clock_parse(local, &t, &err) != OD_OK)
		fail_msg("'%s': %s", local, err.msg);
	return t;
}

static const rules_calendar *calendar(const char *id)
{
	for (size_t i = 0; i < r->calendars.n; i++)
		if (strcmp(r->calendars.v[i].id, id) == 0)
			return &r->calendars.v[i];
	fail_msg("the built-in rules have no calendar '%s'", id);
	return NULL;
}

#define BUSINESS calendar("business")
#define ALWAYS   calendar("24x7")

/* A calendar made in the test: hours and days only, no holidays. */
static rules_calendar hours_on(int start, int end, unsigned days)
{
	return (rules_calendar){.id = "test", .hours = {start, end}, .days = days};
}

enum { MON_FRI = 0x3e, EVERY_DAY = 0x7f };

static int64_t minutes(const rules_calendar *c, const char *from, const char *to)
{
	return sla_working_minutes(c, at(from), at(to));
}

/* Asserts that t is the local time expected, showing both when not. */
static void assert_time(time_t t, const char *expected)
{
	char buf[32];
	if (t != at(expected))
		fail_msg("got %s, expected %s", t ? clock_format(t, buf, sizeof buf) : "0",
			 expected);
}

static void assert_added(const rules_calendar *c, const char *from, int64_t m, const char *expected)
{
	assert_time(sla_add_working_minutes(c, at(from), m), expected);
}

static const rules_workflow *incident(void)
{
	return &r->workflows.incident;
}

#define CREATED(t, s)  ((sla_event){at(t), SLA_CREATED, s})
#define STATE(t, s)    ((sla_event){at(t), SLA_STATE, s})
#define PRIORITY(t, p) ((sla_event){at(t), SLA_PRIORITY, p})
#define RESPONDED(t)   ((sla_event){at(t), SLA_RESPONDED, NULL})

static sla_result compute_n(const sla_event *ev, size_t n, const char *now)
{
	sla_result res;
	memset(&res, 0xab, sizeof res);
	od_error err = {0};
	if (sla_compute(r, incident(), ev, n, at(now), &res, &err) != OD_OK)
		fail_msg("sla_compute refused: %s", err.msg);
	return res;
}
#define compute(ev, now) compute_n(ev, sizeof ev / sizeof ev[0], now)

static void assert_clock(const sla_clock *c, int64_t used, int64_t target, sla_standing standing)
{
	assert_int_equal(c->used, used);
	assert_int_equal(c->target, target);
	assert_int_equal(c->standing, standing);
}

static void assert_same_clock(const sla_clock *a, const sla_clock *b)
{
	assert_int_equal(a->target, b->target);
	assert_int_equal(a->used, b->used);
	assert_int_equal(a->due, b->due);
	assert_int_equal(a->stopped, b->stopped);
	assert_int_equal(a->paused, b->paused);
	assert_int_equal(a->standing, b->standing);
}

/* --- working minutes ------------------------------------------------------- */

static void every_minute_counts_around_the_clock(void **state)
{
	(void)state;
	assert_int_equal(minutes(ALWAYS, "2026-11-20 23:50", "2026-11-21 00:10"), 20);
	assert_int_equal(minutes(ALWAYS, "2026-11-20 17:00", "2026-11-23 09:00"), 64 * 60);
	assert_int_equal(minutes(ALWAYS, "2026-11-20 17:00", "2026-11-20 17:00"), 0);
	assert_int_equal(minutes(ALWAYS, "2026-11-20 18:00", "2026-11-20 17:00"), 0);
}

static void partial_minutes_are_rounded_down_at_the_end(void **state)
{
	(void)state;
	assert_int_equal(minutes(ALWAYS, "2026-11-20 17:00:00", "2026-11-20 17:01:59"), 1);
	/* 17:29:30-17:30 Friday and 08:30-08:30:30 Monday: one minute in all */
	assert_int_equal(minutes(BUSINESS, "2026-11-20 17:29:30", "2026-11-23 08:30:30"), 1);
}

static void business_hours_count_only_the_working_day(void **state)
{
	(void)state;
	/* 2026-11-20 is a Friday: 16:00-17:30, then Monday 08:30-09:00 */
	assert_int_equal(minutes(BUSINESS, "2026-11-20 16:00", "2026-11-23 09:00"), 120);
	assert_int_equal(minutes(BUSINESS, "2026-11-20 18:00", "2026-11-23 08:30"), 0);
	assert_int_equal(minutes(BUSINESS, "2026-11-23 07:00", "2026-11-23 20:00"), 540);
	assert_int_equal(minutes(BUSINESS, "2026-11-23 12:00", "2026-11-24 12:00"), 540);
	/* a whole working week */
	assert_int_equal(minutes(BUSINESS, "2026-11-22 12:00", "2026-11-29 12:00"), 5 * 540);
}

static void holidays_do_not_count(void **state)
{
	(void)state;
	/* National Day: Thursday 1 and Friday 2 October, the weekend, then
	 * Monday 5 to Wednesday 7 off; Thursday 8 is a working day */
	assert_int_equal(minutes(BUSINESS, "2026-09-30 17:30", "2026-10-08 08:30"), 0);
	assert_int_equal(minutes(BUSINESS, "2026-09-30 16:30", "2026-10-08 09:30"), 120);
	assert_int_equal(minutes(BUSINESS, "2026-01-01 00:00", "2026-01-02 00:00"), 0);
}

static void make_up_workdays_count(void **state)
{
	(void)state;
	assert_int_equal(minutes(BUSINESS, "2026-10-10 00:00", "2026-10-11 00:00"), 540); /* Sat */
	assert_int_equal(minutes(BUSINESS, "2026-09-27 00:00", "2026-09-28 00:00"), 540); /* Sun */
	assert_int_equal(minutes(BUSINESS, "2026-10-17 00:00", "2026-10-18 00:00"), 0);   /* Sat */
	/* Friday 9 October 17:00 to Monday 12 October 09:00 */
	assert_int_equal(minutes(BUSINESS, "2026-10-09 17:00", "2026-10-12 09:00"), 30 + 540 + 30);
}

static void a_working_day_of_24_hours_runs_across_midnight(void **state)
{
	(void)state;
	rules_calendar c = hours_on(0, 24 * 60, MON_FRI);
	/* Friday 22:00 to midnight, then Monday 00:00-02:00 */
	assert_int_equal(minutes(&c, "2026-11-20 22:00", "2026-11-23 02:00"), 240);
	assert_int_equal(minutes(&c, "2026-11-23 00:00", "2026-11-28 00:00"), 5 * 1440);
	assert_added(&c, "2026-11-20 23:00", 120, "2026-11-23 01:00");
	assert_added(&c, "2026-11-23 23:00", 60, "2026-11-24 00:00");
}

static void a_year_is_counted_day_by_day(void **state)
{
	(void)state;
	/* The working days of 2026 by a plain walk over the calendar. */
	static const char *const off[] = {"2026-01-01", "2026-10-01", "2026-10-02",
					  "2026-10-05", "2026-10-06", "2026-10-07"};
	static const char *const on[] = {"2026-09-27", "2026-10-10"};
	int days = 0;
	for (int yday = 0; yday < 365; yday++) {
		struct tm tm = {.tm_year = 126, .tm_mday = 1 + yday, .tm_hour = 12, .tm_isdst = -1};
		mktime(&tm);
		char date[16];
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
		bool working = tm.tm_wday >= 1 && tm.tm_wday <= 5;
		for (size_t i = 0; i < sizeof off / sizeof off[0]; i++)
			working = working && strcmp(date, off[i]) != 0;
		for (size_t i = 0; i < sizeof on / sizeof on[0]; i++)
			working = working || strcmp(date, on[i]) == 0;
		days += working;
	}
	assert_int_equal(days, 257); /* 261 weekdays, 6 of them holidays, 2 make-up days */
	assert_int_equal(minutes(BUSINESS, "2026-01-01 00:00", "2027-01-01 00:00"), days * 540);
	assert_added(BUSINESS, "2026-01-01 00:00", days * 540, "2026-12-31 17:30");
	assert_int_equal(minutes(ALWAYS, "2026-01-01 00:00", "2027-01-01 00:00"), 365 * 1440);
	/* a leap year's February, and a span of several years */
	assert_int_equal(minutes(ALWAYS, "2028-02-01 00:00", "2028-03-01 00:00"), 29 * 1440);
	rules_calendar c = hours_on(9 * 60, 10 * 60, EVERY_DAY);
	assert_int_equal(minutes(&c, "2026-01-01 00:00", "2030-01-01 00:00"), 1461 * 60);
}

/* --- adding working minutes ------------------------------------------------ */

static void adding_skips_the_weekend(void **state)
{
	(void)state;
	assert_added(BUSINESS, "2026-11-20 16:00", 120, "2026-11-23 09:00");
	assert_added(BUSINESS, "2026-11-20 16:30", 120, "2026-11-23 09:30");
	assert_added(ALWAYS, "2026-11-20 16:30", 120, "2026-11-20 18:30");
}

static void adding_ends_at_closing_time_not_the_next_morning(void **state)
{
	(void)state;
	assert_added(BUSINESS, "2026-11-20 15:30", 120, "2026-11-20 17:30");
	assert_added(BUSINESS, "2026-11-20 15:30", 121, "2026-11-23 08:31");
}

static void adding_before_opening_starts_at_opening(void **state)
{
	(void)state;
	assert_added(BUSINESS, "2026-11-23 07:00", 60, "2026-11-23 09:30");
	assert_added(BUSINESS, "2026-11-22 23:59", 1, "2026-11-23 08:31");
}

static void adding_nothing_gives_the_next_working_moment(void **state)
{
	(void)state;
	assert_added(BUSINESS, "2026-11-23 10:15", 0, "2026-11-23 10:15");
	assert_added(BUSINESS, "2026-11-21 10:15", 0, "2026-11-23 08:30"); /* Saturday */
	assert_added(BUSINESS, "2026-11-23 17:30", 0, "2026-11-24 08:30"); /* closed */
	assert_added(BUSINESS, "2026-11-23 10:15", -5, "2026-11-23 10:15");
	assert_added(ALWAYS, "2026-11-21 03:00", 0, "2026-11-21 03:00");
}

static void adding_over_holidays_and_make_up_days(void **state)
{
	(void)state;
	assert_added(BUSINESS, "2026-10-01 10:00", 120, "2026-10-08 10:30");
	assert_added(BUSINESS, "2026-09-30 17:00", 60, "2026-10-08 09:00");
	assert_added(BUSINESS, "2026-10-09 17:00", 60, "2026-10-10 09:00");
	assert_added(BUSINESS, "2026-09-25 17:00", 60, "2026-09-27 09:00");
}

static void adding_and_counting_agree(void **state)
{
	(void)state;
	const char *starts[] = {"2026-09-25 17:00", "2026-09-30 12:34", "2026-10-03 08:00",
				"2026-11-20 16:00", "2026-12-31 17:29"};
	const int64_t amounts[] = {1, 59, 540, 541, 1000, 4320, 20000};
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		for (size_t j = 0; j < sizeof amounts / sizeof amounts[0]; j++) {
			time_t s = at(starts[i]);
			time_t e = sla_add_working_minutes(BUSINESS, s, amounts[j]);
			assert_int_equal(sla_working_minutes(BUSINESS, s, e), amounts[j]);
			/* and not a minute earlier */
			assert_int_equal(sla_working_minutes(BUSINESS, s, e - 60), amounts[j] - 1);
		}
}

/* --- daylight saving time -------------------------------------------------- */

static void a_day_with_a_clock_change_is_as_long_as_it_really_is(void **state)
{
	(void)state;
	rules_calendar c = hours_on(0, 24 * 60, EVERY_DAY);
	clock_set_zone("Europe/Berlin");
	/* Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST */
	assert_int_equal(minutes(&c, "2026-03-29 00:00", "2026-03-30 00:00"), 23 * 60);
	assert_added(&c, "2026-03-29 00:00", 23 * 60, "2026-03-30 00:00");
	assert_added(&c, "2026-03-29 01:30", 30, "2026-03-29 03:00");
	/* Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET */
	assert_int_equal(minutes(&c, "2026-10-25 00:00", "2026-10-26 00:00"), 25 * 60);
	assert_added(&c, "2026-10-25 00:00", 25 * 60, "2026-10-26 00:00");
	clock_set_zone("America/New_York");
	/* 8 March and 1 November 2026 */
	assert_int_equal(minutes(&c, "2026-03-08 00:00", "2026-03-09 00:00"), 23 * 60);
	assert_int_equal(minutes(&c, "2026-11-01 00:00", "2026-11-02 00:00"), 25 * 60);
	assert_int_equal(minutes(&c, "2026-03-01 00:00", "2026-04-01 00:00"), 31 * 1440 - 60);
}

static void office_hours_on_a_clock_change_day_are_unchanged(void **state)
{
	(void)state;
	rules_calendar c = hours_on(8 * 60 + 30, 17 * 60 + 30, EVERY_DAY);
	clock_set_zone("Europe/Berlin");
	assert_int_equal(minutes(&c, "2026-03-29 00:00", "2026-03-30 00:00"), 540);
	assert_int_equal(minutes(&c, "2026-10-25 00:00", "2026-10-26 00:00"), 540);
	assert_added(&c, "2026-03-28 17:00", 60, "2026-03-29 09:00");
	assert_added(&c, "2026-10-24 17:00", 60, "2026-10-25 09:00");
}

static void hours_inside_a_clock_change_count_real_time(void **state)
{
	(void)state;
	clock_set_zone("Europe/Berlin");
	/* 02:30 never shows on 29 March: work starts when the clock jumps to 03:00 */
	rules_calendar spring = hours_on(2 * 60 + 30, 4 * 60, EVERY_DAY);
	assert_int_equal(minutes(&spring, "2026-03-29 00:00", "2026-03-30 00:00"), 60);
	/* 02:00-03:00 shows twice on 25 October: from its first 02:00 until
	 * the clock first shows 03:00 is two real hours */
	rules_calendar autumn = hours_on(2 * 60, 3 * 60, EVERY_DAY);
	assert_int_equal(minutes(&autumn, "2026-10-25 00:00", "2026-10-26 00:00"), 120);
	assert_int_equal(minutes(&autumn, "2026-10-24 00:00", "2026-10-25 00:00"), 60);
}

static void a_clock_change_at_midnight_keeps_every_real_minute(void **state)
{
	(void)state;
	rules_calendar c = hours_on(0, 24 * 60, EVERY_DAY);
	clock_set_zone("America/Santiago");
	/* Sunday 5 April 2026 00:00 -03 becomes Saturday 23:00 -04: the hour
	 * before midnight shows twice, and all of it is real time */
	assert_int_equal(sla_working_minutes(&c, at("2026-04-04T22:00:00-03:00"),
					     at("2026-04-04T23:30:00-04:00")),
			 150);
	assert_int_equal(sla_working_minutes(&c, at("2026-04-04T00:00:00-03:00"),
					     at("2026-04-06T00:00:00-04:00")),
			 49 * 60);
	/* Sunday 6 September 2026 00:00 -04 becomes 01:00 -03: the day
	 * starts at 01:00 and has 23 hours */
	assert_int_equal(sla_working_minutes(&c, at("2026-09-06T01:00:00-03:00"),
					     at("2026-09-07T00:00:00-03:00")),
			 23 * 60);
	assert_time(sla_add_working_minutes(&c, at("2026-09-05T23:30:00-04:00"), 31),
		    "2026-09-06T01:01:00-03:00");
}

/* --- the clocks of an incident --------------------------------------------- */

static void p1_counts_around_the_clock(void **state)
{
	(void)state;
	/* Saturday night; P1 is 15 minutes to respond, 4 hours to resolve */
	sla_event ev[] = {
	    CREATED("2026-11-21 02:00", "new"),
	    PRIORITY("2026-11-21 02:00", "P1"),
	};
	sla_result res = compute(ev, "2026-11-21 02:10");
	assert_string_equal(res.priority, "P1");
	assert_clock(&res.response, 10, 15, SLA_ON_TIME);
	assert_time(res.response.due, "2026-11-21 02:15");
	assert_int_equal(res.response.stopped, 0);
	assert_false(res.response.paused);
	assert_clock(&res.resolution, 10, 240, SLA_ON_TIME);
	assert_time(res.resolution.due, "2026-11-21 06:00");

	res = compute(ev, "2026-11-21 02:12");
	assert_clock(&res.response, 12, 15, SLA_AT_RISK); /* 80% */

	/* no response yet: breached, and due says when it was */
	res = compute(ev, "2026-11-21 02:20");
	assert_clock(&res.response, 20, 15, SLA_BREACHED);
	assert_time(res.response.due, "2026-11-21 02:15");
}

static void a_response_stops_the_response_clock(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-11-21 02:00", "new"), PRIORITY("2026-11-21 02:00", "P1"),
	    RESPONDED("2026-11-21 02:14"),      STATE("2026-11-21 02:14", "assigned"),
	    RESPONDED("2026-11-21 02:40"), /* only the first counts */
	};
	sla_result res = compute(ev, "2026-11-21 03:00");
	assert_clock(&res.response, 14, 15, SLA_MET);
	assert_time(res.response.stopped, "2026-11-21 02:14");
	assert_time(res.response.due, "2026-11-21 02:14");
	assert_clock(&res.resolution, 60, 240, SLA_ON_TIME);
}

static void p3_created_late_on_friday_is_due_on_monday(void **state)
{
	(void)state;
	/* P3: 2 hours to respond and 27 hours (three 9-hour days) to resolve,
	 * both in business hours */
	sla_event ev[] = {
	    CREATED("2026-11-20 16:30", "new"), /* Friday */
	    PRIORITY("2026-11-20 16:30", "P3"),
	};
	sla_result res = compute(ev, "2026-11-20 17:00");
	assert_clock(&res.response, 30, 120, SLA_ON_TIME);
	assert_time(res.response.due, "2026-11-23 09:30");
	assert_clock(&res.resolution, 30, 27 * 60, SLA_ON_TIME);
	/* Friday 60, Monday and Tuesday 540 each, 480 on Wednesday */
	assert_time(res.resolution.due, "2026-11-25 16:30");

	/* over the weekend nothing is used and the due times stay */
	res = compute(ev, "2026-11-22 23:00");
	assert_clock(&res.response, 60, 120, SLA_ON_TIME);
	assert_time(res.response.due, "2026-11-23 09:30");
	assert_time(res.resolution.due, "2026-11-25 16:30");
}

static void created_before_opening_counts_from_opening(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-11-23 07:00", "new"),
	    PRIORITY("2026-11-23 07:00", "P3"),
	};
	sla_result res = compute(ev, "2026-11-23 08:00");
	assert_clock(&res.response, 0, 120, SLA_ON_TIME);
	assert_time(res.response.due, "2026-11-23 10:30");
}

static void created_on_a_holiday_counts_from_the_next_working_day(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-10-01 10:00", "new"),
	    PRIORITY("2026-10-01 10:00", "P3"),
	};
	sla_result res = compute(ev, "2026-10-07 20:00");
	assert_clock(&res.response, 0, 120, SLA_ON_TIME);
	assert_time(res.response.due, "2026-10-08 10:30");
	res = compute(ev, "2026-10-08 10:00");
	assert_clock(&res.response, 90, 120, SLA_AT_RISK);
}

static void a_make_up_saturday_counts(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-10-09 17:00", "new"), /* Friday */
	    PRIORITY("2026-10-09 17:00", "P3"),
	};
	sla_result res = compute(ev, "2026-10-09 18:00");
	assert_time(res.response.due, "2026-10-10 10:00"); /* Saturday, a working day */
	res = compute(ev, "2026-10-10 09:00");
	assert_clock(&res.response, 60, 120, SLA_ON_TIME);
}

static void at_risk_starts_at_exactly_75_percent(void **state)
{
	(void)state;
	assert_int_equal(r->sla.at_risk, 75);
	sla_event ev[] = {
	    CREATED("2026-11-21 08:00", "new"),
	    PRIORITY("2026-11-21 08:00", "P1"),
	    RESPONDED("2026-11-21 08:05"),
	};
	/* 75% of 240 minutes is 180 */
	sla_result res = compute(ev, "2026-11-21 10:59:59");
	assert_clock(&res.resolution, 179, 240, SLA_ON_TIME);
	res = compute(ev, "2026-11-21 11:00");
	assert_clock(&res.resolution, 180, 240, SLA_AT_RISK);
	res = compute(ev, "2026-11-21 11:59");
	assert_clock(&res.resolution, 239, 240, SLA_AT_RISK);
	res = compute(ev, "2026-11-21 12:00");
	assert_clock(&res.resolution, 240, 240, SLA_BREACHED);
	assert_time(res.resolution.due, "2026-11-21 12:00");
}

static void a_stopped_clock_is_met_within_its_target_and_breached_after(void **state)
{
	(void)state;
	sla_event in_time[] = {
	    CREATED("2026-11-21 08:00", "new"),    PRIORITY("2026-11-21 08:00", "P1"),
	    RESPONDED("2026-11-21 08:15"),         STATE("2026-11-21 08:15", "in_progress"),
	    STATE("2026-11-21 12:00", "resolved"),
	};
	sla_result res = compute(in_time, "2026-11-22 09:00");
	assert_clock(&res.response, 15, 15, SLA_MET);
	assert_clock(&res.resolution, 240, 240, SLA_MET);
	assert_time(res.resolution.stopped, "2026-11-21 12:00");
	assert_time(res.resolution.due, "2026-11-21 12:00");
	assert_false(res.resolution.paused);

	sla_event late[] = {
	    CREATED("2026-11-21 08:00", "new"),    PRIORITY("2026-11-21 08:00", "P1"),
	    RESPONDED("2026-11-21 08:16"),         STATE("2026-11-21 08:16", "in_progress"),
	    STATE("2026-11-21 12:01", "resolved"),
	};
	res = compute(late, "2026-11-22 09:00");
	assert_clock(&res.response, 16, 15, SLA_BREACHED);
	assert_clock(&res.resolution, 241, 240, SLA_BREACHED);
	assert_time(res.resolution.stopped, "2026-11-21 12:01");
}

static void a_final_state_stops_the_resolution_clock(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-11-21 08:00", "new"),
	    PRIORITY("2026-11-21 08:00", "P1"),
	    STATE("2026-11-21 08:30", "cancelled"),
	};
	sla_result res = compute(ev, "2026-11-21 20:00");
	assert_clock(&res.resolution, 30, 240, SLA_MET);
	assert_time(res.resolution.stopped, "2026-11-21 08:30");
}

static void waiting_for_the_user_pauses_both_clocks(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-11-23 09:00", "new"), /* Monday */
	    PRIORITY("2026-11-23 09:00", "P3"),        STATE("2026-11-23 09:10", "in_progress"),
	    STATE("2026-11-23 09:30", "waiting_user"), STATE("2026-11-23 11:30", "in_progress"),
	};
	/* without the pause the response would be due at 11:00 */
	sla_result res = compute(ev, "2026-11-23 11:30");
	assert_clock(&res.response, 30, 120, SLA_ON_TIME);
	assert_time(res.response.due, "2026-11-23 13:00");
	assert_false(res.response.paused);
	assert_clock(&res.resolution, 30, 27 * 60, SLA_ON_TIME);

	/* while paused: nothing is used and there is no due time */
	res = compute(ev, "2026-11-23 11:00");
	assert_true(res.response.paused);
	assert_true(res.resolution.paused);
	assert_int_equal(res.response.due, 0);
	assert_int_equal(res.resolution.due, 0);
	assert_clock(&res.response, 30, 120, SLA_ON_TIME);
	assert_int_equal(res.response.stopped, 0);
}

static void a_pause_overnight_shifts_due_by_the_working_time_paused(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-11-23 16:00", "in_progress"), /* Monday */
	    PRIORITY("2026-11-23 16:00", "P3"),
	    STATE("2026-11-23 16:30", "waiting_user"),
	    STATE("2026-11-24 10:00", "in_progress"),
	};
	/* paused for 60 + 90 working minutes: due Tuesday 09:00 + 150 */
	sla_result res = compute(ev, "2026-11-24 10:00");
	assert_clock(&res.response, 30, 120, SLA_ON_TIME);
	assert_time(res.response.due, "2026-11-24 11:30");
}

static void raising_the_priority_recomputes_from_creation(void **state)
{
	(void)state;
	/* P4 (business hours, 4h response) raised to P2 (7x24, 30m response,
	 * 8h resolution) an hour after creation: already 60 minutes used */
	sla_event ev[] = {
	    CREATED("2026-11-23 09:00", "new"),
	    PRIORITY("2026-11-23 09:00", "P4"),
	    PRIORITY("2026-11-23 10:00", "P2"),
	};
	sla_result res = compute(ev, "2026-11-23 10:00");
	assert_string_equal(res.priority, "P2");
	assert_clock(&res.response, 60, 30, SLA_BREACHED);
	assert_time(res.response.due, "2026-11-23 09:30");
	assert_clock(&res.resolution, 60, 480, SLA_ON_TIME);
	assert_time(res.resolution.due, "2026-11-23 17:00");

	/* P2's calendar counts from creation too: the weekend counts */
	sla_event weekend[] = {
	    CREATED("2026-11-20 17:00", "new"), /* Friday */
	    PRIORITY("2026-11-20 17:00", "P4"),
	    PRIORITY("2026-11-21 08:00", "P2"),
	};
	res = compute(weekend, "2026-11-21 08:00");
	assert_clock(&res.resolution, 900, 480, SLA_BREACHED);
	assert_time(res.resolution.due, "2026-11-21 01:00");

	/* 20 minutes in: at risk (75% of 30 is 22.5) only from 23 minutes */
	res = compute(ev, "2026-11-23 09:20");
	assert_string_equal(res.priority, "P4"); /* the raise has not happened */
	sla_event early[] = {
	    CREATED("2026-11-23 09:00", "new"),
	    PRIORITY("2026-11-23 09:00", "P4"),
	    PRIORITY("2026-11-23 09:20", "P2"),
	};
	res = compute(early, "2026-11-23 09:22");
	assert_clock(&res.response, 22, 30, SLA_ON_TIME);
	res = compute(early, "2026-11-23 09:23");
	assert_clock(&res.response, 23, 30, SLA_AT_RISK);
	assert_time(res.response.due, "2026-11-23 09:30");
}

static void lowering_the_priority_counts_in_business_hours_from_creation(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-11-20 17:00", "new"), /* Friday */
	    PRIORITY("2026-11-20 17:00", "P2"),
	    RESPONDED("2026-11-20 17:10"),
	    PRIORITY("2026-11-21 08:00", "P4"),
	};
	sla_result res = compute(ev, "2026-11-23 09:00");
	assert_string_equal(res.priority, "P4");
	assert_clock(&res.response, 10, 240, SLA_MET);
	/* Friday 17:00-17:30 and Monday 08:30-09:00 */
	assert_clock(&res.resolution, 60, 45 * 60, SLA_ON_TIME);
}

static void reopening_restarts_resolution_without_the_time_resolved(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-11-21 08:00", "new"),
	    PRIORITY("2026-11-21 08:00", "P1"),
	    RESPONDED("2026-11-21 08:05"),
	    STATE("2026-11-21 08:05", "in_progress"),
	    STATE("2026-11-21 09:00", "resolved"),
	    STATE("2026-11-21 11:00", "in_progress"), /* reopened */
	    STATE("2026-11-21 12:00", "resolved"),
	    STATE("2026-11-21 13:00", "closed"),
	};
	/* resolved: stopped after 60 minutes */
	sla_result res = compute(ev, "2026-11-21 10:00");
	assert_clock(&res.resolution, 60, 240, SLA_MET);
	assert_time(res.resolution.stopped, "2026-11-21 09:00");
	assert_time(res.resolution.due, "2026-11-21 09:00");

	/* reopened at 11:00: running again, 09:00-11:00 does not count */
	res = compute(ev, "2026-11-21 11:30");
	assert_clock(&res.resolution, 90, 240, SLA_ON_TIME);
	assert_int_equal(res.resolution.stopped, 0);
	assert_time(res.resolution.due, "2026-11-21 14:00");

	/* resolved again, then closed: stopped at the second resolution */
	res = compute(ev, "2026-11-21 18:00");
	assert_clock(&res.resolution, 120, 240, SLA_MET);
	assert_time(res.resolution.stopped, "2026-11-21 12:00");
	assert_clock(&res.response, 5, 15, SLA_MET);
}

static void events_in_any_order_give_the_same_clocks(void **state)
{
	(void)state;
	sla_event ordered[] = {
	    CREATED("2026-11-20 16:00", "new"),
	    PRIORITY("2026-11-20 16:00", "P4"),
	    STATE("2026-11-20 16:20", "assigned"),
	    STATE("2026-11-20 16:40", "in_progress"),
	    RESPONDED("2026-11-20 16:40"),
	    STATE("2026-11-20 17:00", "waiting_user"),
	    STATE("2026-11-23 10:00", "in_progress"),
	    PRIORITY("2026-11-23 11:00", "P3"),
	    STATE("2026-11-23 15:00", "resolved"),
	    STATE("2026-11-24 09:00", "in_progress"),
	};
	sla_event shuffled[] = {
	    ordered[8], ordered[3], ordered[9], ordered[0], ordered[6],
	    ordered[1], ordered[7], ordered[5], ordered[2], ordered[4],
	};
	sla_result a = compute(ordered, "2026-11-24 12:00");
	sla_result b = compute(shuffled, "2026-11-24 12:00");
	assert_string_equal(a.priority, "P3");
	assert_string_equal(b.priority, "P3");
	assert_same_clock(&a.response, &b.response);
	assert_same_clock(&a.resolution, &b.resolution);
	/* Friday 16:00-17:00, Monday 10:00-15:00, Tuesday 09:00-12:00 */
	assert_clock(&a.resolution, 60 + 300 + 180, 27 * 60, SLA_ON_TIME);
	assert_clock(&a.response, 40, 120, SLA_MET);
}

static void events_at_the_same_moment_keep_their_given_order(void **state)
{
	(void)state;
	sla_event reopened[] = {
	    CREATED("2026-11-21 08:00", "in_progress"),
	    PRIORITY("2026-11-21 08:00", "P1"),
	    STATE("2026-11-21 09:00", "resolved"),
	    STATE("2026-11-21 09:00", "in_progress"),
	};
	sla_result res = compute(reopened, "2026-11-21 10:00");
	assert_clock(&res.resolution, 120, 240, SLA_ON_TIME);
	assert_int_equal(res.resolution.stopped, 0);

	sla_event resolved[] = {
	    CREATED("2026-11-21 08:00", "in_progress"),
	    PRIORITY("2026-11-21 08:00", "P1"),
	    STATE("2026-11-21 09:00", "in_progress"),
	    STATE("2026-11-21 09:00", "resolved"),
	};
	res = compute(resolved, "2026-11-21 10:00");
	assert_clock(&res.resolution, 60, 240, SLA_MET);
	assert_time(res.resolution.stopped, "2026-11-21 09:00");
}

static void the_clocks_at_an_earlier_moment_ignore_what_came_later(void **state)
{
	(void)state;
	sla_event ev[] = {
	    CREATED("2026-11-23 09:00", "new"),
	    PRIORITY("2026-11-23 09:00", "P3"),
	    STATE("2026-11-23 09:30", "waiting_user"),
	    PRIORITY("2026-11-23 10:00", "P1"),
	    RESPONDED("2026-11-23 10:30"),
	    STATE("2026-11-23 11:00", "resolved"),
	};
	const char *moments[] = {"2026-11-23 09:15", "2026-11-23 09:45", "2026-11-23 10:15",
				 "2026-11-23 10:45", "2026-11-23 12:00"};
	const size_t known[] = {2, 3, 4, 5, 6};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		sla_result all = compute(ev, moments[i]);
		sla_result then = compute_n(ev, known[i], moments[i]);
		assert_string_equal(all.priority, then.priority);
		assert_same_clock(&all.response, &then.response);
		assert_same_clock(&all.resolution, &then.resolution);
	}
	/* before creation the record is seen as just created */
	sla_result res = compute(ev, "2026-11-23 08:00");
	assert_string_equal(res.priority, "P3");
	assert_clock(&res.response, 0, 120, SLA_ON_TIME);
	assert_time(res.response.due, "2026-11-23 11:00");
}

static void refused(const sla_event *ev, size_t n, const char *named)
{
	sla_result res;
	memset(&res, 0x5a, sizeof res);
	sla_result before = res;
	od_error err = {0};
	assert_int_equal(sla_compute(r, incident(), ev, n, at("2026-11-21 10:00"), &res, &err),
			 OD_INVALID);
	if (!strstr(err.msg, named))
		fail_msg("the message does not name %s: %s", named, err.msg);
	assert_memory_equal(&res, &before, sizeof res); /* untouched */
}

static void unknown_states_and_priorities_are_refused_by_name(void **state)
{
	(void)state;
	sla_event bad_state[] = {
	    CREATED("2026-11-21 08:00", "new"),
	    PRIORITY("2026-11-21 08:00", "P1"),
	    STATE("2026-11-21 09:00", "limbo"),
	};
	refused(bad_state, 3, "'limbo'");
	sla_event bad_initial[] = {
	    CREATED("2026-11-21 08:00", "nieuw"),
	    PRIORITY("2026-11-21 08:00", "P1"),
	};
	refused(bad_initial, 2, "'nieuw'");
	sla_event bad_priority[] = {
	    CREATED("2026-11-21 08:00", "new"),
	    PRIORITY("2026-11-21 08:00", "P9"),
	};
	refused(bad_priority, 2, "'P9'");
}

static void a_history_without_creation_is_refused(void **state)
{
	(void)state;
	sla_event ev[] = {
	    PRIORITY("2026-11-21 08:00", "P1"),
	    STATE("2026-11-21 09:00", "in_progress"),
	};
	refused(ev, 2, "SLA_CREATED");
	refused(ev, 0, "SLA_CREATED");
}

static void a_history_without_priority_is_refused(void **state)
{
	(void)state;
	sla_event ev[] = {CREATED("2026-11-21 08:00", "new")};
	refused(ev, 1, "priority");
}

/* The worse running clock: a late response marks a record late even
 * while its resolution is on time; stopped and paused clocks do not count. */
static void the_worse_running_clock_stands_for_the_record(void **state)
{
	(void)state;
	sla_result res = {.response = {.standing = SLA_BREACHED},
			.resolution = {.standing = SLA_ON_TIME}};
	assert_int_equal(sla_worst_running(&res), SLA_BREACHED);
	res.response.stopped = 1; /* responded late: over, no longer running */
	assert_int_equal(sla_worst_running(&res), SLA_ON_TIME);
	res.resolution.standing = SLA_AT_RISK;
	assert_int_equal(sla_worst_running(&res), SLA_AT_RISK);
	res.resolution.paused = true;
	assert_int_equal(sla_worst_running(&res), SLA_ON_TIME);
}

/* --- long spans, a week at a time ------------------------------------------ */

/* The reference: minute by minute, whether the site's clock shows a working
 * time of a working day. Slow, and plainly right for calendars whose hours
 * do not hold a clock change. */
static int64_t minute_walk(const rules_calendar *c, time_t a, time_t b)
{
	int64_t n = 0;
	for (time_t t = a; t + 60 <= b; t += 60) {
		struct tm tm;
		time_t local = t + clock_utc_offset(t);
		gmtime_r(&local, &tm);
		char day[48];
		snprintf(day, sizeof day, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday);
		bool listed_work = false, listed_off = false;
		for (size_t i = 0; i < c->workdays.n; i++)
			listed_work |= strcmp(c->workdays.v[i], day) == 0;
		for (size_t i = 0; i < c->holidays.n; i++)
			listed_off |= strcmp(c->holidays.v[i], day) == 0;
		bool works = listed_work || (!listed_off && ((c->days >> tm.tm_wday) & 1u));
		int m = tm.tm_hour * 60 + tm.tm_min;
		n += works && m >= c->hours.start && m < c->hours.end;
	}
	return n;
}

/* Spans of up to ten weeks from random minutes, in the business calendar
 * (National Day holidays and make-up days) and over Europe's clock
 * changes, counted by weeks and minute by minute; and the moment a number
 * of working minutes is used up, checked against the count. */
static void whole_weeks_count_what_every_minute_adds_up_to(void **state)
{
	(void)state;
	char *hol[] = {"2026-03-30", "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-26"};
	char *work[] = {"2026-10-10", "2026-03-28"};
	rules_calendar listed = hours_on(8 * 60 + 30, 17 * 60 + 30, MON_FRI);
	listed.holidays = (rules_dates){hol, 5};
	listed.workdays = (rules_dates){work, 2};
	const rules_calendar *cals[] = {BUSINESS, &listed};
	const char *zones[] = {"Asia/Shanghai", "Europe/Berlin"};
	const char *starts[] = {"2026-09-10 00:00", "2026-03-01 00:00"};
	unsigned seed = 7;
	for (int z = 0; z < 2; z++) {
		clock_set_zone(zones[z]);
		time_t base = at(starts[z]);
		for (int k = 0; k < 12; k++) {
			seed = seed * 1103515245u + 12345u;
			time_t a = base + (time_t)((seed >> 8) % (20 * 1440)) * 60;
			seed = seed * 1103515245u + 12345u;
			time_t b = a + (time_t)((seed >> 8) % (70 * 1440)) * 60;
			const rules_calendar *c = cals[z];
			int64_t want = minute_walk(c, a, b);
			char fa[32], fb[32];
			if (sla_working_minutes(c, a, b) != want)
				fail_msg("%s %s to %s: %lld minutes, the walk counts %lld", zones[z],
					 clock_format(a, fa, sizeof fa), clock_format(b, fb, sizeof fb),
					 (long long)sla_working_minutes(c, a, b), (long long)want);
			time_t end = sla_add_working_minutes(c, a, want);
			assert_int_equal(sla_working_minutes(c, a, end), want);
			assert_true(want == 0 || sla_working_minutes(c, a, end - 60) < want);
		}
	}
}

int main(void)
{
#define T(name) cmocka_unit_test_setup(name, site_zone)
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_worse_running_clock_stands_for_the_record),
	    T(every_minute_counts_around_the_clock),
	    T(whole_weeks_count_what_every_minute_adds_up_to),
	    T(partial_minutes_are_rounded_down_at_the_end),
	    T(business_hours_count_only_the_working_day),
	    T(holidays_do_not_count),
	    T(make_up_workdays_count),
	    T(a_working_day_of_24_hours_runs_across_midnight),
	    T(a_year_is_counted_day_by_day),
	    T(adding_skips_the_weekend),
	    T(adding_ends_at_closing_time_not_the_next_morning),
	    T(adding_before_opening_starts_at_opening),
	    T(adding_nothing_gives_the_next_working_moment),
	    T(adding_over_holidays_and_make_up_days),
	    T(adding_and_counting_agree),
	    T(a_day_with_a_clock_change_is_as_long_as_it_really_is),
	    T(office_hours_on_a_clock_change_day_are_unchanged),
	    T(hours_inside_a_clock_change_count_real_time),
	    T(a_clock_change_at_midnight_keeps_every_real_minute),
	    T(p1_counts_around_the_clock),
	    T(a_response_stops_the_response_clock),
	    T(p3_created_late_on_friday_is_due_on_monday),
	    T(created_before_opening_counts_from_opening),
	    T(created_on_a_holiday_counts_from_the_next_working_day),
	    T(a_make_up_saturday_counts),
	    T(at_risk_starts_at_exactly_75_percent),
	    T(a_stopped_clock_is_met_within_its_target_and_breached_after),
	    T(a_final_state_stops_the_resolution_clock),
	    T(waiting_for_the_user_pauses_both_clocks),
	    T(a_pause_overnight_shifts_due_by_the_working_time_paused),
	    T(raising_the_priority_recomputes_from_creation),
	    T(lowering_the_priority_counts_in_business_hours_from_creation),
	    T(reopening_restarts_resolution_without_the_time_resolved),
	    T(events_in_any_order_give_the_same_clocks),
	    T(events_at_the_same_moment_keep_their_given_order),
	    T(the_clocks_at_an_earlier_moment_ignore_what_came_later),
	    T(unknown_states_and_priorities_are_refused_by_name),
	    T(a_history_without_creation_is_refused),
	    T(a_history_without_priority_is_refused),
	};
	return cmocka_run_group_tests(tests, load_rules, free_rules);
}
