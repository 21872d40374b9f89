/* Sample data for trying opsdesk out (`opsdesk init --demo`, `make run`). */
#ifndef OPSDESK_DEMO_H
#define OPSDESK_DEMO_H

#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/status.h"

/* Adds the sample staff that are not there yet, as the acting user (who must
 * be allowed to manage staff). */
od_status demo_populate(const od_ctx *ctx, int *added, od_error *err);

typedef struct demo_counts {
	int staff, assets, incidents, shifts;
} demo_counts;

/* Builds a working centre around clock_now(): staff, this month's roster
 * from the rules' rotations with a leave and a pending swap, CIs of every
 * class, incidents in every state with their journals (a breach, one at
 * risk, a major one under review, an alert with repeats), and yesterday's
 * handover. Every record goes through the core's own operations, each at
 * the moment it happened, all in one transaction. The same clock, login
 * and rules give the same data (a fixed seed). Refused (OD_CONFLICT) when
 * the database holds anything but the acting user. */
od_status demo_build(const od_ctx *ctx, demo_counts *out, od_error *err);

/* For demo_build (demo_knowledge.c): two articles and an emergency plan
 * published the week before now; and, once the incidents are in, a
 * problem opened from the largest group of recurring incidents on one CI,
 * being investigated. Rules without the knowledge base or problems get
 * none of it. */
od_status demo_articles(const od_ctx *ctx, time_t now, od_error *err);
od_status demo_problem(const od_ctx *ctx, time_t now, od_error *err);

#endif
