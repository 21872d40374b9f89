/* opsdesk link|unlink REF REF: records related to each other (an incident
 * to the problem behind it, a change to the incidents it caused, two
 * incidents of one fault), journalled on both. */
#include <stdio.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/record.h"
#include "opsdesk/text.h"

static int run_link(cli_env *env, int argc, char **argv);
static int run_unlink(cli_env *env, int argc, char **argv);

const cli_command cmd_link = {
	"link",
	N_("link two records to each other"),
	N_("usage: opsdesk link REF REF [--as ROLE] [--back ROLE]\n"
	   "\n"
	   "Links the first record to the second (INC-12, CHG-3, PRB-4, ...); both\n"
	   "journals say so and show REF lists the link. --as says what the second is\n"
	   "to the first (default: related), --back what the first is to the second\n"
	   "(default: the same). Linking twice is not an error.\n"),
	run_link,
	NULL,
};

const cli_command cmd_unlink = {
	"unlink",
	N_("remove the link between two records"),
	N_("usage: opsdesk unlink REF REF\n"),
	run_unlink,
	NULL,
};

static const cli_opt opts[] = {{"as", true, false}, {"back", true, false}, {0}};

/* Both references, checked and spelt as the program spells them. */
static bool refs_ok(const cli_command *cmd, cli_args *a, char refs[2][48], int *rc)
{
	if (a->npos != 2) {
		*rc = cli_usage_error(cmd, _("give two references"));
		return false;
	}
	for (int i = 0; i < 2; i++) {
		const record_kind *k;
		int64_t id;
		od_error err;
		if (record_parse_ref(a->pos[i], &k, &id, &err) != OD_OK) {
			*rc = cli_usage_error(cmd, "%s", err.msg);
			return false;
		}
		record_ref(k, id, refs[i], sizeof refs[i]);
	}
	return true;
}

static int run_link(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	char refs[2][48];
	if (!cli_begin(env, &cmd_link, opts, argc, argv, &a, &rc) ||
	    !refs_ok(&cmd_link, &a, refs, &rc))
		return rc;
	const char *as = cli_value(opts, &a, "as");
	const char *back = cli_value(opts, &a, "back");
	as = as ? as : "related";
	back = back ? back : as;
	od_error err;
	if (text_check("--as", as, 32, false, true, &err) != OD_OK ||
	    text_check("--back", back, 32, false, true, &err) != OD_OK)
		return cli_report(&err);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	if (record_link(&env->ctx, refs[0], as, refs[1], back, false, &err) != OD_OK)
		return cli_report(&err);
	printf(_("%s and %s are linked\n"), refs[0], refs[1]);
	return 0;
}

static int run_unlink(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	char refs[2][48];
	if (!cli_begin(env, &cmd_unlink, NULL, argc, argv, &a, &rc) ||
	    !refs_ok(&cmd_unlink, &a, refs, &rc))
		return rc;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	od_error err;
	if (record_unlink(&env->ctx, refs[0], refs[1], &err) != OD_OK)
		return cli_report(&err);
	printf(_("%s and %s are no longer linked\n"), refs[0], refs[1]);
	return 0;
}
