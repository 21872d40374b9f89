/* Journal lines the core assembles, kept as data and shown in the reader's
 * language.
 *
 * A line is a message of journal_line.c's table, named by id, with string
 * arguments, and an optional free-text note. It is stored twice: as the
 * entry's text, in the language of the process that wrote it (the
 * fallback, and what search indexes), and in the entry's data as
 * {"line":{"msg":ID,"args":[...],"note":TEXT}}. A reader renders the data in
 * its own language at read time, ids shown as names (a login as the staff
 * list names the person, a shift or escalation level as the rules do), so an
 * English and a Chinese reader of one entry each read their own language.
 * A change set ("field: old -> new; ...") is kept the same way as
 * {"changes":{FIELD:[OLD,NEW]},"fields":CONTEXT}, each field's label read
 * in CONTEXT ("person", "asset"). An entry without such data, or with a
 * message this program does not know, shows its stored text. */
#ifndef OPSDESK_JOURNAL_LINE_H
#define OPSDESK_JOURNAL_LINE_H

#include "opsdesk/changes.h"
#include "opsdesk/context.h"
#include "opsdesk/journal.h"
#include "opsdesk/rules.h"
#include "opsdesk/status.h"

#define JOURNAL_LINE_ARGS 10

typedef struct journal_line {
	const char *msg;                     /* an id of the table: "swap.request" */
	const char *args[JOURNAL_LINE_ARGS]; /* as many as the message takes; NULL is "" */
	const char *note;                    /* free text after the line, or NULL */
} journal_line;

/* The line in the current language, as it is stored: ids as they are, but
 * escalation levels and states named as the rules r (NULL: ids) name them.
 * Caller frees. */
char *journal_line_text(const rules *r, const journal_line *line);

/* Writes line as the entry (journal kind) on record, with the audit entry
 * (op, detail), as journal_record_op does; data adds members to the entry's
 * data (a JSON object, NULL for none). changes (NULL for none) follow the
 * line, in context, as in journal_changes_op. Inside db_begin. */
od_status journal_line_op(const od_ctx *ctx, const char *op, const char *record,
			  const char *kind, const journal_line *line, changes *c,
			  const char *context, const char *data, const char *detail, od_error *err);

/* Writes a change set (fields of context) as the entry, with its audit
 * entry; data as for journal_line_op. Inside db_begin. */
od_status journal_changes_op(const od_ctx *ctx, const char *op, const char *record,
			     const char *kind, const char *context, changes *c, const char *data,
			     const char *detail, od_error *err);

/* The entry as the reader reads it, in the current language, the note on
 * its own line(s) after the line (record: the entry's record, "INC-3"); the stored text when the data has no
 * line. Caller frees. */
char *journal_line_render(od_db *db, const rules *r, const char *record,
			  const journal_entry *e);

#endif
