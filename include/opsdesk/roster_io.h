/* The roster in other programs' files: CSV as offices keep rosters in
 * spreadsheets (one row per day and shift), read and written, and
 * iCalendar (RFC 5545) so people see their shifts on their phones. This
 * builds and checks the files' content; the faces read and write files. */
#ifndef OPSDESK_ROSTER_IO_H
#define OPSDESK_ROSTER_IO_H

#include <stddef.h>

#include "opsdesk/context.h"
#include "opsdesk/csv.h"
#include "opsdesk/diag.h"
#include "opsdesk/roster.h"
#include "opsdesk/status.h"
#include "opsdesk/xalloc.h"

/* Longest export, so a mistyped year does not write centuries. */
enum { ROSTER_EXPORT_MAX_DAYS = 3660 };

typedef struct roster_import_result {
	csv_encoding encoding;                            /* what the file was in */
	size_t slots;                                     /* its (day, shift) rows */
	size_t changed;                                   /* of them, those whose people changed */
	char first[ROSTER_DAY_LEN], last[ROSTER_DAY_LEN]; /* the days they cover */
} roster_import_result;

/* Sets the roster from a CSV file's bytes in enc (CSV_DETECT: tells UTF-8,
 * with or without a byte-order mark, from GB18030). The first row names
 * the columns, in any order and in English or Chinese: date|日期,
 * shift|班次, people|人员|值班人员, and optionally note|备注 and
 * weekday|星期, which are ignored. Each further row puts exactly its people
 * (none when the cell is empty) on that shift of that day. A date is
 * YYYY-MM-DD (also 2026/12/1 or 2026年12月1日, as spreadsheets write
 * them); a shift its id or its name; people, separated by 、 , ; / or
 * spaces, each a login or the name of exactly one member of staff. Needs
 * roster.manage. All rows or none, in one transaction: every problem (an
 * unknown or ambiguous person, one who is deactivated or on leave that day,
 * an unknown shift, a bad date, a day's shift on two rows, a row of the
 * wrong length, bad quoting, bad encoding) goes into diags in file order,
 * its line the row's and its message naming the column and the value, and
 * then nothing is written and the result is OD_INVALID. Journalled per
 * person as op "roster.import" with the reason "import SOURCE". */
od_status roster_import_csv(const od_ctx *ctx, const char *data, size_t len, csv_encoding enc,
			    const char *source, roster_import_result *res, diag_list *diags,
			    od_error *err);

/* The days an export covers: first to last as given; one of them NULL: to
 * the end of first's month or from the start of last's; both NULL: the
 * current month. OD_INVALID for a bad day, last before first, or more than
 * ROSTER_EXPORT_MAX_DAYS days. */
od_status roster_export_period(const char *first, const char *last, char out_first[ROSTER_DAY_LEN],
			       char out_last[ROSTER_DAY_LEN], od_error *err);

/* The roster from first to last day as CSV that roster_import_csv reads
 * back to the same roster: UTF-8 with a byte-order mark and CRLF line ends
 * (as spreadsheet programs open it), the header date,shift,people, then
 * for the team (person NULL) one row per day and shift of the rules, empty
 * ones included; for a person (a login or a unique name) only the shifts
 * they are on, each row naming everyone on that shift. People are shown by
 * name, or by login where the name would not find them again. Appended to
 * out; *rows counts the rows after the header. Shifts the rules no longer
 * know are left out. */
od_status roster_export_csv(od_db *db, const rules *r, const char *first, const char *last,
			    const char *person, strbuf *out, size_t *rows, od_error *err);

/* The same as an iCalendar file (RFC 5545, METHOD:PUBLISH, CRLF, lines
 * folded at 75 octets): one event per shift with people on it (team), or
 * per shift of the person; times in UTC; a UID that stays the same for a
 * day's shift (and person), so a calendar that reads the file again
 * updates its events. *events counts them. */
od_status roster_export_ics(od_db *db, const rules *r, const char *first, const char *last,
			    const char *person, strbuf *out, size_t *events, od_error *err);

#endif
