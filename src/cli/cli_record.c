/* Printing any kind of record for the command line from its kind's
 * declaration: the header, the fields shown, the journal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/cli_record.h"
#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/text.h"
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
	/* the labels' column is as wide as the widest label shown */
	int width = text_width(_("Created by"));
	for (size_t i = 0; i < rec->kind->nfields; i++)
		if ((rec->kind->fields[i].where & RW_SHOW) && rec->values[i][0] &&
		    text_width(_(rec->kind->fields[i].label)) > width)
			width = text_width(_(rec->kind->fields[i].label));
	width += 2;
	for (size_t i = 0; i < rec->kind->nfields; i++) {
		const record_field *f = &rec->kind->fields[i];
		if (!(f->where & RW_SHOW) || strcmp(f->id, rec->kind->title_field) == 0)
			continue;
		/* RT_CIS values come as the tags joined by ", " */
		cli_field(out, _(f->label), width, rec->values[i], true);
	}
	cli_field(out, _("Created"), width, clock_format(rec->created, t, sizeof t), true);
	cli_field(out, _("Created by"), width, rec->created_by, true);
	(void)err;
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

