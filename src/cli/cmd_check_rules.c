/* opsdesk check-rules [FILE]: validates a rules file and reports every
 * problem as FILE:LINE:COLUMN: message; with --graph KIND it prints the
 * kind's workflow for a manager to review, as text or Graphviz input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/paths.h"
#include "opsdesk/record.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_check_rules = {
	"check-rules",
	N_("validate a rules file"),
	N_("usage: opsdesk check-rules [FILE] [--graph KIND [--dot]]\n"
	   "\n"
	   "Reads FILE (default: the rules opsdesk would use: --rules, $OPSDESK_RULES,\n"
	   "/etc/opsdesk/workflow.yaml, else the built-in copy) and reports every\n"
	   "problem as FILE:LINE:COLUMN: message. Exit status 0 when valid, 2 when not.\n"
	   "--graph KIND prints the workflow of a kind (incident, change, release,\n"
	   "problem, request, kb, inspection): each state, the actions that leave it,\n"
	   "where they lead, who may take them and what they require; --dot prints it\n"
	   "as Graphviz input instead (opsdesk check-rules --graph change --dot | dot -Tpdf).\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {{"graph", true, false}, {"dot", false, false}, {0}};

static const rules_state *state_of(const rules_workflow *w, const char *id)
{
	for (size_t i = 0; i < w->states.n; i++)
		if (strcmp(w->states.v[i].id, id) == 0)
			return &w->states.v[i];
	return NULL;
}

/* "运维经理、值班员 and the assignee" */
static void who(const rules *r, const rules_transition *t, strbuf *sb)
{
	for (size_t i = 0; i < t->roles.n; i++) {
		const rules_role *role = rules_role_find(r, t->roles.v[i].id);
		sb_addf(sb, "%s%s", i ? ", " : "", role ? role->name : t->roles.v[i].id);
	}
	if (t->assignee_may)
		sb_add(sb, _(" and the assignee"));
}

static void graph_text(const rules *r, const record_kind *k, const rules_workflow *w)
{
	const rules_state *init = state_of(w, w->initial.id);
	printf(_("workflows.%s: %zu states, %zu actions; a new record starts in %s (%s)\n"),
	       k->name, w->states.n, w->transitions.n, init->id, init->name);
	for (size_t i = 0; i < w->states.n; i++) {
		const rules_state *s = &w->states.v[i];
		printf("\n[%s] ", s->id);
		cli_puts_safe(stdout, s->name);
		if (s->final)
			fputs(_("  (final)"), stdout);
		if (s->pauses_sla)
			fputs(_("  (SLA paused)"), stdout);
		fputc('\n', stdout);
		bool any = false;
		for (size_t t = 0; t < w->transitions.n; t++) {
			const rules_transition *tr = &w->transitions.v[t];
			bool leaves = false;
			for (size_t j = 0; j < tr->from.n; j++)
				leaves |= strcmp(tr->from.v[j].id, s->id) == 0;
			if (!leaves)
				continue;
			any = true;
			strbuf by = {0};
			who(r, tr, &by);
			printf("  --%s (%s)--> [%s]\n", tr->id, tr->name, tr->to.id);
			printf(_("      by: %s\n"), by.buf ? by.buf : "");
			sb_free(&by);
			if (tr->requires.n || tr->requires_if_major.n) {
				strbuf req = {0};
				for (size_t j = 0; j < tr->requires.n; j++)
					sb_addf(&req, "%s%s", j ? ", " : "", tr->requires.v[j].id);
				for (size_t j = 0; j < tr->requires_if_major.n; j++)
					sb_addf(&req, "%s%s%s", req.buf ? ", " : "", tr->requires_if_major.v[j].id,
						_(" (major)"));
				printf(_("      requires: %s\n"), req.buf);
				sb_free(&req);
			}
		}
		if (!any && !s->final)
			puts(_("  (no action leaves it)"));
	}
}

/* A DOT string: quotes and backslashes escaped, line breaks as \n. */
static void dot_string(const char *s)
{
	fputc('"', stdout);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', stdout);
		if (*s == '\n') {
			fputs("\\n", stdout);
			continue;
		}
		if ((unsigned char)*s >= 0x20)
			fputc(*s, stdout);
	}
	fputc('"', stdout);
}

static void graph_dot(const rules *r, const record_kind *k, const rules_workflow *w)
{
	printf("digraph %s {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n", k->name);
	for (size_t i = 0; i < w->states.n; i++) {
		const rules_state *s = &w->states.v[i];
		char *label = xasprintf("%s\n%s", s->name, s->id);
		fputs("  ", stdout);
		dot_string(s->id);
		fputs(" [label=", stdout);
		dot_string(label);
		if (s->final)
			fputs(", peripheries=2", stdout);
		if (strcmp(s->id, w->initial.id) == 0)
			fputs(", style=\"rounded,bold\"", stdout);
		fputs("];\n", stdout);
		free(label);
	}
	for (size_t t = 0; t < w->transitions.n; t++) {
		const rules_transition *tr = &w->transitions.v[t];
		strbuf by = {0};
		who(r, tr, &by);
		char *label = xasprintf("%s\n(%s)", tr->name, by.buf ? by.buf : "");
		for (size_t j = 0; j < tr->from.n; j++) {
			fputs("  ", stdout);
			dot_string(tr->from.v[j].id);
			fputs(" -> ", stdout);
			dot_string(tr->to.id);
			fputs(" [label=", stdout);
			dot_string(label);
			fputs("];\n", stdout);
		}
		free(label);
		sb_free(&by);
	}
	puts("}");
}

static int graph(cli_env *env, const char *name, bool dot)
{
	const record_kind *k = record_kind_named(name);
	if (!k) {
		strbuf known = {0};
		for (const record_kind *const *p = record_kinds; *p; p++)
			sb_addf(&known, "%s%s", known.buf ? ", " : "", (*p)->name);
		int rc = cli_usage_error(&cmd_check_rules, _("--graph: '%s' is not a kind (known: %s)"),
					 name, known.buf);
		sb_free(&known);
		return rc;
	}
	const rules_workflow *w = record_workflow(env->rules, k);
	if (!w || !w->initial.id) {
		fprintf(stderr, _("opsdesk: --graph: the rules have no workflows.%s\n"), name);
		return 2;
	}
	if (dot)
		graph_dot(env->rules, k, w);
	else
		graph_text(env->rules, k, w);
	return 0;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_check_rules, opts, argc, argv, &a, &rc))
		return rc;
	if (a.npos > 1)
		return cli_usage_error(&cmd_check_rules, _("takes at most one file"));
	if (a.npos == 1) {
		/* the user's own file is read with the user's own rights only */
		od_error err;
		if (paths_drop_group(&err) != OD_OK)
			return cli_report(&err);
		env->g.rules = a.pos[0];
	}
	const char *kind = cli_value(opts, &a, "graph");
	bool dot = a.count[cli_opt_index(opts, "dot")] > 0;
	if (dot && !kind)
		return cli_usage_error(&cmd_check_rules, _("--dot goes with --graph KIND"));
	if ((rc = cli_setup(env, false, false)) != 0)
		return rc;
	if (kind)
		return graph(env, kind, dot);
	const char *name = env->rules_path ? env->rules_path : _("(built-in rules)");
	printf(_("%s: valid: %zu roles, %zu priorities, %zu incident states, %zu transitions\n"),
	       name, env->rules->roles.n, env->rules->priorities.n,
	       env->rules->workflows.incident.states.n, env->rules->workflows.incident.transitions.n);
	return 0;
}
