/* The service request's and the rating's part of show (cli_request.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli_incident.h"
#include "opsdesk/cli_request.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/rating.h"
#include "opsdesk/request.h"

enum { LABEL = 16 }; /* catalogue names run longer than the generic labels */

static const char *field_name(const rules_request_type *t, const char *id)
{
	for (size_t i = 0; t && i < t->fields.n; i++)
		if (strcmp(t->fields.v[i].id, id) == 0)
			return t->fields.v[i].name;
	return id;
}

static void clock_line(const char *label, const sla_clock *c)
{
	char due[40], line[160];
	if (c->stopped || c->paused)
		snprintf(line, sizeof line, "%s", cli_sla_word(c));
	else
		snprintf(line, sizeof line, _("due %s, %s"), clock_format(c->due, due, sizeof due),
			 cli_sla_word(c));
	cli_field(stdout, label, LABEL, line, false);
	fputc('\n', stdout);
}

void cli_request_show(cli_env *env, const record *rec)
{
	const rules_request_type *t =
		rules_request_type_find(env->rules, record_value(rec, "type"));
	cli_field(stdout, _("request type"), LABEL, t ? t->name : record_value(rec, "type"), false);
	fputc('\n', stdout);
	od_error err;
	request_value *v = NULL;
	size_t n = 0;
	if (request_values(&env->ctx, rec, &v, &n, &err) == OD_OK) {
		for (size_t i = 0; i < n; i++) {
			cli_field(stdout, field_name(t, v[i].field), LABEL, v[i].value, false);
			fputc('\n', stdout);
		}
		request_values_free(v, n);
	}
	request_step *steps = NULL;
	size_t nsteps = 0;
	if (request_steps(&env->ctx, rec, &steps, &nsteps, &err) == OD_OK) {
		for (size_t i = 0; i < nsteps; i++) {
			char label[64], at[40], line[256];
			snprintf(label, sizeof label, _("approval %zu/%zu"), i + 1, nsteps);
			if (!*steps[i].decision)
				snprintf(line, sizeof line, _("%s: pending"), steps[i].step->name);
			else
				snprintf(line, sizeof line, _("%s: %s by %s at %s"), steps[i].step->name,
					 strcmp(steps[i].decision, "approved") == 0 ? _("approved")
										     : _("rejected"),
					 steps[i].by, clock_format(steps[i].at, at, sizeof at));
			cli_field(stdout, label, LABEL, line, false);
			fputc('\n', stdout);
		}
		request_steps_free(steps, nsteps);
	}
	sla_result sla;
	if (request_sla(&env->ctx, rec, clock_now(), &sla, &err) == OD_OK) {
		clock_line(_("response"), &sla.response);
		clock_line(_("fulfilment due"), &sla.resolution);
	}
	char ref[32];
	record_ref(rec->kind, rec->id, ref, sizeof ref);
	cli_rating_show(env, ref);
}

void cli_request_json(cli_env *env, const record *rec, strbuf *sb)
{
	od_error err;
	char ref[32];
	record_ref(rec->kind, rec->id, ref, sizeof ref);
	/* a part that cannot be read is left out rather than breaking the object */
	strbuf part = {0};
	if (request_json_extra(&env->ctx, rec, clock_now(), &part, &err) == OD_OK && part.buf)
		sb_add(sb, part.buf);
	sb_free(&part);
	if (rating_json(env->ctx.db, ref, &part, &err) == OD_OK && part.buf)
		sb_add(sb, part.buf);
	sb_free(&part);
}

void cli_rating_show(cli_env *env, const char *ref)
{
	rating r;
	od_error err;
	if (rating_get(env->ctx.db, ref, &r, &err) != OD_OK)
		return;
	char at[40], line[RATING_NOTE_MAX + 200];
	snprintf(line, sizeof line,
		 strcmp(r.via, "reporter") == 0 ? _("%d of 5, from the reporter (%s) at %s")
						: _("%d of 5, after the follow-up call (%s) at %s"),
		 r.score, r.by, clock_format(r.at, at, sizeof at));
	if (*r.note)
		snprintf(line + strlen(line), sizeof line - strlen(line), "\n%s", r.note);
	cli_field(stdout, _("satisfaction"), LABEL, line, false);
	fputc('\n', stdout);
	rating_clear(&r);
}
