/* Backups of the live database, made through SQLite (VACUUM INTO) while
 * other sessions go on writing, and the check of a copy: SQLite's integrity
 * check and the audit chain. */
#ifndef OPSDESK_BACKUP_H
#define OPSDESK_BACKUP_H

#include <stdint.h>

#include "opsdesk/context.h"
#include "opsdesk/status.h"

typedef struct backup_report {
	int schema_version;
	int64_t entries;   /* audit entries verified */
	int64_t head_id;   /* the copy's audit head */
	char head_hash[65];
	char problem[512]; /* set when the check found the copy damaged */
} backup_report;

/* Checks the copy at path (read-only): OD_OK when SQLite's integrity check
 * passes and its audit chain is intact, OD_CONFLICT with report->problem
 * otherwise. */
od_status backup_check(const char *path, backup_report *report, od_error *err);

/* Copies the live database to dest, a file that must not exist yet; it is
 * created 0600 with the acting user's own ids (never the setgid group's),
 * then checked as backup_check does, and the backup is audited. Needs the
 * database.backup permission. A copy that fails its check is removed. */
od_status backup_make(const od_ctx *ctx, const char *dest, backup_report *report,
		      od_error *err);

#endif
