/* opsdesk comment REF TEXT: a note on a record's journal. */
#include <stdio.h>

#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/record.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_comment = {
	"comment",
	N_("add a comment to a record's journal"),
	N_("usage: opsdesk comment REF TEXT\n"
	   "\n"
	   "Adds TEXT (several lines allowed) to the journal of the record REF, where it\n"
	   "is also found by searching.\n"),
	run,
	NULL,
};

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_comment, NULL, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 2)
		return cli_usage_error(&cmd_comment, _("give REF and TEXT"));
	int64_t id;
	const record_kind *k;
	od_error err;
	if (record_parse_ref(a.pos[0], &k, &id, &err) != OD_OK)
		return cli_usage_error(&cmd_comment, "%s", err.msg);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (record_comment(&env->ctx, k, id, a.pos[1], &err) != OD_OK)
		return cli_report(&err);
	char ref[48];
	record_ref(k, id, ref, sizeof ref);
	printf(_("%s: comment added\n"), ref);
	return 0;
}
