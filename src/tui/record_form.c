/* The forms of any kind of record, from its field declaration: a field's
 * type gives its widget (a line, several lines, a choice of the rules'
 * items, a person, a date-time, yes/no), its where flags whether the new,
 * edit or action form has it. The kind may add a field its own way
 * (tui_record_kind.form_field). Saving goes through record_create,
 * record_edit or record_transition with the version the form was opened
 * on, so another session's newer change is never overwritten. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/i18n.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_pick.h"
#include "opsdesk/tui_record.h"
#include "opsdesk/xalloc.h"

/* What a form of a record remembers. */
typedef struct form_owner {
	const tui_record_kind *rk;
	int64_t id; /* 0: a new record */
} form_owner;

static form_owner *owner_new(const tui_record_kind *rk, int64_t id)
{
	form_owner *o = xmalloc(sizeof *o);
	*o = (form_owner){rk, id};
	return o;
}

tui_choice *tui_record_items(const rules_item *items, size_t n)
{
	tui_choice *c = xcalloc(n ? n : 1, sizeof *c);
	for (size_t k = 0; k < n; k++)
		c[k] = (tui_choice){items[k].id, items[k].name};
	return c;
}

static int rows_of(const record_field *fd)
{
	return fd->max > 2000 ? 3 : 2;
}

/* The widget for one field. */
static void add_field(tui_form *f, tui_app *app, const tui_record_kind *rk,
		      const record_field *fd, const char *value, bool required)
{
	/* the kind's own widgets are for its record's form, not the action's */
	if (rk && rk->form_field && rk->form_field(f, app, fd, value))
		return;
	od_ctx *ctx = tui_ctx(app);
	size_t max = fd->max > 0 ? (size_t)fd->max : 200;
	switch (fd->type) {
	case RT_LONG: tui_form_multiline(f, fd->id, fd->label, value, max, rows_of(fd), required); break;
	case RT_ITEM: {
		size_t n = 0;
		const rules_item *items = fd->items ? fd->items(ctx->rules, &n) : NULL;
		tui_choice *c = tui_record_items(items, n);
		tui_form_choice(f, fd->id, fd->label, c, n, value[0] ? value : NULL, required);
		free(c);
		break;
	}
	case RT_LOGIN: tui_form_person(f, fd->id, fd->label, ctx->db, value, required); break;
	case RT_CI: tui_pick_asset(f, fd->id, fd->label, ctx->db, value, required); break;
	case RT_TIME: {
		tui_field *t = tui_form_text(f, fd->id, fd->label, value, 25, required);
		t->kind = TF_DATETIME;
		break;
	}
	case RT_FLAG: {
		const tui_choice yn[] = {{"no", _("no")}, {"yes", _("yes")}};
		tui_form_choice(f, fd->id, fd->label, yn, 2, strcmp(value, "yes") == 0 ? "yes" : "no",
				required);
		break;
	}
	default: tui_form_text(f, fd->id, fd->label, value, max, required); break;
	}
}

/* The form's value of every field it has among where, as sets; the
 * strings are the caller's (free_sets). Empty values are left out when
 * skip_empty. */
static size_t read_sets(const tui_form *f, const record_kind *k, unsigned where, bool skip_empty,
			record_set *sets, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < k->nfields && n < max; i++) {
		const record_field *fd = &k->fields[i];
		if (!(fd->where & where) || tui_form_is_hidden(f, fd->id))
			continue;
		char *v = tui_form_value(f, fd->id);
		if (skip_empty && !v[0]) {
			free(v);
			continue;
		}
		sets[n++] = (record_set){fd->id, v};
	}
	return n;
}

static void free_sets(record_set *sets, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)sets[i].value);
}

/* --- new and edit -------------------------------------------------------------- */

static od_status submit_new(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	form_owner *o = owner;
	const record_kind *k = o->rk->kind;
	record_set sets[64];
	size_t n = read_sets(f, k, RW_NEW, true, sets, 64);
	int64_t id;
	od_status s = record_create(tui_ctx(app), k, sets, n, &id, err);
	free_sets(sets, n);
	if (s == OD_OK) {
		char ref[32];
		record_ref(k, id, ref, sizeof ref);
		tui_status(app, false, _("Recorded %s."), ref);
	}
	return s;
}

static void fill(tui_form *f, tui_app *app, const tui_record_kind *rk, const record *rec,
		 unsigned where)
{
	const record_kind *k = rk->kind;
	f->rules = tui_ctx(app)->rules;
	for (size_t i = 0; i < k->nfields; i++) {
		const record_field *fd = &k->fields[i];
		if (!(fd->where & where) || !(fd->where & RW_FORM))
			continue;
		add_field(f, app, rk, fd, rec ? rec->values[i] : "", fd->required);
	}
	f->on_change = rk->on_change;
	if (f->on_change)
		f->on_change(f, f->owner);
}

void tui_record_new_form(tui_app *app, const tui_record_kind *rk)
{
	char *title = xasprintf(_("New %s"), _(rk->kind->noun));
	char *draft = xasprintf("%s.new", rk->context);
	tui_form *f = tui_form_new(title, draft, submit_new, owner_new(rk, 0));
	f->owner_free = free;
	fill(f, app, rk, NULL, RW_NEW);
	free(title);
	free(draft);
	tui_form_open(app, f);
}

static tui_form *refetch(tui_form *f, void *owner, tui_app *app);

static od_status submit_edit(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	form_owner *o = owner;
	const record_kind *k = o->rk->kind;
	record_set sets[64];
	size_t n = read_sets(f, k, RW_EDIT, false, sets, 64);
	od_status s = record_edit(tui_ctx(app), k, o->id, f->version, sets, n, err);
	free_sets(sets, n);
	if (s == OD_OK) {
		char ref[32];
		record_ref(k, o->id, ref, sizeof ref);
		tui_status(app, false, _("Saved %s."), ref);
	}
	return s;
}

static tui_form *edit_form(tui_app *app, const tui_record_kind *rk, const record *rec)
{
	char ref[32];
	record_ref(rk->kind, rec->id, ref, sizeof ref);
	char *title = xasprintf(_("Edit %s"), ref);
	char *draft = xasprintf("%s.edit:%s", rk->context, ref);
	tui_form *f = tui_form_new(title, draft, submit_edit, owner_new(rk, rec->id));
	f->owner_free = free;
	f->version = rec->version;
	f->refetch = refetch;
	fill(f, app, rk, rec, RW_EDIT);
	free(title);
	free(draft);
	return f;
}

void tui_record_edit_form(tui_app *app, const tui_record_kind *rk, const record *rec)
{
	tui_form_open(app, edit_form(app, rk, rec));
}

/* --- actions ----------------------------------------------------------------------- */

static const rules_transition *chosen(const tui_form *f, const record_kind *k)
{
	char *id = tui_form_value(f, "action");
	const rules_transition *t = f->rules ? record_transition_find(f->rules, k, id) : NULL;
	free(id);
	return t;
}

static bool listed(const char *const *list, const char *id)
{
	for (; list && *list; list++)
		if (strcmp(*list, id) == 0)
			return true;
	return false;
}

static bool requires(const rules_transition *t, const char *id)
{
	for (size_t j = 0; t && j < t->requires.n; j++)
		if (strcmp(t->requires.v[j].id, id) == 0)
			return true;
	return false;
}

/* Only the fields the chosen action requires, and those the kind always
 * offers, are shown; the Needs line names what is required. */
static void show_needs(tui_form *f, void *owner)
{
	form_owner *o = owner;
	const record_kind *k = o->rk->kind;
	const rules_transition *t = chosen(f, k);
	strbuf needs = {0};
	for (size_t j = 0; t && j < t->requires.n; j++) {
		const record_field *fd = record_field_find(k, t->requires.v[j].id);
		sb_addf(&needs, "%s%s", j ? ", " : "", fd ? _(fd->label) : _("Note"));
	}
	tui_form_set_text(f, "needs", needs.buf ? needs.buf : _("nothing more"));
	sb_free(&needs);
	for (size_t i = 0; i < k->nfields; i++) {
		const record_field *fd = &k->fields[i];
		if (fd->where & RW_SET)
			tui_form_hide(f, fd->id,
				      !requires(t, fd->id) && !listed(o->rk->action_extra, fd->id));
	}
}

static od_status submit_action(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	form_owner *o = owner;
	const record_kind *k = o->rk->kind;
	char *action = tui_form_value(f, "action"), *note = tui_form_value(f, "note");
	record_set sets[64];
	size_t n = read_sets(f, k, RW_SET, true, sets, 64);
	od_status s = record_transition(tui_ctx(app), k, o->id, action, note[0] ? note : NULL, sets,
					n, f->version, err);
	free_sets(sets, n);
	if (s == OD_OK) {
		char ref[32];
		record_ref(k, o->id, ref, sizeof ref);
		tui_status(app, false, _("%s: done."), ref);
	}
	free(action);
	free(note);
	return s;
}

static tui_form *action_form(tui_app *app, const tui_record_kind *rk, const record *rec)
{
	od_ctx *ctx = tui_ctx(app);
	const rules_transition *acts[32];
	size_t n = record_actions(ctx, rec, acts, 32);
	if (!n) {
		tui_status(app, true, _("No action is open to you in this state."));
		return NULL;
	}
	tui_choice *c = xcalloc(n, sizeof *c);
	for (size_t k = 0; k < n; k++)
		c[k] = (tui_choice){acts[k]->id, acts[k]->name};
	char ref[32];
	record_ref(rk->kind, rec->id, ref, sizeof ref);
	char *title = xasprintf(_("Action on %s"), ref);
	char *draft = xasprintf("%s.action:%s", rk->context, ref);
	tui_form *f = tui_form_new(title, draft, submit_action, owner_new(rk, rec->id));
	f->owner_free = free;
	f->version = rec->version;
	f->refetch = refetch;
	f->rules = ctx->rules;
	tui_form_choice(f, "action", N_("Action"), c, n, c[0].value, true);
	free(c);
	tui_form_shown(f, "needs", N_("Needs"), "");
	const record_kind *k = rk->kind;
	for (size_t i = 0; i < k->nfields; i++)
		if (k->fields[i].where & RW_SET)
			add_field(f, app, NULL, &k->fields[i], rec->values[i], false);
	tui_form_multiline(f, "note", N_("Note"), "", 2000, 2, false);
	f->on_change = show_needs;
	show_needs(f, f->owner);
	free(title);
	free(draft);
	return f;
}

void tui_record_action_form(tui_app *app, const tui_record_kind *rk, const record *rec)
{
	tui_form *f = action_form(app, rk, rec);
	if (f)
		tui_form_open(app, f);
}

/* The record's forms built again over the record as it is now, for a save
 * refused because another session changed it. */
static tui_form *refetch(tui_form *f, void *owner, tui_app *app)
{
	form_owner *o = owner;
	record rec;
	if (record_get(tui_ctx(app)->db, o->rk->kind, o->id, &rec, NULL) != OD_OK)
		return NULL;
	tui_form *fresh = f->submit == submit_edit ? edit_form(app, o->rk, &rec)
						   : action_form(app, o->rk, &rec);
	record_clear(&rec);
	return fresh;
}

/* --- comments ------------------------------------------------------------------------ */

static od_status submit_comment(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	form_owner *o = owner;
	char *text = tui_form_value(f, "comment");
	od_status s = record_comment(tui_ctx(app), o->rk->kind, o->id, text, err);
	free(text);
	return s;
}

/* The link form: the other record, what it is to this one, what this
 * one is to it, and whether to link or unlink. */
static od_status submit_link(tui_form *f, void *owner, tui_app *app, od_error *err)
{
	form_owner *o = owner;
	od_ctx *ctx = tui_ctx(app);
	char ref[32], other[48];
	record_ref(o->rk->kind, o->id, ref, sizeof ref);
	char *text = tui_form_value(f, "other"), *as = tui_form_value(f, "as");
	char *back = tui_form_value(f, "back"), *what = tui_form_value(f, "do");
	const record_kind *k;
	int64_t id;
	od_error why;
	od_status s = record_parse_ref(text, &k, &id, &why);
	if (s != OD_OK || !k) {
		s = od_fail(err, OD_INVALID, _("other: %s"), s != OD_OK ? why.msg : text);
		goto out;
	}
	record_ref(k, id, other, sizeof other);
	record probe;
	if (record_get(ctx->db, k, id, &probe, &why) != OD_OK) {
		s = od_fail(err, OD_INVALID, _("other: there is no %s"), other);
		goto out;
	}
	record_clear(&probe);
	const char *a = *as ? as : "related", *b = *back ? back : a;
	if ((s = text_check("as", a, 32, false, true, err)) != OD_OK ||
	    (s = text_check("back", b, 32, false, true, err)) != OD_OK)
		goto out;
	bool unlink = strcmp(what, "unlink") == 0;
	s = unlink ? record_unlink(ctx, ref, other, err)
		   : record_link(ctx, ref, a, other, b, false, err);
	if (s == OD_OK)
		tui_status(app, false, unlink ? _("%s and %s are no longer linked.")
					      : _("%s and %s are linked."),
			   ref, other);
out:
	free(text);
	free(as);
	free(back);
	free(what);
	return s;
}

void tui_record_link_form(tui_app *app, const tui_record_kind *rk, const record *rec)
{
	char ref[32];
	record_ref(rk->kind, rec->id, ref, sizeof ref);
	char *title = xasprintf(_("Link %s"), ref);
	char *draft = xasprintf("%s.link:%s", rk->context, ref);
	tui_form *f = tui_form_new(title, draft, submit_link, owner_new(rk, rec->id));
	f->owner_free = free;
	const tui_choice what[] = {{"link", _("link")}, {"unlink", _("unlink")}};
	tui_form_choice(f, "do", N_("Do"), what, 2, "link", true);
	tui_form_text(f, "other", N_("Record"), "", 40, true);
	tui_form_text(f, "as", N_("It is"), "", 32, false);
	tui_form_text(f, "back", N_("This is to it"), "", 32, false);
	tui_form_open(app, f);
	free(title);
	free(draft);
}

void tui_record_comment_form(tui_app *app, const tui_record_kind *rk, const record *rec)
{
	char ref[32];
	record_ref(rk->kind, rec->id, ref, sizeof ref);
	char *title = xasprintf(_("Comment on %s"), ref);
	char *draft = xasprintf("%s.comment:%s", rk->context, ref);
	tui_form *f = tui_form_new(title, draft, submit_comment, owner_new(rk, rec->id));
	f->owner_free = free;
	tui_form_multiline(f, "comment", N_("Comment"), "", 4000, 6, true);
	tui_form_open(app, f);
	free(title);
	free(draft);
}
