/* opsdesk escalate: escalates SLA clocks at risk or breached; meant to run
 * every minute from cron or a systemd timer. */
#include <stdbool.h>
#include <stdio.h>

#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/escalate.h"
#include "opsdesk/i18n.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_escalate = {
	"escalate",
	N_("escalate SLA clocks at risk or breached (from cron)"),
	N_("usage: opsdesk escalate [--dry-run] [--quiet]\n"
	   "\n"
	   "For every open incident whose response or resolution clock has reached a level\n"
	   "of the rules' escalations (at_risk, breached), runs that level's notification\n"
	   "command and writes it to the incident's journal. A notification that went out\n"
	   "is never sent again; one that failed is journalled and tried again at the next\n"
	   "run, until it goes out. Run it every minute from cron or a systemd timer, as a\n"
	   "member of staff. Each escalation is listed on standard output, each failed\n"
	   "notification on standard error. --quiet lists only the failures (so cron\n"
	   "mails only those). --dry-run only lists what would be escalated. Exit status 1\n"
	   "when a notification failed.\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {{"dry-run", false, false}, {"quiet", false, false}, {0}};

/* Failures always go to standard error: from cron, they are what someone
 * must read. */
static void print_line(void *data, bool failed, const char *line)
{
	const bool *quiet = data;
	if (!failed && *quiet)
		return;
	FILE *out = failed ? stderr : stdout;
	if (failed)
		fputs("opsdesk: ", out);
	cli_puts_safe(out, line);
	fputc('\n', out);
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_escalate, opts, argc, argv, &a, &rc))
		return rc;
	if (a.npos)
		return cli_usage_error(&cmd_escalate, _("unexpected argument '%s'"), a.pos[0]);
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	escalate_report rep;
	od_error err;
	bool quiet = cli_value(opts, &a, "quiet") != NULL;
	if (escalate_run(&env->ctx, clock_now(), cli_value(opts, &a, "dry-run") != NULL, print_line,
			 &quiet, &rep, &err) != OD_OK)
		return cli_report(&err);
	if (rep.failed) {
		fprintf(stderr, _("opsdesk: %d of %d notifications failed (see the incidents' journals)\n"),
			rep.failed, rep.fired);
		return 1;
	}
	return 0;
}
