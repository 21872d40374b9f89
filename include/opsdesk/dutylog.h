/* The duty log (值班记录): timestamped entries the people on duty write
 * during a shift (calls taken, checks done, visitors to the machine room,
 * events), each with a category from the rules' duty_log.categories. An
 * entry belongs to the shift its time falls in. Entries are never changed
 * or deleted: a mistake is corrected by a later entry that names it. */
#ifndef OPSDESK_DUTYLOG_H
#define OPSDESK_DUTYLOG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/roster.h"
#include "opsdesk/status.h"

enum { DUTYLOG_TEXT_MAX = 2000 };

typedef struct dutylog_entry {
	int64_t id;
	char day[ROSTER_DAY_LEN];
	char *shift;
	time_t at;       /* when it happened */
	char *category;  /* an id of duty_log.categories, or "" */
	char *text, *author;
	time_t created;  /* when it was written */
	int64_t corrects; /* the entry this one corrects, 0: none */
} dutylog_entry;

/* Writes an entry at time at (0: now; never in the future) into the shift
 * that covers it, by someone rostered on that shift or a holder of
 * roster.manage. category NULL takes the rules' first; corrects names an
 * earlier entry (0: none). *slot, when not NULL, is the shift it went to.
 * One transaction: the entry, its journal entry and an audit entry. */
od_status dutylog_add(const od_ctx *ctx, const char *text, const char *category, time_t at,
		      int64_t corrects, int64_t *id, shift_slot *slot, od_error *err);

/* The entries of slot by time (then id). Caller frees with
 * dutylog_entries_free. */
od_status dutylog_list(od_db *db, const shift_slot *slot, dutylog_entry **out, size_t *n,
		       od_error *err);
void dutylog_entries_free(dutylog_entry *v, size_t n);

/* The name people see for a category id (the id itself when the rules no
 * longer have it). */
const char *dutylog_category_name(const rules *r, const char *id);

/* The journal name of a slot's duty log: "dutylog:DAY/SHIFT". */
void dutylog_record_ref(const shift_slot *slot, char *buf, size_t len);

#endif
