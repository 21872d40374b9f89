/* Escalation: for each open incident whose SLA clock has reached a level of
 * the rules (at risk, breached), the level's notification goes out once per
 * incident, clock and level; one that failed is tried again at every run
 * until it goes out (or the clock stops). Meant to run every minute. */
#ifndef OPSDESK_ESCALATE_H
#define OPSDESK_ESCALATE_H

#include <stdbool.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/sla.h"
#include "opsdesk/status.h"

typedef struct escalate_report {
	int incidents; /* open incidents looked at */
	int fired;     /* escalations attempted now (first tries and retries) */
	int failed;    /* of those, notifications that failed */
} escalate_report;

/* Runs every escalation due at now. Each is claimed and recorded
 * (escalation table, journal, audit) in its own transaction before its
 * command runs, so overlapping runs never notify twice; a failed command
 * is journalled and its claim given back in one transaction, so a later
 * run tries it again. on_event (may be NULL) hears a line per escalation
 * (failed false) and one per failed notification (failed true). dry_run
 * records and runs nothing and only reports what would fire. */
od_status escalate_run(const od_ctx *ctx, time_t now, bool dry_run,
		       void (*on_event)(void *data, bool failed, const char *line), void *data,
		       escalate_report *report, od_error *err);

/* The first moment at which a level of the rules not yet claimed for this
 * incident is reached by one of its running clocks (as sla gives them);
 * 0 when there is none. */
od_status escalate_next(od_db *db, const rules *r, int64_t incident_id, const sla_result *sla,
			time_t *next, od_error *err);

#endif
