/* Releases: the kind's declaration and what a release adds to the record
 * mechanism: the go decision (releases.go in the rules) needs every item
 * of the preparation checklist done, and its changes are record links. */
#include "opsdesk/release.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/change.h"
#include "opsdesk/i18n.h"
#include "opsdesk/text.h"

enum { LINE = 200, LONG = 8000 };

/* The checklist items are the RT_FLAG fields. */
static const record_field release_fields[] = {
	{"title", NULL, N_("Title"), RT_TEXT, RW_ALL, true, 0, LINE, NULL},
	{"plan", NULL, N_("Release plan"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"start", "window_start", N_("Window start"), RT_TIME, RW_ALL, false, 0, 0, NULL},
	{"end", "window_end", N_("Window end"), RT_TIME, RW_ALL, false, 0, 0, NULL},
	{"manager", NULL, N_("Release manager"), RT_LOGIN, RW_ALL, false, 0, 0, NULL},
	{"backup_done", NULL, N_("Backup done"), RT_FLAG, RW_DATA, false, 0, 0, NULL},
	{"env_checked", NULL, N_("Environment checked"), RT_FLAG, RW_DATA, false, 0, 0, NULL},
	{"users_notified", NULL, N_("Users notified"), RT_FLAG, RW_DATA, false, 0, 0, NULL},
	{"decision", NULL, N_("Go / no-go decision"), RT_LONG, RW_SET | RW_SHOW, false, 0, LONG, NULL},
	{"verification", NULL, N_("Verification"), RT_LONG, RW_SET | RW_SHOW, false, 0, LONG, NULL},
	{"summary", NULL, N_("Summary"), RT_LONG, RW_SET | RW_SHOW, false, 0, LONG, NULL},
};

static od_status validate(const od_ctx *ctx, const record *rec, od_error *err)
{
	(void)ctx;
	const char *start = record_value(rec, "start"), *end = record_value(rec, "end");
	/* both as clock_format writes them, so they compare as text */
	if (start[0] && end[0] && strcmp(end, start) <= 0)
		return od_fail(err, OD_INVALID, _("end: the window ends (%s) before it starts (%s)"),
			       end, start);
	return OD_OK;
}

static bool yes(const char *v)
{
	return v && (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
		     strcmp(v, "是") == 0);
}

static od_status may_transition(const od_ctx *ctx, const record *rec, const rules_transition *t,
				const char *note, const record_set *sets, size_t nsets,
				od_error *err)
{
	(void)note;
	const char *go = ctx->rules->releases.go.id;
	if (!go || strcmp(t->id, go) != 0)
		return OD_OK;
	for (size_t i = 0; i < sizeof release_fields / sizeof release_fields[0]; i++) {
		const record_field *f = &release_fields[i];
		if (f->type != RT_FLAG)
			continue;
		const char *v = record_set_find(sets, nsets, f->id);
		if (!yes(v ? v : record_value(rec, f->id)))
			return od_fail(err, OD_INVALID,
				       _("%s: the checklist item is not done; '%s' needs every item of the checklist (releases.go)"),
				       f->id, t->id);
	}
	return OD_OK;
}

const record_kind release_kind = {
	.name = "release",
	.prefix = "REL",
	.table = "release",
	.noun = N_("release"),
	.fields = release_fields,
	.nfields = sizeof release_fields / sizeof release_fields[0],
	.title_field = "title",
	.assignee_field = "manager",
	.validate = validate,
	.may_transition = may_transition,
	.after_change = NULL,
};

od_status release_add(const od_ctx *ctx, int64_t id, const char *change, od_error *err)
{
	const record_kind *k;
	int64_t cid;
	od_status s = record_parse_ref(change, &k, &cid, err);
	if (s != OD_OK)
		return s;
	if (k != &change_kind)
		return od_fail(err, OD_INVALID, _("change: '%s' is not a change (CHG-n)"), change);
	char ref[32];
	record_ref(&release_kind, id, ref, sizeof ref);
	record rel, chg;
	if ((s = record_get(ctx->db, &release_kind, id, &rel, err)) != OD_OK)
		return s;
	bool open = rel.open;
	record_clear(&rel);
	if (!open)
		return od_fail(err, OD_CONFLICT, _("%s is closed: no change is added to it"), ref);
	if ((s = record_get(ctx->db, &change_kind, cid, &chg, err)) != OD_OK)
		return s;
	open = chg.open;
	record_clear(&chg);
	if (!open)
		return od_fail(err, OD_CONFLICT, _("change: %s is closed"), change);
	char cref[32];
	record_ref(&change_kind, cid, cref, sizeof cref);
	return record_link(ctx, ref, "change", cref, "release", false, err);
}

od_status release_changes(od_db *db, int64_t id, record **out, size_t *n, od_error *err)
{
	*out = NULL;
	*n = 0;
	char ref[32];
	record_ref(&release_kind, id, ref, sizeof ref);
	record_link_entry *links;
	size_t nlinks;
	od_status s = record_links(db, ref, &links, &nlinks, err);
	if (s != OD_OK)
		return s;
	record *v = xcalloc(nlinks ? nlinks : 1, sizeof *v);
	size_t got = 0;
	for (size_t i = 0; i < nlinks && s == OD_OK; i++) {
		const record_kind *k;
		int64_t cid;
		if (strcmp(links[i].role, "change") != 0 ||
		    record_parse_ref(links[i].ref, &k, &cid, NULL) != OD_OK || k != &change_kind)
			continue;
		if ((s = record_get(db, &change_kind, cid, &v[got], err)) == OD_OK)
			got++;
	}
	record_links_free(links, nlinks);
	if (s != OD_OK) {
		record_list_free(v, got);
		return s;
	}
	*out = v;
	*n = got;
	return OD_OK;
}
