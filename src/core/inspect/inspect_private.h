/* What the files of src/core/inspect/ share and nobody else needs. */
#ifndef OPSDESK_INSPECT_PRIVATE_H
#define OPSDESK_INSPECT_PRIVATE_H

#include "opsdesk/inspect.h"

/* After a run of t on the asset at `at`, inside the run's transaction:
 * the next due and overdue times. */
od_status inspect_due_done(const od_ctx *ctx, const rules_inspection *t, int64_t asset_id,
			   int64_t run, time_t at, od_error *err);

#endif
