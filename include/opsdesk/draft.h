/* Unsaved form input kept when a session ends abruptly, offered back at the
 * user's next start. One draft per user and form. */
#ifndef OPSDESK_DRAFT_H
#define OPSDESK_DRAFT_H

#include <time.h>

#include "opsdesk/db.h"
#include "opsdesk/status.h"

od_status draft_save(od_db *db, const char *login, const char *form, const char *data,
		     od_error *err);
/* OD_NOT_FOUND when there is none. *data is the caller's to free. */
od_status draft_load(od_db *db, const char *login, const char *form, char **data, time_t *saved,
		     od_error *err);
/* The user's oldest draft's form id, to offer at start; OD_NOT_FOUND when
 * there is none. *form is the caller's to free. */
od_status draft_first(od_db *db, const char *login, char **form, od_error *err);
od_status draft_delete(od_db *db, const char *login, const char *form, od_error *err);

#endif
