/* The help screen: every key, generated from the action list. */
#include <stdlib.h>
#include <string.h>

#include "opsdesk/i18n.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_app.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/xalloc.h"

enum { NSECTIONS = 9 };

typedef struct help {
	int scroll;
	int page;
	int rows; /* the help's rows at the width last drawn */
	size_t order[NSECTIONS]; /* the sections, the screen's own first */
} help;

static const struct {
	const char *context, *heading;
} sections[] = {
	{"global", N_("Everywhere")},
	{"dashboard", N_("Dashboard (screen 1)")},
	{"list", N_("Lists")},
	{"record", N_("Records")},
	{"form", N_("Forms")},
	{"text", N_("Editing text (in fields and searches)")},
	{"incidents", N_("Incidents (screen 2)")},
	{"roster", N_("Roster (screen 4): the list keys move between people")},
	{"people", N_("People (screen 0)")},
};
_Static_assert(sizeof sections / sizeof *sections == NSECTIONS, "NSECTIONS counts sections");

/* The keys of the screen in front come first, so they are in view: in a
 * form, the form's and the text editor's; then every other section. */
static bool first_for(const char *section, const char *front)
{
	if (!front)
		return false;
	if (strcmp(front, "form") == 0)
		return strcmp(section, "form") == 0 || strcmp(section, "text") == 0;
	return strcmp(section, front) == 0;
}

static void *help_open(tui_app *app)
{
	help *h = xcalloc(1, sizeof *h);
	const char *front = tui_front_context(app);
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t s = 0; s < NSECTIONS; s++)
			if (first_for(sections[s].context, front) == (pass == 0))
				h->order[n++] = s;
	return h;
}

static void help_close(void *self)
{
	free(self);
}

/* The keys stand in a column as wide as the widest of them (up to a third
 * of the screen); the help text starts after it, and a longer one wraps
 * onto the next lines, by display width. */
enum { KEYS_X = 3, KEYS_MIN = 14 };

static int keys_width(int width)
{
	int w = KEYS_MIN;
	for (const tui_action *a = tui_actions; a->id; a++)
		if (text_width(a->keys_label) > w)
			w = text_width(a->keys_label);
	return w < width / 3 ? w : width / 3;
}

/* The rows below the title, in order: row (counted from the top of the
 * help, scrolled by h->scroll) is drawn only when in view. */
typedef struct rows {
	WINDOW *w; /* NULL: count only */
	int scroll, row, y, height;
} rows;

static bool in_view(rows *r)
{
	return r->w && r->row >= r->scroll && r->y < r->height;
}

static void one_row(rows *r, int x, int width, const char *text, tui_style s)
{
	if (in_view(r))
		tui_put(r->w, r->y++, x, width, text, s);
	r->row++;
}

/* A key and its help, wrapped at the cells left of width. */
static void key_rows(rows *r, int width, const tui_action *a)
{
	int kw = keys_width(width), help_x = KEYS_X + kw + 1, hw = width - help_x - 1;
	const char *p = _(a->help);
	bool first = true;
	do {
		const char *end = hw > 0 ? tui_wrap_end(p, hw) : p + strlen(p);
		if (in_view(r)) {
			if (first)
				tui_put(r->w, r->y, KEYS_X, kw, a->keys_label, ST_TITLE);
			char *part = xstrndup(p, (size_t)(end - p));
			tui_put(r->w, r->y, help_x, hw, part, ST_NORMAL);
			free(part);
			r->y++;
		}
		r->row++;
		first = false;
		p = end;
		while (*p == ' ')
			p++;
	} while (*p);
}

static void all_rows(const help *h, rows *r, int width)
{
	for (size_t i = 0; i < NSECTIONS; i++) {
		size_t s = h->order[i];
		one_row(r, 1, width - 2, "", ST_NORMAL); /* blank line between sections */
		one_row(r, 1, width - 2, _(sections[s].heading), ST_HEADER);
		for (const tui_action *a = tui_actions; a->id; a++)
			if (strcmp(a->context, sections[s].context) == 0)
				key_rows(r, width, a);
	}
}

static void help_draw(void *self, tui_app *app, WINDOW *w)
{
	(void)app;
	help *h = self;
	int height = getmaxy(w), width = getmaxx(w);
	h->page = height - 1;
	rows count = {0};
	all_rows(h, &count, width);
	h->rows = count.row;
	int max_scroll = count.row - (height - 1);
	if (h->scroll > max_scroll)
		h->scroll = max_scroll > 0 ? max_scroll : 0;
	tui_put(w, 0, 1, width - 2, _("Keys (q or Esc closes this help)"), ST_TITLE);
	rows draw = {w, h->scroll, 0, 1, height};
	all_rows(h, &draw, width);
}

static tui_reaction help_key(void *self, tui_app *app, tui_key k)
{
	(void)app;
	help *h = self;
	if (!k.func && k.ch == 27)
		return TUI_CLOSE;
	switch (tui_action_for("list", k)) {
	case A_UP: if (h->scroll > 0) h->scroll--; return TUI_HANDLED;
	case A_DOWN: h->scroll++; return TUI_HANDLED;
	case A_PAGE_UP: h->scroll = h->scroll > h->page ? h->scroll - h->page : 0; return TUI_HANDLED;
	case A_PAGE_DOWN: h->scroll += h->page; return TUI_HANDLED;
	case A_FIRST: h->scroll = 0; return TUI_HANDLED;
	case A_LAST: h->scroll = h->rows; return TUI_HANDLED;
	default: return TUI_NOT_MINE;
	}
}

const tui_screen_ops tui_help_screen = {
	.title = N_("Help"),
	.number = -1,
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.key = help_key,
};
