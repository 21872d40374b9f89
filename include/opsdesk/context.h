/* What every core operation needs: the database, the rules and who is
 * acting. The faces build one at start-up. */
#ifndef OPSDESK_CONTEXT_H
#define OPSDESK_CONTEXT_H

#include "opsdesk/db.h"
#include "opsdesk/rules.h"

typedef struct od_ctx {
	od_db *db;
	const rules *rules;
	const char *login; /* the acting user, from identity_resolve */
} od_ctx;

#endif
