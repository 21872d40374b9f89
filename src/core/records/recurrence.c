/* Recurrence detection: each rule's groups of incidents in its window
 * (incident.c groups them through the created index, so the cost is the
 * window's, not the table's), less the groups an open problem covers. */
#include "opsdesk/recurrence.h"

#include <stdlib.h>
#include <string.h>

#include "opsdesk/asset.h"
#include "opsdesk/incident.h"
#include "opsdesk/problem.h"
#include "opsdesk/record.h"
#include "opsdesk/xalloc.h"

/* A group's incidents are looked at one by one for the problems linked
 * to them; a group this large is cut to its newest. */
enum { GROUP_MAX = 500 };

/* The incident states that do not count: final without being resolved
 * (a cancelled duplicate or false alarm), as a JSON array. */
static char *skipped_states(const rules *r)
{
	strbuf json = {0};
	sb_add(&json, "[");
	const rules_workflow *w = record_workflow(r, &incident_kind);
	bool first = true;
	for (size_t i = 0; w && i < w->states.n; i++)
		if (w->states.v[i].final && !w->states.v[i].resolved) {
			sb_add(&json, first ? "" : ",");
			sb_add_json(&json, w->states.v[i].id);
			first = false;
		}
	sb_add(&json, "]");
	return sb_take(&json);
}

static od_status any_open(od_db *db, const int64_t *ids, size_t n, bool *covered, od_error *err)
{
	for (size_t i = 0; i < n && !*covered; i++) {
		record *p;
		size_t np;
		od_status s = problem_of_incident(db, ids[i], &p, &np, err);
		if (s != OD_OK)
			return s;
		*covered = np > 0 && p[0].open; /* open ones come first */
		record_list_free(p, np);
	}
	return OD_OK;
}

static od_status names_ci(od_db *db, const char *tag, bool *covered, od_error *err)
{
	char **refs;
	size_t n;
	od_status s = record_refs_on_ci(db, &problem_kind, tag, 50, &refs, &n, err);
	for (size_t i = 0; s == OD_OK && i < n && !*covered; i++) {
		int64_t id;
		record p;
		if (record_parse_ref_of(&problem_kind, refs[i], &id, NULL) != OD_OK)
			continue;
		s = record_get(db, &problem_kind, id, &p, err);
		if (s == OD_OK) {
			*covered = p.open;
			record_clear(&p);
		}
	}
	record_strings_free(refs, n);
	return s;
}

static char *key_name(od_db *db, const rules *r, const char *by, const char *key)
{
	if (strcmp(by, "category") == 0) {
		const rules_item *c = rules_item_find(r->categories.v, r->categories.n, key);
		return xstrdup(c ? c->name : key);
	}
	asset a;
	if (asset_get(db, key, &a, NULL) != OD_OK)
		return xstrdup(key);
	char *name = xstrdup(a.name);
	asset_clear(&a);
	return name;
}

od_status recurrence_candidates(od_db *db, const rules *r, time_t now, int limit,
				recurrence_candidate **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	char *skip = skipped_states(r);
	size_t cap = 0;
	od_status s = OD_OK;
	for (size_t i = 0; s == OD_OK && i < r->problems.recurrence.n; i++) {
		const rules_recurrence *rule = &r->problems.recurrence.v[i];
		incident_group *g;
		size_t ng;
		/* more groups than shown, as covered ones drop out */
		s = incident_groups_between(db, rule->by.id, now - (time_t)rule->within * 60, now + 1,
					    rule->count, skip, limit * 4, &g, &ng, err);
		int kept = 0;
		for (size_t j = 0; s == OD_OK && j < ng && kept < limit; j++) {
			bool covered = false;
			size_t from = g[j].n > GROUP_MAX ? g[j].n - GROUP_MAX : 0;
			if (strcmp(rule->by.id, "ci") == 0)
				s = names_ci(db, g[j].key, &covered, err);
			if (s == OD_OK && !covered)
				s = any_open(db, g[j].ids + from, g[j].n - from, &covered, err);
			if (s != OD_OK || covered)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				*out = xrealloc(*out, cap * sizeof **out);
			}
			recurrence_candidate *c = &(*out)[(*n)++];
			c->rule = rule;
			c->key = g[j].key;
			c->name = key_name(db, r, rule->by.id, g[j].key);
			c->incidents = g[j].ids;
			c->n = g[j].n;
			g[j].key = NULL;
			g[j].ids = NULL;
			kept++;
		}
		incident_groups_free(g, ng);
	}
	free(skip);
	if (s != OD_OK) {
		recurrence_candidates_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return s;
}

void recurrence_candidates_free(recurrence_candidate *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].name);
		free(v[i].incidents);
	}
	free(v);
}
