/* A scrolling list of rows in columns measured in display cells, with a
 * selection and a search filter. The owner supplies the cells. */
#ifndef OPSDESK_TUI_LIST_H
#define OPSDESK_TUI_LIST_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "opsdesk/tui_app.h"
#include "opsdesk/tui_draw.h"
#include "opsdesk/tui_edit.h"

typedef struct tui_column {
	const char *title; /* N_() string */
	int max_width;     /* cells at most; the flexible column takes the rest */
	bool flex;
	bool right;
	/* 0: always shown; otherwise, when the flexible column would be
	 * narrower than TUI_LIST_FLEX_MIN, the column with the highest drop
	 * gives way first, so a narrow terminal keeps a useful summary */
	int drop;
} tui_column;

enum { TUI_LIST_FLEX_MIN = 14 };

typedef struct tui_list {
	const tui_column *cols;
	int ncols;
	/* the text of a cell; valid until the next call */
	const char *(*cell)(void *data, size_t row, int col);
	/* how a row is drawn when not selected (ST_NORMAL, ST_DIM for
	 * deactivated people, ST_WARN/ST_ERROR for SLA standing); may be NULL */
	tui_style (*style)(void *data, size_t row);
	/* when set, '/' asks for text and hands it here on Enter (the owner
	 * queries the database) instead of filtering the loaded rows */
	void (*search_fn)(void *data, const char *text);
	void *data;
	size_t nrows;
	size_t *shown; /* rows that pass the filter, in order */
	size_t nshown;
	size_t sel, top; /* positions in shown */
	char *filter;    /* NULL: no filter */
	bool searching;  /* the search prompt has the keyboard */
	tui_edit search;
	int page; /* rows in the last drawing, for PgUp and PgDn */
} tui_list;

void tui_list_init(tui_list *l, const tui_column *cols, int ncols,
		   const char *(*cell)(void *, size_t, int), void *data);
/* After the rows changed: refilter and keep the selection in range. */
void tui_list_reset(tui_list *l, size_t nrows);
/* Draws the heading and rows in h lines of w cells from line y. */
void tui_list_draw(tui_list *l, tui_app *app, WINDOW *w, int y, int h, int width);
tui_reaction tui_list_key(tui_list *l, tui_key k);
/* The selected row, if any. */
bool tui_list_current(const tui_list *l, size_t *row);
void tui_list_select(tui_list *l, size_t row);
void tui_list_free(tui_list *l);

#endif
