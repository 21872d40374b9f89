/* Emergency drills: the drill kind's declaration, the check that a drill
 * exercises an emergency plan of the knowledge base (linked to it when
 * recorded), and follow-up actions opened as records of other kinds. */
#include "opsdesk/drill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/i18n.h"
#include "opsdesk/kb.h"

enum { LINE = 200, LIST = 500, LONG = 8000 };

static const record_field drill_fields[] = {
	{"title", NULL, N_("Title"), RT_TEXT, RW_ALL & ~RW_SET, true, 0, LINE, NULL},
	{"date", "held", N_("Held"), RT_TIME, RW_ALL & ~RW_SET, true, 0, 0, NULL},
	{"plan", NULL, NC_("drill", "Plan"), RT_TEXT, RW_NEW | RW_LIST | RW_SHOW | RW_FORM, true, 0, 32,
	 NULL},
	{"participants", NULL, N_("Taking part"), RT_TEXT, RW_DATA, false, 0, LIST, NULL},
	{"scenario", NULL, N_("Scenario"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"worked", NULL, N_("What worked"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"failed", NULL, N_("Failed"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
	{"follow_ups", NULL, N_("Follow-ups"), RT_LONG, RW_DATA, false, 0, LONG, NULL},
};

/* The plan a drill exercises: an emergency plan that exists. */
static od_status check_plan(const od_ctx *ctx, const char *plan, int64_t *id, od_error *err)
{
	if (record_parse_ref_of(&kb_kind, plan, id, err) != OD_OK) {
		od_error inner = *err;
		return od_fail(err, OD_INVALID, _("plan: %s"), inner.msg);
	}
	record rec;
	od_status s = record_get(ctx->db, &kb_kind, *id, &rec, err);
	if (s != OD_OK) {
		od_error inner = *err;
		return od_fail(err, s, _("plan: %s"), inner.msg);
	}
	if (!kb_is_plan(ctx->rules, &rec))
		s = od_fail(err, OD_INVALID,
			    _("plan: KB-%lld is an article of type %s, not an emergency plan (type %s)"),
			    (long long)*id, record_value(&rec, "type"), kb_plan_type(ctx->rules));
	record_clear(&rec);
	return s;
}

static od_status validate(const od_ctx *ctx, const record *rec, od_error *err)
{
	int64_t id;
	return check_plan(ctx, record_value(rec, "plan"), &id, err);
}

/* Inside record_create's transaction: the drill is linked to its plan. */
static od_status after_change(const od_ctx *ctx, int64_t id, const char *op, const char *text,
			      od_error *err)
{
	(void)text;
	if (strcmp(op, "drill.create") != 0)
		return OD_OK;
	record rec;
	od_status s = record_get(ctx->db, &drill_kind, id, &rec, err);
	if (s != OD_OK)
		return s;
	int64_t plan;
	char ref[32], pref[32];
	if ((s = check_plan(ctx, record_value(&rec, "plan"), &plan, err)) == OD_OK) {
		record_ref(&drill_kind, id, ref, sizeof ref);
		record_ref(&kb_kind, plan, pref, sizeof pref);
		s = record_link(ctx, ref, "plan", pref, "drill", true, err);
	}
	record_clear(&rec);
	return s;
}

const record_kind drill_kind = {
	.name = "drill",
	.prefix = "DRL",
	.table = "drill",
	.noun = N_("drill"),
	.plural = N_("drills"),
	.fields = drill_fields,
	.nfields = sizeof drill_fields / sizeof *drill_fields,
	.title_field = "title",
	.validate = validate,
	.after_change = after_change,
};

od_status drill_create(const od_ctx *ctx, const record_set *values, size_t n, int64_t *id,
		       od_error *err)
{
	/* the plan spelt as the program spells it (kb-3 is KB-3) */
	record_set *all = xcalloc(n ? n : 1, sizeof *all);
	char pref[32] = "";
	for (size_t i = 0; i < n; i++) {
		all[i] = values[i];
		int64_t plan;
		if (strcmp(values[i].field, "plan") == 0 &&
		    record_parse_ref_of(&kb_kind, values[i].value, &plan, NULL) == OD_OK) {
			record_ref(&kb_kind, plan, pref, sizeof pref);
			all[i].value = pref;
		}
	}
	od_status s = record_create(ctx, &drill_kind, all, n, id, err);
	free(all);
	return s;
}

od_status drill_followup(const od_ctx *ctx, int64_t id, const record_kind *kind,
			 const record_set *values, size_t n, int64_t *new_id, od_error *err)
{
	record rec;
	od_status s = record_get(ctx->db, &drill_kind, id, &rec, err);
	if (s != OD_OK)
		return s;
	record_clear(&rec);
	char ref[32], nref[32];
	record_ref(&drill_kind, id, ref, sizeof ref);
	if ((s = db_begin(ctx->db, err)) != OD_OK)
		return s;
	s = record_create(ctx, kind, values, n, new_id, err);
	if (s == OD_OK) {
		record_ref(kind, *new_id, nref, sizeof nref);
		s = record_link(ctx, ref, "follow-up", nref, "drill", true, err);
	}
	od_status e = db_end(ctx->db, s == OD_OK, err);
	return s != OD_OK ? s : e;
}
