/* The list widget. Column widths come from the widest cell (display
 * cells, so Chinese aligns), capped by each column's maximum; the flexible
 * column gets what is left. */
#include "opsdesk/tui_list.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "opsdesk/i18n.h"
#include "opsdesk/text.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/xalloc.h"

void tui_list_init(tui_list *l, const tui_column *cols, int ncols,
		   const char *(*cell)(void *, size_t, int), void *data)
{
	memset(l, 0, sizeof *l);
	l->cols = cols;
	l->ncols = ncols;
	l->cell = cell;
	l->data = data;
	l->page = 10;
}

void tui_list_free(tui_list *l)
{
	free(l->shown);
	free(l->filter);
	tui_edit_free(&l->search);
	l->shown = NULL;
	l->filter = NULL;
}

/* Substring match, ignoring ASCII case; Chinese matches as it is. */
static bool contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++) {
		size_t i = 0;
		while (i < n && p[i] && tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return n == 0;
}

static bool row_matches(tui_list *l, size_t row)
{
	/* an owner's search already chose the rows */
	if (!l->filter || !*l->filter || l->search_fn)
		return true;
	for (int c = 0; c < l->ncols; c++)
		if (contains(l->cell(l->data, row, c), l->filter))
			return true;
	return false;
}

void tui_list_reset(tui_list *l, size_t nrows)
{
	size_t keep = SIZE_MAX;
	tui_list_current(l, &keep);
	l->nrows = nrows;
	l->shown = xrealloc(l->shown, (nrows ? nrows : 1) * sizeof *l->shown);
	l->nshown = 0;
	for (size_t r = 0; r < nrows; r++)
		if (row_matches(l, r))
			l->shown[l->nshown++] = r;
	if (keep != SIZE_MAX)
		tui_list_select(l, keep);
	if (l->sel >= l->nshown)
		l->sel = l->nshown ? l->nshown - 1 : 0;
}

bool tui_list_current(const tui_list *l, size_t *row)
{
	if (l->sel >= l->nshown)
		return false;
	*row = l->shown[l->sel];
	return true;
}

void tui_list_select(tui_list *l, size_t row)
{
	for (size_t i = 0; i < l->nshown; i++)
		if (l->shown[i] == row)
			l->sel = i;
}

static void layout(tui_list *l, int width, int *widths)
{
	int used = 0, flex = -1;
	for (int c = 0; c < l->ncols; c++) {
		int w = text_width(_(l->cols[c].title));
		for (size_t i = 0; i < l->nshown; i++) {
			int cw = text_width(l->cell(l->data, l->shown[i], c));
			if (cw > w)
				w = cw;
		}
		if (w > l->cols[c].max_width)
			w = l->cols[c].max_width;
		widths[c] = w;
		used += w + 1;
		if (l->cols[c].flex)
			flex = c;
	}
	if (flex < 0)
		flex = l->ncols - 1;
	/* columns give way, least important first, before the flexible one
	 * gets too narrow to read */
	int want = l->cols[flex].max_width < TUI_LIST_FLEX_MIN ? l->cols[flex].max_width
							       : TUI_LIST_FLEX_MIN;
	while (widths[flex] + width - used < want) {
		int victim = -1;
		for (int c = 0; c < l->ncols; c++)
			if (c != flex && widths[c] && l->cols[c].drop &&
			    (victim < 0 || l->cols[c].drop > l->cols[victim].drop))
				victim = c;
		if (victim < 0)
			break;
		used -= widths[victim] + 1;
		widths[victim] = 0;
	}
	/* the flexible column absorbs the difference, growing or shrinking */
	int spare = width - used;
	widths[flex] += spare;
	if (widths[flex] < 4)
		widths[flex] = 4;
}

void tui_list_draw(tui_list *l, tui_app *app, WINDOW *w, int y, int h, int width)
{
	int widths[32];
	layout(l, width, widths);
	int prompt = l->searching || (l->filter && *l->filter);
	int rows = h - 1 - prompt;
	if (rows < 1)
		rows = 1;
	l->page = rows;
	int x = 0;
	for (int c = 0; c < l->ncols && x < width; c++) {
		if (!widths[c])
			continue; /* given way */
		int cw = widths[c] < width - x ? widths[c] : width - x;
		tui_put(w, y, x, cw, _(l->cols[c].title), ST_HEADER);
		x += cw;
		if (x < width)
			tui_put(w, y, x++, 1, " ", ST_HEADER);
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	for (int r = 0; r < rows; r++) {
		size_t pos = l->top + (size_t)r;
		if (pos >= l->nshown) {
			mvwhline(w, y + 1 + r, 0, ' ', width);
			continue;
		}
		size_t row = l->shown[pos];
		tui_style st = pos == l->sel ? ST_SELECTED
			     : l->style	    ? l->style(l->data, row)
					    : ST_NORMAL;
		x = 0;
		for (int c = 0; c < l->ncols && x < width; c++) {
			if (!widths[c])
				continue;
			int cw = widths[c] < width - x ? widths[c] : width - x;
			const char *text = l->cell(l->data, row, c);
			if (l->cols[c].right)
				tui_put_right(w, y + 1 + r, x, cw, text, st);
			else
				tui_put(w, y + 1 + r, x, cw, text, st);
			x += cw;
			if (x < width)
				tui_put(w, y + 1 + r, x++, 1, " ", st);
		}
	}
	if (!prompt)
		return;
	int py = y + h - 1;
	char label[96];
	snprintf(label, sizeof label, _("Search (%zu of %zu): "), l->nshown, l->nrows);
	int lw = text_width(label);
	tui_put(w, py, 0, lw < width ? lw : width, label, ST_TITLE);
	if (l->searching) {
		int cy, cx;
		tui_edit_draw(&l->search, w, py, lw, 1, width - lw, tui_attr(ST_FIELD_FOCUS), true,
			      &cy, &cx);
		tui_cursor(app, cy, cx);
	} else {
		tui_put(w, py, lw, width - lw, l->filter, ST_NORMAL);
	}
}

static void apply_search(tui_list *l)
{
	free(l->filter);
	l->filter = tui_edit_text(&l->search);
	if (l->search_fn) {
		l->search_fn(l->data, l->filter);
		return;
	}
	tui_list_reset(l, l->nrows);
}

tui_reaction tui_list_key(tui_list *l, tui_key k)
{
	if (l->searching) {
		if (!k.func && (k.ch == 27 || k.ch == 3)) {
			l->searching = false;
			tui_edit_set(&l->search, "");
			apply_search(l);
		} else if ((!k.func && (k.ch == '\n' || k.ch == '\r')) || (k.func && k.ch == KEY_ENTER)) {
			l->searching = false;
			if (l->search_fn) /* the owner's search runs once, on Enter */
				apply_search(l);
		} else if (tui_edit_key(&l->search, k) && !l->search_fn) {
			apply_search(l); /* the list narrows as the user types */
		}
		return TUI_HANDLED;
	}
	size_t last = l->nshown ? l->nshown - 1 : 0;
	size_t page = (size_t)(l->page > 1 ? l->page - 1 : 1);
	switch (tui_action_for("list", k)) {
	case A_UP: if (l->sel > 0) l->sel--; return TUI_HANDLED;
	case A_DOWN: if (l->sel < last) l->sel++; return TUI_HANDLED;
	case A_PAGE_UP: l->sel = l->sel > page ? l->sel - page : 0; return TUI_HANDLED;
	case A_PAGE_DOWN: l->sel = l->sel + page < last ? l->sel + page : last; return TUI_HANDLED;
	case A_FIRST: l->sel = 0; return TUI_HANDLED;
	case A_LAST: l->sel = last; return TUI_HANDLED;
	case A_SEARCH:
		l->searching = true;
		tui_edit_set(&l->search, l->filter ? l->filter : "");
		return TUI_HANDLED;
	default: break;
	}
	/* Esc clears a search that is still applied */
	if (!k.func && k.ch == 27 && l->filter && *l->filter) {
		tui_edit_set(&l->search, "");
		apply_search(l);
		return TUI_HANDLED;
	}
	return TUI_NOT_MINE;
}
