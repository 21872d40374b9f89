/* opsdesk escalate: escalates SLA clocks at risk or breached; meant to run
 * every minute from cron or a systemd timer. */
#include <stdio.h>

#include "opsdesk/cli.h"
#include "opsdesk/clock.h"
#include "opsdesk/escalate.h"
#include "opsdesk/i18n.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_escalate = {
	"escalate",
	N_("escalate SLA clocks at risk or breached (from cron)"),
	N_("usage: opsdesk escalate [--dry-run]\n"
	   "\n"
	   "For every open incident whose response or resolution clock has reached a level\n"
	   "of the rules' escalations (at_risk, breached), runs that level's notification\n"
	   "command once and writes it to the incident's journal. Run it every minute from\n"
	   "cron or a systemd timer, as a member of staff. --dry-run only lists what would\n"
	   "be escalated. Exit status 1 when a notification failed.\n"),
	run,
};

static const cli_opt opts[] = {{"dry-run", false, false}, {0}};

static void print_line(void *data, const char *line)
{
	(void)data;
	cli_puts_safe(stdout, line);
	fputc('\n', stdout);
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
	if (escalate_run(&env->ctx, clock_now(), cli_value(opts, &a, "dry-run") != NULL, print_line,
			 NULL, &rep, &err) != OD_OK)
		return cli_report(&err);
	if (rep.failed) {
		fprintf(stderr, _("opsdesk: %d of %d notifications failed (see the incidents' journals)\n"),
			rep.failed, rep.fired);
		return 1;
	}
	return 0;
}
