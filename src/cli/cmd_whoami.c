/* opsdesk whoami: who opsdesk thinks you are and what you may do. */
#include <stdio.h>

#include "opsdesk/access.h"
#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/staff.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_whoami = {
	"whoami",
	N_("show the acting user and their roles"),
	N_("usage: opsdesk whoami [--json]\n"
	   "\n"
	   "Prints the login opsdesk acts as (from the real user id), whether it is on\n"
	   "the staff list, and its roles.\n"),
	run,
	NULL,
};

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_whoami, NULL, argc, argv, &a, &rc))
		return rc;
	if (a.npos)
		return cli_usage_error(&cmd_whoami, _("unexpected argument '%s'"), a.pos[0]);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	staff_member m;
	bool staff = staff_get(env->ctx.db, env->me.login, &m, NULL) == OD_OK;
	if (env->g.json) {
		strbuf sb = {0};
		sb_add(&sb, "{\"login\":");
		sb_add_json(&sb, env->me.login);
		sb_addf(&sb, ",\"staff\":%s,\"active\":%s,\"roles\":[", staff ? "true" : "false",
			staff && m.active ? "true" : "false");
		for (size_t i = 0; staff && i < m.nroles; i++) {
			sb_add(&sb, i ? "," : "");
			sb_add_json(&sb, m.roles[i]);
		}
		sb_add(&sb, "]}\n");
		fputs(sb.buf, stdout);
		sb_free(&sb);
	} else if (!staff) {
		printf(_("%s (not on the staff list: you can look but not change anything)\n"),
		       env->me.login);
	} else {
		printf("%s  ", env->me.login);
		cli_puts_safe(stdout, m.name);
		fputs(m.active ? "" : _("  (deactivated)"), stdout);
		fputs("\n", stdout);
		for (size_t i = 0; i < m.nroles; i++) {
			const rules_role *r = rules_role_find(env->rules, m.roles[i]);
			printf("  %s  ", m.roles[i]);
			cli_puts_safe(stdout, r ? r->name : _("(not in the rules)"));
			fputc('\n', stdout);
		}
	}
	if (staff)
		staff_member_clear(&m);
	return 0;
}
