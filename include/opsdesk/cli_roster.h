/* The roster's file formats on the command line: import from CSV and
 * export to CSV or iCalendar. */
#ifndef OPSDESK_CLI_ROSTER_H
#define OPSDESK_CLI_ROSTER_H

#include "opsdesk/cli.h"

/* encoding: NULL to detect, "utf-8" or "gb18030". Returns an exit status. */
int cli_roster_import(cli_env *env, const char *path, const char *encoding);
/* format "csv" or "ics"; person NULL for the team; output NULL for stdout. */
int cli_roster_export(cli_env *env, const char *format, const char *first_day,
		      const char *last_day, const char *person, const char *output);

#endif
