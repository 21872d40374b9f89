/* Recurrence detection (重复故障): the groups of incidents the rules'
 * problems.recurrence rules find (so many on one CI, or in one category,
 * recorded in the last so long), each a candidate for a problem unless an
 * open problem covers it already: one linked to an incident of the group
 * or, for a CI's group, one that names the CI. */
#ifndef OPSDESK_RECURRENCE_H
#define OPSDESK_RECURRENCE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdesk/db.h"
#include "opsdesk/rules.h"
#include "opsdesk/status.h"

typedef struct recurrence_candidate {
	const rules_recurrence *rule;
	char *key;           /* the CI's tag, or the category's id */
	char *name;          /* the CI's name, or the category's name */
	int64_t *incidents;  /* oldest first */
	size_t n;
} recurrence_candidate;

/* The candidates at now, rule by rule in the rules' order, the largest
 * groups first, at most limit per rule. */
od_status recurrence_candidates(od_db *db, const rules *r, time_t now, int limit,
				recurrence_candidate **out, size_t *n, od_error *err);
void recurrence_candidates_free(recurrence_candidate *v, size_t n);

#endif
