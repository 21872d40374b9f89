/* The audit log: one append-only, hash-chained entry per state-changing
 * operation, written in the operation's own transaction. Each entry's hash
 * covers its content and the previous hash, and the newest id and hash are
 * also kept in meta, so an edited, deleted, reordered or truncated entry is
 * found by audit_verify. */
#ifndef OPSDESK_AUDIT_H
#define OPSDESK_AUDIT_H

#include <stdint.h>
#include <time.h>

#include "opsdesk/db.h"
#include "opsdesk/status.h"

typedef struct audit_entry {
	int64_t id;
	time_t at;
	char *actor, *op, *record, *detail; /* detail: JSON of what changed */
	char *prev, *hash;
} audit_entry;

/* Appends an entry; must run inside db_begin/db_end. */
od_status audit_append(od_db *db, time_t at, const char *actor, const char *op,
		       const char *record, const char *detail, od_error *err);

typedef struct audit_filter {
	const char *record; /* NULL: any */
	const char *actor;  /* NULL: any */
	int64_t before_id;  /* 0: from the newest; else entries older than this */
	int limit;          /* 0: no limit */
} audit_filter;

/* Newest first. The caller frees with audit_entries_free. */
od_status audit_list(od_db *db, const audit_filter *f, audit_entry **out, size_t *n,
		     od_error *err);
void audit_entries_free(audit_entry *v, size_t n);

/* How many entries there are, and when the newest was written (0: none). */
int64_t audit_count(od_db *db, time_t *newest);

typedef struct audit_report {
	int64_t checked;
	int64_t bad_id;   /* the first bad entry, 0 when all is well */
	char problem[512];
} audit_report;

/* OD_OK when the chain is intact; OD_CONFLICT with report->problem naming the
 * first bad entry otherwise. */
od_status audit_verify(od_db *db, audit_report *report, od_error *err);

/* The newest entry's id and hash (0 and "" for an empty log): the chain
 * head a printed report carries, so the log can later be proved to still
 * hold it (audit verify --anchor ID:HASH). */
od_status audit_head(od_db *db, int64_t *id, char hash[65], od_error *err);

#endif
