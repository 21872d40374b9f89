/* Change requests (CHG-n), a record kind (record.h): the declaration, the
 * risk assessment, the window's checks, and approval by the change board
 * (CAB) in rounds of votes decided by the quorum the rules give per type
 * and risk. The calendar and its conflicts are in change_calendar.c, the
 * implementation steps in change_step.c, releases in release.c. */
#ifndef OPSDESK_CHANGE_H
#define OPSDESK_CHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/xalloc.h" /* record.h uses strbuf */
#include "opsdesk/record.h"
#include "opsdesk/status.h"

extern const record_kind change_kind;

enum { CHANGE_NOTE_MAX = 2000, CHANGE_STEP_MAX = 2000 };

/* --- risk assessment --------------------------------------------------- */

/* The score of an assessment: the question ids answered yes, comma
 * separated. An unknown id is OD_INVALID naming it and the known ones. */
od_status change_risk_score(const rules *r, const char *assessment, int *score, od_error *err);
/* The risk level id of an assessment ("" when the rules have none or the
 * assessment is not valid). */
const char *change_risk_of(const rules *r, const char *assessment);

/* --- approval ------------------------------------------------------------- */

typedef struct change_vote {
	char *voter, *vote, *note; /* vote: approve, reject or abstain */
	time_t at;
} change_vote;

/* The current round of a change: its votes, what the rule needs and has,
 * and who still may vote. */
typedef struct change_tally {
	int round;            /* 0: the change has never been in the approval state */
	bool voting;          /* the change is in the approval state now */
	const char *outcome;  /* "", "approved", "rejected": static */
	const rules_approval *rule; /* NULL: no rule matches its type and risk */
	change_vote *votes;
	size_t nvotes;
	int *got; /* approvals counted per rule->needs */
	int rejections;
	char **may; /* logins entitled who have not voted, sorted */
	size_t nmay;
} change_tally;

/* The tally of the change's current round (rec as record_get read it). */
od_status change_tally_get(const od_ctx *ctx, const record *rec, change_tally *out, od_error *err);
void change_tally_clear(change_tally *t);
/* What is still needed, one line ("2 of cab_member, 1 of ops_manager";
 * "" when the quorum is reached). Caller frees. */
char *change_tally_needs(const rules *r, const change_tally *t);

/* Casts the acting user's vote (approve, reject, abstain) on change id in
 * its current round. Refused: not in the approval state, no rule for the
 * change, a voter holding none of the rule's roles, the change's requester
 * or implementer, a second vote in the round, a decided round. A vote that
 * decides the round takes changes.approval.approved or .rejected in the
 * same transaction. */
od_status change_vote_cast(const od_ctx *ctx, int64_t id, const char *vote, const char *note,
			   od_error *err);

/* Opens an incident about change id (a failed change, a rollback's
 * consequences) on its first CI, summary given or "CHG-n: title", linked
 * both ways, in one transaction; *inc_id is its id. */
od_status change_open_incident(const od_ctx *ctx, int64_t id, const char *summary,
			       const char *impact, const char *urgency, int64_t *inc_id,
			       od_error *err);

/* --- steps (change_step.c) -------------------------------------------------- */

typedef struct change_step {
	int seq;
	char *text;
	time_t started, ended; /* 0: not done */
	char *deviation, *result, *done_by;
} change_step;

/* The implementation plan's steps, in order. */
od_status change_steps(od_db *db, int64_t id, change_step **out, size_t *n, od_error *err);
void change_steps_free(change_step *v, size_t n);
/* Adds a step to an open change; *seq is its number. */
od_status change_step_add(const od_ctx *ctx, int64_t id, const char *text, int *seq,
			  od_error *err);
/* Records step seq as done from started to ended (ended >= started), with
 * any deviation and its result. The implementer or the manager role, while
 * the change is open. */
od_status change_step_done(const od_ctx *ctx, int64_t id, int seq, time_t started, time_t ended,
			   const char *deviation, const char *result, od_error *err);

/* --- the calendar and its conflicts (change_calendar.c) ---------------------- */

typedef struct change_conflict {
	const char *kind; /* same_ci, freeze, off_duty, outside_window: static */
	bool blocks;      /* the rules block it; else it needs an override reason */
	char *reason;
	char *other; /* the other change's reference for same_ci, else "" */
} change_conflict;

/* Every conflict of rec's window: another change on one of its CIs in an
 * overlapping window, a freeze period, its implementer off duty or on
 * leave, a window outside its type's maintenance windows. */
od_status change_conflicts(const od_ctx *ctx, const record *rec, change_conflict **out, size_t *n,
			   od_error *err);
void change_conflicts_free(change_conflict *v, size_t n);

/* Changes whose window overlaps [from, to), by start, walking
 * change_by_window from `from` minus changes.max_window; at most limit (0:
 * no limit). Cancelled and other final changes too when include_final. */
od_status change_calendar(od_db *db, const rules *r, time_t from, time_t to, bool include_final,
			  int limit, record **out, size_t *n, od_error *err);

/* How many changes, final ones too, change_calendar would give for
 * [from, to) without a limit (a count along the same index). */
int64_t change_calendar_count(od_db *db, const rules *r, time_t from, time_t to);
/* Open changes whose window starts in [from, to), by start, walking
 * change_by_window; at most limit (0: no limit). */
od_status change_starting(od_db *db, time_t from, time_t to, int limit, record **out, size_t *n,
			  od_error *err);
/* Calls fn with each change, final ones too, whose window overlaps
 * [from, to), by start, one at a time; stops at the first status fn
 * returns that is not OD_OK. */
od_status change_each_in(od_db *db, const rules *r, time_t from, time_t to,
			 od_status (*fn)(const record *rec, void *arg), void *arg, od_error *err);

/* The kind's hooks, for record_kinds. */
od_status change_may_transition(const od_ctx *ctx, const record *rec, const rules_transition *t,
				const char *note, const record_set *sets, size_t nsets,
				od_error *err);

#endif
