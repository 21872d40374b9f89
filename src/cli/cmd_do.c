/* opsdesk do REF ACTION: a workflow transition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/clock.h"
#include "opsdesk/roster.h"
#include "opsdesk/i18n.h"
#include "opsdesk/incident.h"
#include "opsdesk/kb.h"
#include "opsdesk/text.h"

static int run(cli_env *env, int argc, char **argv);

const cli_command cmd_do = {
	"do",
	N_("take a workflow action on a record"),
	N_("usage: opsdesk do REF ACTION [--note TEXT] [--set FIELD=VALUE]... [--expect-version N]\n"
	   "                         [--article KB-n]\n"
	   "\n"
	   "REF is any record (INC-12 or 12, CHG-3, REL-2, PRB-4, REQ-5, KB-6, INS-7).\n"
	   "ACTION is a transition id from the rules (opsdesk show REF lists the ones you\n"
	   "may take). --set fills a field the action requires or may change (for an\n"
	   "incident: assignee, category, ci, cause, resolution, recovery_test, review;\n"
	   "opsdesk-rules(5) lists each kind's). --note is written to the journal.\n"
	   "--expect-version refuses the action if the record changed since you read\n"
	   "that version. --article (an incident only) resolves with a knowledge-base\n"
	   "article: its solution and cause fill resolution and cause unless --set gives\n"
	   "them, and the incident is linked to the article, in one step.\n"),
	run,
	"ACTION=transitions",
};

static const cli_opt opts[] = {
	{"note", true, false}, {"set", true, true}, {"expect-version", true, false},
	{"article", true, false}, {0},
};

static bool assignee_given(const incident_set *sets, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(sets[i].field, "assignee") == 0)
			return true;
	return false;
}

static int run(cli_env *env, int argc, char **argv)
{
	cli_args a;
	int rc;
	if (!cli_begin(env, &cmd_do, opts, argc, argv, &a, &rc))
		return rc;
	if (a.npos != 2)
		return cli_usage_error(&cmd_do, _("give REF and ACTION"));
	int64_t id, expected = 0;
	const record_kind *kind;
	od_error err;
	if (record_parse_ref(a.pos[0], &kind, &id, &err) != OD_OK)
		return cli_usage_error(&cmd_do, "%s", err.msg);
	const char *ev = cli_value(opts, &a, "expect-version");
	if (ev) {
		if (text_parse_int(ev, 1, INT64_MAX, &expected) != TEXT_NUM_OK)
			return cli_usage_error(&cmd_do, _("--expect-version: '%s' is not a version number"),
					       ev);
	}
	int k = cli_opt_index(opts, "set");
	incident_set sets[CLI_MAX_VALUES];
	char *fields[CLI_MAX_VALUES];
	size_t nsets = 0;
	for (int i = 0; i < a.count[k]; i++) {
		const char *eq = strchr(a.values[k][i], '=');
		if (!eq || eq == a.values[k][i]) {
			for (size_t j = 0; j < nsets; j++)
				free(fields[j]);
			return cli_usage_error(&cmd_do, _("--set: '%s' is not FIELD=VALUE"), a.values[k][i]);
		}
		fields[nsets] = strndup(a.values[k][i], (size_t)(eq - a.values[k][i]));
		sets[nsets] = (incident_set){fields[nsets], eq + 1};
		nsets++;
	}
	const char *article = cli_value(opts, &a, "article");
	int64_t kb_id = 0;
	if (article && kind != &incident_kind)
		rc = cli_usage_error(&cmd_do, _("--article: only an incident is resolved with an article"));
	else if (article && record_parse_ref_of(&kb_kind, article, &kb_id, &err) != OD_OK)
		rc = cli_usage_error(&cmd_do, _("--article: %s"), err.msg);
	else
		rc = cli_setup(env, true, false);
	if (rc == 0) {
		od_status s =
			article ? kb_resolve_incident(&env->ctx, id, kb_id, a.pos[1],
						      cli_value(opts, &a, "note"), sets, nsets,
						      expected, &err)
				: record_transition(&env->ctx, kind, id, a.pos[1],
						    cli_value(opts, &a, "note"), sets, nsets, expected,
						    &err);
		record rec;
		if (s != OD_OK) {
			rc = cli_report(&err);
		} else if (kind != &incident_kind) {
			if (record_get(env->ctx.db, kind, id, &rec, NULL) == OD_OK) {
				char ref[48];
				record_ref(kind, id, ref, sizeof ref);
				printf(_("%s: %s done, now %s\n"), ref, a.pos[1], rec.state);
				const cli_record_face *face = cli_record_face_of(kind);
				if (face && face->after_do)
					face->after_do(env, &rec);
				record_clear(&rec);
			}
		} else {
			incident inc;
			if (incident_get(env->ctx.db, id, &inc, NULL) == OD_OK) {
				printf(_("INC-%lld: %s done, now %s\n"), (long long)id, a.pos[1], inc.state);
				/* the console asks first; here it is said, so the one who
				 * assigned knows to call the person */
				if (*inc.assignee && assignee_given(sets, nsets) &&
				    !roster_available(env->ctx.db, env->rules, inc.assignee, clock_now()))
					fprintf(stderr,
						_("opsdesk: note: INC-%lld went to %s, who is neither on duty nor "
						  "on call for the next shift\n"),
						(long long)id, inc.assignee);
				incident_clear(&inc);
			}
		}
	}
	for (size_t j = 0; j < nsets; j++)
		free(fields[j]);
	return rc;
}
