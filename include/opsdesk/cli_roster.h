/* The roster's file formats on the command line: import from CSV and
 * export to CSV or iCalendar (src/cli/roster_io_cli.c; the formats are
 * roster_io.h's). Both expect cli_setup(env, true, false) done and return
 * an exit status: 0 done, 1 refused or failed, 2 usage. */
#ifndef OPSDESK_CLI_ROSTER_H
#define OPSDESK_CLI_ROSTER_H

#include <stdbool.h>

#include "opsdesk/cli.h"
#include "opsdesk/roster.h"

/* encoding: NULL to detect, "utf-8" or "gb18030". Each bad row is printed
 * as PATH:LINE: message, then a summary; nothing is imported then. */
int cli_roster_import(cli_env *env, const char *path, const char *encoding);
/* format "csv" or "ics" (NULL: ics when output ends in .ics); first_day
 * and last_day NULL for the current month; person NULL for the team;
 * output NULL for stdout (else written with the user's own rights, and a
 * summary printed). */
int cli_roster_export(cli_env *env, const char *format, const char *first_day, const char *last_day,
		      const char *person, const char *output);

/* The slot of --shift DAY/SHIFT (text), or without it the one on duty now
 * (previous: the last one that has ended). Returns an exit status, 0 when
 * *slot is set; the message is printed. */
int cli_pick_slot(cli_env *env, const char *text, bool previous, shift_slot *slot);

#endif
