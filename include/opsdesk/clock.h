/* Time: now (which tests and administrators may pin), and conversion
 * between stored UTC seconds and the site's time zone. */
#ifndef OPSDESK_CLOCK_H
#define OPSDESK_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "opsdesk/status.h"

time_t clock_now(void);
/* From now on clock_now() returns t (for OPSDESK_NOW). */
void clock_pin(time_t t);

/* Shows and reads local times in this IANA zone (the site's). */
void clock_set_zone(const char *tz);

/* The site zone's offset from UTC at t, in seconds east. Cheap when asked
 * for times near earlier questions, as the SLA clocks do day after day. */
long clock_utc_offset(time_t t);

/* Parses ISO 8601: 2026-11-21T08:00:00Z, ...+08:00, or a local site time
 * "2026-11-21 08:00[:00]" / "2026-11-21T08:00". */
od_status clock_parse(const char *text, time_t *out, od_error *err);

/* Formats t in the site zone as "YYYY-MM-DD HH:MM" into buf. */
const char *clock_format(time_t t, char *buf, size_t len);
/* The same as ISO 8601 with the zone's offset, for JSON. */
const char *clock_format_iso(time_t t, char *buf, size_t len);

/* How long ago since was at now, compactly: 45m, 3h, 2d. */
const char *clock_format_age(time_t since, time_t now, char *buf, size_t len);

#endif
