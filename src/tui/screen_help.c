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

static int line_count(void)
{
	int n = 0;
	for (size_t s = 0; s < sizeof sections / sizeof *sections; s++) {
		n += 2;
		for (const tui_action *a = tui_actions; a->id; a++)
			n += strcmp(a->context, sections[s].context) == 0;
	}
	return n;
}

static void help_draw(void *self, tui_app *app, WINDOW *w)
{
	(void)app;
	help *h = self;
	int rows = getmaxy(w), width = getmaxx(w);
	h->page = rows - 1;
	int max_scroll = line_count() - (rows - 1);
	if (h->scroll > max_scroll)
		h->scroll = max_scroll > 0 ? max_scroll : 0;
	int line = 0, y = 0;
	tui_put(w, y++, 1, width - 2, _("Keys (q or Esc closes this help)"), ST_TITLE);
	for (size_t i = 0; i < NSECTIONS; i++) {
		size_t s = h->order[i];
		if (line++ >= h->scroll && y < rows)
			y++; /* blank line between sections */
		if (line++ >= h->scroll && y < rows)
			tui_put(w, y++, 1, width - 2, _(sections[s].heading), ST_HEADER);
		for (const tui_action *a = tui_actions; a->id; a++) {
			if (strcmp(a->context, sections[s].context) != 0)
				continue;
			if (line++ < h->scroll || y >= rows)
				continue;
			tui_put(w, y, 3, 14, a->keys_label, ST_TITLE);
			tui_put(w, y, 18, width - 19, _(a->help), ST_NORMAL);
			y++;
		}
	}
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
	case A_LAST: h->scroll = line_count(); return TUI_HANDLED;
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
