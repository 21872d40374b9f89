/* The journal on each record (what happened to it, shown with the record)
 * and the pairing of a journal entry with its audit entry, which every
 * state-changing operation writes in its own transaction. */
#ifndef OPSDESK_JOURNAL_H
#define OPSDESK_JOURNAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/status.h"

typedef struct journal_entry {
	int64_t id;
	time_t at;
	char *actor, *kind, *text;
	char *data; /* JSON object: what programs read of the entry */
} journal_entry;

/* Writes "text" to the record's journal and an audit entry for op with
 * detail (JSON), both at clock_now(), by ctx->login. data (a JSON object,
 * NULL for none) is what later computations read back, such as the state
 * a transition entered. Inside db_begin. */
od_status journal_record_op(const od_ctx *ctx, const char *op, const char *record,
			    const char *kind, const char *text, const char *data,
			    const char *detail, od_error *err);

/* Oldest first. Caller frees with journal_entries_free. */
od_status journal_list(od_db *db, const char *record, journal_entry **out, size_t *n,
		       od_error *err);
/* The newest entry; OD_NOT_FOUND when the record has none. */
od_status journal_last(od_db *db, const char *record, journal_entry *out, od_error *err);
void journal_entries_free(journal_entry *v, size_t n);
void journal_entry_clear(journal_entry *e);

/* A journal entry found by time: which record, and the state it entered
 * ("" when none). */
typedef struct journal_window_entry {
	int64_t id;
	time_t at;
	char *record, *actor, *text, *state;
} journal_window_entry;

/* Entries of kind on records whose reference starts with prefix ("INC-"),
 * written in [from, to), oldest first, at most limit (0: all). Walks the
 * journal by time, so it costs the window, not the table. */
od_status journal_window(od_db *db, const char *prefix, const char *kind, time_t from, time_t to,
			 int limit, journal_window_entry **out, size_t *n, od_error *err);
void journal_window_free(journal_window_entry *v, size_t n);
/* How many such entries there are. */
int64_t journal_window_count(od_db *db, const char *prefix, const char *kind, time_t from,
			     time_t to);

#endif
