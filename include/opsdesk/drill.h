/* Emergency drills (演练, DRL-n), a record kind (record.h): when a drill
 * was held, the emergency plan it exercised (a KB-n of the plan type,
 * linked as "plan" / "drill"), who took part, the scenario, what worked,
 * what did not and the follow-up actions. A follow-up opens a record of
 * another kind (a change; the kind is a parameter) linked to the drill
 * as "follow-up" / "drill". */
#ifndef OPSDESK_DRILL_H
#define OPSDESK_DRILL_H

#include <stddef.h>
#include <stdint.h>

#include "opsdesk/context.h"
#include "opsdesk/xalloc.h" /* record.h uses strbuf */
#include "opsdesk/record.h"
#include "opsdesk/status.h"

extern const record_kind drill_kind;

/* A new drill; its plan must be an emergency plan of the knowledge base. */
od_status drill_create(const od_ctx *ctx, const record_set *values, size_t n, int64_t *id,
		       od_error *err);
/* Opens a record of kind from values (as record_create takes them) as a
 * follow-up of drill id, linked to it, in one transaction. */
od_status drill_followup(const od_ctx *ctx, int64_t id, const record_kind *kind,
			 const record_set *values, size_t n, int64_t *new_id, od_error *err);

#endif
