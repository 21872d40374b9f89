/* show for any record kind, from its declaration: the fields marked
 * RW_SHOW, the links, the actions the user may take and the journal. */
#include "opsdesk/cli_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/text.h"

const cli_record_face *cli_record_face_of(const record_kind *k)
{
	for (const cli_record_face *f = cli_record_faces; f->kind; f++)
		if (f->kind == k)
			return f;
	return NULL;
}

size_t cli_field_sets(const cli_opt *opts, const char *fields, const cli_args *a,
		      record_set *sets, char names[][32], size_t max)
{
	size_t n = 0;
	char *all = xasprintf(" %s ", fields);
	for (int i = 0; opts[i].name && n < max; i++) {
		char want[40];
		snprintf(want, sizeof want, " %s ", opts[i].name);
		if (!strstr(all, want) || !a->count[i])
			continue;
		snprintf(names[n], 32, "%s", strcmp(opts[i].name, "ci") == 0 ? "cis" : opts[i].name);
		for (char *p = names[n]; *p; p++)
			if (*p == '-')
				*p = '_';
		sets[n] = (record_set){names[n], a->values[i][a->count[i] - 1]};
		n++;
	}
	free(all);
	return n;
}

int cli_record_edit(cli_env *env, const cli_command *cmd, const cli_opt *opts, const cli_args *a,
		    const record_kind *k, const char *fields, int64_t id)
{
	record_set sets[CLI_MAX_OPTS];
	char names[CLI_MAX_OPTS][32];
	size_t n = cli_field_sets(opts, fields, a, sets, names, CLI_MAX_OPTS);
	if (!n)
		return cli_usage_error(cmd, _("'%s edit' needs a field to change"), cmd->name);
	int64_t version = 0;
	const char *v = cli_value(opts, a, "version");
	if (v && text_parse_int(v, 1, INT64_MAX, &version) != TEXT_NUM_OK)
		return cli_usage_error(cmd, _("--version: '%s' is not a version number"), v);
	od_error err;
	if (record_edit(&env->ctx, k, id, version, sets, n, &err) != OD_OK)
		return cli_report(&err);
	char ref[32];
	record_ref(k, id, ref, sizeof ref);
	printf(_("%s: saved\n"), ref);
	return 0;
}

static bool given(const cli_opt *opts, const cli_args *a, const char *name)
{
	int i = cli_opt_index(opts, name);
	return i >= 0 && a->count[i] > 0;
}

int cli_record_filter(cli_env *env, const cli_command *cmd, const cli_opt *opts,
		      const cli_args *a, const record_kind *k, record_filter *f)
{
	*f = (record_filter){.state = cli_value(opts, a, "state"),
			     .include_closed = given(opts, a, "all"),
			     .mine = given(opts, a, "mine") ? env->ctx.login : NULL,
			     .search = cli_value(opts, a, "search"),
			     .limit = 50};
	const char *limit = cli_value(opts, a, "limit");
	int64_t x;
	if (limit) {
		if (text_parse_int(limit, 1, CLI_LIMIT_MAX, &x) != TEXT_NUM_OK)
			return cli_usage_error(cmd, _("--limit: '%s' is not a number from 1 to %d"),
					       limit, CLI_LIMIT_MAX);
		f->limit = (int)x;
	}
	od_error err;
	const char *before = cli_value(opts, a, "before");
	if (before && record_parse_ref_of(k, before, &f->before, &err) != OD_OK)
		return cli_usage_error(cmd, _("--before: %s"), err.msg);
	if (f->state) {
		if (!record_state_find(env->rules, k, f->state))
			return cli_usage_error(cmd, _("--state: '%s' is not a state"), f->state);
		f->include_closed = true; /* a state asked for by name is listed, final or not */
	}
	return 0;
}

/* The record as JSON with its face's members; false when it cannot be read. */
static bool object_json(cli_env *env, const record *rec, const cli_record_face *face,
			strbuf *sb, od_error *err)
{
	if (record_json(&env->ctx, rec, sb, err) != OD_OK)
		return false;
	sb->len--; /* reopen the object for the kind's members */
	sb->buf[sb->len] = '\0';
	if (face && face->json_more)
		face->json_more(env, rec, sb);
	return true;
}

int cli_record_list_json(cli_env *env, const record *v, size_t n)
{
	strbuf json = {0};
	od_error err;
	int rc = 0;
	sb_add(&json, "[");
	for (size_t i = 0; i < n && rc == 0; i++) {
		sb_add(&json, i ? ",\n" : "\n");
		if (!object_json(env, &v[i], cli_record_face_of(v[i].kind), &json, &err))
			rc = cli_report(&err);
		sb_add(&json, "}");
	}
	sb_add(&json, n ? "\n]\n" : "]\n");
	if (rc == 0)
		fputs(json.buf, stdout);
	sb_free(&json);
	return rc;
}

char *cli_record_links_line(cli_env *env, const char *ref)
{
	record_link_entry *links;
	size_t n;
	strbuf sb = {0};
	if (record_links(env->ctx.db, ref, &links, &n, NULL) != OD_OK)
		return xstrdup("");
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s (%s)", i ? ", " : "", links[i].ref, links[i].role);
	record_links_free(links, n);
	return sb.buf ? sb_take(&sb) : xstrdup("");
}

void cli_record_journal_json(cli_env *env, const char *ref, strbuf *sb)
{
	journal_entry *j = NULL;
	size_t nj = 0;
	journal_list(env->ctx.db, ref, &j, &nj, NULL);
	sb_add(sb, ",\"journal\":[");
	char at[40];
	for (size_t k = 0; k < nj; k++) {
		sb_addf(sb, "%s{\"at\":\"%s\",\"actor\":", k ? "," : "",
			clock_format_iso(j[k].at, at, sizeof at));
		sb_add_json(sb, j[k].actor);
		sb_add(sb, ",\"kind\":");
		sb_add_json(sb, j[k].kind);
		sb_add(sb, ",\"text\":");
		sb_add_json(sb, j[k].text);
		sb_add(sb, "}");
	}
	sb_add(sb, "]");
	journal_entries_free(j, nj);
}

static void line(const char *label, const char *value)
{
	cli_field(stdout, label, 12, value, true);
}

/* An item's name from the rules list, else the value itself. */
static const char *shown(cli_env *env, const record_field *f, const char *v)
{
	if (f->type == RT_ITEM && f->items) {
		size_t n;
		const rules_item *items = f->items(env->rules, &n);
		const rules_item *it = rules_item_find(items, n, v);
		if (it)
			return it->name;
	}
	if (f->type == RT_FLAG)
		return strcmp(v, "yes") == 0 ? _("yes") : _("no");
	return v;
}

static void show_text(cli_env *env, const record *rec, const char *ref,
		      const cli_record_face *face)
{
	const record_kind *k = rec->kind;
	char buf[256], when[32];
	printf("%s  ", ref);
	cli_puts_safe(stdout, k->title_field ? record_value(rec, k->title_field) : "");
	fputc('\n', stdout);
	snprintf(buf, sizeof buf, "%s (%s)", record_state_name(env->rules, k, rec->state),
		 rec->state);
	line(_("state"), buf);
	for (size_t i = 0; i < k->nfields; i++) {
		const record_field *f = &k->fields[i];
		if (!(f->where & RW_SHOW) || (k->title_field && strcmp(f->id, k->title_field) == 0))
			continue;
		line(_(f->label), shown(env, f, rec->values[i]));
	}
	snprintf(buf, sizeof buf, _("%s by %s"), clock_format(rec->created, when, sizeof when),
		 rec->created_by);
	line(_("recorded"), buf);
	snprintf(buf, sizeof buf, "%lld", (long long)rec->version);
	line(_("version"), buf);
	char *links = cli_record_links_line(env, ref);
	line(_("links"), links);
	free(links);
	if (face && face->show_more)
		face->show_more(env, rec);
	const rules_transition *acts[32];
	size_t na = record_actions(&env->ctx, rec, acts, 32);
	strbuf actions = {0};
	for (size_t i = 0; i < na; i++)
		sb_addf(&actions, "%s%s (%s)", i ? ", " : "", acts[i]->id, acts[i]->name);
	line(_("actions"), na ? actions.buf : _("(none for you)"));
	sb_free(&actions);
	journal_entry *j = NULL;
	size_t nj = 0;
	journal_list(env->ctx.db, ref, &j, &nj, NULL);
	puts(_("journal"));
	for (size_t i = 0; i < nj; i++) {
		printf("  %s  ", clock_format(j[i].at, when, sizeof when));
		cli_cell(stdout, j[i].actor, 10);
		fputc(' ', stdout);
		line("", j[i].text);
	}
	journal_entries_free(j, nj);
}

int cli_record_show(cli_env *env, const record_kind *k, int64_t id)
{
	const cli_record_face *face = cli_record_face_of(k);
	if (face && face->show)
		return face->show(env, id);
	record rec;
	od_error err;
	if (record_get(env->ctx.db, k, id, &rec, &err) != OD_OK)
		return cli_report(&err);
	char ref[48];
	record_ref(k, id, ref, sizeof ref);
	if (env->g.json) {
		strbuf sb = {0};
		bool ok = object_json(env, &rec, face, &sb, &err);
		if (ok) {
			cli_record_journal_json(env, ref, &sb);
			sb_add(&sb, "}\n");
			fputs(sb.buf, stdout);
		}
		sb_free(&sb);
		record_clear(&rec);
		return ok ? 0 : cli_report(&err);
	}
	show_text(env, &rec, ref, face);
	record_clear(&rec);
	return 0;
}
