/* opsdesk staff add|list|show|edit|deactivate|activate: the people and
 * their roles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_staff = {
	"staff",
	N_("the people and their roles"),
	N_("usage: opsdesk staff add LOGIN --name NAME --roles ROLE[,ROLE...] [--phone P] [--team T]\n"
	   "                         [--email E] [--deputy LOGIN] [--note TEXT]\n"
	   "       opsdesk staff list [--all] [--json]\n"
	   "       opsdesk staff show LOGIN [--json]\n"
	   "       opsdesk staff edit LOGIN [--name N] [--phone P] [--team T] [--roles R,...]\n"
	   "                          [--email E] [--deputy LOGIN] [--note TEXT] [--expect-version N]\n"
	   "       opsdesk staff deactivate|activate LOGIN [--expect-version N]\n"
	   "\n"
	   "Role ids come from the rules (opsdesk check-rules lists how many there are;\n"
	   "opsdesk-rules(5) describes them). Changing staff needs the staff.manage\n"
	   "permission. --expect-version refuses the change when someone else changed the\n"
	   "record since you read that version. --deputy names who covers for the person\n"
	   "(another active member of staff; --deputy '' for nobody). list shows active\n"
	   "staff; --all adds the deactivated.\n"),
	run,
	"--roles=roles",
};

static const cli_opt opts[] = {
	{"name", true, false},  {"phone", true, false},          {"team", true, false},
	{"roles", true, true},  {"expect-version", true, false}, {"all", false, false},
	{"email", true, false}, {"deputy", true, false},         {"note", true, false},
	{0},
};

static const cli_sub subs[] = {
	{.name = "add",
	 .args = "LOGIN",
	 .takes = "name roles phone team email deputy note",
	 .needs = "name roles"},
	{.name = "list", .takes = "all"},
	{.name = "show", .args = "LOGIN"},
	{.name = "edit",
	 .args = "LOGIN",
	 .takes = "name phone team roles email deputy note expect-version"},
	{.name = "deactivate", .args = "LOGIN", .takes = "expect-version"},
	{.name = "activate", .args = "LOGIN", .takes = "expect-version"},
	{0},
};

/* --roles a,b and --roles a --roles b both work. */
static size_t collect_roles(const cli_args *a, char ***out)
{
	int k = cli_opt_index(opts, "roles");
	size_t n = 0, cap = 4;
	char **v = xcalloc(cap, sizeof *v);
	for (int i = 0; i < a->count[k]; i++) {
		for (const char *p = a->values[k][i]; *p;) {
			size_t len = strcspn(p, ", ");
			if (len) {
				if (n == cap)
					v = xrealloc(v, (cap *= 2) * sizeof *v);
				v[n++] = xstrndup(p, len);
			}
			p += len + (p[len] != '\0');
		}
	}
	*out = v;
	return n;
}

static void free_roles(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *roles_json(const staff_member *m)
{
	strbuf sb = {0};
	sb_add(&sb, "[");
	for (size_t i = 0; i < m->nroles; i++) {
		if (i)
			sb_add(&sb, ",");
		sb_add_json(&sb, m->roles[i]);
	}
	sb_add(&sb, "]");
	return sb_take(&sb);
}

static void print_json(const staff_member *m)
{
	strbuf sb = {0};
	char t1[40], t2[40];
	char *roles = roles_json(m);
	sb_add(&sb, "{\"login\":");
	sb_add_json(&sb, m->login);
	sb_add(&sb, ",\"name\":");
	sb_add_json(&sb, m->name);
	sb_add(&sb, ",\"phone\":");
	sb_add_json(&sb, m->phone);
	sb_add(&sb, ",\"team\":");
	sb_add_json(&sb, m->team);
	sb_add(&sb, ",\"email\":");
	sb_add_json(&sb, m->email);
	sb_add(&sb, ",\"deputy\":");
	sb_add_json(&sb, m->deputy);
	sb_add(&sb, ",\"note\":");
	sb_add_json(&sb, m->note);
	sb_addf(&sb, ",\"roles\":%s,\"active\":%s,\"version\":%lld,\"created\":\"%s\",\"updated\":\"%s\",\"updated_by\":",
		roles, m->active ? "true" : "false", (long long)m->version,
		clock_format_iso(m->created, t1, sizeof t1), clock_format_iso(m->updated, t2, sizeof t2));
	sb_add_json(&sb, m->updated_by);
	sb_add(&sb, "}");
	fputs(sb.buf, stdout);
	sb_free(&sb);
	free(roles);
}

static int do_list(cli_env *env, const cli_args *a)
{
	staff_member *v;
	size_t n;
	od_error err;
	if (staff_list(env->ctx.db, cli_value(opts, a, "all") != NULL, &v, &n, &err) != OD_OK)
		return cli_report(&err);
	if (env->g.json) {
		fputs("[", stdout);
		for (size_t i = 0; i < n; i++) {
			fputs(i ? ",\n" : "\n", stdout);
			print_json(&v[i]);
		}
		fputs(n ? "\n]\n" : "]\n", stdout);
	} else {
		cli_cell(stdout, _("LOGIN"), 12);
		fputc(' ', stdout);
		cli_cell(stdout, C_("person", "NAME"), 12);
		fputc(' ', stdout);
		cli_cell(stdout, _("PHONE"), 20);
		fputc(' ', stdout);
		cli_cell(stdout, _("TEAM"), 10);
		fputc(' ', stdout);
		puts(_("ROLES"));
		for (size_t i = 0; i < n; i++) {
			char *roles = staff_role_names(env->rules, &v[i], "、");
			cli_cell(stdout, v[i].login, 12);
			fputc(' ', stdout);
			cli_cell(stdout, v[i].name, 12);
			fputc(' ', stdout);
			cli_cell(stdout, v[i].phone, 20);
			fputc(' ', stdout);
			cli_cell(stdout, v[i].team, 10);
			fputc(' ', stdout);
			cli_puts_safe(stdout, roles);
			if (!v[i].active)
				fputs(_(" (deactivated)"), stdout);
			fputc('\n', stdout);
			free(roles);
		}
	}
	staff_list_free(v, n);
	return 0;
}

static int do_show(cli_env *env, const char *login)
{
	staff_member m;
	od_error err;
	if (staff_get(env->ctx.db, login, &m, &err) != OD_OK)
		return cli_report(&err);
	if (env->g.json) {
		print_json(&m);
		fputc('\n', stdout);
	} else {
		char *roles = staff_role_names(env->rules, &m, "、");
		char when[40];
		char version[32], updated[96];
		snprintf(version, sizeof version, "%lld", (long long)m.version);
		snprintf(updated, sizeof updated, _("%s by %s"),
			 clock_format(m.updated, when, sizeof when), m.updated_by);
		const char *labels[] = {_("login"),  C_("person", "name"),  _("phone"),   _("team"),
					_("email"),  _("deputy"), _("roles"),  _("active"),
					_("version"), _("updated"), _("note")};
		const char *values[] = {m.login, m.name,    m.phone, m.team,
					m.email, m.deputy,  roles,   m.active ? _("yes") : _("no"),
					version, updated,   m.note};
		for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
			cli_field(stdout, labels[i], 10, values[i], false);
		free(roles);
	}
	staff_member_clear(&m);
	return 0;
}

static bool parse_version(const char *text, int64_t *out)
{
	*out = 0;
	return !text || text_parse_int(text, 1, INT64_MAX, out) == TEXT_NUM_OK;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_staff, opts, subs, argc, argv, &a, &rc))
		return rc;
	const char *sub = a.sub->name;
	const char *login = a.npos > 1 ? a.pos[1] : NULL;
	int64_t expected = 0;
	if (!parse_version(cli_value(opts, &a, "expect-version"), &expected))
		return cli_usage_error(&cmd_staff, _("--expect-version: '%s' is not a version number"),
				       cli_value(opts, &a, "expect-version"));
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;

	if (strcmp(sub, "list") == 0)
		return do_list(env, &a);
	if (strcmp(sub, "show") == 0)
		return do_show(env, login);

	od_error err;
	od_status s;
	char **roles = NULL;
	size_t nroles = collect_roles(&a, &roles);
	staff_fields f = {
		.name = cli_value(opts, &a, "name"),
		.phone = cli_value(opts, &a, "phone"),
		.team = cli_value(opts, &a, "team"),
		.email = cli_value(opts, &a, "email"),
		.deputy = cli_value(opts, &a, "deputy"),
		.note = cli_value(opts, &a, "note"),
		.roles = a.count[cli_opt_index(opts, "roles")] ? (const char *const *)roles : NULL,
		.nroles = nroles,
	};
	if (strcmp(sub, "add") == 0)
		s = staff_add(&env->ctx, login, &f, &err);
	else if (strcmp(sub, "edit") == 0)
		s = staff_edit(&env->ctx, login, expected, &f, &err);
	else
		s = staff_set_active(&env->ctx, login, strcmp(sub, "activate") == 0, expected, &err);
	free_roles(roles, nroles);
	if (s != OD_OK)
		return cli_report(&err);
	if (strcmp(sub, "add") == 0)
		printf(_("staff %s added\n"), login);
	else if (strcmp(sub, "edit") == 0)
		printf(_("staff %s changed\n"), login);
	else if (strcmp(sub, "activate") == 0)
		printf(_("staff %s reactivated\n"), login);
	else
		printf(_("staff %s deactivated\n"), login);
	return 0;
}
