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
	tui_form *f = tui_form_new(_("New service request"), NULL, submit, keys);
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

/* --- one request, to read --------------------------------------------------------- */

/* The view only shows; tui_form_view keeps it from saving. */
static od_status no_submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	(void)f, (void)owner, (void)app;
	return od_fail(err, OD_DENIED, "%s", _("A request is changed with opsdesk do."));
}

static void view(tui_app *app, int64_t id)
{
	od_ctx *ctx = tui_ctx(app);
	record rec = {0};
	od_error err;
	if (record_get(ctx->db, &request_kind, id, &rec, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	char ref[32], buf[512], at[40];
	record_ref(&request_kind, id, ref, sizeof ref);
	const rules_request_type *t = rules_request_type_find(ctx->rules, record_value(&rec, "type"));
	char *title = xasprintf("%s %s", ref, record_value(&rec, "title"));
	tui_form *f = tui_form_new(title, NULL, no_submit, NULL);
	free(title);
	tui_form_shown(f, "state", N_("State"), record_state_name(ctx->rules, &request_kind, rec.state));
	tui_form_shown(f, "type", N_("Request type"), t ? t->name : record_value(&rec, "type"));
	tui_form_shown(f, "requester", N_("Requester"), record_value(&rec, "requester"));
	tui_form_shown(f, "assignee", N_("Assignee"), record_value(&rec, "assignee"));
	request_value *v = NULL;
	size_t n = 0;
	if (request_values(ctx, &rec, &v, &n, &err) == OD_OK) {
		/* keys and labels from the rules: the form keeps them by pointer */
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; t && j < t->fields.n; j++)
				if (strcmp(t->fields.v[j].id, v[i].field) == 0)
					tui_form_shown(f, t->fields.v[j].id, t->fields.v[j].name,
						       v[i].value);
		request_values_free(v, n);
	}
	request_step *steps = NULL;
	size_t nsteps = 0;
	if (request_steps(ctx, &rec, &steps, &nsteps, &err) == OD_OK) {
		for (size_t i = 0; i < nsteps; i++) {
			if (!*steps[i].decision)
				snprintf(buf, sizeof buf, _("%s: pending"), steps[i].step->name);
			else
				snprintf(buf, sizeof buf, _("%s: %s by %s at %s"), steps[i].step->name,
					 strcmp(steps[i].decision, "approved") == 0 ? _("approved")
										     : _("rejected"),
					 steps[i].by, clock_format(steps[i].at, at, sizeof at));
			tui_form_shown(f, steps[i].step->id, N_("Approval"), buf);
		}
		request_steps_free(steps, nsteps);
	}
	tui_form_shown(f, "description", N_("Description"), record_value(&rec, "description"));
	tui_form_shown(f, "resolution", N_("Fulfilment"), record_value(&rec, "resolution"));
	rating rt;
	if (rating_get(ctx->db, ref, &rt, &err) == OD_OK) {
		snprintf(buf, sizeof buf, _("%d of 5 %s"), rt.score, rt.note);
		tui_form_shown(f, "rating", N_("Satisfaction"), buf);
		rating_clear(&rt);
	}
	snprintf(buf, sizeof buf, _("Change it with: opsdesk do %s ACTION"), ref);
	tui_form_view(f, buf);
	tui_form_open(app, f);
	record_clear(&rec);
}

/* --- the list ------------------------------------------------------------------------ */

enum { PAGE = 200, NCOLS = 6 };

typedef struct requests {
	record *v;
	size_t n;
	char **cells; /* n * NCOLS */
	tui_list list;
} requests;

static const tui_column columns[] = {
	{N_("Ref"), 11, false, false, 0},   {N_("State"), 8, false, false, 0},
	{N_("Type"), 16, false, false, 2},  {N_("Title"), 60, true, false, 0},
	{N_("Requester"), 10, false, false, 3}, {N_("Assignee"), 10, false, false, 1},
};

static const char *cell(void *data, size_t row, int col)
{
	return ((requests *)data)->cells[row * NCOLS + (size_t)col];
}

static void drop(requests *s)
{
	for (size_t i = 0; i < s->n * NCOLS; i++)
		free(s->cells[i]);
	free(s->cells);
	record_list_free(s->v, s->n);
	s->v = NULL;
	s->cells = NULL;
	s->n = 0;
}

static void requests_reload(void *self, tui_app *app)
{
	requests *s = self;
	od_ctx *ctx = tui_ctx(app);
	drop(s);
	record_filter f = {.limit = PAGE};
	od_error err;
	if (record_list(ctx->db, &request_kind, &f, &s->v, &s->n, &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	s->cells = xcalloc(s->n * NCOLS + 1, sizeof *s->cells);
	for (size_t i = 0; i < s->n; i++) {
		char ref[32];
		record_ref(&request_kind, s->v[i].id, ref, sizeof ref);
		const rules_request_type *t =
			rules_request_type_find(ctx->rules, record_value(&s->v[i], "type"));
		char **c = &s->cells[i * NCOLS];
		c[0] = xstrdup(ref);
		c[1] = xstrdup(record_state_name(ctx->rules, &request_kind, s->v[i].state));
		c[2] = xstrdup(t ? t->name : record_value(&s->v[i], "type"));
		c[3] = xstrdup(record_value(&s->v[i], "title"));
		c[4] = xstrdup(record_value(&s->v[i], "requester"));
		c[5] = xstrdup(record_value(&s->v[i], "assignee"));
	}
	s->list.nshown = 0;
	tui_list_reset(&s->list, s->n);
}

static void *requests_open(tui_app *app)
{
	requests *s = xcalloc(1, sizeof *s);
	tui_list_init(&s->list, columns, NCOLS, cell, s);
	requests_reload(s, app);
	return s;
}

static void requests_close(void *self)
{
	requests *s = self;
	drop(s);
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
			view(app, s->v[row].id);
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
