/* opsdesk show REF: one record with its journal. */
#include "opsdesk/cli.h"
#include "opsdesk/cli_incident.h"
#include "opsdesk/i18n.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_show = {
	"show",
	N_("one record with its journal"),
	N_("usage: opsdesk show REF [--json]\n"
	   "\n"
	   "REF is an incident reference (INC-12, or just 12). Shows every field, both SLA\n"
	   "clocks, the actions you may take now and the journal.\n"),
	run,
	NULL,
};

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_show, NULL, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 1)
		return cli_usage_error(&cmd_show, _("give one REF"));
	int64_t id;
	od_error err;
	if (incident_parse_ref(a.pos[0], &id, &err) != OD_OK)
		return cli_usage_error(&cmd_show, "%s", err.msg);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	return cli_incident_show(env, id);
}
