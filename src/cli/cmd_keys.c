/* opsdesk keys: the console's key bindings, printed from the same action
 * list the help screen uses, so the man page can be checked against it. */
#include <stdio.h>

#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/tui_actions.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_keys = {
	"keys",
	N_("list the console's keys"),
	N_("usage: opsdesk keys\n"
	   "\n"
	   "Prints every key of the console with where it works and what it does, one\n"
	   "per line, tab-separated: context, keys, description.\n"),
	run,
	NULL,
};

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_keys, NULL, argc, argv, &a, &rc))
		return rc;
	if (a.npos)
		return cli_usage_error(&cmd_keys, _("unexpected argument '%s'"), a.pos[0]);
	for (const tui_action *act = tui_actions; act->id; act++)
		printf("%s\t%s\t%s\n", act->context, act->keys_label, _(act->help));
	return 0;
}
