/* Problems (问题, PRB-n): the cause behind incidents that recur, have a
 * major impact or cannot be fixed quickly. A record kind of its own
 * (workflows.problem): the incidents it explains are linked to it, its
 * root cause is analysed as a 5-why chain and as fishbone notes by the
 * rules' categories (kept in problem_analysis), a workaround keeps
 * service running, and the permanent fix is a change (fix: CHG-n, linked
 * when set). problem.c owns the problem and problem_analysis tables. */
#ifndef OPSDESK_PROBLEM_H
#define OPSDESK_PROBLEM_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/context.h"
#include "opsdesk/record.h"
#include "opsdesk/status.h"

extern const record_kind problem_kind;

/* A new problem from the kind's RW_NEW fields, with the incidents given
 * (ids of INC-n, each must exist) linked to it, in one transaction. A
 * problem made from incidents takes, when not given, their CIs and their
 * most frequent category. */
od_status problem_create(const od_ctx *ctx, const record_set *values, size_t n,
			 const int64_t *incidents, size_t nincidents, int64_t *id, od_error *err);

/* --- root-cause analysis ----------------------------------------------------- */

typedef enum problem_step_kind { PROBLEM_WHY, PROBLEM_FISHBONE } problem_step_kind;

typedef struct problem_step {
	int seq;
	problem_step_kind kind;
	char *category; /* fishbone: a problems.fishbone id */
	char *question; /* why: the why asked */
	char *answer;   /* why: its answer; fishbone: the note */
	char *by;
	time_t at;
} problem_step;

/* Adds the next why of the 5-why chain (question and answer), or a
 * fishbone note under one of the rules' categories; journalled on the
 * problem. Refused on a closed problem. */
od_status problem_add_why(const od_ctx *ctx, int64_t id, const char *question, const char *answer,
			  od_error *err);
od_status problem_add_fishbone(const od_ctx *ctx, int64_t id, const char *category,
			       const char *note, od_error *err);
/* The problem's analysis, in the order it was written. */
od_status problem_steps(od_db *db, int64_t id, problem_step **out, size_t *n, od_error *err);
void problem_steps_free(problem_step *v, size_t n);

/* --- its incidents ------------------------------------------------------------ */

/* The incidents linked to problem id (either side), oldest link first.
 * open_only: those in a state that is not final and not resolved. */
od_status problem_incidents(const od_ctx *ctx, int64_t id, bool open_only, int64_t **ids,
			    size_t *n, od_error *err);
/* The problems linked to incident id, newest first (open ones first). */
od_status problem_of_incident(od_db *db, int64_t incident_id, record **out, size_t *n,
			      od_error *err);

/* What resolving one open incident of a problem did. */
typedef struct problem_resolved {
	int64_t incident;
	od_status status; /* OD_OK: resolved */
	char *message;    /* why not, when not */
} problem_resolved;

/* Resolves each open incident linked to the problem with the incident
 * workflow's transition into a resolved state allowed from where it
 * stands, filling what it requires from the problem (cause: the root
 * cause; resolution: the fix or the workaround; recovery_test: the
 * verification); each in its own transaction, so one that cannot be
 * resolved (a state it cannot be resolved from, a field missing) is
 * reported and the others still are. */
od_status problem_resolve_incidents(const od_ctx *ctx, int64_t id, problem_resolved **out,
				    size_t *n, od_error *err);
void problem_resolved_free(problem_resolved *v, size_t n);

/* --- into the knowledge base ------------------------------------------------- */

/* Writes the problem up as a knowledge-base article in one step: its
 * title, the symptom (the description, else its incidents' summaries),
 * the root cause, the solution (the permanent fix and the workaround),
 * what it applies to (the category, the CIs' classes); the article is
 * linked to the problem (roles "article" and "problem"), all in one
 * transaction. Refused without a root cause, without a fix or a
 * workaround, and when the problem has an article already. */
od_status problem_article(const od_ctx *ctx, int64_t id, int64_t *kb_id, od_error *err);

#endif
