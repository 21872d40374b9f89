/* Days and shift slots: calendar arithmetic on YYYY-MM-DD strings, and the
 * instants a shift starts and ends in the site's time zone.
 *
 * Shift times are wall-clock times. On a day the clock changes a shift
 * still starts and ends at its wall-clock times, so it is shorter or longer
 * by the change. A time the change skips is read with the offset from
 * before the change (02:30 in a gap of 02:00-03:00 becomes 03:30); a time
 * that happens twice means its first occurrence. */
#include "opsdesk/roster.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/civil.h"
#include "opsdesk/i18n.h"

od_status roster_day_valid(const char *text, const char *what, od_error *err)
{
	int64_t day;
	if (civil_parse(text, &day))
		return OD_OK;
	return od_fail(err, OD_INVALID, _("%s: '%s' is not a date (use YYYY-MM-DD, such as 2026-12-01)"),
		       what, text ? text : "");
}

/* Days since 1970 of a day already checked (1970-01-01 when it is not). */
static long day_number(const char *day)
{
	int64_t n = 0;
	civil_parse(day, &n);
	return (long)n;
}

void roster_day_add(char out[ROSTER_DAY_LEN], const char *day, int n)
{
	civil_format(day_number(day) + n, out);
}

int roster_day_diff(const char *a, const char *b)
{
	return (int)(day_number(b) - day_number(a));
}

int roster_day_weekday(const char *day)
{
	return civil_weekday(day_number(day));
}

void roster_day_of(time_t t, char out[ROSTER_DAY_LEN])
{
	struct tm tm;
	localtime_r(&t, &tm);
	civil_format(civil_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), out);
}

static bool listed(const rules_dates *dates, const char *day)
{
	for (size_t i = 0; i < dates->n; i++)
		if (strcmp(dates->v[i], day) == 0)
			return true;
	return false;
}

roster_day_kind roster_day_kind_of(const rules *r, const char *day)
{
	const rules_calendar *c =
		r->roster.calendar.id ? rules_calendar_find(r, r->roster.calendar.id) : NULL;
	if (c && listed(&c->holidays, day))
		return DAY_HOLIDAY;
	if (c && listed(&c->workdays, day))
		return DAY_WORK;
	int wd = roster_day_weekday(day);
	return wd == 0 || wd == 6 ? DAY_WEEKEND : DAY_WORK;
}

/* --- wall-clock times to instants ---------------------------------------- */

static long offset_at(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

static bool shows_as(time_t t, time_t wall)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return timegm(&tm) == wall;
}

/* The instant the site's clock shows minute of day n (days since 1970). */
time_t roster_local_instant(long n, int minute)
{
	time_t wall = (time_t)(n * 86400L + minute * 60L);
	/* the offsets on either side of any change near this time */
	long before = offset_at(wall - 86400), after = offset_at(wall + 86400);
	time_t a = wall - before, b = wall - after;
	bool a_ok = shows_as(a, wall), b_ok = shows_as(b, wall);
	if (a_ok && b_ok)
		return a < b ? a : b;
	if (b_ok)
		return b;
	return a; /* shown as is, or skipped: the offset from before the change */
}

shift_slot roster_slot(const rules_shift *shift, const char *day)
{
	shift_slot s = {.shift = shift};
	snprintf(s.day, sizeof s.day, "%s", day);
	long n = day_number(day);
	s.start = roster_local_instant(n, shift->time.start);
	bool next_day = shift->time.end <= shift->time.start;
	s.end = roster_local_instant(n + next_day, shift->time.end);
	return s;
}

bool roster_slot_at(const rules *r, time_t t, shift_slot *out)
{
	char today[ROSTER_DAY_LEN], day[ROSTER_DAY_LEN];
	roster_day_of(t, today);
	for (int back = 1; back >= 0; back--) {
		roster_day_add(day, today, -back);
		for (size_t i = 0; i < r->shifts.n; i++) {
			shift_slot s = roster_slot(&r->shifts.v[i], day);
			if (s.start <= t && t < s.end) {
				*out = s;
				return true;
			}
		}
	}
	return false;
}

/* Looks at the slots of the days around t for the best by better(). */
static bool slot_search(const rules *r, time_t t, int from, int to,
			bool (*fits)(const shift_slot *, time_t),
			bool (*better)(const shift_slot *, const shift_slot *), shift_slot *out)
{
	char today[ROSTER_DAY_LEN], day[ROSTER_DAY_LEN];
	roster_day_of(t, today);
	bool found = false;
	for (int k = from; k <= to; k++) {
		roster_day_add(day, today, k);
		for (size_t i = 0; i < r->shifts.n; i++) {
			shift_slot s = roster_slot(&r->shifts.v[i], day);
			if (fits(&s, t) && (!found || better(&s, out))) {
				*out = s;
				found = true;
			}
		}
	}
	return found;
}

static bool starts_after(const shift_slot *s, time_t t)
{
	return s->start > t;
}

static bool starts_earlier(const shift_slot *a, const shift_slot *b)
{
	return a->start < b->start;
}

static bool ended_by(const shift_slot *s, time_t t)
{
	return s->end <= t;
}

static bool ends_later(const shift_slot *a, const shift_slot *b)
{
	return a->end > b->end;
}

bool roster_slot_next(const rules *r, time_t t, shift_slot *out)
{
	return slot_search(r, t, -1, 2, starts_after, starts_earlier, out);
}

bool roster_slot_prev(const rules *r, time_t t, shift_slot *out)
{
	return slot_search(r, t, -2, 0, ended_by, ends_later, out);
}

od_status roster_slot_parse(const rules *r, const char *text, shift_slot *out, od_error *err)
{
	const char *slash = strchr(text, '/');
	char day[ROSTER_DAY_LEN] = "";
	if (slash && slash - text == 10)
		memcpy(day, text, 10);
	if (!slash || roster_day_valid(day, "shift", err) != OD_OK)
		return od_fail(err, OD_INVALID,
			       _("'%s' is not a shift of a day (use DAY/SHIFT, such as 2026-12-01/N)"),
			       text);
	const rules_shift *shift = rules_shift_find(r, slash + 1);
	if (!shift) {
		char *known = rules_shift_ids(r);
		od_fail(err, OD_INVALID, _("'%s': '%s' is not a shift of the rules (known: %s)"), text,
			slash + 1, known);
		free(known);
		return OD_INVALID;
	}
	*out = roster_slot(shift, day);
	return OD_OK;
}
