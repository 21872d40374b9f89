/* Editing text of wide characters: one line (scrolling sideways by display
 * cells) or several (soft-wrapped). Used by form fields and the search
 * prompt. */
#ifndef OPSDESK_TUI_EDIT_H
#define OPSDESK_TUI_EDIT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "opsdesk/tui_actions.h"

typedef struct tui_edit {
	wchar_t *buf;
	size_t len, cap;
	size_t cursor;     /* index into buf */
	size_t max_chars;  /* refuses typing past this */
	bool multiline;
	int scroll;        /* first visible cell (one line) or row (several) */
} tui_edit;

void tui_edit_set(tui_edit *e, const char *utf8);
/* The text as UTF-8; caller frees. */
char *tui_edit_text(const tui_edit *e);
/* Handles editing keys; false when the key is not an editing key. */
bool tui_edit_key(tui_edit *e, tui_key k);
/* Draws in a box of h rows and w cells at y,x; when focused, returns the
 * cursor's screen position through cy, cx. */
void tui_edit_draw(tui_edit *e, WINDOW *win, int y, int x, int h, int w, attr_t attr,
		   bool focused, int *cy, int *cx);
void tui_edit_free(tui_edit *e);

#endif
