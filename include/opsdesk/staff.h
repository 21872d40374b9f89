/* The people of the centre: login, name, phone, team, roles, active. Every
 * change is permission-checked, versioned, journalled and audited. */
#ifndef OPSDESK_STAFF_H
#define OPSDESK_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/status.h"

enum {
	STAFF_NAME_MAX = 64,
	STAFF_PHONE_MAX = 32,
	STAFF_TEAM_MAX = 64,
	STAFF_EMAIL_MAX = 254,
	STAFF_NOTE_MAX = 2000,
};

typedef struct staff_member {
	int64_t id;
	char *login, *name, *phone, *team;
	char *email;
	char *deputy; /* login of who covers for them, or "" */
	char *note;   /* may span lines */
	char **roles; /* role ids, sorted */
	size_t nroles;
	bool active;
	int64_t version;
	time_t created, updated;
	char *updated_by;
} staff_member;

/* Values for add and edit. For edit, a NULL string or roles == NULL leaves
 * that field as it is. */
typedef struct staff_fields {
	const char *name, *phone, *team, *email, *deputy, *note;
	const char *const *roles;
	size_t nroles;
} staff_fields;

/* The journal and audit name of a person's record: "staff:LOGIN". */
void staff_record_ref(const char *login, char *buf, size_t len);

od_status staff_add(const od_ctx *ctx, const char *login, const staff_fields *f, od_error *err);
/* expected_version: the version the user saw (0: whatever is current). A
 * newer version in the database refuses the save with OD_CONFLICT and a
 * message saying who changed what. */
od_status staff_edit(const od_ctx *ctx, const char *login, int64_t expected_version,
		     const staff_fields *f, od_error *err);
od_status staff_set_active(const od_ctx *ctx, const char *login, bool active,
			   int64_t expected_version, od_error *err);

/* Adds the first operations manager when there is no staff at all; used by
 * init and needing no permission (there is nobody to give it). */
od_status staff_bootstrap(const od_ctx *ctx, const char *name, bool *added, od_error *err);

od_status staff_get(od_db *db, const char *login, staff_member *out, od_error *err);
od_status staff_list(od_db *db, bool include_inactive, staff_member **out, size_t *n,
		     od_error *err);
int64_t staff_count(od_db *db);
/* OD_OK when login is an active member of staff; otherwise OD_INVALID with
 * "FIELD: no staff member with login 'x'" or "FIELD: 'x' is deactivated". */
od_status staff_require_active(od_db *db, const char *field, const char *login, od_error *err);
bool staff_has_role(const staff_member *m, const char *role);
/* The member's role names joined by sep, in the order the rules list the
 * roles; ids the rules no longer know come last, as ids. Caller frees. */
char *staff_role_names(const rules *r, const staff_member *m, const char *sep);
/* The name people know login by (the login itself when the staff list
 * does not have it, or it has no name). Caller frees. */
char *staff_name_of(od_db *db, const char *login);
void staff_member_clear(staff_member *m);
void staff_list_free(staff_member *v, size_t n);

#endif
