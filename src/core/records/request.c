/* Service requests: the request kind's declaration and what is particular
 * to it. The generic record mechanism stores the request, takes its
 * transitions and writes its journal; this file adds the catalogue: the
 * type's own fields (request_field), the approval steps a type asks for
 * (request_approval: which step is next, who may take it, that the work
 * waits for the last one) and the SLA targets of the type. It owns
 * request_field and request_approval. */
#include "opsdesk/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/staff.h"
#include "opsdesk/xalloc.h"

enum { REQUEST_TEXT_MAX = 200, REQUEST_LONG_MAX = 4000 };

static const rules_item *channels(const rules *r, size_t *n)
{
	*n = r->channels.n;
	return r->channels.v;
}

static const record_field request_fields[] = {
	{"type", NULL, N_("type"), RT_TEXT, RW_NEW | RW_LIST | RW_SHOW | RW_FORM, true, 0, 32, NULL},
	{"title", NULL, N_("title"), RT_TEXT, RW_ALL, true, 0, REQUEST_TEXT_MAX, NULL},
	{"description", NULL, N_("description"), RT_LONG, RW_DATA, false, 0, 8000, NULL},
	{"requester", NULL, N_("requester"), RT_TEXT, RW_NEW | RW_EDIT | RW_LIST | RW_SHOW | RW_FORM,
	 false, 0, 100, NULL},
	{"contact", NULL, N_("contact"), RT_TEXT, RW_DATA, false, 0, 100, NULL},
	{"channel", NULL, N_("channel"), RT_ITEM, RW_NEW | RW_EDIT | RW_SHOW | RW_FORM, false, 0, 0,
	 channels},
	{"assignee", NULL, N_("assignee"), RT_LOGIN, RW_ALL, false, 0, 0, NULL},
	{"resolution", NULL, N_("fulfilment"), RT_LONG, RW_EDIT | RW_SET | RW_SHOW, false, 0, 8000,
	 NULL},
};

static od_status validate(const od_ctx *ctx, const record *rec, od_error *err);
static od_status may_transition(const od_ctx *ctx, const record *rec, const rules_transition *t,
				const char *note, const record_set *sets, size_t nsets,
				od_error *err);
static od_status after_change(const od_ctx *ctx, int64_t id, const char *op, const char *text,
			      od_error *err);

const record_kind request_kind = {
	.name = "request",
	.prefix = "REQ",
	.table = "request",
	.noun = N_("service request"),
	.fields = request_fields,
	.nfields = sizeof request_fields / sizeof *request_fields,
	.title_field = "title",
	.assignee_field = "assignee",
	.validate = validate,
	.may_transition = may_transition,
	.after_change = after_change,
};

/* --- the catalogue ------------------------------------------------------------ */

static od_status unknown_type(const rules *r, const char *type, od_error *err)
{
	strbuf known = {0};
	for (size_t i = 0; i < r->requests.types.n; i++)
		sb_addf(&known, "%s%s", i ? ", " : "", r->requests.types.v[i].id);
	od_fail(err, OD_INVALID, _("type: '%s' is not a request type of the catalogue (known: %s)"),
		type, known.buf ? known.buf : _("none"));
	sb_free(&known);
	return OD_INVALID;
}

static const rules_request_type *type_of(const rules *r, const record *rec)
{
	return rules_request_type_find(r, record_value(rec, "type"));
}

record_field request_field_decl(const rules_request_field *f)
{
	const char *type = f->type.id ? f->type.id : "text";
	record_field d = {.id = f->id, .label = f->name, .type = RT_TEXT, .where = RW_DATA,
			  .required = f->required};
	if (strcmp(type, "long") == 0) {
		d.type = RT_LONG;
		d.max = f->max ? f->max : REQUEST_LONG_MAX;
	} else if (strcmp(type, "number") == 0) {
		d.type = RT_NUMBER;
		d.min = f->min;
		d.max = f->max;
	} else if (strcmp(type, "flag") == 0) {
		d.type = RT_FLAG;
	} else if (strcmp(type, "login") == 0) {
		d.type = RT_LOGIN;
	} else if (strcmp(type, "ci") == 0) {
		d.type = RT_CI;
	} else if (strcmp(type, "choice") == 0) {
		d.type = RT_TEXT; /* checked against its choices below */
		d.max = RULES_NAME_MAX;
	} else {
		d.max = f->max ? f->max : REQUEST_TEXT_MAX;
	}
	return d;
}

static const rules_request_field *field_of(const rules_request_type *t, const char *id)
{
	for (size_t i = 0; i < t->fields.n; i++)
		if (strcmp(t->fields.v[i].id, id) == 0)
			return &t->fields.v[i];
	return NULL;
}

/* One value of a type's field: the generic check of its kind of value,
 * a choice among its choices; the message names the field and the type. */
static od_status check_extra(const od_ctx *ctx, const rules_request_type *t,
			     const rules_request_field *f, const char *v, od_error *err)
{
	record_field d = request_field_decl(f);
	od_status s = record_check_value(ctx, &d, v, err);
	if (s != OD_OK)
		return s;
	if (strcmp(f->type.id ? f->type.id : "text", "choice") != 0 || !*v)
		return OD_OK;
	if (rules_item_find(f->choices.v, f->choices.n, v))
		return OD_OK;
	strbuf known = {0};
	for (size_t i = 0; i < f->choices.n; i++)
		sb_addf(&known, "%s%s (%s)", i ? ", " : "", f->choices.v[i].id, f->choices.v[i].name);
	od_fail(err, OD_INVALID, _("%s: '%s' is not a choice of request type '%s' (choices: %s)"),
		f->id, v, t->id, known.buf);
	sb_free(&known);
	return OD_INVALID;
}

static od_status check_extras(const od_ctx *ctx, const rules_request_type *t,
			      const record_set *extra, size_t n, od_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const rules_request_field *f = field_of(t, extra[i].field);
		if (!f) {
			strbuf known = {0};
			for (size_t j = 0; j < t->fields.n; j++)
				sb_addf(&known, "%s%s", j ? ", " : "", t->fields.v[j].id);
			od_fail(err, OD_INVALID,
				_("%s: not a field of request type '%s' (its fields: %s)"),
				extra[i].field, t->id, known.buf ? known.buf : _("none"));
			sb_free(&known);
			return OD_INVALID;
		}
		od_status s = check_extra(ctx, t, f, extra[i].value, err);
		if (s != OD_OK)
			return s;
	}
	for (size_t j = 0; j < t->fields.n; j++) {
		const rules_request_field *f = &t->fields.v[j];
		const char *v = record_set_find(extra, n, f->id);
		if (f->required && (!v || !*v))
			return od_fail(err, OD_INVALID,
				       _("%s (%s): required for a request of type '%s' (%s)"), f->id,
				       f->name, t->id, t->name);
	}
	return OD_OK;
}

static od_status validate(const od_ctx *ctx, const record *rec, od_error *err)
{
	const char *type = record_value(rec, "type");
	if (!rules_request_type_find(ctx->rules, type))
		return unknown_type(ctx->rules, type, err);
	return OD_OK;
}

/* --- creating ---------------------------------------------------------------- */

/* The type's fields of the request being created, for after_change to
 * store inside record_create's transaction: the hook is told only the
 * record's id. Set and cleared around that one call (the program runs
 * one operation at a time). */
static struct {
	const record_set *v;
	size_t n;
	const rules_request_type *type;
} pending;

static od_status store_value(const od_ctx *ctx, int64_t id, const rules_request_field *f,
			     const char *v, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "INSERT INTO request_field(request_id, field, value) VALUES (?1, ?2, ?3)",
				   err);
	if (!st)
		return OD_DB;
	/* kept as the generic fields are: a flag as yes or no, whatever was typed */
	record_field d = request_field_decl(f);
	char *stored = record_stored_form(&d, v);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, stored, -1, SQLITE_TRANSIENT);
	free(stored);
	return db_step_done(ctx->db, st, err);
}

od_status request_create(const od_ctx *ctx, const record_set *values, size_t n,
			 const record_set *extra, size_t nextra, int64_t *id, od_error *err)
{
	const char *type = record_set_find(values, n, "type");
	const rules_request_type *t = rules_request_type_find(ctx->rules, type ? type : "");
	if (!t)
		return type && *type ? unknown_type(ctx->rules, type, err)
				     : od_fail(err, OD_INVALID, _("type: required for a new %s"),
					       _(request_kind.noun));
	od_status s = check_extras(ctx, t, extra, nextra, err);
	if (s != OD_OK)
		return s;
	/* a request without a channel came the way a quick intake does */
	record_set *all = xcalloc(n + 1, sizeof *all);
	memcpy(all, values, n * sizeof *all);
	size_t nall = n;
	if (!record_set_find(values, n, "channel")) {
		const char *ch = ctx->rules->defaults.channel.id;
		if (!ch && ctx->rules->channels.n)
			ch = ctx->rules->channels.v[0].id;
		if (ch)
			all[nall++] = (record_set){"channel", ch};
	}
	pending.v = extra;
	pending.n = nextra;
	pending.type = t;
	s = record_create(ctx, &request_kind, all, nall, id, err);
	pending.v = NULL;
	pending.n = 0;
	pending.type = NULL;
	free(all);
	return s;
}

/* --- approval steps ---------------------------------------------------------- */

static int64_t approved_count(const od_ctx *ctx, int64_t id, od_error *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT count(*) FROM request_approval"
				   " WHERE request_id = ?1 AND decision = 'approved'",
				   err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (n < 0)
		db_error(ctx->db, "request_approval", err);
	return n;
}

static bool holds_any(const staff_member *me, const rules_refs *roles)
{
	for (size_t i = 0; i < roles->n; i++)
		if (staff_has_role(me, roles->v[i].id))
			return true;
	return false;
}

static char *role_names(const rules *r, const rules_refs *roles)
{
	strbuf names = {0};
	for (size_t i = 0; i < roles->n; i++) {
		const rules_role *role = rules_role_find(r, roles->v[i].id);
		sb_addf(&names, "%s%s", i ? ", " : "", role ? role->name : roles->v[i].id);
	}
	return sb_take(&names);
}

/* What the type's approval steps ask of submit, approve, reject and start;
 * the rules' roles and states were checked already. */
static od_status may_transition(const od_ctx *ctx, const record *rec, const rules_transition *t,
				const char *note, const record_set *sets, size_t nsets,
				od_error *err)
{
	(void)note, (void)sets, (void)nsets;
	const rules_request_type *type = type_of(ctx->rules, rec);
	if (!type)
		return unknown_type(ctx->rules, record_value(rec, "type"), err);
	char ref[32];
	record_ref(&request_kind, rec->id, ref, sizeof ref);
	int64_t done = approved_count(ctx, rec->id, err);
	if (done < 0)
		return OD_DB;
	size_t steps = type->approvals.n;
	if (strcmp(t->id, "submit") == 0 && steps == 0)
		return od_fail(err, OD_INVALID,
			       _("%s: a request of type '%s' (%s) needs no approval; start it"), ref,
			       type->id, type->name);
	if (strcmp(t->id, "approve") == 0 || strcmp(t->id, "reject") == 0) {
		if ((size_t)done >= steps)
			return od_fail(err, OD_INVALID,
				       _("%s: every approval step is done; it can start"), ref);
		const rules_approval_step *step = &type->approvals.v[done];
		staff_member me = {0};
		od_status s = staff_get(ctx->db, ctx->login, &me, err);
		if (s != OD_OK)
			return s;
		bool may = holds_any(&me, &step->roles);
		staff_member_clear(&me);
		if (!may) {
			char *names = role_names(ctx->rules, &step->roles);
			od_fail(err, OD_DENIED,
				_("%s: approval step %lld of %zu, '%s' (%s), is for: %s"), ref,
				(long long)done + 1, steps, step->id, step->name, names);
			free(names);
			return OD_DENIED;
		}
	}
	if (strcmp(t->id, "start") == 0 && (size_t)done < steps) {
		const rules_approval_step *step = &type->approvals.v[done];
		if (strcmp(rec->state, "approval") != 0)
			return od_fail(err, OD_INVALID,
				       _("%s: a request of type '%s' (%s) needs approval first (opsdesk do %s submit)"),
				       ref, type->id, type->name, ref);
		return od_fail(err, OD_INVALID,
			       _("%s: approval step %lld of %zu, '%s' (%s), is still to be taken"), ref,
			       (long long)done + 1, steps, step->id, step->name);
	}
	return OD_OK;
}

static od_status record_step(const od_ctx *ctx, int64_t id, const char *decision, od_error *err)
{
	record rec = {0};
	od_status s = record_get(ctx->db, &request_kind, id, &rec, err);
	if (s != OD_OK)
		return s;
	const rules_request_type *type = type_of(ctx->rules, &rec);
	int64_t done = approved_count(ctx, id, err);
	if (done < 0)
		s = OD_DB;
	else if (!type || (size_t)done >= type->approvals.n)
		s = od_fail(err, OD_INVALID, _("REQ-%lld: no approval step is pending"), (long long)id);
	if (s == OD_OK) {
		sqlite3_stmt *st = db_stmt(ctx->db,
					   "INSERT INTO request_approval(request_id, seq, step, decision, by, at)"
					   " VALUES (?1, (SELECT count(*) + 1 FROM request_approval"
					   "              WHERE request_id = ?1), ?2, ?3, ?4, ?5)",
					   err);
		if (!st) {
			s = OD_DB;
		} else {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, type->approvals.v[done].id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, decision, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, ctx->login, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 5, (int64_t)clock_now());
			s = db_step_done(ctx->db, st, err);
		}
	}
	record_clear(&rec);
	return s;
}

/* Inside the mechanism's transaction: the type's fields of a new request,
 * and the step an approve or reject decided. */
static od_status after_change(const od_ctx *ctx, int64_t id, const char *op, const char *text,
			      od_error *err)
{
	(void)text;
	if (strcmp(op, "request.create") == 0 && pending.type) {
		for (size_t j = 0; j < pending.type->fields.n; j++) {
			const rules_request_field *f = &pending.type->fields.v[j];
			const char *v = record_set_find(pending.v, pending.n, f->id);
			if (v && *v) {
				od_status s = store_value(ctx, id, f, v, err);
				if (s != OD_OK)
					return s;
			}
		}
		return OD_OK;
	}
	if (strcmp(op, "request.approve") == 0)
		return record_step(ctx, id, "approved", err);
	if (strcmp(op, "request.reject") == 0)
		return record_step(ctx, id, "rejected", err);
	return OD_OK;
}

/* --- reading ------------------------------------------------------------------ */

void request_values_free(request_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].field);
		free(v[i].value);
	}
	free(v);
}

od_status request_values(const od_ctx *ctx, const record *rec, request_value **out, size_t *n,
			 od_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT field, value FROM request_field WHERE request_id = ?1",
				   err);
	if (!st)
		return OD_DB;
	sqlite3_bind_int64(st, 1, rec->id);
	request_value *all = NULL;
	size_t count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		all = xrealloc(all, (count + 1) * sizeof *all);
		all[count++] = (request_value){xstrdup(db_text(st, 0)), xstrdup(db_text(st, 1))};
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		request_values_free(all, count);
		return db_error(ctx->db, "request_field", err);
	}
	/* the catalogue's order, so show and the form agree */
	const rules_request_type *t = type_of(ctx->rules, rec);
	request_value *sorted = xcalloc(count ? count : 1, sizeof *sorted);
	size_t k = 0;
	for (size_t j = 0; t && j < t->fields.n; j++)
		for (size_t i = 0; i < count; i++)
			if (all[i].field && strcmp(all[i].field, t->fields.v[j].id) == 0) {
				sorted[k++] = all[i];
				all[i].field = NULL;
			}
	for (size_t i = 0; i < count; i++)
		if (all[i].field)
			sorted[k++] = all[i];
	free(all);
	*out = sorted;
	*n = k;
	return OD_OK;
}

void request_steps_free(request_step *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].decision);
		free(v[i].by);
	}
	free(v);
}

od_status request_steps(const od_ctx *ctx, const record *rec, request_step **out, size_t *n,
			od_error *err)
{
	*out = NULL;
	*n = 0;
	const rules_request_type *t = type_of(ctx->rules, rec);
	if (!t || !t->approvals.n)
		return OD_OK;
	request_step *v = xcalloc(t->approvals.n, sizeof *v);
	for (size_t i = 0; i < t->approvals.n; i++)
		v[i] = (request_step){&t->approvals.v[i], xstrdup(""), xstrdup(""), 0};
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT step, decision, by, at FROM request_approval"
				   " WHERE request_id = ?1 ORDER BY seq",
				   err);
	if (!st) {
		request_steps_free(v, t->approvals.n);
		return OD_DB;
	}
	sqlite3_bind_int64(st, 1, rec->id);
	/* steps are decided in order: the k-th decision is the k-th step */
	size_t k = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < t->approvals.n) {
		free(v[k].decision);
		free(v[k].by);
		v[k].decision = xstrdup(db_text(st, 1));
		v[k].by = xstrdup(db_text(st, 2));
		v[k].at = (time_t)sqlite3_column_int64(st, 3);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		request_steps_free(v, t->approvals.n);
		return db_error(ctx->db, "request_approval", err);
	}
	*out = v;
	*n = t->approvals.n;
	return OD_OK;
}

/* --- the SLA clocks ------------------------------------------------------------ */

od_status request_sla(const od_ctx *ctx, const record *rec, time_t now, sla_result *out,
		      od_error *err)
{
	const rules_request_type *t = type_of(ctx->rules, rec);
	if (!t)
		return unknown_type(ctx->rules, record_value(rec, "type"), err);
	const rules_workflow *w = record_workflow(ctx->rules, &request_kind);
	sla_targets targets = {t->response, t->resolution,
			       rules_calendar_find(ctx->rules, t->calendar.id)};
	char ref[32];
	record_ref(&request_kind, rec->id, ref, sizeof ref);
	journal_entry *j = NULL;
	size_t nj = 0;
	od_status s = journal_list(ctx->db, ref, &j, &nj, err);
	if (s != OD_OK)
		return s;
	/* the state each entry entered is in its data */
	sqlite3_stmt *st = db_stmt(ctx->db, "SELECT json_extract(?1, '$.state')", err);
	if (!st) {
		journal_entries_free(j, nj);
		return OD_DB;
	}
	sla_event *ev = xcalloc(2 * nj + 1, sizeof *ev);
	char **states = xcalloc(nj + 1, sizeof *states);
	size_t n = 0;
	bool responded = false;
	for (size_t i = 0; i < nj; i++) {
		if (!j[i].data || !*j[i].data)
			continue;
		sqlite3_bind_text(st, 1, j[i].data, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
			states[i] = xstrdup(db_text(st, 0));
		sqlite3_reset(st);
		if (!states[i])
			continue;
		bool created = strcmp(j[i].kind, "create") == 0;
		ev[n++] = (sla_event){j[i].at, created ? SLA_CREATED : SLA_STATE, states[i]};
		/* the first step out of the initial state is the first response */
		if (!created && !responded && strcmp(states[i], w->initial.id) != 0) {
			ev[n++] = (sla_event){j[i].at, SLA_RESPONDED, NULL};
			responded = true;
		}
	}
	s = sla_compute_fixed(ctx->rules, w, &targets, ev, n, now, out, err);
	for (size_t i = 0; i < nj; i++)
		free(states[i]);
	free(states);
	free(ev);
	journal_entries_free(j, nj);
	return s;
}

/* --- JSON ----------------------------------------------------------------------- */

static const char *standing_id(sla_standing s)
{
	switch (s) {
	case SLA_ON_TIME: return "on_time";
	case SLA_AT_RISK: return "at_risk";
	case SLA_BREACHED: return "breached";
	case SLA_MET: return "met";
	}
	return "";
}

static void clock_json(strbuf *out, const char *key, const sla_clock *c)
{
	char due[40];
	sb_addf(out, ",\"%s\":{\"target_minutes\":%lld,\"used_minutes\":%lld,\"standing\":", key,
		(long long)c->target, (long long)c->used);
	sb_add_json(out, standing_id(c->standing));
	sb_add(out, ",\"due\":");
	sb_add_json(out, c->due ? clock_format_iso(c->due, due, sizeof due) : "");
	sb_addf(out, ",\"paused\":%s}", c->paused ? "true" : "false");
}

od_status request_json_extra(const od_ctx *ctx, const record *rec, time_t now, strbuf *out,
			     od_error *err)
{
	const rules_request_type *t = type_of(ctx->rules, rec);
	sb_add(out, ",\"type_name\":");
	sb_add_json(out, t ? t->name : "");
	request_value *v = NULL;
	size_t n = 0;
	od_status s = request_values(ctx, rec, &v, &n, err);
	if (s != OD_OK)
		return s;
	sb_add(out, ",\"fields\":{");
	for (size_t i = 0; i < n; i++) {
		sb_add(out, i ? "," : "");
		sb_add_json(out, v[i].field);
		sb_add(out, ":");
		sb_add_json(out, v[i].value);
	}
	sb_add(out, "}");
	request_values_free(v, n);
	request_step *steps = NULL;
	size_t nsteps = 0;
	if ((s = request_steps(ctx, rec, &steps, &nsteps, err)) != OD_OK)
		return s;
	sb_add(out, ",\"approvals\":[");
	for (size_t i = 0; i < nsteps; i++) {
		char at[40];
		sb_add(out, i ? ",{\"step\":" : "{\"step\":");
		sb_add_json(out, steps[i].step->id);
		sb_add(out, ",\"name\":");
		sb_add_json(out, steps[i].step->name);
		sb_add(out, ",\"decision\":");
		sb_add_json(out, *steps[i].decision ? steps[i].decision : "pending");
		sb_add(out, ",\"by\":");
		sb_add_json(out, steps[i].by);
		sb_add(out, ",\"at\":");
		sb_add_json(out, steps[i].at ? clock_format_iso(steps[i].at, at, sizeof at) : "");
		sb_add(out, "}");
	}
	sb_add(out, "]");
	request_steps_free(steps, nsteps);
	sla_result sla;
	if ((s = request_sla(ctx, rec, now, &sla, err)) != OD_OK)
		return s;
	sb_add(out, ",\"sla\":{\"calendar\":");
	sb_add_json(out, t ? t->calendar.id : "");
	clock_json(out, "response", &sla.response);
	clock_json(out, "resolution", &sla.resolution);
	sb_add(out, "}");
	return OD_OK;
}

/* --- figures ------------------------------------------------------------------ */

static void judge(const sla_clock *c, int64_t *met, int64_t *missed)
{
	if (c->standing == SLA_MET)
		(*met)++;
	else if (c->standing == SLA_BREACHED)
		(*missed)++;
}

od_status request_figures_of(const od_ctx *ctx, time_t from, time_t to, time_t as_of,
			     request_figures **out, od_error *err)
{
	size_t ntypes = ctx->rules->requests.types.n;
	request_figures *f = xcalloc(ntypes + 1, sizeof *f);
	*out = NULL;
	/* the requests of the window through request_by_created, one at a time */
	sqlite3_stmt *st = db_stmt(ctx->db,
				   "SELECT id FROM request WHERE created >= ?1 AND created < ?2"
				   " ORDER BY created, id",
				   err);
	if (!st) {
		free(f);
		return OD_DB;
	}
	sqlite3_bind_int64(st, 1, (int64_t)from);
	sqlite3_bind_int64(st, 2, (int64_t)to);
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	od_status s = rc == SQLITE_DONE ? OD_OK : db_error(ctx->db, "request", err);
	const rules_workflow *w = record_workflow(ctx->rules, &request_kind);
	for (size_t i = 0; s == OD_OK && i < n; i++) {
		record rec = {0};
		if ((s = record_get(ctx->db, &request_kind, ids[i], &rec, err)) != OD_OK)
			break;
		const rules_request_type *t = type_of(ctx->rules, &rec);
		request_figures *fig = &f[t ? (size_t)(t - ctx->rules->requests.types.v) : ntypes];
		fig->count++;
		const rules_state *state = NULL;
		for (size_t k = 0; k < w->states.n; k++)
			if (strcmp(w->states.v[k].id, rec.state) == 0)
				state = &w->states.v[k];
		/* ended unfulfilled: a final state that is not a resolved one
		 * (rejected, cancelled); its clocks are not judged */
		bool ended = state && state->final && !state->resolved;
		if (state && state->resolved)
			fig->fulfilled++;
		sla_result sla;
		if (t && !ended && request_sla(ctx, &rec, as_of, &sla, err) == OD_OK) {
			judge(&sla.response, &fig->resp_met, &fig->resp_missed);
			judge(&sla.resolution, &fig->res_met, &fig->res_missed);
		}
		record_clear(&rec);
	}
	free(ids);
	if (s != OD_OK) {
		free(f);
		return s;
	}
	*out = f;
	return OD_OK;
}
