/* opsdesk rate REF SCORE [--note TEXT]: the reporter's satisfaction with a
 * closed incident or service request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/rating.h"
#include "opsdesk/text.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_rate = {
	"rate",
	N_("record satisfaction with a closed incident or request"),
	N_("usage: opsdesk rate REF SCORE [--note TEXT]\n"
	   "\n"
	   "Records how satisfied the reporter was with the closed incident or service\n"
	   "request REF (INC-3, REQ-5): SCORE from 1 (very dissatisfied) to 5 (very\n"
	   "satisfied), --note what they said. The operator who made the follow-up call\n"
	   "does it (permission satisfaction.record), or the reporter themselves when\n"
	   "the record names their login. A record is rated once; the rating shows on\n"
	   "the record and in the service review (opsdesk report review).\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {
	{"note", true, false},
	{0},
};

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_rate, opts, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 2)
		return cli_usage_error(&cmd_rate, _("give REF and SCORE"));
	int64_t score;
	if (text_parse_int(a.pos[1], 1, 5, &score) != TEXT_NUM_OK)
		return cli_usage_error(&cmd_rate, _("score: '%s' is not a whole number from 1 to 5"),
				       a.pos[1]);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	od_error err;
	if (rating_add(&env->ctx, a.pos[0], (int)score, cli_value(opts, &a, "note"), &err) != OD_OK)
		return cli_report(&err);
	char *ref = text_sanitize(a.pos[0], false);
	printf(_("%s: rated %d of 5\n"), ref, (int)score);
	free(ref);
	return 0;
}
