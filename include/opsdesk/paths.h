/* Where the database and the rules are found (first hit wins), as
 * DESIGN.md's contract says. */
#ifndef OPSDESK_PATHS_H
#define OPSDESK_PATHS_H

#include "opsdesk/rules.h"
#include "opsdesk/status.h"

#define OPSDESK_SYSTEM_RULES "/etc/opsdesk/workflow.yaml"

/* The rules file to read: --rules, $OPSDESK_RULES, the system file when it
 * exists, else NULL for the embedded copy. */
const char *paths_rules(const char *cli_rules);

/* The database: --db, $OPSDESK_DB, the rules' site.database, else
 * $XDG_DATA_HOME/opsdesk/opsdesk.db (~/.local/share/...). Caller frees. */
char *paths_database(const char *cli_db, const rules *r);

/* Creates the directories above a file path (mkdir -p of its parent). */
od_status paths_make_parent(const char *file, od_error *err);

#endif
