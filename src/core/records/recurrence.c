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

/* What the open problems cover: the incidents linked to them and the CIs
 * they name. Read once from the open problems (a few), not per incident
 * of the window. */
typedef struct coverage {
	int64_t *ids; /* sorted */
	size_t n, cap;
	char **tags;
	size_t ntags;
} coverage;

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void coverage_free(coverage *c)
{
	free(c->ids);
	record_strings_free(c->tags, c->ntags);
}

static od_status coverage_read(od_db *db, coverage *c, od_error *err)
{
	*c = (coverage){0};
	record *p;
	size_t np;
	record_filter f = {0}; /* every open problem */
	od_status s = record_list(db, &problem_kind, &f, &p, &np, err);
	for (size_t i = 0; s == OD_OK && i < np; i++) {
		char ref[32];
		record_ref(&problem_kind, p[i].id, ref, sizeof ref);
		record_link_entry *links;
		size_t nl;
		if ((s = record_links(db, ref, &links, &nl, err)) != OD_OK)
			break;
		for (size_t j = 0; j < nl; j++) {
			const record_kind *k;
			int64_t id;
			if (record_parse_ref(links[j].ref, &k, &id, NULL) != OD_OK || k != &incident_kind)
				continue;
			if (c->n == c->cap)
				c->ids = xrealloc(c->ids, (c->cap = c->cap ? 2 * c->cap : 64) * sizeof *c->ids);
			c->ids[c->n++] = id;
		}
		record_links_free(links, nl);
		char **tags;
		size_t nt;
		if ((s = record_cis(db, &p[i], "cis", &tags, &nt, err)) != OD_OK)
			break;
		c->tags = xrealloc(c->tags, (c->ntags + nt + 1) * sizeof *c->tags);
		memcpy(c->tags + c->ntags, tags, nt * sizeof *tags);
		c->ntags += nt;
		free(tags);
	}
	record_list_free(p, np);
	if (c->n)
		qsort(c->ids, c->n, sizeof *c->ids, cmp_id);
	return s;
}

static bool covered(const coverage *c, const char *by, const incident_group *g)
{
	if (strcmp(by, "ci") == 0)
		for (size_t i = 0; i < c->ntags; i++)
			if (strcmp(c->tags[i], g->key) == 0)
				return true;
	for (size_t i = 0; c->n && i < g->n; i++)
		if (bsearch(&g->ids[i], c->ids, c->n, sizeof *c->ids, cmp_id))
			return true;
	return false;
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
	coverage cov;
	od_status s = coverage_read(db, &cov, err);
	size_t cap = 0;
	for (size_t i = 0; s == OD_OK && i < r->problems.recurrence.n; i++) {
		const rules_recurrence *rule = &r->problems.recurrence.v[i];
		incident_group *g;
		size_t ng;
		/* more groups than shown, as covered ones drop out */
		s = incident_groups_between(db, rule->by.id, now - (time_t)rule->within * 60, now + 1,
					    rule->count, skip, limit * 4, &g, &ng, err);
		int kept = 0;
		for (size_t j = 0; s == OD_OK && j < ng && kept < limit; j++) {
			if (covered(&cov, rule->by.id, &g[j]))
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
	coverage_free(&cov);
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
