/* opsdesk show REF: one record with its journal. */
#include "opsdesk/cli.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/i18n.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_show = {
	"show",
	N_("one record with its journal"),
	N_("usage: opsdesk show REF [--json]\n"
	   "\n"
	   "REF is a record's reference: INC-12 (or just 12), CHG-3, REL-2, PRB-4, REQ-5,\n"
	   "KB-6, INS-7. Shows every field, the links to other records, the actions you\n"
	   "may take now and the journal; an incident also shows both SLA clocks.\n"),
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
	const record_kind *k;
	od_error err;
	if (record_parse_ref(a.pos[0], &k, &id, &err) != OD_OK)
		return cli_usage_error(&cmd_show, "%s", err.msg);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	return cli_record_show(env, k, id);
}
