/* clock.c: reading times people and scripts write (ISO 8601 and local site
 * time) and showing stored UTC seconds in the site zone. */
#include "unit.h"

#include "opsdesk/clock.h"

enum { NINE_AM = 1795222800 }; /* 2026-11-21 09:00 +08:00, 01:00Z */

static int site_zone(void **state)
{
	(void)state;
	clock_set_zone("Asia/Shanghai");
	return 0;
}

static time_t parsed(const char *text)
{
	time_t t = 0;
	od_error err = {0};
	if (clock_parse(text, &t, &err) != OD_OK)
		fail_msg("'%s' was refused: %s", text, err.msg);
	return t;
}

static void refused(const char *text)
{
	time_t t = 12345;
	od_error err = {0};
	if (clock_parse(text, &t, &err) != OD_INVALID)
		fail_msg("'%s' was accepted as %lld", text, (long long)t);
	char quoted[128];
	snprintf(quoted, sizeof quoted, "'%s'", text);
	if (!strstr(err.msg, quoted))
		fail_msg("the message does not name '%s': %s", text, err.msg);
	assert_int_equal(t, 12345); /* untouched */
}

/* --- parsing --------------------------------------------------------------- */

static void parses_utc_with_z(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-21T01:00:00Z"), NINE_AM);
	assert_int_equal(parsed("1970-01-01T00:00:00Z"), 0);
}

static void parses_an_offset(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-21T09:00:00+08:00"), NINE_AM);
	assert_int_equal(parsed("2026-11-20T20:00:00-05:00"), NINE_AM);
	assert_int_equal(parsed("2026-11-21T06:30:00+05:30"), NINE_AM);
	assert_int_equal(parsed("2026-11-21T01:00:00+00:00"), NINE_AM);
}

static void parses_local_site_time(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-21 09:00"), NINE_AM);
	assert_int_equal(parsed("2026-11-21 08:30"), NINE_AM - 30 * 60);
	assert_int_equal(parsed("2026-11-21T08:30"), NINE_AM - 30 * 60);
}

static void local_time_follows_the_site_zone(void **state)
{
	(void)state;
	clock_set_zone("UTC");
	assert_int_equal(parsed("2026-11-21 01:00"), NINE_AM);
	clock_set_zone("America/New_York");
	assert_int_equal(parsed("2026-11-20 20:00"), NINE_AM);
}

static void seconds_are_optional(void **state)
{
	(void)state;
	assert_int_equal(parsed("2026-11-21 09:00:00"), NINE_AM);
	assert_int_equal(parsed("2026-11-21 09:00:15"), NINE_AM + 15);
	assert_int_equal(parsed("2026-11-21T01:00Z"), NINE_AM);
	assert_int_equal(parsed("2026-11-21T09:00+08:00"), NINE_AM);
}

static void impossible_dates_are_refused(void **state)
{
	(void)state;
	refused("2026-02-30 10:00");
	refused("2026-02-29T10:00:00Z");
	refused("2026-04-31 10:00");
	refused("2026-13-01 10:00");
	refused("2026-00-10 10:00");
	refused("2026-11-00 10:00");
	assert_int_equal(parsed("2028-02-29T00:00:00Z"), 1835395200);
}

static void impossible_times_are_refused(void **state)
{
	(void)state;
	refused("2026-11-21 24:00");
	refused("2026-11-21 09:60");
	refused("2026-11-21 09:00:61");
}

static void garbage_is_refused_naming_the_text(void **state)
{
	(void)state;
	refused("next tuesday");
	refused("");
	refused("2026-11-21 9:00");
	refused("2026/11/21 09:00");
	refused("2026-11-21T09:00:00+0800");
	refused("2026-11-21T09:00:00Zjunk");
	refused("2026-11-21 09:00 ");
	refused("21.11.2026 09:00");
}

static void an_offset_beyond_59_minutes_is_refused(void **state)
{
	(void)state;
	refused("2026-11-21T09:00:00+08:75");
}

/* --- formatting ------------------------------------------------------------ */

static void formats_in_the_site_zone(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(clock_format(NINE_AM, buf, sizeof buf), "2026-11-21 09:00");
	assert_string_equal(clock_format_iso(NINE_AM, buf, sizeof buf),
			    "2026-11-21T09:00:00+08:00");
	assert_string_equal(clock_format(NINE_AM + 15 * 3600, buf, sizeof buf), "2026-11-22 00:00");
}

static void formats_other_offsets(void **state)
{
	(void)state;
	char buf[32];
	clock_set_zone("UTC");
	assert_string_equal(clock_format(NINE_AM, buf, sizeof buf), "2026-11-21 01:00");
	assert_string_equal(clock_format_iso(NINE_AM, buf, sizeof buf),
			    "2026-11-21T01:00:00+00:00");
	clock_set_zone("America/St_Johns"); /* -03:30 in November */
	assert_string_equal(clock_format_iso(NINE_AM, buf, sizeof buf),
			    "2026-11-20T21:30:00-03:30");
}

static void iso_output_reads_back(void **state)
{
	(void)state;
	char buf[32];
	for (time_t t = NINE_AM; t < NINE_AM + 400 * 86400; t += 86400 + 3599)
		assert_int_equal(parsed(clock_format_iso(t, buf, sizeof buf)), t);
}

/* --- the zone's offset ---------------------------------------------------- */

static long library_offset(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

/* Asked in the orders the SLA clocks ask in (day after day forwards, a day
 * either side, then far away and back), the remembered offsets agree with
 * the C library's at every moment, on both sides of each clock change. */
static void utc_offsets_agree_with_the_library(void **state)
{
	(void)state;
	static const char *const zones[] = {"Europe/Berlin", "America/St_Johns",
					    "Australia/Lord_Howe", "Asia/Shanghai"};
	const time_t start = 1767225600; /* 2026-01-01 00:00Z */
	for (size_t z = 0; z < sizeof zones / sizeof *zones; z++) {
		clock_set_zone(zones[z]);
		for (time_t t = start; t < start + 400 * 86400; t += 1800) {
			if (clock_utc_offset(t) != library_offset(t))
				fail_msg("%s at %lld: %ld, the library says %ld", zones[z],
					 (long long)t, clock_utc_offset(t), library_offset(t));
			time_t around[] = {t - 2 * 86400, t + 2 * 86400, t + 3 * 86400 + 7,
					   t - 300 * 86400, t};
			for (size_t k = 0; k < sizeof around / sizeof *around; k++)
				if (clock_utc_offset(around[k]) != library_offset(around[k]))
					fail_msg("%s at %lld (asked after %lld): %ld, the library says %ld",
						 zones[z], (long long)around[k], (long long)t,
						 clock_utc_offset(around[k]), library_offset(around[k]));
		}
		for (time_t t = start + 400 * 86400; t > start; t -= 3600 + 17)
			if (clock_utc_offset(t) != library_offset(t))
				fail_msg("%s at %lld going back: %ld, the library says %ld", zones[z],
					 (long long)t, clock_utc_offset(t), library_offset(t));
	}
}

/* A new zone forgets what was remembered of the old one. */
static void a_new_zone_forgets_the_old_offsets(void **state)
{
	(void)state;
	clock_set_zone("Asia/Shanghai");
	assert_int_equal(clock_utc_offset(NINE_AM), 8 * 3600);
	clock_set_zone("UTC");
	assert_int_equal(clock_utc_offset(NINE_AM), 0);
	assert_int_equal(clock_utc_offset(NINE_AM + 86400), 0);
}

/* --- now ------------------------------------------------------------------- */

static void a_pinned_clock_stays(void **state)
{
	(void)state;
	clock_pin(NINE_AM);
	assert_int_equal(clock_now(), NINE_AM);
	clock_pin(NINE_AM + 60);
	assert_int_equal(clock_now(), NINE_AM + 60);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup(name, site_zone)
	const struct CMUnitTest tests[] = {
	    T(parses_utc_with_z),
	    T(parses_an_offset),
	    T(parses_local_site_time),
	    T(local_time_follows_the_site_zone),
	    T(seconds_are_optional),
	    T(impossible_dates_are_refused),
	    T(impossible_times_are_refused),
	    T(garbage_is_refused_naming_the_text),
	    T(an_offset_beyond_59_minutes_is_refused),
	    T(formats_in_the_site_zone),
	    T(formats_other_offsets),
	    T(iso_output_reads_back),
	    T(utc_offsets_agree_with_the_library),
	    T(a_new_zone_forgets_the_old_offsets),
	    T(a_pinned_clock_stays),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
