/* The deep audit check: replays every record's audited history (its
 * creation and each change set in the audit details) and compares the
 * result with the rows of incidents, staff and their roles, the roster and
 * the assets, so that a row changed around opsdesk (an UPDATE or INSERT
 * with the sqlite3 shell) is found even though the chain itself is intact. */
#ifndef OPSDESK_AUDIT_DEEP_H
#define OPSDESK_AUDIT_DEEP_H

#include <stddef.h>

#include "opsdesk/db.h"
#include "opsdesk/rules.h"
#include "opsdesk/status.h"

/* One row or field that is not what its history says. */
typedef struct audit_difference {
	char *record;   /* INC-12, staff:lina, asset:SW-01, roster:2026-12-10 */
	char *field;    /* the column (for the roster: the login); NULL: the whole row */
	char *current;  /* the value in the table; NULL: the row is gone */
	char *recorded; /* what the history says; NULL: the row has no history */
} audit_difference;

/* Fills *out with every difference, by record (none: *n is 0, OD_OK).
 * Reads only; the work tables are the connection's temporary ones. The
 * caller frees with audit_differences_free. */
od_status audit_deep(od_db *db, const rules *r, audit_difference **out, size_t *n,
		     od_error *err);
void audit_differences_free(audit_difference *v, size_t n);

#endif
