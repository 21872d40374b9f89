/* SLA clocks: working time in a calendar, and the response and resolution
 * clocks of a record computed from its history, so the answer is right
 * whatever order things happened in. Pure functions of their inputs: no
 * database, no clock_now(). Local days and hours are those of the site
 * time zone (clock_set_zone). */
#ifndef OPSDESK_SLA_H
#define OPSDESK_SLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/rules.h"
#include "opsdesk/status.h"

/* Working minutes of calendar c between a and b (0 when b <= a). An
 * "always" calendar counts every minute; otherwise only c->hours on the
 * days in c->days, not on holidays, and also on workdays (make-up working
 * days). Partial minutes count as the seconds they are, rounded down at
 * the end. */
int64_t sla_working_minutes(const rules_calendar *c, time_t a, time_t b);

/* The first moment at which `minutes` working minutes of c have passed
 * since start (start itself when minutes <= 0 and start is working time;
 * otherwise the next working moment). */
time_t sla_add_working_minutes(const rules_calendar *c, time_t start, int64_t minutes);

/* One thing in a record's history that matters to its clocks. */
typedef enum sla_event_kind {
	SLA_CREATED,   /* value: the initial state id */
	SLA_STATE,     /* value: the state entered */
	SLA_PRIORITY,  /* value: the priority now in force */
	SLA_RESPONDED, /* the first response (value unused) */
} sla_event_kind;

typedef struct sla_event {
	time_t at;
	sla_event_kind kind;
	const char *value;
} sla_event;

typedef enum sla_standing {
	SLA_ON_TIME,  /* running, less than sla.at_risk percent used */
	SLA_AT_RISK,  /* running, at least that much used */
	SLA_BREACHED, /* more than the target used, running or stopped */
	SLA_MET,      /* stopped within the target */
} sla_standing;

typedef struct sla_clock {
	int64_t target;  /* minutes, from the priority in force */
	int64_t used;    /* working minutes counted so far (until stopped) */
	time_t due;      /* when used reaches target if it keeps running from
			  * now; when stopped: the moment it stopped; 0 while paused */
	time_t risk;     /* when it becomes at risk if it keeps running from
			  * now (earlier: when it became so); 0 when stopped
			  * or paused */
	time_t stopped;  /* 0 while running */
	bool paused;     /* in a state that pauses SLA clocks */
	sla_standing standing;
} sla_clock;

typedef struct sla_result {
	sla_clock response, resolution;
	const char *priority; /* the priority in force (points into rules) */
} sla_result;

/* The standing of the worse of the two clocks that are still running
 * (neither stopped nor paused): a record whose response is late is late,
 * whatever its resolution clock says. SLA_ON_TIME when neither runs. */
sla_standing sla_worst_running(const sla_result *r);

/* Computes both clocks at time now from events (any order; they are
 * sorted by time, ties kept in the given order). The targets are those of
 * the last priority in force, applied from creation on, so changing the
 * priority recomputes both clocks. Both clocks count only while the record
 * is in a state that does not pause SLAs. The response clock stops at the
 * first SLA_RESPONDED; the resolution clock stops on entering a resolved or
 * final state and runs again when the record leaves it (reopened). Counted
 * in the calendar of the priority in force. OD_INVALID when an event names
 * an unknown state or priority, or there is no SLA_CREATED. */
od_status sla_compute(const rules *r, const rules_workflow *w, const sla_event *events, size_t n,
		      time_t now, sla_result *out, od_error *err);

/* Targets that do not come from a priority: a service request's, from its
 * type in the catalogue. */
typedef struct sla_targets {
	int response, resolution; /* minutes */
	const rules_calendar *calendar;
} sla_targets;

/* sla_compute with fixed targets counted in t->calendar; SLA_PRIORITY
 * events are ignored and out->priority is NULL. */
od_status sla_compute_fixed(const rules *r, const rules_workflow *w, const sla_targets *t,
			    const sla_event *events, size_t n, time_t now, sla_result *out,
			    od_error *err);

enum { SLA_FINGERPRINT_LEN = 65 };

/* A digest (hex SHA-256) of everything in the rules that moves SLA figures:
 * priorities' targets and calendars, the calendars, the at-risk share, the
 * workflow's pausing and resolving states, the escalation levels and the
 * site's time zone. */
void sla_fingerprint(const rules *r, const rules_workflow *w, char out[SLA_FINGERPRINT_LEN]);

#endif
