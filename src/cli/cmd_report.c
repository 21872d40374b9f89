/* opsdesk report shift|incident|review: a report built in the core,
 * rendered as paged text, HTML or JSON, to standard output, a file
 * (--output) or a printer (--print). Every export and print is audited;
 * a print that fails is not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/cli_roster.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/print.h"
#include "opsdesk/report_build.h"
#include "opsdesk/xalloc.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_report = {
	"report",
	N_("shift, incident and service review reports, printed or exported"),
	N_("usage: opsdesk report shift [--shift DAY/SHIFT | --at TIME] [OUTPUT]\n"
	   "       opsdesk report incident REF [OUTPUT]\n"
	   "       opsdesk report review --month YYYY-MM | --quarter YYYYQn [OUTPUT]\n"
	   "OUTPUT: [--format text|html|json] [--width 80|132] [--output FILE]\n"
	   "        [--print [--printer NAME]]\n"
	   "\n"
	   "shift: the handover report of a shift (default: the one on duty now, or the\n"
	   "one that has just ended; --at TIME: the one running then, as of then), with\n"
	   "the duty log, incidents, SLA, alerts, handover notes, the next shift's\n"
	   "roster and lines to sign. incident: the fault report of one incident.\n"
	   "review: the service review of a month or a quarter.\n"
	   "Text (the default) is paged for a printer: --width columns (80 or 132),\n"
	   "site.page_lines lines a page, a form feed between pages. --output writes the\n"
	   "report to FILE; --print sends the text form to the site's print command (lp\n"
	   "by default; --printer NAME chooses the queue). Both are recorded in the\n"
	   "audit log. The same data and the same --at give the same bytes.\n"),
	run,
	NULL,
};

static const cli_opt opts[] = {
	{"shift", true, false},  {"at", true, false},      {"month", true, false},
	{"quarter", true, false}, {"format", true, false}, {"width", true, false},
	{"output", true, false}, {"print", false, false},  {"printer", true, false},
	{0},
};

#define OUTPUT_OPTS "format width output print printer"
static const cli_sub subs[] = {
	{.name = "shift", .takes = "shift at " OUTPUT_OPTS},
	{.name = "incident", .args = "REF", .takes = OUTPUT_OPTS},
	{.name = "review", .takes = "month quarter " OUTPUT_OPTS},
	{0},
};

static int build_shift(cli_env *env, const cli_args *a, report **out)
{
	od_error err;
	const char *shift = cli_value(opts, a, "shift"), *at_text = cli_value(opts, a, "at");
	if (shift && at_text)
		return cli_usage_error(&cmd_report, _("give --shift or --at, not both"));
	if (env->rules->shifts.n == 0) {
		fprintf(stderr, _("opsdesk: the rules define no shifts, so there is no shift report\n"));
		return 2;
	}
	time_t now = clock_now(), as_of = now;
	shift_slot slot;
	if (at_text) {
		if (clock_parse(at_text, &as_of, &err) != OD_OK)
			return cli_usage_error(&cmd_report, "--at: %s", err.msg);
		char t[40];
		if (as_of > now) {
			fprintf(stderr, _("opsdesk: --at %s is in the future; a report tells what has happened\n"),
				clock_format(as_of, t, sizeof t));
			return 1;
		}
		if (!roster_slot_at(env->rules, as_of, &slot) &&
		    !roster_slot_prev(env->rules, as_of, &slot)) {
			fprintf(stderr, _("opsdesk: no shift runs at %s\n"), clock_format(as_of, t, sizeof t));
			return 1;
		}
	} else if (shift) {
		int rc = cli_pick_slot(env, shift, false, &slot);
		if (rc != 0)
			return rc;
	} else if (!roster_slot_at(env->rules, now, &slot) &&
		   !roster_slot_prev(env->rules, now, &slot)) {
		fprintf(stderr, _("opsdesk: no shift is on duty now; give --shift DAY/SHIFT\n"));
		return 1;
	}
	if (slot.start > as_of) {
		fprintf(stderr, _("opsdesk: shift %s/%s has not begun yet\n"), slot.day, slot.shift->id);
		return 1;
	}
	if (!at_text && as_of > slot.end)
		as_of = slot.end; /* a past shift is reported as it ended */
	if (report_shift(&env->ctx, &slot, as_of, out, &err) != OD_OK)
		return cli_report(&err);
	return 0;
}

static int build_review(cli_env *env, const cli_args *a, report **out)
{
	od_error err;
	const char *month = cli_value(opts, a, "month"), *quarter = cli_value(opts, a, "quarter");
	if (!month == !quarter)
		return cli_usage_error(&cmd_report, _("'report review' needs --month YYYY-MM or --quarter YYYYQn"));
	report_period p;
	od_status s = report_period_parse(month ? month : quarter, quarter != NULL, clock_now(), &p,
					  &err);
	if (s == OD_USAGE)
		return cli_usage_error(&cmd_report, "%s", err.msg);
	if (s != OD_OK)
		return cli_report(&err);
	time_t now = clock_now();
	if (report_review(&env->ctx, &p, p.to < now ? p.to : now, out, &err) != OD_OK)
		return cli_report(&err);
	return 0;
}

static int build(cli_env *env, const cli_args *a, report **out)
{
	od_error err;
	if (strcmp(a->sub->name, "shift") == 0)
		return build_shift(env, a, out);
	if (strcmp(a->sub->name, "review") == 0)
		return build_review(env, a, out);
	int64_t id;
	if (incident_parse_ref(a->pos[1], &id, &err) != OD_OK)
		return cli_usage_error(&cmd_report, "%s", err.msg);
	if (report_incident(&env->ctx, id, clock_now(), out, &err) != OD_OK)
		return cli_report(&err);
	return 0;
}

static int deliver(cli_env *env, const cli_args *a, const report *r, report_format fmt, int width)
{
	od_error err;
	char *data = fmt == REPORT_FORMAT_HTML   ? report_render_html(r)
		     : fmt == REPORT_FORMAT_JSON ? report_render_json(r)
						 : report_render_text(r, width, env->rules->site.page_lines);
	const char *output = cli_value(opts, a, "output"), *printer = cli_value(opts, a, "printer");
	bool printing = a->count[cli_opt_index(opts, "print")] > 0;
	int rc = 0;
	if (printing) {
		char said[512] = "";
		if (print_text(env->rules, data, width, env->rules->site.page_lines, printer, said,
			       sizeof said, &err) != OD_OK) {
			rc = cli_report(&err);
		} else if (report_record_output(&env->ctx, r, "report.print", "text",
						printer ? printer : "(default printer)", &err) != OD_OK) {
			rc = cli_report(&err);
		} else {
			printf(_("printed the %s report of %s%s%s\n"), r->kind, r->subject,
			       said[0] ? ": " : "", said);
		}
	} else if (output) {
		if (report_write_file(output, data, strlen(data), &err) != OD_OK ||
		    report_record_output(&env->ctx, r, "report.export", report_format_name(fmt), output,
					 &err) != OD_OK)
			rc = cli_report(&err);
		else
			printf(_("wrote the %s report of %s to %s\n"), r->kind, r->subject, output);
	} else {
		/* the report's text is sanitized when built; the form feeds are its own */
		fputs(data, stdout);
	}
	free(data);
	return rc;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin_sub(env, &cmd_report, opts, subs, argc, argv, &a, &rc))
		return rc;
	od_error err;
	report_format fmt = env->g.json ? REPORT_FORMAT_JSON : REPORT_FORMAT_TEXT;
	const char *f = cli_value(opts, &a, "format");
	if (f && report_format_parse(f, &fmt, &err) != OD_OK)
		return cli_usage_error(&cmd_report, "--%s", err.msg);
	int width = 80;
	const char *w = cli_value(opts, &a, "width");
	if (w && strcmp(w, "80") != 0 && strcmp(w, "132") != 0)
		return cli_usage_error(&cmd_report, _("--width: '%s' is not 80 or 132"), w);
	if (w)
		width = atoi(w);
	bool printing = a.count[cli_opt_index(opts, "print")] > 0;
	if (cli_value(opts, &a, "printer") && !printing)
		return cli_usage_error(&cmd_report, _("--printer goes with --print"));
	if (printing && fmt != REPORT_FORMAT_TEXT)
		return cli_usage_error(&cmd_report, _("--print prints the text form; leave out --format %s"),
				       report_format_name(fmt));
	if (printing && cli_value(opts, &a, "output"))
		return cli_usage_error(&cmd_report, _("give --print or --output, not both"));
	if ((rc = cli_setup(env, true, false)) != 0)
		return rc;
	report *r = NULL;
	if ((rc = build(env, &a, &r)) != 0)
		return rc;
	rc = deliver(env, &a, r, fmt, width);
	report_free(r);
	return rc;
}
