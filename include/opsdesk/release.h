/* Releases (REL-n), a record kind (record.h) that bundles changes going
 * out together: release plan, preparation checklist, the go / no-go
 * decision, deployment window, verification and summary. Its changes are
 * record links (role "change" from the release, "release" from the
 * change). */
#ifndef OPSDESK_RELEASE_H
#define OPSDESK_RELEASE_H

#include <stddef.h>
#include <stdint.h>

#include "opsdesk/context.h"
#include "opsdesk/xalloc.h" /* record.h uses strbuf */
#include "opsdesk/record.h"
#include "opsdesk/status.h"

extern const record_kind release_kind;

/* Adds change (a CHG- reference) to release id, both open; journalled on
 * both. */
od_status release_add(const od_ctx *ctx, int64_t id, const char *change, od_error *err);
/* The release's changes as records, in the order they were added. */
od_status release_changes(od_db *db, int64_t id, record **out, size_t *n, od_error *err);

#endif
