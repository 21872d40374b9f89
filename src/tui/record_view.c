/* The record screen of any kind: its header, the RW_SHOW fields by their
 * labels, the kind's own sections (votes, conflicts, steps of a change),
 * its links and its journal, scrolled as one page. t takes a workflow
 * action, c comments, e edits; the kind's own keys come first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/clock.h"
#include "opsdesk/i18n.h"
#include "opsdesk/journal.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_record.h"
#include "opsdesk/xalloc.h"

typedef struct view_line {
	char *text;
	tui_style style;
} view_line;

struct tui_record_view {
	const tui_record_kind *rk;
	int64_t id;
	record rec;
	bool loaded;
	view_line *lines;
	size_t n, cap;
	int scroll, page;
};

enum { LABEL_CELLS = 16 };

void tui_record_line(tui_record_view *v, tui_style st, const char *text)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->lines = xrealloc(v->lines, v->cap * sizeof *v->lines);
	}
	v->lines[v->n++] = (view_line){xstrdup(text), st};
}

/* A labelled value; the lines of a long text continue under the first. */
void tui_record_field(tui_record_view *v, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	/* a label too long is cut, and a space always follows it */
	char *fit = text_fit(label, LABEL_CELLS - 1, false);
	char *pad = xasprintf("%s ", fit);
	free(fit);
	bool first = true;
	for (const char *p = value;;) {
		size_t len = strcspn(p, "\n");
		char *part = xstrndup(p, len);
		char *text = xasprintf("%s%s", first ? pad : "", part);
		if (!first) {
			free(text);
			text = xasprintf("%*s%s", LABEL_CELLS, "", part);
		}
		tui_record_line(v, ST_NORMAL, text);
		free(text);
		free(part);
		first = false;
		p += len;
		if (*p != '\n')
			break;
		p++;
	}
	free(pad);
}

static void free_lines(tui_record_view *v)
{
	for (size_t k = 0; k < v->n; k++)
		free(v->lines[k].text);
	free(v->lines);
	v->lines = NULL;
	v->n = v->cap = 0;
}

/* An item's name, a person's name, as people know them. */
static char *shown_value(od_ctx *ctx, const record_field *fd, const char *value)
{
	if (!value[0])
		return xstrdup("");
	if (fd->type == RT_ITEM && fd->items) {
		size_t n;
		const rules_item *items = fd->items(ctx->rules, &n);
		const rules_item *it = rules_item_find(items, n, value);
		return xstrdup(it ? it->name : value);
	}
	if (fd->type == RT_LOGIN) {
		char *name = staff_name_of(ctx->db, value);
		char *text = strcmp(name, value) ? xasprintf("%s (%s)", name, value) : xstrdup(value);
		free(name);
		return text;
	}
	if (fd->type == RT_FLAG)
		return xstrdup(strcmp(value, "yes") == 0 ? _("yes") : _("no"));
	return xstrdup(value);
}

static void view_reload(void *self, tui_app *app)
{
	tui_record_view *v = self;
	od_ctx *ctx = tui_ctx(app);
	const record_kind *k = v->rk->kind;
	free_lines(v);
	if (v->loaded)
		record_clear(&v->rec);
	od_error err;
	v->loaded = record_get(ctx->db, k, v->id, &v->rec, &err) == OD_OK;
	if (!v->loaded) {
		tui_record_line(v, ST_ERROR, err.msg);
		return;
	}
	const record *rec = &v->rec;
	char ref[32], when[32], buf[512];
	record_ref(k, rec->id, ref, sizeof ref);
	snprintf(buf, sizeof buf, "%s  %s", ref, record_value(rec, k->title_field));
	tui_record_line(v, ST_TITLE, buf);
	tui_record_field(v, _("State"), record_state_name(ctx->rules, k, rec->state));
	for (size_t i = 0; i < k->nfields; i++) {
		const record_field *fd = &k->fields[i];
		if (!(fd->where & RW_SHOW) || strcmp(fd->id, k->title_field) == 0)
			continue;
		char *text = shown_value(ctx, fd, rec->values[i]);
		tui_record_field(v, _(fd->label), text);
		free(text);
	}
	char *by = staff_name_of(ctx->db, rec->created_by);
	snprintf(buf, sizeof buf, "%s  %s", clock_format(rec->created, when, sizeof when), by);
	free(by);
	tui_record_field(v, _("Created"), buf);
	if (v->rk->sections)
		v->rk->sections(v, app, rec);
	record_link_entry *links;
	size_t nl;
	if (record_links(ctx->db, ref, &links, &nl, NULL) == OD_OK) {
		if (nl) {
			tui_record_line(v, ST_NORMAL, "");
			tui_record_line(v, ST_HEADER, _("Links"));
		}
		for (size_t i = 0; i < nl; i++) {
			snprintf(buf, sizeof buf, "  %s  %s", links[i].ref, links[i].role);
			tui_record_line(v, ST_NORMAL, buf);
		}
		record_links_free(links, nl);
	}
	tui_record_line(v, ST_NORMAL, "");
	tui_record_line(v, ST_HEADER, _("Journal"));
	journal_entry *j;
	size_t nj;
	if (journal_list(ctx->db, ref, &j, &nj, NULL) == OD_OK) {
		for (size_t i = 0; i < nj; i++) {
			char *who = staff_name_of(ctx->db, j[i].actor);
			snprintf(buf, sizeof buf, "%s  %s", clock_format(j[i].at, when, sizeof when), who);
			free(who);
			tui_record_line(v, ST_DIM, buf);
			for (const char *p = j[i].text; *p;) {
				size_t len = strcspn(p, "\n");
				char *part = xstrndup(p, len);
				char *text = xasprintf("  %s", part);
				tui_record_line(v, ST_NORMAL, text);
				free(text);
				free(part);
				p += len + (p[len] == '\n');
			}
		}
		journal_entries_free(j, nj);
	}
}

static void view_close(void *self)
{
	tui_record_view *v = self;
	free_lines(v);
	if (v->loaded)
		record_clear(&v->rec);
	free(v);
}

static void view_draw(void *self, tui_app *app, WINDOW *w)
{
	(void)app;
	tui_record_view *v = self;
	int h = getmaxy(w), width = getmaxx(w);
	v->page = h - 1;
	int max = (int)v->n - (h - 1);
	if (v->scroll > max)
		v->scroll = max > 0 ? max : 0;
	for (int y = 0; y < h - 1 && (size_t)(v->scroll + y) < v->n; y++) {
		const view_line *l = &v->lines[v->scroll + y];
		tui_put(w, y, 1, width - 2, l->text, l->style);
	}
	tui_put(w, h - 1, 1, width - 2,
		_(v->rk->keys_help ? v->rk->keys_help : N_("t action   c comment   e edit   q back")),
		ST_DIM);
}

static tui_reaction view_key(void *self, tui_app *app, tui_key k)
{
	tui_record_view *v = self;
	if (!k.func && k.ch == 27)
		return TUI_CLOSE;
	if (!v->loaded)
		return TUI_NOT_MINE;
	if (v->rk->key) {
		tui_reaction r = v->rk->key(v, app, &v->rec, k);
		if (r != TUI_NOT_MINE)
			return r;
	}
	switch (tui_action_for("record", k)) {
	case A_TRANSITION: tui_record_action_form(app, v->rk, &v->rec); return TUI_HANDLED;
	case A_COMMENT: tui_record_comment_form(app, v->rk, &v->rec); return TUI_HANDLED;
	case A_EDIT: tui_record_edit_form(app, v->rk, &v->rec); return TUI_HANDLED;
	case A_LINK: tui_record_link_form(app, v->rk, &v->rec); return TUI_HANDLED;
	default: break;
	}
	switch (tui_action_for("list", k)) {
	case A_UP: if (v->scroll > 0) v->scroll--; return TUI_HANDLED;
	case A_DOWN: v->scroll++; return TUI_HANDLED;
	case A_PAGE_UP: v->scroll = v->scroll > v->page ? v->scroll - v->page : 0; return TUI_HANDLED;
	case A_PAGE_DOWN: v->scroll += v->page; return TUI_HANDLED;
	case A_FIRST: v->scroll = 0; return TUI_HANDLED;
	case A_LAST: v->scroll = (int)v->n; return TUI_HANDLED;
	case A_REFRESH: return TUI_RELOAD;
	default: return TUI_NOT_MINE;
	}
}

static const tui_screen_ops view_screen = {
	.title = N_("Record"),
	.number = -1,
	.context = "record",
	.close = view_close,
	.reload = view_reload,
	.draw = view_draw,
	.key = view_key,
};

static tui_record_view *view_push(tui_app *app, const tui_record_kind *rk, int64_t id)
{
	tui_record_view *v = xcalloc(1, sizeof *v);
	v->rk = rk;
	v->id = id;
	view_reload(v, app);
	tui_push(app, &view_screen, v);
	return v;
}

void tui_record_open(tui_app *app, const tui_record_kind *rk, int64_t id)
{
	view_push(app, rk, id);
}

void tui_record_resume(tui_app *app, const tui_record_kind *rk, const char *form_id)
{
	size_t len = strlen(rk->context);
	if (strncmp(form_id, rk->context, len) != 0 || form_id[len] != '.')
		return;
	const char *what = form_id + len + 1;
	if (strcmp(what, "new") == 0) {
		tui_record_new_form(app, rk);
		return;
	}
	const char *colon = strchr(what, ':');
	const record_kind *k;
	int64_t id;
	if (!colon || record_parse_ref(colon + 1, &k, &id, NULL) != OD_OK || k != rk->kind)
		return;
	tui_record_view *v = view_push(app, rk, id);
	if (!v->loaded)
		return;
	size_t wlen = (size_t)(colon - what);
	if (strncmp(what, "comment", wlen) == 0)
		tui_record_comment_form(app, rk, &v->rec);
	else if (strncmp(what, "edit", wlen) == 0)
		tui_record_edit_form(app, rk, &v->rec);
	else if (strncmp(what, "action", wlen) == 0)
		tui_record_action_form(app, rk, &v->rec);
	else if (strncmp(what, "link", wlen) == 0)
		tui_record_link_form(app, rk, &v->rec);
	else if (rk->resume)
		rk->resume(app, &v->rec, form_id);
}
