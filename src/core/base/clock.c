/* The clock. The site zone is applied through TZ so localtime_r and mktime
 * work in it; the whole program shows one zone. */
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool pinned;
static time_t pinned_at;

time_t clock_now(void)
{
	return pinned ? pinned_at : time(NULL);
}

void clock_pin(time_t t)
{
	pinned = true;
	pinned_at = t;
}

/* A stretch of time [lo, hi] over which the zone's offset is known not to
 * change. A zone changes its offset at most once in four days, so equal
 * readings at most two days apart mean no change between them, and the
 * stretch grows by readings two days apart towards the times asked for.
 * Asking the C library every time is slow for times after a zone's last
 * listed change: glibc then parses the zone's rule text on every call. */
static struct {
	bool known;
	time_t lo, hi;
	long off;
} steady;

enum {
	STEADY_STEP = 2 * 86400, /* the longest step that cannot miss a change */
	STEADY_REACH = 16,       /* steps taken to grow the stretch, at most */
};

void clock_set_zone(const char *tz)
{
	if (tz && *tz) {
		setenv("TZ", tz, 1);
		tzset();
		steady.known = false;
	}
}

static long library_offset(time_t t)
{
	struct tm tm;
	return localtime_r(&t, &tm) ? tm.tm_gmtoff : 0;
}

/* Grows the stretch step by step towards t; false at the first reading
 * that differs, or when t is too far away to be worth it. */
static bool steady_reach(time_t t)
{
	time_t *edge = t > steady.hi ? &steady.hi : &steady.lo;
	time_t step = t > steady.hi ? STEADY_STEP : -STEADY_STEP;
	for (int n = 0; n < STEADY_REACH; n++) {
		bool last = t > steady.hi ? t - *edge <= STEADY_STEP : *edge - t <= STEADY_STEP;
		time_t next = last ? t : *edge + step;
		if (library_offset(next) != steady.off)
			return false;
		*edge = next;
		if (last)
			return true;
	}
	return false;
}

long clock_utc_offset(time_t t)
{
	if (steady.known && t >= steady.lo && t <= steady.hi)
		return steady.off;
	if (steady.known && steady_reach(t))
		return steady.off;
	steady.known = true;
	steady.lo = steady.hi = t;
	steady.off = library_offset(t);
	return steady.off;
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

od_status clock_parse(const char *text, time_t *out, od_error *err)
{
	const char *s = text;
	struct tm tm = {0};
	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		goto bad;
	tm.tm_year = num(s, 4) - 1900;
	tm.tm_mon = num(s + 5, 2) - 1;
	tm.tm_mday = num(s + 8, 2);
	s += 10;
	if (*s == 'T' || *s == ' ') {
		s++;
		if (!digits(s, 2) || s[2] != ':' || !digits(s + 3, 2))
			goto bad;
		tm.tm_hour = num(s, 2);
		tm.tm_min = num(s + 3, 2);
		s += 5;
		if (*s == ':') {
			if (!digits(s + 1, 2))
				goto bad;
			tm.tm_sec = num(s + 1, 2);
			s += 3;
		}
	}
	if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		goto bad;
	struct tm check = tm;
	time_t t;
	if (*s == 'Z' && !s[1]) {
		t = timegm(&tm);
	} else if ((*s == '+' || *s == '-') && digits(s + 1, 2) && s[3] == ':' && digits(s + 4, 2) &&
		   !s[6] && num(s + 1, 2) <= 14 && num(s + 4, 2) <= 59) {
		int off = (num(s + 1, 2) * 60 + num(s + 4, 2)) * 60;
		t = timegm(&tm) - (*s == '+' ? off : -off);
	} else if (!*s) {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	} else {
		goto bad;
	}
	/* timegm and mktime roll 31 February over into March; refuse that */
	if (tm.tm_mday != check.tm_mday || tm.tm_mon != check.tm_mon)
		goto bad;
	*out = t;
	return OD_OK;
bad:
	return od_fail(err, OD_INVALID,
		       _("'%s' is not a time (use 2026-11-21 08:30, or ISO 8601 such as 2026-11-21T08:30:00+08:00)"),
		       text);
}

const char *clock_format(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

const char *clock_format_iso(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	char zone[8];
	strftime(zone, sizeof zone, "%z", &tm);
	/* ISO 8601 wants +08:00, strftime gives +0800 */
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%.3s:%.2s", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, zone, zone + 3);
	return buf;
}

const char *clock_format_age(time_t since, time_t now, char *buf, size_t len)
{
	long long m = (long long)(now - since) / 60;
	if (m < 60)
		snprintf(buf, len, "%lldm", m < 0 ? 0 : m);
	else if (m < 48 * 60)
		snprintf(buf, len, "%lldh", m / 60);
	else
		snprintf(buf, len, "%lldd", m / 1440);
	return buf;
}
