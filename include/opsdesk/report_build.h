/* The reports opsdesk makes, each built once as a report (report.h) from
 * the database, reading windows of time through indexes (never every
 * incident), and the audit entry of every print and export. */
#ifndef OPSDESK_REPORT_BUILD_H
#define OPSDESK_REPORT_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/report.h"
#include "opsdesk/roster.h"
#include "opsdesk/status.h"

/* How far ahead the shift report looks for what falls due. */
enum { REPORT_DUE_AHEAD = 4 * 3600, REPORT_LIST_MAX = 50 };

/* The shift (handover) report of slot as of as_of: the slot's window up to
 * as_of (never past its end) for what happened, as_of for what is open. */
od_status report_shift(const od_ctx *ctx, const shift_slot *slot, time_t as_of, report **out,
		       od_error *err);
/* The fault report (故障报告) of one incident. */
od_status report_incident(const od_ctx *ctx, int64_t id, time_t as_of, report **out,
			  od_error *err);

/* A review period: a month (2026-11) or a quarter (2026Q4). */
typedef struct report_period {
	char name[16];
	time_t from, to; /* [from, to) in the site zone */
} report_period;
/* OD_USAGE for text that is not a month or a quarter; OD_INVALID for a
 * period that has not begun at now. */
od_status report_period_parse(const char *text, bool quarter, time_t now, report_period *out,
			      od_error *err);
/* The service review of a period, as of as_of. */
od_status report_review(const od_ctx *ctx, const report_period *p, time_t as_of, report **out,
			od_error *err);

/* Records in the audit log (and the report's journal) that the acting
 * user printed ("report.print") or exported ("report.export") r in format
 * to where (a printer, a file). One transaction. */
od_status report_record_output(const od_ctx *ctx, const report *r, const char *op,
			       const char *format, const char *where, od_error *err);

/* Writes an export to path with the user's own ids (never a setgid
 * installation's group); OD_IO naming the file when it cannot. */
od_status report_write_file(const char *path, const char *data, size_t len, od_error *err);

/* --- for the builders (report_common.c) ------------------------------- */

/* The report's start: the centre, the audit chain head. */
report *report_begin(const od_ctx *ctx, const char *kind, const char *title, const char *subject,
		     time_t as_of, od_error *err);
/* "李娜 (lina)", or the login alone when not on the staff list. Caller frees. */
char *report_person(od_db *db, const char *login);
/* Comma-joined report_person of each login. Caller frees. */
char *report_people(od_db *db, char *const *logins, size_t n);
/* The name the rules give an item field's value of rec (a change's type:
 * 紧急变更), else the value itself. */
struct record;
const char *report_item_name(const rules *r, const struct record *rec, const char *field);
/* "YYYY-MM-DD HH:MM", "" for 0. */
const char *report_time(time_t t, char *buf, size_t len);

#endif
