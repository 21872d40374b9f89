/* Service requests in the console: the intake form (N on the incident
 * queue, next to n for a fault: the operator picks which the call is),
 * the list of requests (R on the incident queue) and a request to read.
 * The form shows the fields of the type chosen in its first field; every
 * value is checked in the core (request.c), whose message is shown under
 * its field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/rating.h"
#include "opsdesk/request.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_list.h"
#include "opsdesk/tui_record.h"
#include "opsdesk/tui_request.h"
#include "opsdesk/xalloc.h"

/* --- the intake form ----------------------------------------------------------- */

enum { FORM_KEY_MAX = 80 };

/* A type's field in the form is "TYPE.FIELD": types may share field ids. */
static void field_key(char *buf, size_t len, const rules_request_type *t,
		      const rules_request_field *f)
{
	snprintf(buf, len, "%s.%s", t->id, f->id);
}

static const char *chosen_type(tui_form *f, char **owned)
{
	*owned = tui_form_value(f, "type");
	return *owned;
}

/* Only the chosen type's fields are shown, checked and saved. */
static void show_type_fields(tui_form *f, void *owner)
{
	(void)owner;
	char *type;
	chosen_type(f, &type);
	const rules *r = f->rules;
	for (size_t i = 0; i < r->requests.types.n; i++) {
		const rules_request_type *t = &r->requests.types.v[i];
		bool mine = type && strcmp(type, t->id) == 0;
		for (size_t j = 0; j < t->fields.n; j++) {
			char key[FORM_KEY_MAX];
			field_key(key, sizeof key, t, &t->fields.v[j]);
			if (tui_form_is_hidden(f, key) == mine)
				tui_form_hide(f, key, !mine);
		}
	}
	free(type);
}

/* The core names a type's field by its id first ("cost: ...", "cost
 * (预估费用): ...", or with the Chinese catalogue's full-width colon); the
 * form knows it as "TYPE.FIELD", and shows what follows the colon under it. */
static void point_at_field(od_error *err, const rules_request_type *t)
{
	for (size_t j = 0; t && j < t->fields.n; j++) {
		const char *id = t->fields.v[j].id;
		size_t len = strlen(id);
		char next = err->msg[len];
		if (strncmp(err->msg, id, len) != 0 || next == '_' || (next >= 'a' && next <= 'z'))
			continue;
		const char *ascii = strchr(err->msg + len, ':');
		const char *wide = strstr(err->msg + len, "：");
		const char *rest = ascii && (!wide || ascii < wide) ? ascii + 1
				 : wide ? wide + strlen("：")
					: NULL;
		if (!rest)
			continue;
		while (*rest == ' ')
			rest++;
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s.%s: %s", t->id, id, rest);
		snprintf(err->msg, sizeof err->msg, "%s", msg);
		return;
	}
}

static od_status submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)owner;
	od_ctx *ctx = tui_ctx(app);
	static const char *const plain[] = {"type", "title", "requester", "contact",
					    "description"};
	enum { NPLAIN = sizeof plain / sizeof *plain };
	char *pv[NPLAIN];
	record_set values[NPLAIN];
	size_t n = 0;
	for (size_t i = 0; i < NPLAIN; i++) {
		pv[i] = tui_form_value(f, plain[i]);
		if (pv[i] && *pv[i])
			values[n++] = (record_set){plain[i], pv[i]};
	}
	const rules_request_type *t = rules_request_type_find(ctx->rules, pv[0] ? pv[0] : "");
	size_t nf = t ? t->fields.n : 0;
	record_set *extra = xcalloc(nf ? nf : 1, sizeof *extra);
	char **ev = xcalloc(nf ? nf : 1, sizeof *ev);
	size_t ne = 0;
	for (size_t j = 0; j < nf; j++) {
		char key[FORM_KEY_MAX];
		field_key(key, sizeof key, t, &t->fields.v[j]);
		ev[j] = tui_form_value(f, key);
		if (ev[j] && *ev[j])
			extra[ne++] = (record_set){t->fields.v[j].id, ev[j]};
	}
	int64_t id = 0;
	od_status s = request_create(ctx, values, n, extra, ne, &id, err);
	if (s == OD_OK)
		tui_status(app, false, _("Recorded REQ-%lld."), (long long)id);
	else
		point_at_field(err, t);
	for (size_t j = 0; j < nf; j++)
		free(ev[j]);
	free(ev);
	free(extra);
	for (size_t i = 0; i < NPLAIN; i++)
		free(pv[i]);
	return s;
}

static tui_choice *item_choices(const rules_item *items, size_t n)
{
	tui_choice *c = xcalloc(n ? n : 1, sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i] = (tui_choice){items[i].id, items[i].name};
	return c;
}

/* The form keeps its fields' keys by pointer: the type fields' keys are
 * made here and freed with the form. */
typedef struct intake_keys {
	char **v;
	size_t n;
} intake_keys;

static void keys_free(void *owner)
{
	intake_keys *k = owner;
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
	free(k);
}

static void add_type_field(tui_form *f, intake_keys *keys, od_db *db,
			   const rules_request_type *t, const rules_request_field *fd)
{
	char buf[FORM_KEY_MAX];
	field_key(buf, sizeof buf, t, fd);
	keys->v = xrealloc(keys->v, (keys->n + 1) * sizeof *keys->v);
	const char *key = keys->v[keys->n++] = xstrdup(buf);
	const char *type = fd->type.id ? fd->type.id : "text";
	record_field d = request_field_decl(fd);
	if (strcmp(type, "choice") == 0) {
		tui_choice *c = item_choices(fd->choices.v, fd->choices.n);
		tui_form_choice(f, key, fd->name, c, fd->choices.n, NULL, fd->required);
		free(c);
	} else if (strcmp(type, "flag") == 0) {
		tui_choice yn[] = {{"yes", (char *)_("yes")}, {"no", (char *)_("no")}};
		tui_form_choice(f, key, fd->name, yn, 2, NULL, fd->required);
	} else if (strcmp(type, "login") == 0) {
		tui_form_person(f, key, fd->name, db, NULL, fd->required);
	} else if (strcmp(type, "long") == 0) {
		tui_form_multiline(f, key, fd->name, "", (size_t)d.max, 3, fd->required);
	} else {
		tui_form_text(f, key, fd->name, "", d.max > 0 ? (size_t)d.max : 64, fd->required);
	}
	tui_form_hide(f, key, true);
}

void tui_request_intake(tui_app *app)
{
	od_ctx *ctx = tui_ctx(app);
	const rules *r = ctx->rules;
	if (!r->requests.types.n) {
		tui_status(app, true, "%s", _("The rules have no request catalogue."));
		return;
	}
	intake_keys *keys = xcalloc(1, sizeof *keys);
	tui_form *f = tui_form_new(_("New service request"), "incidents.request.new", submit, keys);
	f->owner_free = keys_free;
	f->rules = r;
	f->on_change = show_type_fields;
	tui_choice *types = xcalloc(r->requests.types.n, sizeof *types);
	for (size_t i = 0; i < r->requests.types.n; i++)
		types[i] = (tui_choice){r->requests.types.v[i].id, r->requests.types.v[i].name};
	tui_form_choice(f, "type", N_("Request type"), types, r->requests.types.n, NULL, true);
	free(types);
	tui_form_text(f, "title", N_("Title"), "", 200, true);
	tui_form_text(f, "requester", N_("Requester"), "", 100, false);
	tui_form_text(f, "contact", N_("Contact"), "", 100, false);
	tui_form_multiline(f, "description", N_("Description"), "", 8000, 3, false);
	for (size_t i = 0; i < r->requests.types.n; i++)
		for (size_t j = 0; j < r->requests.types.v[i].fields.n; j++)
			add_type_field(f, keys, ctx->db, &r->requests.types.v[i],
				       &r->requests.types.v[i].fields.v[j]);
	tui_form_open(app, f);
}

/* --- one request: the generic record screen and what a request adds ---------- */

static void clock_line(tui_record_view *v, const char *label, const sla_clock *c)
{
	char due[32], text[160];
	if (c->stopped)
		snprintf(text, sizeof text, _("met at %s (%lld of %lld min)"),
			 clock_format(c->stopped, due, sizeof due), (long long)c->used,
			 (long long)c->target);
	else if (c->paused)
		snprintf(text, sizeof text, _("paused (%lld of %lld min used)"), (long long)c->used,
			 (long long)c->target);
	else
		snprintf(text, sizeof text, _("due %s (%lld of %lld min used)"),
			 clock_format(c->due, due, sizeof due), (long long)c->used,
			 (long long)c->target);
	tui_record_field(v, label, text);
}

/* The type and its own fields, the approval steps, the clocks, the rating. */
static void request_sections(tui_record_view *v, tui_app *app, const record *rec)
{
	od_ctx *ctx = tui_ctx(app);
	char ref[32], buf[512], at[40];
	record_ref(&request_kind, rec->id, ref, sizeof ref);
	const rules_request_type *t = rules_request_type_find(ctx->rules, record_value(rec, "type"));
	tui_record_line(v, ST_NORMAL, "");
	tui_record_field(v, _("Request type"), t ? t->name : record_value(rec, "type"));
	request_value *vals = NULL;
	size_t n = 0;
	od_error err;
	if (request_values(ctx, rec, &vals, &n, &err) == OD_OK) {
		for (size_t i = 0; i < n; i++) {
			const char *label = vals[i].field;
			for (size_t j = 0; t && j < t->fields.n; j++)
				if (strcmp(t->fields.v[j].id, vals[i].field) == 0)
					label = t->fields.v[j].name;
			tui_record_field(v, label, vals[i].value);
		}
		request_values_free(vals, n);
	}
	request_step *steps = NULL;
	size_t nsteps = 0;
	if (request_steps(ctx, rec, &steps, &nsteps, &err) == OD_OK) {
		for (size_t i = 0; i < nsteps; i++) {
			if (!*steps[i].decision)
				snprintf(buf, sizeof buf, _("%s: pending"), steps[i].step->name);
			else
				snprintf(buf, sizeof buf, _("%s: %s by %s at %s"), steps[i].step->name,
					 strcmp(steps[i].decision, "approved") == 0 ? _("approved")
										     : _("rejected"),
					 steps[i].by, clock_format(steps[i].at, at, sizeof at));
			tui_record_field(v, _("Approval"), buf);
		}
		request_steps_free(steps, nsteps);
	}
	sla_result sla;
	if (request_sla(ctx, rec, clock_now(), &sla, &err) == OD_OK) {
		clock_line(v, _("Response"), &sla.response);
		clock_line(v, _("Fulfilment due"), &sla.resolution);
	}
	rating rt;
	if (rating_get(ctx->db, ref, &rt, &err) == OD_OK) {
		snprintf(buf, sizeof buf, _("%d of 5 %s"), rt.score, rt.note);
		tui_record_field(v, _("Satisfaction"), buf);
		rating_clear(&rt);
	}
}

static const tui_record_kind request_screens = {
	.kind = &request_kind,
	.context = "incidents.request",
	.title = N_("Service request"),
	.sections = request_sections,
	.keys_help = N_("t action (submit, approve, start, fulfil...)  c comment  e edit  q back"),
};

void tui_request_resume(tui_app *app, const char *form_id)
{
	if (strcmp(form_id, "incidents.request.new") == 0)
		tui_request_intake(app);
	else
		tui_record_resume(app, &request_screens, form_id);
}

/* --- the list ------------------------------------------------------------------------ */

enum { PAGE = 200, NCOLS = 6 };

typedef struct requests {
	tui_record_rows rows;
	tui_list list;
} requests;

static const tui_column columns[] = {
	{N_("Ref"), 11, false, false, 0},   {N_("State"), 8, false, false, 0},
	{N_("Type"), 16, false, false, 2},  {N_("Title"), 60, true, false, 0},
	{N_("Requester"), 10, false, false, 3}, {N_("Assignee"), 10, false, false, 1},
};

static void request_cells(void *arg, const record *rec, char **c)
{
	const rules *r = arg;
	char ref[32];
	record_ref(&request_kind, rec->id, ref, sizeof ref);
	const rules_request_type *t = rules_request_type_find(r, record_value(rec, "type"));
	c[0] = xstrdup(ref);
	c[1] = xstrdup(record_state_name(r, &request_kind, rec->state));
	c[2] = xstrdup(t ? t->name : record_value(rec, "type"));
	c[3] = xstrdup(record_value(rec, "title"));
	c[4] = xstrdup(record_value(rec, "requester"));
	c[5] = xstrdup(record_value(rec, "assignee"));
}

static void requests_reload(void *self, tui_app *app)
{
	requests *s = self;
	od_ctx *ctx = tui_ctx(app);
	tui_record_rows_clear(&s->rows);
	record_filter f = {.limit = PAGE};
	record *v;
	size_t n;
	od_error err;
	if (record_list(ctx->db, &request_kind, &f, &v, &n, &err) == OD_OK) {
		tui_record_rows_add(&s->rows, v, n, request_cells, (void *)ctx->rules);
		free(v);
	} else {
		tui_status(app, true, "%s", err.msg);
	}
	s->list.nshown = 0;
	tui_list_reset(&s->list, s->rows.n);
}

static void *requests_open(tui_app *app)
{
	requests *s = xcalloc(1, sizeof *s);
	s->rows.ncols = NCOLS;
	tui_list_init(&s->list, columns, NCOLS, tui_record_rows_cell, &s->rows);
	requests_reload(s, app);
	return s;
}

static void requests_close(void *self)
{
	requests *s = self;
	tui_record_rows_clear(&s->rows);
	tui_list_free(&s->list);
	free(s);
}

static void requests_draw(void *self, tui_app *app, WINDOW *w)
{
	requests *s = self;
	tui_list_draw(&s->list, app, w, 0, getmaxy(w), getmaxx(w));
}

static tui_reaction requests_key(void *self, tui_app *app, tui_key k)
{
	requests *s = self;
	if (s->list.searching)
		return tui_list_key(&s->list, k);
	size_t row;
	switch (tui_action_for("list", k)) {
	case A_NEW: tui_request_intake(app); return TUI_HANDLED;
	case A_OPEN:
		if (tui_list_current(&s->list, &row))
			tui_record_open(app, &request_screens, s->rows.v[row].id);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: return tui_list_key(&s->list, k);
	}
}

static const tui_screen_ops screen_requests = {
	.title = N_("Service requests"),
	.number = -1,
	.context = "requests",
	.open = requests_open,
	.close = requests_close,
	.reload = requests_reload,
	.draw = requests_draw,
	.key = requests_key,
};

void tui_request_list(tui_app *app)
{
	tui_push(app, &screen_requests, requests_open(app));
}
