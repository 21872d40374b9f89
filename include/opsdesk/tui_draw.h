/* Drawing text by display cells, and the console's few visual roles, each
 * with a colour form and a monochrome form. */
#ifndef OPSDESK_TUI_DRAW_H
#define OPSDESK_TUI_DRAW_H

#include <curses.h>
#include <stdbool.h>

typedef enum tui_style {
	ST_NORMAL,
	ST_BAR,      /* top bar */
	ST_BAR_HOT,  /* the current screen in the top bar */
	ST_BAR_DIM,  /* screens not built yet */
	ST_HEADER,   /* column headings */
	ST_SELECTED, /* the selected line */
	ST_ERROR,
	ST_WARN, /* needs attention soon, such as an SLA at risk */
	ST_OK,
	ST_DIM,
	ST_FIELD,       /* an input field */
	ST_FIELD_FOCUS, /* the field being edited */
	ST_TITLE,
} tui_style;

void tui_draw_init(bool colors);
attr_t tui_attr(tui_style s);
/* Draws text at y,x in exactly width cells (cut with '~' or padded). */
void tui_put(WINDOW *w, int y, int x, int width, const char *text, tui_style s);
/* Same, text right-aligned. */
void tui_put_right(WINDOW *w, int y, int x, int width, const char *text, tui_style s);
/* Draws text wrapped at width cells on at most max_lines lines from y,x
 * (the last line cut with '~' if it still does not fit). With w NULL it only
 * counts. Returns the lines used. */
int tui_put_wrapped(WINDOW *w, int y, int x, int width, int max_lines, const char *text,
		    tui_style s);
/* Where the line of at most width cells that starts at start ends, by
 * display width: at a space in its second half when there is one, else
 * between characters (never inside one). */
const char *tui_wrap_end(const char *start, int width);
void tui_hline(WINDOW *w, int y, int x, int width);

#endif
