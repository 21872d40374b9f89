/* Who is acting. Identity always comes from the real user id; the
 * OPSDESK_USER and OPSDESK_NOW overrides exist for tests and administration
 * and are honoured only when the real user id is 0. */
#ifndef OPSDESK_IDENTITY_H
#define OPSDESK_IDENTITY_H

#include <stdbool.h>

#include "opsdesk/status.h"

typedef struct identity {
	char login[64];
	char gecos[128];   /* the account's full name, for init */
	char warning[256]; /* set when an override was ignored */
} identity;

/* Resolves the acting user and pins the clock when OPSDESK_NOW applies.
 * real_uid is getuid(); a parameter so tests can pass another. */
od_status identity_resolve(unsigned real_uid, identity *out, od_error *err);

/* A login as opsdesk accepts it: [a-z_][a-z0-9_.-]*, at most 32. */
bool identity_valid_login(const char *login);

#endif
