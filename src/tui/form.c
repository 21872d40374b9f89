/* The form widget and the screen that shows it. */
#include "opsdesk/tui_form.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "opsdesk/clock.h"
#include "opsdesk/draft.h"
#include "opsdesk/i18n.h"
#include "opsdesk/staff.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/xalloc.h"

enum { LABEL_MAX = 16 };

tui_form *tui_form_new(const char *title, const char *draft_id, tui_form_submit submit,
		       void *owner)
{
	tui_form *f = xcalloc(1, sizeof *f);
	f->title = xstrdup(title);
	f->draft_id = draft_id ? xstrdup(draft_id) : NULL;
	f->submit = submit;
	f->owner = owner;
	return f;
}

static void free_choices(tui_field *fd)
{
	for (size_t c = 0; c < fd->nchoices; c++) {
		free(fd->choices[c].value);
		free(fd->choices[c].label);
	}
	free(fd->choices);
	fd->choices = NULL;
	fd->nchoices = 0;
}

void tui_form_view(tui_form *f, const char *why)
{
	free(f->view_only);
	f->view_only = xstrdup(why);
	free(f->draft_id); /* nothing to keep: nothing can be typed */
	f->draft_id = NULL;
}

void tui_form_free(tui_form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		tui_field *fd = &f->fields[i];
		tui_edit_free(&fd->edit);
		free_choices(fd);
		free(fd->ticked);
		free(fd->error);
		free(fd->notice);
		free(fd->base);
	}
	free(f->fields);
	if (f->owner_free)
		f->owner_free(f->owner);
	free(f->title);
	free(f->draft_id);
	free(f->initial);
	free(f->view_only);
	free(f);
}

static tui_field *add_field(tui_form *f, const char *key, const char *label, tui_field_kind kind,
			    bool required)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->fields = xrealloc(f->fields, f->cap * sizeof *f->fields);
	}
	tui_field *fd = &f->fields[f->n++];
	memset(fd, 0, sizeof *fd);
	fd->key = key;
	fd->label = label;
	fd->kind = kind;
	fd->required = required;
	fd->chosen = SIZE_MAX;
	fd->rows = 1;
	tui_edit_set(&fd->edit, "");
	return fd;
}

tui_field *tui_form_text(tui_form *f, const char *key, const char *label, const char *value,
			 size_t max_chars, bool required)
{
	tui_field *fd = add_field(f, key, label, TF_TEXT, required);
	fd->max_chars = fd->edit.max_chars = max_chars;
	tui_edit_set(&fd->edit, value);
	return fd;
}

tui_field *tui_form_shown(tui_form *f, const char *key, const char *label, const char *value)
{
	tui_field *fd = tui_form_text(f, key, label, value, 0, false);
	fd->readonly = true;
	return fd;
}

tui_field *tui_form_multiline(tui_form *f, const char *key, const char *label, const char *value,
			      size_t max_chars, int rows, bool required)
{
	tui_field *fd = tui_form_text(f, key, label, value, max_chars, required);
	fd->kind = TF_MULTILINE;
	fd->edit.multiline = true;
	fd->rows = rows;
	return fd;
}

static void copy_choices(tui_field *fd, const tui_choice *choices, size_t n)
{
	fd->choices = xcalloc(n ? n : 1, sizeof *fd->choices);
	fd->nchoices = n;
	for (size_t i = 0; i < n; i++) {
		fd->choices[i].value = xstrdup(choices[i].value);
		fd->choices[i].label = xstrdup(choices[i].label);
	}
}

static size_t find_choice(const tui_field *fd, const char *value)
{
	for (size_t i = 0; value && i < fd->nchoices; i++)
		if (strcmp(fd->choices[i].value, value) == 0)
			return i;
	return SIZE_MAX;
}

void tui_field_replace_choices(tui_field *fd, const tui_choice *choices, size_t n)
{
	char *keep = fd->chosen != SIZE_MAX ? xstrdup(fd->choices[fd->chosen].value) : NULL;
	free_choices(fd);
	copy_choices(fd, choices, n);
	fd->chosen = find_choice(fd, keep);
	free(keep);
}

tui_field *tui_form_choice(tui_form *f, const char *key, const char *label,
			   const tui_choice *choices, size_t n, const char *value, bool required)
{
	tui_field *fd = add_field(f, key, label, TF_CHOICE, required);
	copy_choices(fd, choices, n);
	fd->chosen = find_choice(fd, value);
	return fd;
}

tui_field *tui_form_multi(tui_form *f, const char *key, const char *label,
			  const tui_choice *choices, size_t n, const char *const *values,
			  size_t nvalues, bool required)
{
	tui_field *fd = add_field(f, key, label, TF_MULTI, required);
	copy_choices(fd, choices, n);
	fd->ticked = xcalloc(n ? n : 1, sizeof *fd->ticked);
	for (size_t i = 0; i < nvalues; i++) {
		size_t at = find_choice(fd, values[i]);
		if (at != SIZE_MAX)
			fd->ticked[at] = true;
	}
	return fd;
}

tui_field *tui_form_datetime(tui_form *f, const char *key, const char *label, time_t value,
			     bool required)
{
	char buf[32] = "";
	if (value)
		clock_format(value, buf, sizeof buf);
	tui_field *fd = tui_form_text(f, key, label, buf, 25, required);
	fd->kind = TF_DATETIME;
	return fd;
}

tui_field *tui_form_person(tui_form *f, const char *key, const char *label, od_db *db,
			   const char *login, bool required)
{
	staff_member *people = NULL;
	size_t n = 0;
	staff_list(db, false, &people, &n, NULL);
	tui_choice *choices = xcalloc(n ? n : 1, sizeof *choices);
	for (size_t i = 0; i < n; i++) {
		choices[i].value = people[i].login;
		choices[i].label = xasprintf("%s (%s)", people[i].name, people[i].login);
	}
	tui_field *fd = tui_form_choice(f, key, label, choices, n, login, required);
	fd->kind = TF_PERSON;
	for (size_t i = 0; i < n; i++)
		free(choices[i].label);
	free(choices);
	staff_list_free(people, n);
	return fd;
}

static tui_field *field(const tui_form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return &f->fields[i];
	return NULL;
}

static char *field_value(const tui_field *fd)
{
	switch (fd->kind) {
	case TF_CHOICE:
	case TF_PERSON:
		return xstrdup(fd->chosen < fd->nchoices ? fd->choices[fd->chosen].value : "");
	case TF_MULTI: {
		strbuf sb = {0};
		bool first = true;
		for (size_t i = 0; i < fd->nchoices; i++) {
			if (!fd->ticked[i])
				continue;
			sb_addf(&sb, "%s%s", first ? "" : ",", fd->choices[i].value);
			first = false;
		}
		return sb_take(&sb);
	}
	default: return tui_edit_text(&fd->edit);
	}
}

void tui_form_set_text(tui_form *f, const char *key, const char *value)
{
	tui_field *fd = field(f, key);
	if (fd)
		tui_edit_set(&fd->edit, value);
}

char *tui_form_value(const tui_form *f, const char *key)
{
	const tui_field *fd = field(f, key);
	return fd ? field_value(fd) : xstrdup("");
}

const char **tui_form_ticked(const tui_form *f, const char *key, size_t *n)
{
	const tui_field *fd = field(f, key);
	*n = 0;
	const char **v = xcalloc((fd ? fd->nchoices : 0) + 1, sizeof *v);
	for (size_t i = 0; fd && i < fd->nchoices; i++)
		if (fd->ticked[i])
			v[(*n)++] = fd->choices[i].value;
	return v;
}

void tui_form_hide(tui_form *f, const char *key, bool hidden)
{
	tui_field *fd = field(f, key);
	if (!fd)
		return;
	fd->hidden = hidden;
	if (hidden) {
		free(fd->error);
		fd->error = NULL;
	}
}

bool tui_form_is_hidden(const tui_form *f, const char *key)
{
	const tui_field *fd = field(f, key);
	return !fd || fd->hidden;
}

/* --- values as text, for drafts and for telling unsaved changes ------------- */

/* One "key<TAB>value" line per field; tabs, newlines and backslashes in
 * values are escaped. */
/* The version line of a draft; no field has this key. */
#define VERSION_KEY "@version"

static char *serialize(const tui_form *f)
{
	strbuf sb = {0};
	if (f->version)
		sb_addf(&sb, VERSION_KEY "\t%lld\n", (long long)f->version);
	for (size_t i = 0; i < f->n; i++) {
		if (f->fields[i].readonly) /* computed from the others */
			continue;
		char *v = field_value(&f->fields[i]);
		sb_addf(&sb, "%s\t", f->fields[i].key);
		for (const char *p = v; *p; p++) {
			if (*p == '\\')
				sb_add(&sb, "\\\\");
			else if (*p == '\n')
				sb_add(&sb, "\\n");
			else if (*p == '\t')
				sb_add(&sb, "\\t");
			else
				sb_addn(&sb, p, 1);
		}
		sb_add(&sb, "\n");
		free(v);
	}
	return sb_take(&sb);
}

static void set_value(tui_field *fd, const char *v)
{
	switch (fd->kind) {
	case TF_CHOICE:
	case TF_PERSON: fd->chosen = find_choice(fd, v); break;
	case TF_MULTI:
		for (size_t i = 0; i < fd->nchoices; i++) {
			fd->ticked[i] = false;
			for (const char *p = v; *p;) {
				size_t len = strcspn(p, ",");
				if (len == strlen(fd->choices[i].value) &&
				    strncmp(p, fd->choices[i].value, len) == 0)
					fd->ticked[i] = true;
				p += len + (p[len] == ',');
			}
		}
		break;
	default: tui_edit_set(&fd->edit, v);
	}
}

static void deserialize(tui_form *f, const char *data)
{
	for (const char *line = data; *line;) {
		size_t len = strcspn(line, "\n");
		const char *tab = memchr(line, '\t', len);
		if (tab) {
			char *key = xstrndup(line, (size_t)(tab - line));
			strbuf v = {0};
			for (const char *p = tab + 1; p < line + len; p++) {
				if (*p == '\\' && p + 1 < line + len) {
					p++;
					sb_add(&v, *p == 'n' ? "\n" : *p == 't' ? "\t" : *p == '\\' ? "\\" : "");
				} else {
					sb_addn(&v, p, 1);
				}
			}
			tui_field *fd = field(f, key);
			if (strcmp(key, VERSION_KEY) == 0)
				f->version = strtoll(v.buf ? v.buf : "0", NULL, 10);
			else if (fd)
				set_value(fd, v.buf ? v.buf : "");
			sb_free(&v);
			free(key);
		}
		line += len + (line[len] == '\n');
	}
}

static bool dirty(const tui_form *f)
{
	char *now = serialize(f);
	bool changed = strcmp(now, f->initial ? f->initial : "") != 0;
	free(now);
	return changed;
}

/* --- validation ----------------------------------------------------------- */

static void set_error(tui_field *fd, const char *msg)
{
	free(fd->error);
	fd->error = msg ? xstrdup(msg) : NULL;
}

static bool validate(tui_field *fd)
{
	if (fd->hidden) {
		set_error(fd, NULL);
		return true;
	}
	char *v = field_value(fd);
	od_error err;
	od_status s = OD_OK;
	const char *label = _(fd->label);
	if (fd->required && !*v && fd->kind != TF_TEXT && fd->kind != TF_MULTILINE)
		s = od_fail(&err, OD_INVALID, _("%s: choose one"), label);
	else if (fd->kind == TF_TEXT || fd->kind == TF_MULTILINE || fd->kind == TF_DATETIME)
		s = text_check(label, v, fd->max_chars ? fd->max_chars : 4096,
			       fd->kind == TF_MULTILINE, fd->required, &err);
	if (s == OD_OK && fd->kind == TF_DATETIME && *v) {
		time_t t;
		s = clock_parse(v, &t, &err);
	}
	set_error(fd, s == OD_OK ? NULL : err.msg);
	free(v);
	return s == OD_OK;
}

/* --- the form screen ------------------------------------------------------ */

static void form_close(void *self)
{
	tui_form_free(self);
}

/* Rows a field takes at this width: its box plus a line for its error. */
static int field_rows(const tui_field *fd, int box_w)
{
	if (fd->hidden)
		return 0;
	int rows = fd->rows;
	if (fd->kind == TF_MULTI) {
		int x = 0;
		rows = 1;
		for (size_t i = 0; i < fd->nchoices; i++) {
			int w = 4 + text_width(fd->choices[i].label) + 1;
			if (x + w > box_w && x > 0) {
				rows++;
				x = 0;
			}
			x += w;
		}
	}
	return rows + (fd->error || fd->notice ? 1 : 0);
}

static void draw_choice(tui_field *fd, WINDOW *w, int y, int x, int width, bool focused)
{
	const char *label = fd->chosen < fd->nchoices ? fd->choices[fd->chosen].label : _("(none)");
	char *text;
	if (focused && fd->edit.len) {
		char *typed = tui_edit_text(&fd->edit);
		text = xasprintf("< %s >  %s: %s", label, _("find"), typed);
		free(typed);
	} else {
		text = xasprintf("< %s >", label);
	}
	tui_put(w, y, x, width, text, focused ? ST_FIELD_FOCUS : ST_FIELD);
	free(text);
}

static void draw_multi(tui_field *fd, WINDOW *w, int y, int x, int width, bool focused)
{
	int cx = 0, row = 0;
	for (size_t i = 0; i < fd->nchoices; i++) {
		char *text = xasprintf("[%s] %s", fd->ticked[i] ? "x" : " ", fd->choices[i].label);
		int tw = text_width(text) + 1;
		if (cx + tw > width && cx > 0) {
			row++;
			cx = 0;
		}
		tui_style st = focused && fd->hover == i ? ST_FIELD_FOCUS : ST_NORMAL;
		tui_put(w, y + row, x + cx, tw - 1 < width - cx ? tw - 1 : width - cx, text, st);
		cx += tw;
		free(text);
	}
}

static void form_draw(void *self, tui_app *app, WINDOW *win)
{
	tui_form *f = self;
	int h = getmaxy(win), width = getmaxx(win);
	werase(win);
	tui_put(win, 0, 1, width - 2, f->title, ST_TITLE);
	int label_w = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (f->fields[i].hidden)
			continue;
		int lw = text_width(_(f->fields[i].label)) + (f->fields[i].required ? 1 : 0);
		if (lw > label_w)
			label_w = lw;
	}
	if (label_w > LABEL_MAX)
		label_w = LABEL_MAX;
	int box_x = 1 + label_w + 2, box_w = width - box_x - 1;
	if (box_w < 8)
		box_w = 8;

	/* scroll so the focused field is wholly on screen */
	int top = 2, avail = h - top - 1;
	int focus_y = 0, focus_h = 0, y = 0;
	for (size_t i = 0; i < f->n; i++) {
		int rows = field_rows(&f->fields[i], box_w);
		if (i == f->focus)
			focus_y = y, focus_h = rows;
		y += rows;
	}
	if (focus_y < f->scroll)
		f->scroll = focus_y;
	if (focus_y + focus_h > f->scroll + avail)
		f->scroll = focus_y + focus_h - avail;

	y = top - f->scroll;
	for (size_t i = 0; i < f->n; i++) {
		tui_field *fd = &f->fields[i];
		if (fd->hidden)
			continue;
		int rows = field_rows(fd, box_w);
		bool focused = i == f->focus;
		bool note_line = fd->error || fd->notice;
		if (y >= top && y + rows - (note_line ? 1 : 0) <= h - 1) {
			char *label = xasprintf("%s%s", _(fd->label), fd->required ? "*" : "");
			tui_put(win, y, 1, label_w, label, focused ? ST_TITLE : ST_NORMAL);
			free(label);
			int cy = -1, cx = -1;
			switch (fd->kind) {
			case TF_CHOICE:
			case TF_PERSON: draw_choice(fd, win, y, box_x, box_w, focused); break;
			case TF_MULTI: draw_multi(fd, win, y, box_x, box_w, focused); break;
			default:
				tui_edit_draw(&fd->edit, win, y, box_x, fd->rows, box_w,
					      tui_attr(focused ? ST_FIELD_FOCUS : ST_FIELD), focused, &cy, &cx);
				if (focused)
					tui_cursor(app, cy, cx);
			}
			if (fd->error)
				tui_put(win, y + rows - 1, box_x, box_w, fd->error, ST_ERROR);
			else if (fd->notice)
				tui_put(win, y + rows - 1, box_x, box_w, fd->notice, ST_WARN);
		}
		y += rows;
	}
	tui_put(win, h - 1, 1, width - 2,
		f->view_only ? _("Tab/Shift-Tab: move   Esc: close   (to look at only)")
			     : _("Tab/Shift-Tab: move   Ctrl-S or F2: save   Esc: cancel   * required"),
		ST_DIM);
}

/* Steps through the choices; an optional field has "(none)" between the
 * last choice and the first, so a choice can be taken back. */
static void choice_step(tui_field *fd, int dir)
{
	size_t n = fd->nchoices, slots = n + (fd->required ? 0 : 1);
	if (n == 0)
		return;
	size_t at = fd->chosen == SIZE_MAX ? n : fd->chosen; /* n stands for none */
	if (fd->required && at == n)
		at = dir > 0 ? n - 1 : 0; /* so the step lands on the first or last */
	at = (at + slots + (size_t)(dir > 0 ? 1 : -1)) % slots;
	fd->chosen = at == n ? SIZE_MAX : at;
}

/* Typing in a choice or person field finds the first choice whose label
 * contains what was typed. */
static void choice_find(tui_field *fd)
{
	char *typed = tui_edit_text(&fd->edit);
	if (fd->refill && *typed)
		fd->refill(fd, typed, fd->refill_data);
	for (size_t i = 0; *typed && i < fd->nchoices; i++) {
		if (strstr(fd->choices[i].label, typed) || strstr(fd->choices[i].value, typed)) {
			fd->chosen = i;
			break;
		}
	}
	free(typed);
}

static tui_reaction discard_answer(void *self, tui_app *app, bool yes)
{
	tui_form *f = self;
	if (!yes)
		return TUI_HANDLED;
	if (f->draft_id)
		draft_delete(tui_ctx(app)->db, tui_ctx(app)->login, f->draft_id, NULL);
	return TUI_CLOSE;
}

/* --- reloading over another session's change ------------------------------ */

static void set_notice(tui_field *fd, const char *msg)
{
	free(fd->notice);
	fd->notice = msg ? xstrdup(msg) : NULL;
}

/* The values the form stands on: what each field holds now. */
static void take_base(tui_form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->fields[i].base);
		f->fields[i].base = field_value(&f->fields[i]);
	}
}

/* Merges the record as it is now (fresh) into f field by field: what the
 * user changed stays, what they did not takes the new value; the fields
 * the other session changed say so. Returns how many it changed. */
static int merge_fresh(tui_form *f, tui_form *fresh, strbuf *names)
{
	int changed = 0;
	for (size_t i = 0; i < f->n; i++) {
		tui_field *fd = &f->fields[i];
		tui_field *nf = field(fresh, fd->key);
		set_notice(fd, NULL);
		if (!nf || fd->readonly)
			continue;
		if (fd->kind == TF_CHOICE || fd->kind == TF_PERSON)
			tui_field_replace_choices(fd, nf->choices, nf->nchoices);
		char *mine = field_value(fd), *theirs = field_value(nf);
		const char *base = fd->base ? fd->base : "";
		if (strcmp(theirs, base) != 0) {
			changed++;
			sb_addf(names, "%s%s", names->len ? ", " : "", _(fd->label));
			bool typed = strcmp(mine, base) != 0;
			if (!typed)
				set_value(fd, theirs);
			char *note = typed ? xasprintf(_("changed meanwhile to: %s (yours is kept)"), theirs)
					   : xstrdup(_("changed meanwhile by another session"));
			set_notice(fd, note);
			free(note);
		}
		free(fd->base);
		fd->base = theirs;
		free(mine);
	}
	f->version = fresh->version;
	return changed;
}

static tui_reaction reload_answer(void *self, tui_app *app, bool yes)
{
	tui_form *f = self;
	if (!yes) {
		tui_status(app, false, "%s", _("Not reloaded: your input stays; Esc cancels."));
		return TUI_HANDLED;
	}
	tui_form *fresh = f->refetch(f, f->owner, app);
	if (!fresh) {
		tui_status(app, true, "%s", _("The record could not be read again."));
		return TUI_HANDLED;
	}
	strbuf names = {0};
	int n = merge_fresh(f, fresh, &names);
	tui_form_free(fresh);
	if (f->on_change)
		f->on_change(f, f->owner);
	free(f->initial);
	f->initial = NULL; /* the user's own changes are still unsaved */
	if (n)
		tui_status(app, false,
			   ngettext("Reloaded; the other session changed %d field: %s. Yours are kept; "
				    "check and save.",
				    "Reloaded; the other session changed %d fields: %s. Yours are kept; "
				    "check and save.",
				    (unsigned long)n),
			   n, names.buf);
	else
		tui_status(app, false, "%s",
			   _("Reloaded; no field of this form changed. Check and save."));
	sb_free(&names);
	return TUI_HANDLED;
}

static tui_reaction save(tui_form *f, tui_app *app)
{
	size_t first_bad = SIZE_MAX;
	int bad = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!validate(&f->fields[i])) {
			bad++;
			if (first_bad == SIZE_MAX)
				first_bad = i;
		}
	if (first_bad != SIZE_MAX) {
		/* every problem is under its field; the cursor goes to the first */
		f->focus = first_bad;
		tui_status(app, true,
			   ngettext("%d problem, shown under its field: %s",
				    "%d problems, each shown under its field; the first: %s",
				    (unsigned long)bad),
			   bad, f->fields[first_bad].error);
		return TUI_HANDLED;
	}
	od_error err = {0};
	od_status s = f->submit(f, f->owner, app, &err);
	if (s == OD_OK) {
		if (f->draft_id)
			draft_delete(tui_ctx(app)->db, tui_ctx(app)->login, f->draft_id, NULL);
		return TUI_CLOSE;
	}
	/* the core names the field first ("name: ...", or with the Chinese
	 * catalogue's full-width colon "name：..."): show it there */
	for (size_t i = 0; i < f->n; i++) {
		size_t kl = strlen(f->fields[i].key);
		if (strncmp(err.msg, f->fields[i].key, kl) != 0)
			continue;
		const char *rest = err.msg + kl;
		if (*rest == ':')
			rest += rest[1] == ' ' ? 2 : 1;
		else if (strncmp(rest, "：", strlen("：")) == 0)
			rest += strlen("：");
		else
			continue;
		set_error(&f->fields[i], rest);
		f->focus = i;
	}
	if (s == OD_CONFLICT && f->version && f->refetch) {
		char *question = xasprintf(_("%s. Reload it, keeping what you typed? (y/n)"), err.msg);
		tui_ask(app, question, reload_answer, f);
		free(question);
		return TUI_HANDLED;
	}
	tui_status(app, true, "%s", err.msg);
	return TUI_HANDLED;
}

static void move_focus(tui_form *f, int dir)
{
	tui_field *fd = &f->fields[f->focus];
	validate(fd);
	/* what was typed to find a choice is forgotten on leaving; text stays */
	if (fd->kind == TF_CHOICE || fd->kind == TF_PERSON)
		tui_edit_set(&fd->edit, "");
	/* read-only fields are passed over */
	size_t to = f->focus;
	do {
		if (dir > 0 && to + 1 < f->n)
			to++;
		else if (dir < 0 && to > 0)
			to--;
		else
			return;
	} while (f->fields[to].readonly || f->fields[to].hidden);
	f->focus = to;
}

static tui_reaction field_key(tui_form *f, tui_app *app, tui_key k);

/* A character a text field will not take says why on the status line,
 * as the CLI refuses it, instead of vanishing: a control character (not
 * one of the keys), or one past the field's length. */
static bool refused_char(tui_field *fd, tui_app *app, tui_key k)
{
	if (k.func || tui_action_for("text", k) != A_NONE || tui_action_for("form", k) != A_NONE)
		return false;
	wint_t c = k.ch;
	bool control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || !iswprint(c);
	if (control && tui_action_for("global", k) != A_NONE)
		return false; /* Ctrl-L, Ctrl-C: the console's own */
	if (control) {
		tui_status(app, true, _("%s: control characters are not allowed (U+%04X refused)"),
			   _(fd->label), (unsigned)c);
		return true;
	}
	if (fd->max_chars && fd->edit.len >= fd->max_chars) {
		tui_status(app, true, _("%s: at most %zu characters"), _(fd->label), fd->max_chars);
		return true;
	}
	return false;
}

/* A form to look at: moving between fields and closing, nothing else. */
static tui_reaction view_key(tui_form *f, tui_app *app, tui_key k)
{
	switch (tui_action_for("form", k)) {
	case A_NEXT_FIELD: move_focus(f, 1); return TUI_HANDLED;
	case A_PREV_FIELD: move_focus(f, -1); return TUI_HANDLED;
	case A_CANCEL: return TUI_CLOSE;
	default: break;
	}
	/* function and control keys that are not the form's go on (F1,
	 * Ctrl-L); everything else would change the form */
	bool form_key = tui_action_for("form", k) != A_NONE || tui_action_for("text", k) != A_NONE;
	if (!form_key && (k.func || k.ch < 0x20))
		return TUI_NOT_MINE;
	tui_status(app, true, "%s", f->view_only);
	return TUI_HANDLED;
}

static tui_reaction form_key(void *self, tui_app *app, tui_key k)
{
	tui_form *f = self;
	if (f->view_only)
		return view_key(f, app, k);
	tui_reaction r = field_key(f, app, k);
	if (r == TUI_HANDLED && f->on_change)
		f->on_change(f, f->owner);
	return r;
}

static tui_reaction field_key(tui_form *f, tui_app *app, tui_key k)
{
	tui_field *fd = &f->fields[f->focus];
	bool is_text = fd->kind == TF_TEXT || fd->kind == TF_MULTILINE || fd->kind == TF_DATETIME;
	bool enter = (!k.func && (k.ch == '\n' || k.ch == '\r')) || (k.func && k.ch == KEY_ENTER);

	/* multi-line text keeps Up, Down and Enter for itself */
	if (fd->kind == TF_MULTILINE && (enter || (k.func && (k.ch == KEY_UP || k.ch == KEY_DOWN)))) {
		tui_edit_key(&fd->edit, k);
		return TUI_HANDLED;
	}
	switch (tui_action_for("form", k)) {
	case A_SAVE: return save(f, app);
	case A_CANCEL:
		if (!dirty(f))
			return TUI_CLOSE;
		tui_ask(app, _("Discard your changes? (y/n)"), discard_answer, f);
		return TUI_HANDLED;
	case A_NEXT_FIELD: move_focus(f, 1); return TUI_HANDLED;
	case A_PREV_FIELD: move_focus(f, -1); return TUI_HANDLED;
	case A_CHOICE_NEXT:
	case A_CHOICE_PREV: {
		int dir = tui_action_for("form", k) == A_CHOICE_NEXT ? 1 : -1;
		if (fd->kind == TF_CHOICE || fd->kind == TF_PERSON) {
			choice_step(fd, dir);
			return TUI_HANDLED;
		}
		if (fd->kind == TF_MULTI && fd->nchoices) {
			fd->hover = (fd->hover + fd->nchoices + (size_t)dir) % fd->nchoices;
			return TUI_HANDLED;
		}
		break; /* text: the editor moves the cursor */
	}
	case A_TOGGLE:
		if (fd->kind == TF_MULTI) {
			if (fd->nchoices)
				fd->ticked[fd->hover] = !fd->ticked[fd->hover];
			return TUI_HANDLED;
		}
		break;
	default: break;
	}
	if (is_text && refused_char(fd, app, k))
		return TUI_HANDLED;
	if (is_text && tui_edit_key(&fd->edit, k)) {
		if (fd->error)
			validate(fd);
		return TUI_HANDLED;
	}
	if ((fd->kind == TF_CHOICE || fd->kind == TF_PERSON) && tui_edit_key(&fd->edit, k)) {
		choice_find(fd);
		return TUI_HANDLED;
	}
	/* function keys and control keys go on to the global handler (F1,
	 * Ctrl-L); printable keys stay here so typing never switches screens */
	if (k.func || k.ch < 0x20)
		return TUI_NOT_MINE;
	return TUI_HANDLED;
}

static void form_hangup(void *self, tui_app *app)
{
	tui_form *f = self;
	if (!f->draft_id || !dirty(f))
		return;
	char *data = serialize(f);
	draft_save(tui_ctx(app)->db, tui_ctx(app)->login, f->draft_id, data, NULL);
	free(data);
}

static bool form_unsaved(void *self)
{
	tui_form *f = self;
	return !f->view_only && dirty(f);
}

static const tui_screen_ops form_screen = {
	.title = N_("Form"),
	.number = -1,
	.context = "form",
	.close = form_close,
	.draw = form_draw,
	.key = form_key,
	.hangup = form_hangup,
	.unsaved = form_unsaved,
};

static tui_reaction restore_answer(void *self, tui_app *app, bool yes)
{
	tui_form *f = self;
	char *data = NULL;
	time_t saved;
	od_ctx *ctx = tui_ctx(app);
	if (yes && draft_load(ctx->db, ctx->login, f->draft_id, &data, &saved, NULL) == OD_OK) {
		deserialize(f, data);
		if (f->on_change)
			f->on_change(f, f->owner);
	}
	free(data);
	draft_delete(ctx->db, ctx->login, f->draft_id, NULL);
	tui_status(app, false, yes ? _("Draft restored: check it and save.") : _("Draft discarded."));
	return TUI_HANDLED;
}

void tui_form_open(tui_app *app, tui_form *f)
{
	if (f->on_change) /* computed fields first, so they are not a change */
		f->on_change(f, f->owner);
	f->initial = serialize(f);
	take_base(f);
	f->focus = 0;
	while (f->focus + 1 < f->n && (f->fields[f->focus].readonly || f->fields[f->focus].hidden))
		f->focus++;
	tui_push(app, &form_screen, f);
	if (!f->draft_id)
		return;
	od_ctx *ctx = tui_ctx(app);
	char *data = NULL;
	time_t saved;
	if (draft_load(ctx->db, ctx->login, f->draft_id, &data, &saved, NULL) == OD_OK) {
		char when[32], question[256];
		snprintf(question, sizeof question,
			 _("Restore the unsaved input kept from %s? (y/n)"),
			 clock_format(saved, when, sizeof when));
		tui_ask(app, question, restore_answer, f);
	}
	free(data);
}
