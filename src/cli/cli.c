/* The command-line face: dispatch to one command per file, option parsing,
 * set-up of rules, identity and database, and error reporting. */
#include "opsdesk/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdesk/clock.h"
#include "opsdesk/db.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/inspect.h"
#include "opsdesk/paths.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

extern const cli_command cmd_init, cmd_check_rules, cmd_staff, cmd_audit, cmd_whoami, cmd_keys;
extern const cli_command cmd_asset;
extern const cli_command cmd_incident, cmd_show, cmd_do, cmd_comment, cmd_alert, cmd_escalate;
extern const cli_command cmd_link, cmd_unlink;
extern const cli_command cmd_roster, cmd_oncall, cmd_swap, cmd_leave, cmd_handover;
extern const cli_command cmd_backup;
extern const cli_command cmd_log, cmd_report;
extern const cli_command cmd_change, cmd_release, cmd_inspect;
extern const cli_command cmd_request, cmd_rate, cmd_problem;
extern const cli_command cmd_kb, cmd_drill;

/* The commands, in the order --help lists them. */
static const cli_command *const commands[] = {
	&cmd_init,  &cmd_check_rules, &cmd_incident, &cmd_show,  &cmd_do,   &cmd_comment,
	&cmd_link,  &cmd_unlink,
	&cmd_alert, &cmd_escalate,    &cmd_roster,   &cmd_oncall, &cmd_swap, &cmd_leave,
	&cmd_handover, &cmd_log,      &cmd_report, &cmd_staff, &cmd_asset, &cmd_inspect, &cmd_audit,
	&cmd_backup, &cmd_whoami,  &cmd_keys, &cmd_change, &cmd_release,
	&cmd_request, &cmd_rate, &cmd_problem, &cmd_kb, &cmd_drill,
};

void cli_print_commands(FILE *out)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		fputs("  ", out);
		cli_cell(out, commands[i]->name, 14);
		fprintf(out, "%s\n", _(commands[i]->summary));
	}
}

/* A message on one line: it may quote what was typed or stored, and a
 * newline in that must not start what looks like another message. */
static void puts_line(FILE *out, const char *text)
{
	char *s = text_sanitize(text, false);
	fputs(s, out);
	free(s);
}

int cli_report(const od_error *err)
{
	fputs("opsdesk: ", stderr);
	puts_line(stderr, err->msg);
	fputc('\n', stderr);
	return od_exit_code(err->code);
}

int cli_report_import(const char *path, od_status s, diag_list *d, const od_error *err)
{
	for (size_t i = 0; i < d->n; i++) {
		puts_line(stderr, path);
		fprintf(stderr, ":%d: ", d->items[i].line);
		puts_line(stderr, d->items[i].msg);
		fputc('\n', stderr);
	}
	diag_free(d);
	if (s == OD_INVALID) {
		/* a problem of the file's content: name the file, as the lines above do */
		od_error shown;
		od_fail(&shown, err->code, "%s: %s", path, err->msg);
		return cli_report(&shown);
	}
	return s == OD_OK ? 0 : cli_report(err);
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = xmalloc(len > 0 ? (size_t)len + 1 : 1);
	*msg = '\0';
	va_start(ap, fmt);
	if (len > 0)
		vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	/* the message quotes what was typed, which may hold escapes or bad bytes */
	fprintf(stderr, "opsdesk %s: ", cmd->name);
	puts_line(stderr, msg);
	free(msg);
	fprintf(stderr, _("\nTry 'opsdesk %s --help'.\n"), cmd->name);
	return 2;
}

void cli_print_diags(const char *file, const diag_list *d)
{
	for (size_t i = 0; i < d->n; i++) {
		puts_line(stderr, file);
		fprintf(stderr, ":%d:%d: ", d->items[i].line, d->items[i].col);
		puts_line(stderr, d->items[i].msg);
		fputc('\n', stderr);
	}
}

od_status cli_read_file(const char *path, size_t max_bytes, char **out, size_t *len,
			od_error *err)
{
	*out = NULL;
	*len = 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return od_fail(err, OD_IO, _("cannot read %s: %s"), path, strerror(errno));
	strbuf sb = {0};
	char buf[65536];
	size_t got;
	od_status s = OD_OK;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
		if (sb.len + got > max_bytes) {
			s = od_fail(err, OD_INVALID,
				    _("%s: larger than %zu MiB; split it into several files"), path,
				    max_bytes >> 20);
			break;
		}
		sb_addn(&sb, buf, got);
	}
	if (s == OD_OK && ferror(fp))
		s = od_fail(err, OD_IO, _("cannot read %s: %s"), path, strerror(errno));
	fclose(fp);
	if (s != OD_OK) {
		sb_free(&sb);
		return s;
	}
	*len = sb.len;
	*out = sb_take(&sb);
	return OD_OK;
}

void cli_cell(FILE *out, const char *text, int width)
{
	char *s = text_fit(text, width, false);
	fputs(s, out);
	free(s);
}

void cli_field(FILE *out, const char *label, int width, const char *value, bool skip_empty)
{
	if (skip_empty && (!value || !*value))
		return;
	cli_cell(out, label, width);
	for (const char *p = value ? value : ""; *p;) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len);
		cli_puts_safe(out, line);
		free(line);
		p += len;
		if (*p == '\n' && *++p)
			fprintf(out, "\n%*s", width, "");
	}
	fputc('\n', out);
}

void cli_puts_safe(FILE *out, const char *text)
{
	char *s = text_sanitize(text, true);
	fputs(s, out);
	free(s);
}

int cli_opt_index(const cli_opt *opts, const char *name)
{
	for (int i = 0; opts && opts[i].name; i++)
		if (strcmp(opts[i].name, name) == 0)
			return i;
	return -1;
}

const char *cli_value(const cli_opt *opts, const cli_args *a, const char *name)
{
	int i = cli_opt_index(opts, name);
	return i >= 0 && a->count[i] ? a->values[i][a->count[i] - 1] : NULL;
}

/* Handles --db, --rules, --json, --help; returns 1 when arg was one (2 when
 * it also took the next word), 0 otherwise, -1 on a missing value. */
static int parse_global(cli_globals *g, const char *arg, const char *next)
{
	const char *names[] = {"--db", "--rules"};
	const char **slots[] = {&g->db, &g->rules};
	for (int i = 0; i < 2; i++) {
		size_t len = strlen(names[i]);
		if (strncmp(arg, names[i], len) != 0)
			continue;
		if (arg[len] == '=') {
			*slots[i] = arg + len + 1;
			return 1;
		}
		if (arg[len] == '\0') {
			if (!next)
				return -1;
			*slots[i] = next;
			return 2;
		}
	}
	if (strcmp(arg, "--json") == 0)
		return g->json = true, 1;
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
		return g->help = true, 1;
	return 0;
}

bool cli_parse(const cli_command *cmd, const cli_opt *opts, int argc, char **argv,
	       cli_args *out)
{
	/* a table that does not fit would overrun out->count and out->values */
	int nopts = 0;
	while (opts && opts[nopts].name)
		nopts++;
	if (nopts > CLI_MAX_OPTS) {
		fprintf(stderr, "opsdesk %s: internal error: %d options, at most %d\n", cmd->name,
			nopts, CLI_MAX_OPTS);
		abort();
	}
	bool only_positional = false;
	for (int i = 0; i < argc; i++) {
		char *arg = argv[i];
		if (only_positional || arg[0] != '-' || arg[1] == '\0') {
			if (out->npos == CLI_MAX_VALUES) {
				cli_usage_error(cmd, _("too many arguments"));
				return false;
			}
			out->pos[out->npos++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_positional = true;
			continue;
		}
		int used = parse_global(&out->g, arg, i + 1 < argc ? argv[i + 1] : NULL);
		if (used < 0) {
			cli_usage_error(cmd, _("option '%s' needs a value"), arg);
			return false;
		}
		if (used > 0) {
			i += used - 1;
			continue;
		}
		if (strncmp(arg, "--", 2) != 0) {
			cli_usage_error(cmd, _("unknown option '%s'"), arg);
			return false;
		}
		const char *name = arg + 2;
		const char *eq = strchr(name, '=');
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)(eq ? (size_t)(eq - name) : strlen(name)), name);
		int k = cli_opt_index(opts, key);
		if (k < 0) {
			cli_usage_error(cmd, _("unknown option '--%s'"), key);
			return false;
		}
		const char *value = NULL;
		if (opts[k].has_arg) {
			if (eq)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else {
				cli_usage_error(cmd, _("option '--%s' needs a value"), key);
				return false;
			}
		} else if (eq) {
			cli_usage_error(cmd, _("option '--%s' takes no value"), key);
			return false;
		}
		if (out->count[k] > 0 && !opts[k].repeat) {
			cli_usage_error(cmd, _("option '--%s' given twice"), key);
			return false;
		}
		if (out->count[k] == CLI_MAX_VALUES) {
			cli_usage_error(cmd, _("option '--%s' given too often"), key);
			return false;
		}
		out->values[k][out->count[k]++] = value ? value : "";
	}
	return true;
}

/* --- the rules' ids in --help ------------------------------------------------- */

/* The ids of one of the rules' lists, joined by ", "; NULL for a name
 * that is not one. Caller frees. */
static char *rule_list(const rules *r, const char *list)
{
	strbuf sb = {0};
	sb_add(&sb, "");
#define JOIN(vec, member)                                                                          \
	do {                                                                                       \
		for (size_t i = 0; i < (vec).n; i++)                                               \
			sb_addf(&sb, "%s%s", i ? ", " : "", (vec).v[i].member);                   \
	} while (0)
	if (strcmp(list, "severities") == 0)
		JOIN(r->alerts.severities, id);
	else if (strcmp(list, "impact") == 0)
		JOIN(r->impact, id);
	else if (strcmp(list, "urgency") == 0)
		JOIN(r->urgency, id);
	else if (strcmp(list, "categories") == 0)
		JOIN(r->categories, id);
	else if (strcmp(list, "channels") == 0)
		JOIN(r->channels, id);
	else if (strcmp(list, "priorities") == 0)
		JOIN(r->priorities, id);
	else if (strcmp(list, "states") == 0)
		JOIN(r->workflows.incident.states, id);
	else if (strcmp(list, "transitions") == 0)
		JOIN(r->workflows.incident.transitions, id);
	else if (strcmp(list, "ci_classes") == 0)
		JOIN(r->ci_classes, id);
	else if (strcmp(list, "ci_statuses") == 0)
		JOIN(r->ci_statuses, id);
	else if (strcmp(list, "roles") == 0)
		JOIN(r->roles, id);
	else if (strcmp(list, "shifts") == 0)
		JOIN(r->shifts, id);
	else if (strcmp(list, "rotations") == 0)
		JOIN(r->roster.rotations, id);
	else if (strcmp(list, "change_types") == 0)
		JOIN(r->changes.types, id);
	else if (strcmp(list, "change_categories") == 0)
		JOIN(r->changes.categories, id);
	else if (strcmp(list, "change_states") == 0)
		JOIN(r->workflows.change.states, id);
	else if (strcmp(list, "risk_questions") == 0)
		JOIN(r->changes.risk.questions, id);
	else if (strcmp(list, "request_types") == 0)
		JOIN(r->requests.types, id);
	else if (strcmp(list, "request_states") == 0)
		JOIN(r->workflows.request.states, id);
	else if (strcmp(list, "problem_states") == 0)
		JOIN(r->workflows.problem.states, id);
	else if (strcmp(list, "kb_types") == 0)
		JOIN(r->knowledge_base.types, id);
	else if (strcmp(list, "kb_states") == 0)
		JOIN(r->workflows.kb.states, id);
	else if (strcmp(list, "drill_states") == 0)
		JOIN(r->workflows.drill.states, id);
	else {
		sb_free(&sb);
		return NULL;
	}
#undef JOIN
	return sb_take(&sb);
}

/* After a command's --help, the values its options take from the rules
 * in use, so nobody has to guess an id. Rules that cannot be read are
 * named, never a reason for --help to fail. */
static void print_rule_ids(cli_env *env, const char *spec)
{
	const char *path = paths_rules(env->g.rules);
	diag_list d = {0};
	od_error err;
	rules *r = NULL;
	if (path)
		rules_load_file(path, &r, &d, &err);
	else
		r = rules_load_embedded(&d);
	diag_free(&d);
	printf(_("\nValues from the rules (%s):\n"), path ? path : _("built-in rules"));
	if (!r) {
		printf(_("  (the rules cannot be read; see 'opsdesk check-rules')\n"));
		return;
	}
	for (const char *p = spec; *p;) {
		size_t len = strcspn(p, " ");
		char *item = xstrndup(p, len);
		char *eq = strchr(item, '=');
		if (eq) {
			*eq = '\0';
			char *ids = rule_list(r, eq + 1);
			if (ids) {
				char *line = xasprintf("  %-12s %s\n", item, *ids ? ids : _("(none)"));
				cli_puts_safe(stdout, line);
				free(line);
			}
			free(ids);
		}
		free(item);
		p += len + (p[len] == ' ');
	}
	rules_free(r);
}

bool cli_begin(cli_env *env, const cli_command *cmd, const cli_opt *opts, int argc, char **argv,
	       cli_args *a, int *rc)
{
	memset(a, 0, sizeof *a);
	if (!cli_parse(cmd, opts, argc, argv, a)) {
		*rc = 2;
		return false;
	}
	if (a->g.db)
		env->g.db = a->g.db;
	if (a->g.rules)
		env->g.rules = a->g.rules;
	env->g.json |= a->g.json;
	if (a->g.help || env->g.help) {
		fputs(_(cmd->usage), stdout);
		if (cmd->rule_ids)
			print_rule_ids(env, cmd->rule_ids);
		*rc = 0;
		return false;
	}
	return true;
}

/* --- subcommands ----------------------------------------------------------------- */

/* The next word of the space-separated list at *p into buf (NULL or ""
 * lists have none); false after the last. */
static bool next_word(const char **p, char *buf, size_t size)
{
	if (!*p)
		return false;
	*p += strspn(*p, " ");
	size_t len = strcspn(*p, " ");
	if (len == 0)
		return false;
	snprintf(buf, size, "%.*s", (int)len, *p);
	*p += len;
	return true;
}

static bool list_has(const char *list, const char *word)
{
	char w[64];
	for (const char *p = list; next_word(&p, w, sizeof w);)
		if (strcmp(w, word) == 0)
			return true;
	return false;
}

static void table_error(const cli_command *cmd, const char *what, const char *name)
{
	fprintf(stderr, "opsdesk %s: internal error: %s '%s'\n", cmd->name, what, name);
	abort();
}

/* A mistake in a command's tables is the program's, found by any run of
 * the command (its --help too): each option belongs to some subcommand,
 * and each name a subcommand lists is an option of the table. */
static void check_sub_table(const cli_command *cmd, const cli_opt *opts, const cli_sub *subs)
{
	char w[64];
	for (const cli_sub *s = subs; s->name; s++) {
		for (const char *p = s->takes; next_word(&p, w, sizeof w);)
			if (cli_opt_index(opts, w) < 0)
				table_error(cmd, "a subcommand takes an unknown option", w);
		for (const char *p = s->needs; next_word(&p, w, sizeof w);)
			if (!list_has(s->takes, w))
				table_error(cmd, "a subcommand needs an option it does not take",
					    w);
	}
	for (int k = 0; opts && opts[k].name; k++) {
		bool used = false;
		for (const cli_sub *s = subs; s->name && !used; s++)
			used = list_has(s->takes, opts[k].name);
		if (!used)
			table_error(cmd, "no subcommand takes the option", opts[k].name);
	}
}

/* "'roster fill', 'roster check'": the subcommands that take opt. Caller
 * frees. */
static char *sub_names(const cli_command *cmd, const cli_sub *subs, const char *opt)
{
	strbuf sb = {0};
	for (const cli_sub *s = subs; s->name; s++)
		if (list_has(s->takes, opt))
			sb_addf(&sb, "%s'%s %s'", sb.len ? ", " : "", cmd->name, s->name);
	return sb_take(&sb);
}

/* "which: add, list or show?" */
static void missing_sub(const cli_command *cmd, const cli_sub *subs)
{
	strbuf sb = {0};
	const cli_sub *s = subs;
	for (; s[1].name; s++)
		sb_addf(&sb, "%s%s", s == subs ? "" : ", ", s->name);
	char *first = sb_take(&sb);
	cli_usage_error(cmd, _("which: %s or %s?"), first, s->name);
	free(first);
}

/* Every option given must apply to the subcommand: one that belongs to
 * another is refused rather than silently ignored. */
static bool options_apply(const cli_command *cmd, const cli_opt *opts, const cli_sub *subs,
			  const cli_args *a)
{
	for (int k = 0; opts && opts[k].name; k++) {
		if (!a->count[k] || list_has(a->sub->takes, opts[k].name))
			continue;
		char *others = sub_names(cmd, subs, opts[k].name);
		cli_usage_error(cmd, _("--%s does not apply to '%s %s' (only to %s)"), opts[k].name,
				cmd->name, a->sub->name, others);
		free(others);
		return false;
	}
	return true;
}

/* As many arguments after the subcommand as its args names, less the
 * optional ones at most. */
static bool arguments_fit(const cli_command *cmd, const cli_args *a)
{
	int needed = 0, most = 0;
	char w[64];
	for (const char *p = a->sub->args; next_word(&p, w, sizeof w); most++)
		needed += w[0] != '[';
	int given = a->npos - 1;
	if (given < needed) {
		cli_usage_error(cmd, _("'%s %s' needs %s"), cmd->name, a->sub->name, a->sub->args);
		return false;
	}
	if (given > most) {
		cli_usage_error(cmd, _("unexpected argument '%s'"), a->pos[most + 1]);
		return false;
	}
	return true;
}

static bool needs_given(const cli_command *cmd, const cli_opt *opts, const cli_args *a)
{
	char w[64];
	for (const char *p = a->sub->needs; next_word(&p, w, sizeof w);)
		if (!a->count[cli_opt_index(opts, w)]) {
			cli_usage_error(cmd, _("'%s %s' needs --%s"), cmd->name, a->sub->name, w);
			return false;
		}
	return true;
}

bool cli_begin_sub(cli_env *env, const cli_command *cmd, const cli_opt *opts, const cli_sub *subs,
		   int argc, char **argv, cli_args *a, int *rc)
{
	check_sub_table(cmd, opts, subs);
	if (!cli_begin(env, cmd, opts, argc, argv, a, rc))
		return false;
	*rc = 2;
	if (a->npos == 0) {
		missing_sub(cmd, subs);
		return false;
	}
	for (const cli_sub *s = subs; s->name && !a->sub; s++)
		if (strcmp(s->name, a->pos[0]) == 0)
			a->sub = s;
	if (!a->sub) {
		cli_usage_error(cmd, _("unknown subcommand '%s'"), a->pos[0]);
		return false;
	}
	if (!options_apply(cmd, opts, subs, a) || !arguments_fit(cmd, a) ||
	    !needs_given(cmd, opts, a))
		return false;
	*rc = 0;
	return true;
}

/* Says so when a setgid installation ignores the user's choice of files. */
static void warn_ignored_overrides(const cli_env *env)
{
	if (paths_overrides_allowed())
		return;
	const char *rules_env = getenv("OPSDESK_RULES"), *db_env = getenv("OPSDESK_DB");
	if (env->g.rules || env->g.db || (rules_env && *rules_env) || (db_env && *db_env))
		fputs(_("opsdesk: --rules, --db, OPSDESK_RULES and OPSDESK_DB are honoured only for root "
			"in a shared installation; using the site's rules and database\n"),
		      stderr);
}

int cli_setup(cli_env *env, bool open_db, bool create_db)
{
	diag_list d = {0};
	warn_ignored_overrides(env);
	env->rules_path = paths_rules(env->g.rules);
	if (env->rules_path) {
		od_error err;
		od_status s = rules_load_file(env->rules_path, &env->rules, &d, &err);
		if (s == OD_IO) {
			diag_free(&d);
			cli_report(&err);
			return 2;
		}
	} else {
		env->rules = rules_load_embedded(&d);
	}
	if (!env->rules) {
		cli_print_diags(env->rules_path ? env->rules_path : _("(built-in rules)"), &d);
		fprintf(stderr,
			ngettext("opsdesk: the rules have %zu problem; nothing was done\n",
				 "opsdesk: the rules have %zu problems; nothing was done\n", d.n),
			d.n);
		diag_free(&d);
		return 2;
	}
	diag_free(&d);
	clock_set_zone(env->rules->site.timezone.id);
	i18n_force(env->rules->site.language.id);
	if (!open_db)
		return 0;

	od_error err;
	if (identity_resolve((unsigned)getuid(), &env->me, &err) != OD_OK)
		return cli_report(&err);
	if (env->me.warning[0]) {
		fputs("opsdesk: ", stderr);
		puts_line(stderr, env->me.warning);
		fputc('\n', stderr);
	}
	env->db_path = paths_database(env->g.db, env->rules);
	if (create_db && (paths_make_parent(env->db_path, &err) != OD_OK ||
			  paths_create_database(env->db_path, &err) != OD_OK))
		return cli_report(&err);
	if (db_open(env->db_path, create_db, &env->ctx.db, &err) != OD_OK)
		return cli_report(&err);
	env->ctx.rules = env->rules;
	env->ctx.login = env->me.login;
	/* Changed rules move SLA figures the lists read from the rows: bring
	 * them up to date before anything reads them. Only a change of the
	 * rules writes; a database this user cannot write keeps its figures
	 * until escalate (which reports the failure) or another user does. */
	incident_sla_refresh(&env->ctx, NULL, NULL);
	/* the same for the stored due times of inspection rounds */
	inspect_due_refresh(&env->ctx, NULL, NULL);
	return 0;
}

void cli_teardown(cli_env *env)
{
	db_close(env->ctx.db);
	rules_free(env->rules);
	free(env->db_path);
	memset(env, 0, sizeof *env);
}

int cli_main(const cli_globals *g, int argc, char **argv)
{
	const char *name = argv[0];
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(commands[i]->name, name) != 0)
			continue;
		cli_env env = {.g = *g};
		int rc = commands[i]->run(&env, argc - 1, argv + 1);
		cli_teardown(&env);
		return rc;
	}
	char *msg = xasprintf(_("opsdesk: unknown command '%s'"), name);
	puts_line(stderr, msg);
	free(msg);
	fputs(_("\nTry 'opsdesk --help'.\n"), stderr);
	return 2;
}
