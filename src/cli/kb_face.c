/* Showing articles, plans and their versions on the command line. */
#include "opsdesk/cli_kb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli_record.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"

static void line(const char *label, const char *value)
{
	cli_field(stdout, label, 12, value, true);
}

void cli_kb_show_more(cli_env *env, const record *rec)
{
	int64_t n = kb_version_count(env->ctx.db, rec->id);
	kb_version v;
	char buf[160], at[32];
	if (n && kb_version_get(env->ctx.db, rec->id, n, &v, NULL) == OD_OK) {
		snprintf(buf, sizeof buf, _("%lld (%s by %s; opsdesk kb history KB-%lld)"),
			 (long long)n, clock_format(v.at, at, sizeof at), v.by, (long long)rec->id);
		kb_version_clear(&v);
		line(_("article ver"), buf);
	}
	if (!*record_value(rec, "reviewed_by"))
		line(_("reviewed by"), _("(not reviewed in this version)"));
}

void cli_kb_json_more(cli_env *env, const record *rec, strbuf *sb)
{
	/* reopen the object record_json closed */
	if (sb->len && sb->buf[sb->len - 1] == '}')
		sb->buf[--sb->len] = '\0';
	sb_addf(sb, ",\"article_version\":%lld,\"plan\":%s}",
		(long long)kb_version_count(env->ctx.db, rec->id),
		kb_is_plan(env->rules, rec) ? "true" : "false");
}

int cli_kb_show_version(cli_env *env, const record *rec, const kb_version *v)
{
	char ref[32], at[40];
	record_ref(&kb_kind, rec->id, ref, sizeof ref);
	int64_t latest = kb_version_count(env->ctx.db, rec->id);
	if (env->g.json) {
		strbuf sb = {0};
		sb_add(&sb, "{\"ref\":");
		sb_add_json(&sb, ref);
		sb_addf(&sb, ",\"article_version\":%lld,\"latest_version\":%lld,\"by\":",
			(long long)v->version, (long long)latest);
		sb_add_json(&sb, v->by);
		sb_add(&sb, ",\"at\":");
		sb_add_json(&sb, clock_format_iso(v->at, at, sizeof at));
		sb_addf(&sb, ",\"fields\":%s}\n", v->fields);
		fputs(sb.buf, stdout);
		sb_free(&sb);
		return 0;
	}
	printf("%s  ", ref);
	cli_puts_safe(stdout, record_value(rec, "title"));
	fputc('\n', stdout);
	char buf[160];
	snprintf(buf, sizeof buf, _("%lld of %lld (%s by %s)"), (long long)v->version,
		 (long long)latest, clock_format(v->at, at, sizeof at), v->by);
	line(_("article ver"), buf);
	for (size_t i = 0; i < kb_kind.nfields; i++) {
		const record_field *f = &kb_kind.fields[i];
		if (!(f->where & RW_SHOW) || strcmp(f->id, "title") == 0)
			continue;
		line(_(f->label), rec->values[i]);
	}
	return 0;
}

/* The first lines of a text, for a plan's steps on an incident. */
static char *first_lines(const char *text, int lines)
{
	const char *p = text;
	for (int i = 0; i < lines && *p; i++) {
		p += strcspn(p, "\n");
		if (*p && i + 1 < lines)
			p++;
	}
	return xstrndup(text, (size_t)(p - text));
}

void cli_kb_incident_plans(cli_env *env, int64_t incident_id)
{
	record *v;
	size_t n;
	if (kb_plans_for_incident(&env->ctx, incident_id, &v, &n, NULL) != OD_OK)
		return;
	for (size_t i = 0; i < n; i++) {
		char ref[32], *head;
		record_ref(&kb_kind, v[i].id, ref, sizeof ref);
		head = xasprintf("%s  %s", ref, record_value(&v[i], "title"));
		line(i ? "" : _("plans"), head);
		free(head);
		char *trigger = xasprintf(_("  trigger: %s"), record_value(&v[i], "trigger"));
		line("", trigger);
		free(trigger);
		char *steps = first_lines(record_value(&v[i], "steps"), 3);
		for (char *p = steps; *p; p++)
			if (*p == '\n')
				*p = ' ';
		char *text = xasprintf(_("  steps: %s"), steps);
		line("", text);
		free(text);
		free(steps);
	}
	record_list_free(v, n);
}

void cli_kb_incident_plans_json(cli_env *env, int64_t incident_id, strbuf *sb)
{
	record *v;
	size_t n;
	if (kb_plans_for_incident(&env->ctx, incident_id, &v, &n, NULL) != OD_OK)
		return;
	sb_add(sb, ",\"plans\":[");
	for (size_t i = 0; i < n; i++) {
		char ref[32];
		record_ref(&kb_kind, v[i].id, ref, sizeof ref);
		sb_add(sb, i ? ",{\"ref\":" : "{\"ref\":");
		sb_add_json(sb, ref);
		static const char *const keys[] = {"title", "trigger", "steps", "recovery_targets"};
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
			sb_addf(sb, ",\"%s\":", keys[k]);
			sb_add_json(sb, record_value(&v[i], keys[k]));
		}
		sb_add(sb, "}");
	}
	sb_add(sb, "]");
	record_list_free(v, n);
}
