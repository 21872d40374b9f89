/* Sample data for trying opsdesk out (`opsdesk init --demo`, `make run`). */
#ifndef OPSDESK_DEMO_H
#define OPSDESK_DEMO_H

#include "opsdesk/context.h"
#include "opsdesk/status.h"

/* Adds the sample staff that are not there yet, as the acting user (who must
 * be allowed to manage staff). */
od_status demo_populate(const od_ctx *ctx, int *added, od_error *err);

#endif
