/* Where the database and the rules are found (first hit wins), as
 * DESIGN.md's contract says. */
#ifndef OPSDESK_PATHS_H
#define OPSDESK_PATHS_H

#include <stdbool.h>

#include "opsdesk/rules.h"
#include "opsdesk/status.h"

#define OPSDESK_SYSTEM_RULES "/etc/opsdesk/workflow.yaml"

/* Whether this user may choose the rules and the database (--rules, --db,
 * $OPSDESK_RULES, $OPSDESK_DB). Not in a setgid installation, unless root:
 * the rules decide who may do what, and the group can write files the user
 * cannot, so choosing either would bypass the workflow. */
bool paths_overrides_allowed(void);

/* Gives up the setgid group for good, before opening a file the user named
 * (check-rules FILE); OD_DENIED when that fails. */
od_status paths_drop_group(od_error *err);

/* The rules file to read: --rules, $OPSDESK_RULES (both only when
 * paths_overrides_allowed), the system file when it exists, else NULL for
 * the embedded copy. */
const char *paths_rules(const char *cli_rules);

/* The database: --db, $OPSDESK_DB (both only when paths_overrides_allowed),
 * the rules' site.database, else in a shared (setgid) installation
 * OPSDESK_SHARED_DB (for root too), else $XDG_DATA_HOME/opsdesk/opsdesk.db
 * (~/.local/share/...). Caller frees. */
char *paths_database(const char *cli_db, const rules *r);

/* Whether this is a shared installation: the program is setgid (whoever
 * runs it, root too) or running with a group not the user's. */
bool paths_shared_install(void);

/* Creates the directories above a file path (mkdir -p of its parent):
 * 0700 for a personal database, 2770 with the program's group in a shared
 * installation. */
od_status paths_make_parent(const char *file, od_error *err);

/* Creates an empty database file when there is none: 0600 for a personal
 * database, 0660 with the program's group in a shared installation,
 * whatever the umask. SQLite gives its -wal and -shm files the same mode. */
od_status paths_create_database(const char *file, od_error *err);

#endif
