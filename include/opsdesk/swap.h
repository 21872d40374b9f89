/* Shift swaps. Nobody swaps a shift without the operations manager's prior
 * approval: the owner asks, the other person agrees, a holder of
 * roster.approve approves (or rejects) with a comment, and only then does
 * the roster change. A holder of roster.manage may instead reassign a
 * shift on someone's behalf, giving a reason, which applies at once. */
#ifndef OPSDESK_SWAP_H
#define OPSDESK_SWAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/roster.h"
#include "opsdesk/status.h"

/* Where a request stands. */
#define SWAP_REQUESTED "requested" /* waiting for the other person */
#define SWAP_AGREED "agreed"       /* waiting for a manager */
#define SWAP_APPROVED "approved"   /* the roster has changed */
#define SWAP_REJECTED "rejected"   /* by a manager */
#define SWAP_DECLINED "declined"   /* by the other person */
#define SWAP_REASSIGNED "reassigned"

typedef struct swap_request {
	int64_t id;
	char *owner;             /* whose shift it is */
	char day[ROSTER_DAY_LEN];
	char *shift;
	char *other;             /* who takes it */
	char other_day[ROSTER_DAY_LEN]; /* "" when the other only covers */
	char *other_shift;       /* the shift given back, "" */
	char *reason, *state, *requested_by;
	time_t created, agreed_at, decided_at; /* 0: not yet */
	char *decided_by, *comment;
	int64_t version;
} swap_request;

/* What a request asks. other_day/other_shift NULL: the other person only
 * covers. */
typedef struct swap_ask {
	const char *owner; /* NULL: the acting user */
	const char *day, *shift;
	const char *other;
	const char *other_day, *other_shift;
	const char *reason;
} swap_ask;

/* The acting user asks for their own shift. When ask->owner names someone
 * else the acting user must hold roster.manage and the shift is reassigned
 * at once (state reassigned). */
od_status swap_request_new(const od_ctx *ctx, const swap_ask *ask, int64_t *id, od_error *err);
/* The other person agrees (agree) or declines. */
od_status swap_answer(const od_ctx *ctx, int64_t id, bool agree, const char *comment,
		      od_error *err);
/* A holder of roster.approve decides an agreed request (or rejects a
 * pending one). Approving applies the swap to the roster in the same
 * transaction, refusing when either shift has changed meanwhile. */
od_status swap_decide(const od_ctx *ctx, int64_t id, bool approve, const char *comment,
		      od_error *err);

/* Requests, newest first; pending_only: requested or agreed. */
od_status swap_list(od_db *db, bool pending_only, swap_request **out, size_t *n, od_error *err);
od_status swap_get(od_db *db, int64_t id, swap_request *out, od_error *err);
void swap_request_clear(swap_request *s);
void swap_requests_free(swap_request *v, size_t n);
/* The journal name of a request: "swap:ID". */
void swap_record_ref(int64_t id, char *buf, size_t len);
/* A state (SWAP_REQUESTED...) in the interface language; an unknown one as
 * it is. */
const char *swap_state_text(const char *state);

#endif
