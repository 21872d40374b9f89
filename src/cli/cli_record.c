/* Printing any kind of record for the command line from its kind's
 * declaration: the header, the fields shown, the journal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli_record.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/xalloc.h"

/* The record's header, its shown fields from the kind's declaration, and
 * (print_journal) its journal. */
od_status cli_record_print(cli_env *env, const record *rec, FILE *out, od_error *err)
{
	char ref[32], t[32];
	record_ref(rec->kind, rec->id, ref, sizeof ref);
	strbuf sb = {0};
	sb_addf(&sb, "%s  %s  %s\n", ref, record_state_name(env->rules, rec->kind, rec->state),
		record_value(rec, rec->kind->title_field));
	cli_puts_safe(out, sb.buf);
	sb_free(&sb);
	for (size_t i = 0; i < rec->kind->nfields; i++) {
		const record_field *f = &rec->kind->fields[i];
		if (!(f->where & RW_SHOW) || strcmp(f->id, rec->kind->title_field) == 0)
			continue;
		const char *v = rec->values[i];
		char *joined = NULL;
		if (f->type == RT_CIS) {
			char **tags;
			size_t n;
			od_status s = record_cis(env->ctx.db, rec, f->id, &tags, &n, err);
			if (s != OD_OK)
				return s;
			strbuf j = {0};
			for (size_t k = 0; k < n; k++)
				sb_addf(&j, "%s%s", k ? ", " : "", tags[k]);
			record_strings_free(tags, n);
			v = joined = sb_take(&j);
		}
		if (v && v[0])
			cli_field(out, _(f->label), 16, v, true);
		free(joined);
	}
	cli_field(out, _("Created"), 16, clock_format(rec->created, t, sizeof t), true);
	cli_field(out, _("Created by"), 16, rec->created_by, true);
	return OD_OK;
}

od_status cli_record_journal(cli_env *env, const record *rec, FILE *out, od_error *err)
{
	char ref[32];
	record_ref(rec->kind, rec->id, ref, sizeof ref);
	journal_entry *v;
	size_t n;
	od_status s = journal_list(env->ctx.db, ref, &v, &n, err);
	if (s != OD_OK)
		return s;
	strbuf sb = {0};
	sb_addf(&sb, "\n%s\n", _("Journal"));
	for (size_t i = 0; i < n; i++) {
		char t[32];
		sb_addf(&sb, "  %s  %s  %s\n", clock_format(v[i].at, t, sizeof t), v[i].actor,
			v[i].text);
	}
	cli_puts_safe(out, sb.buf);
	sb_free(&sb);
	journal_entries_free(v, n);
	return OD_OK;
}

