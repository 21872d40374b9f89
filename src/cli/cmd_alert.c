/* opsdesk alert: an alert from monitoring, by options or as one JSON
 * object on standard input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/alert.h"
#include "opsdesk/cli.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/xalloc.h"

enum { JSON_MAX = 64 * 1024 };

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_alert = {
	"alert",
	N_("take an alert from monitoring"),
	N_("usage: opsdesk alert --source S --key K --severity SEV --summary TEXT\n"
	   "                     [--description D] [--ci TAG] [--recovery]\n"
	   "       opsdesk alert < alert.json\n"
	   "\n"
	   "The first alert for a source and key opens an incident, its impact and urgency\n"
	   "from the rules' alerts.severities; repeats while that incident is open are\n"
	   "counted in its journal. When the incident was resolved, a repeat records that\n"
	   "the fault came back and reopens it if the workflow lets this account take a\n"
	   "transition back from the resolved state; otherwise it says to reopen it by\n"
	   "hand. A recovery (--recovery, or \"status\": \"recovery\") adds a note, or with\n"
	   "alerts.on_recovery: resolve resolves it if the workflow lets this account take\n"
	   "alerts.resolve_with now; otherwise the note says why it was not resolved.\n"
	   "Without options one JSON object is read from standard input: {\"source\",\n"
	   "\"key\", \"severity\", \"summary\", \"description\", \"ci\", \"status\": \"problem\"\n"
	   "or \"recovery\"}. Prints what was done; exit status 0 whenever the alert was\n"
	   "recorded.\n"),
	run,
	"--severity=severities",
};

static const cli_opt opts[] = {
	{"source", true, false},      {"key", true, false}, {"severity", true, false},
	{"summary", true, false},     {"description", true, false}, {"ci", true, false},
	{"recovery", false, false},   {0},
};

static char *read_stdin(od_error *err)
{
	char *buf = xmalloc(JSON_MAX + 1);
	size_t len = fread(buf, 1, JSON_MAX + 1, stdin);
	if (len > JSON_MAX) {
		free(buf);
		od_fail(err, OD_INVALID, _("the alert on standard input is larger than %d bytes"), JSON_MAX);
		return NULL;
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		free(buf);
		od_fail(err, OD_INVALID, _("the alert on standard input contains a NUL byte"));
		return NULL;
	}
	return buf;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* What was done, on one line; the text may hold what monitoring sent, so
 * it goes out through the safe printer. */
static void print_result(const alert_input *in, const alert_result *res)
{
	long long id = res->incident_id, count = res->count;
	char *line = NULL;
	switch (res->outcome) {
	case ALERT_OPENED: line = xasprintf(_("INC-%lld opened"), id); break;
	case ALERT_REPEATED:
		line = xasprintf(_("INC-%lld: repeat, %lld alerts so far"), id, count);
		break;
	case ALERT_REOPENED:
		line = xasprintf(_("INC-%lld: the fault came back after it was resolved: reopened"),
				 id);
		break;
	case ALERT_RECURRED:
		line = xasprintf(_("INC-%lld: the fault came back after it was resolved; "
				   "reopen it by hand: %s"),
				 id, res->why);
		break;
	case ALERT_NOTED: line = xasprintf(_("INC-%lld: recovery noted"), id); break;
	case ALERT_RESOLVED: line = xasprintf(_("INC-%lld: resolved by the recovery"), id); break;
	case ALERT_UNRESOLVED:
		line = xasprintf(_("INC-%lld: recovery noted, not resolved: %s"), id, res->why);
		break;
	case ALERT_IGNORED:
		line = xasprintf(_("no open incident for %s %s: recovery ignored"), in->source,
				 in->key);
		break;
	}
	cli_puts_safe(stdout, line);
	fputc('\n', stdout);
	free(line);
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_alert, opts, argc, argv, &a, &rc))
		return rc;
	if (a.npos)
		return cli_usage_error(&cmd_alert, _("unexpected argument '%s'"), a.pos[0]);
	bool from_options = false;
	for (int k = 0; opts[k].name; k++)
		from_options |= a.count[k] > 0;
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	alert_input in = {0};
	od_error err;
	if (from_options) {
		in.source = dup_or_null(cli_value(opts, &a, "source"));
		in.key = dup_or_null(cli_value(opts, &a, "key"));
		in.severity = dup_or_null(cli_value(opts, &a, "severity"));
		in.summary = dup_or_null(cli_value(opts, &a, "summary"));
		in.description = dup_or_null(cli_value(opts, &a, "description"));
		in.ci = dup_or_null(cli_value(opts, &a, "ci"));
		in.recovery = cli_value(opts, &a, "recovery") != NULL;
	} else {
		char *json = read_stdin(&err);
		od_status s = json ? alert_from_json(env->ctx.db, json, &in, &err) : OD_INVALID;
		free(json);
		if (s != OD_OK)
			return cli_report(&err);
	}
	alert_result res;
	od_status s = alert_submit(&env->ctx, &in, &res, &err);
	if (s != OD_OK) {
		alert_input_clear(&in);
		return cli_report(&err);
	}
	print_result(&in, &res);
	alert_input_clear(&in);
	return 0;
}
