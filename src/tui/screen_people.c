/* Screen 0, the people: the staff list, and the form to add or edit a
 * person. Permission is checked in the core; asking it before opening a
 * form only spares the user typing into a form they cannot save. */
#include <stdlib.h>
#include <string.h>

#include "opsdesk/access.h"
#include "opsdesk/i18n.h"
#include "opsdesk/staff.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_form.h"
#include "opsdesk/tui_list.h"
#include "opsdesk/xalloc.h"

typedef struct people {
	staff_member *v;
	size_t n;
	char **roles; /* role names per person, for the list */
	tui_list list;
} people;

/* What a form remembers of the record it edits. */
typedef struct person_edit {
	people *screen;
	char *login;     /* NULL: a new person */
} person_edit;

/* At narrow widths the team goes first, then the phone. */
static const tui_column columns[] = {
	{N_("Login"), 12, false, false, 0}, {NC_("person", "Name"), 16, false, false, 0},
	{N_("Phone"), 20, false, false, 1}, {N_("Team"), 12, false, false, 2},
	{N_("Roles"), 60, true, false, 0},  {N_("Status"), 12, false, false, 0},
};

static const char *cell(void *data, size_t row, int col)
{
	people *p = data;
	const staff_member *m = &p->v[row];
	switch (col) {
	case 0: return m->login;
	case 1: return m->name;
	case 2: return m->phone;
	case 3: return m->team;
	case 4: return p->roles[row];
	default: return m->active ? _("active") : _("deactivated");
	}
}

static tui_style row_style(void *data, size_t row)
{
	return ((people *)data)->v[row].active ? ST_NORMAL : ST_DIM;
}

static void free_rows(people *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->roles[i]);
	free(p->roles);
	staff_list_free(p->v, p->n);
	p->v = NULL;
	p->roles = NULL;
	p->n = 0;
}

static void people_reload(void *self, tui_app *app)
{
	people *p = self;
	od_ctx *ctx = tui_ctx(app);
	/* keep the same person selected across the reload */
	char *keep = NULL;
	size_t row;
	if (tui_list_current(&p->list, &row))
		keep = xstrdup(p->v[row].login);
	free_rows(p);
	od_error err;
	if (staff_list(ctx->db, true, &p->v, &p->n, &err) != OD_OK)
		tui_status(app, true, "%s", err.msg);
	p->roles = xcalloc(p->n ? p->n : 1, sizeof *p->roles);
	for (size_t i = 0; i < p->n; i++)
		p->roles[i] = staff_role_names(ctx->rules, &p->v[i], "、");
	p->list.nshown = 0;
	tui_list_reset(&p->list, p->n);
	for (size_t i = 0; keep && i < p->n; i++)
		if (strcmp(p->v[i].login, keep) == 0)
			tui_list_select(&p->list, i);
	free(keep);
}

static void *people_open(tui_app *app)
{
	people *p = xcalloc(1, sizeof *p);
	tui_list_init(&p->list, columns, (int)(sizeof columns / sizeof *columns), cell, p);
	p->list.style = row_style;
	people_reload(p, app);
	return p;
}

static void people_close(void *self)
{
	people *p = self;
	free_rows(p);
	tui_list_free(&p->list);
	free(p);
}

static void people_draw(void *self, tui_app *app, WINDOW *w)
{
	people *p = self;
	tui_list_draw(&p->list, app, w, 0, getmaxy(w), getmaxx(w));
}

/* --- the person form ------------------------------------------------------ */

static od_status submit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	person_edit *pe = owner;
	od_ctx *ctx = tui_ctx(app);
	char *name = tui_form_value(f, "name"), *phone = tui_form_value(f, "phone"),
	     *team = tui_form_value(f, "team"), *email = tui_form_value(f, "email"),
	     *deputy = tui_form_value(f, "deputy"), *note = tui_form_value(f, "note");
	size_t nroles;
	const char **roles = tui_form_ticked(f, "roles", &nroles);
	staff_fields fields = {.name = name, .phone = phone, .team = team, .email = email,
			       .deputy = deputy, .note = note, .roles = roles, .nroles = nroles};
	od_status s;
	char *login = pe->login ? xstrdup(pe->login) : tui_form_value(f, "login");
	if (pe->login)
		s = staff_edit(ctx, login, f->version, &fields, err);
	else
		s = staff_add(ctx, login, &fields, err);
	if (s == OD_OK)
		tui_status(app, false, pe->login ? _("Saved %s.") : _("Added %s."), login);
	free(login);
	free(name);
	free(phone);
	free(team);
	free(email);
	free(deputy);
	free(note);
	free(roles);
	return s;
}

static void person_edit_free(void *owner)
{
	person_edit *pe = owner;
	free(pe->login);
	free(pe);
}

static tui_choice *role_choices(const rules *r)
{
	tui_choice *c = xcalloc(r->roles.n ? r->roles.n : 1, sizeof *c);
	for (size_t i = 0; i < r->roles.n; i++)
		c[i] = (tui_choice){r->roles.v[i].id, r->roles.v[i].name};
	return c;
}

/* Opens the form for a new person (m == NULL) or to edit m; to look at m
 * only for those who may not manage staff. */
static void open_form(people *p, tui_app *app, const staff_member *m)
{
	od_ctx *ctx = tui_ctx(app);
	od_error err;
	bool may = access_require(ctx, "staff.manage", &err) == OD_OK;
	if (!may && !m) {
		tui_status(app, true, "%s", err.msg);
		return;
	}
	person_edit *pe = xcalloc(1, sizeof *pe);
	pe->screen = p;
	char *title, *draft;
	if (m) {
		pe->login = xstrdup(m->login);
		title = may ? xasprintf(_("Edit %s (%s)"), m->name, m->login)
			    : xasprintf("%s (%s)", m->name, m->login);
		draft = xasprintf("people.edit:%s", m->login);
	} else {
		title = xstrdup(_("New staff member"));
		draft = xstrdup("people.new");
	}
	tui_form *f = tui_form_new(title, draft, submit, pe);
	f->version = m ? m->version : 0;
	free(title);
	free(draft);
	if (!m)
		tui_form_text(f, "login", N_("Login"), "", 32, true);
	tui_form_text(f, "name", NC_("person", "Name"), m ? m->name : "", STAFF_NAME_MAX, true);
	tui_form_text(f, "phone", N_("Phone"), m ? m->phone : "", STAFF_PHONE_MAX, false);
	tui_form_text(f, "team", N_("Team"), m ? m->team : "", STAFF_TEAM_MAX, false);
	tui_form_text(f, "email", N_("E-mail"), m ? m->email : "", STAFF_EMAIL_MAX, false);
	tui_form_person(f, "deputy", N_("Deputy"), ctx->db, m ? m->deputy : NULL, false);
	tui_choice *roles = role_choices(ctx->rules);
	tui_form_multi(f, "roles", N_("Roles"), roles, ctx->rules->roles.n,
		       m ? (const char *const *)m->roles : NULL, m ? m->nroles : 0, true);
	free(roles);
	tui_form_multiline(f, "note", N_("Note"), m ? m->note : "", STAFF_NOTE_MAX, 4, false);
	/* the owner record is freed with the form */
	f->owner_free = person_edit_free;
	if (!may)
		tui_form_view(f, err.msg);
	tui_form_open(app, f);
}

static tui_reaction activate_answer(void *self, tui_app *app, bool yes)
{
	people *p = self;
	size_t row;
	if (!yes || !tui_list_current(&p->list, &row))
		return TUI_HANDLED;
	const staff_member *m = &p->v[row];
	od_error err;
	if (staff_set_active(tui_ctx(app), m->login, !m->active, m->version, &err) != OD_OK) {
		tui_status(app, true, "%s", err.msg);
		return TUI_RELOAD;
	}
	tui_status(app, false, m->active ? _("%s deactivated.") : _("%s reactivated."), m->login);
	return TUI_RELOAD;
}

static tui_reaction people_key(void *self, tui_app *app, tui_key k)
{
	people *p = self;
	if (p->list.searching)
		return tui_list_key(&p->list, k);
	size_t row;
	bool have = tui_list_current(&p->list, &row);
	tui_action_id a = tui_action_for("people", k);
	if (a == A_NONE)
		a = tui_action_for("record", k);
	if (a == A_NONE)
		a = tui_action_for("list", k);
	switch (a) {
	case A_NEW: open_form(p, app, NULL); return TUI_HANDLED;
	case A_OPEN:
	case A_EDIT:
		if (have)
			open_form(p, app, &p->v[row]);
		return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	case A_ACTIVATE: {
		if (!have)
			return TUI_HANDLED;
		od_error err;
		if (access_require(tui_ctx(app), "staff.manage", &err) != OD_OK) {
			tui_status(app, true, "%s", err.msg);
			return TUI_HANDLED;
		}
		char q[256];
		snprintf(q, sizeof q,
			 p->v[row].active ? _("Deactivate %s (%s)? (y/n)") : _("Reactivate %s (%s)? (y/n)"),
			 p->v[row].name, p->v[row].login);
		tui_ask(app, q, activate_answer, p);
		return TUI_HANDLED;
	}
	default: return tui_list_key(&p->list, k);
	}
}

static void people_resume(void *self, tui_app *app, const char *form_id)
{
	people *p = self;
	const char *prefix = "people.edit:";
	if (strcmp(form_id, "people.new") == 0) {
		open_form(p, app, NULL);
		return;
	}
	if (strncmp(form_id, prefix, strlen(prefix)) != 0)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].login, form_id + strlen(prefix)) == 0)
			open_form(p, app, &p->v[i]);
}

const tui_screen_ops screen_people = {
	.title = N_("People"),
	.number = 0,
	.context = "people",
	.open = people_open,
	.close = people_close,
	.reload = people_reload,
	.draw = people_draw,
	.key = people_key,
	.resume = people_resume,
};
