/* What show adds for problems: the 5-why chain, the fishbone notes by
 * the rules' categories and the open incidents; and on an incident, the
 * problem behind it and its workaround, so whoever handles the next
 * occurrence finds the known way round it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli_problem.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/problem.h"

enum { LABEL = 12 };

static void field(const char *label, const char *value)
{
	cli_field(stdout, label, LABEL, value, true);
}

static const char *fishbone_name(const rules *r, const char *id)
{
	const rules_item *c = rules_item_find(r->problems.fishbone.v, r->problems.fishbone.n, id);
	return c ? c->name : id;
}

void cli_problem_show_more(cli_env *env, const record *rec)
{
	problem_step *v;
	size_t n;
	if (problem_steps(env->ctx.db, rec->id, &v, &n, NULL) != OD_OK)
		return;
	strbuf sb = {0};
	int why = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == PROBLEM_WHY) {
			if (!why)
				sb_addf(&sb, "%s\n", _("5 whys"));
			sb_addf(&sb, _("  %d. why: %s\n     because: %s\n"), ++why, v[i].question,
				v[i].answer);
		}
	/* the fishbone grouped by category, in the rules' order */
	const rules_problems *p = &env->rules->problems;
	bool any = false;
	for (size_t c = 0; c <= p->fishbone.n; c++)
		for (size_t i = 0; i < n; i++) {
			if (v[i].kind != PROBLEM_FISHBONE)
				continue;
			bool here = c < p->fishbone.n
					    ? strcmp(v[i].category, p->fishbone.v[c].id) == 0
					    : !rules_item_find(p->fishbone.v, p->fishbone.n, v[i].category);
			if (!here)
				continue;
			if (!any)
				sb_addf(&sb, "%s\n", _("fishbone"));
			any = true;
			sb_addf(&sb, "  %s: %s\n", fishbone_name(env->rules, v[i].category), v[i].answer);
		}
	problem_steps_free(v, n);
	int64_t *ids;
	size_t ni;
	if (problem_incidents(&env->ctx, rec->id, true, &ids, &ni, NULL) == OD_OK) {
		if (ni) {
			sb_addf(&sb, "%s ", _("open incidents"));
			for (size_t i = 0; i < ni; i++)
				sb_addf(&sb, "%sINC-%lld", i ? ", " : "", (long long)ids[i]);
			sb_add(&sb, "\n");
		}
		free(ids);
	}
	if (sb.buf)
		cli_puts_safe(stdout, sb.buf);
	sb_free(&sb);
}

void cli_problem_json_more(cli_env *env, const record *rec, strbuf *sb)
{
	problem_step *v;
	size_t n;
	if (problem_steps(env->ctx.db, rec->id, &v, &n, NULL) != OD_OK)
		return;
	char at[40];
	sb_add(sb, ",\"analysis\":[");
	for (size_t i = 0; i < n; i++) {
		sb_add(sb, i ? ",{\"kind\":" : "{\"kind\":");
		sb_add_json(sb, v[i].kind == PROBLEM_WHY ? "why" : "fishbone");
		if (v[i].kind == PROBLEM_WHY) {
			sb_add(sb, ",\"why\":");
			sb_add_json(sb, v[i].question);
		} else {
			sb_add(sb, ",\"category\":");
			sb_add_json(sb, v[i].category);
		}
		sb_add(sb, v[i].kind == PROBLEM_WHY ? ",\"answer\":" : ",\"note\":");
		sb_add_json(sb, v[i].answer);
		sb_add(sb, ",\"by\":");
		sb_add_json(sb, v[i].by);
		sb_addf(sb, ",\"at\":\"%s\"}", clock_format_iso(v[i].at, at, sizeof at));
	}
	sb_add(sb, "]");
	problem_steps_free(v, n);
	int64_t *ids;
	size_t ni;
	if (problem_incidents(&env->ctx, rec->id, true, &ids, &ni, NULL) == OD_OK) {
		sb_add(sb, ",\"open_incidents\":[");
		for (size_t i = 0; i < ni; i++)
			sb_addf(sb, "%s\"INC-%lld\"", i ? "," : "", (long long)ids[i]);
		sb_add(sb, "]");
		free(ids);
	}
}

void cli_problem_after_do(cli_env *env, const record *rec)
{
	const rules_state *st = record_state_find(env->rules, &problem_kind, rec->state);
	bool resolved = st && st->resolved;
	int64_t *ids;
	size_t n;
	if (!resolved || problem_incidents(&env->ctx, rec->id, true, &ids, &n, NULL) != OD_OK)
		return;
	if (n)
		fprintf(stderr,
			ngettext("opsdesk: note: PRB-%lld has %zu open incident; resolve it with "
				 "opsdesk problem resolve-incidents PRB-%lld\n",
				 "opsdesk: note: PRB-%lld has %zu open incidents; resolve them with "
				 "opsdesk problem resolve-incidents PRB-%lld\n",
				 n),
			(long long)rec->id, n, (long long)rec->id);
	free(ids);
}

void cli_problem_of_incident(cli_env *env, int64_t id)
{
	record *p;
	size_t n;
	if (problem_of_incident(env->ctx.db, id, &p, &n, NULL) != OD_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		char ref[32];
		record_ref(&problem_kind, p[i].id, ref, sizeof ref);
		char *head = xasprintf("%s %s (%s)", ref, record_value(&p[i], "title"),
				       record_state_name(env->rules, &problem_kind, p[i].state));
		field(_("problem"), head);
		free(head);
		field(_("workaround"), record_value(&p[i], "workaround"));
		if (strcmp(record_value(&p[i], "known_error"), "yes") == 0)
			field(_("known error"), *record_value(&p[i], "known_error_text")
							? record_value(&p[i], "known_error_text")
							: _("yes"));
	}
	record_list_free(p, n);
}

void cli_problem_of_incident_json(cli_env *env, int64_t id, strbuf *sb)
{
	record *p;
	size_t n;
	if (problem_of_incident(env->ctx.db, id, &p, &n, NULL) != OD_OK)
		return;
	sb_add(sb, ",\"problems\":[");
	for (size_t i = 0; i < n; i++) {
		sb_addf(sb, "%s{\"ref\":\"PRB-%lld\",\"title\":", i ? "," : "", (long long)p[i].id);
		sb_add_json(sb, record_value(&p[i], "title"));
		sb_add(sb, ",\"state\":");
		sb_add_json(sb, p[i].state);
		sb_add(sb, ",\"workaround\":");
		sb_add_json(sb, record_value(&p[i], "workaround"));
		sb_addf(sb, ",\"known_error\":%s}",
			strcmp(record_value(&p[i], "known_error"), "yes") == 0 ? "true" : "false");
	}
	sb_add(sb, "]");
	record_list_free(p, n);
}
