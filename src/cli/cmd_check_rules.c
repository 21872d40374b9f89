/* opsdesk check-rules [FILE]: validates a rules file and reports every
 * problem as FILE:LINE:COLUMN: message. */
#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/paths.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_check_rules = {
	"check-rules",
	N_("validate a rules file"),
	N_("usage: opsdesk check-rules [FILE]\n"
	   "\n"
	   "Reads FILE (default: the rules opsdesk would use: --rules, $OPSDESK_RULES,\n"
	   "/etc/opsdesk/workflow.yaml, else the built-in copy) and reports every\n"
	   "problem as FILE:LINE:COLUMN: message. Exit status 0 when valid, 2 when not.\n"),
	run,
	NULL,
};

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_check_rules, NULL, argc, argv, &a, &rc))
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
	if ((rc = cli_setup(env, false, false)) != 0)
		return rc;
	const char *name = env->rules_path ? env->rules_path : _("(built-in rules)");
	printf(_("%s: valid: %zu roles, %zu priorities, %zu incident states, %zu transitions\n"),
	       name, env->rules->roles.n, env->rules->priorities.n,
	       env->rules->workflows.incident.states.n, env->rules->workflows.incident.transitions.n);
	return 0;
}
