/* Who may change what. Every state-changing core operation asks here first;
 * the faces never decide. */
#ifndef OPSDESK_ACCESS_H
#define OPSDESK_ACCESS_H

#include "opsdesk/context.h"
#include "opsdesk/status.h"

/* OD_OK when the acting user is active staff; otherwise OD_DENIED with a
 * message saying they can look but not change anything. */
od_status access_require_staff(const od_ctx *ctx, od_error *err);
/* Active staff holding one of the roles the rules give op. */
od_status access_require(const od_ctx *ctx, const char *op, od_error *err);

#endif
