/* Text drawing by display width. Text goes through text_fit, which replaces
 * control characters, so stored text never reaches the terminal raw. */
#include "opsdesk/tui_draw.h"

#include <stdlib.h>
#include <string.h>

#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"

static bool use_colors;

enum { PAIR_BAR = 1, PAIR_HOT, PAIR_ERROR, PAIR_OK, PAIR_FIELD, PAIR_FOCUS, PAIR_HEADER, PAIR_WARN };

void tui_draw_init(bool colors)
{
	use_colors = colors;
	if (!colors)
		return;
	/* -1 keeps the terminal's own background and foreground */
	init_pair(PAIR_BAR, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_HOT, COLOR_YELLOW, COLOR_BLUE);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_OK, COLOR_GREEN, -1);
	init_pair(PAIR_FIELD, -1, -1);
	init_pair(PAIR_FOCUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_HEADER, COLOR_CYAN, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
}

attr_t tui_attr(tui_style s)
{
	if (use_colors) {
		switch (s) {
		case ST_NORMAL: return A_NORMAL;
		case ST_BAR: return COLOR_PAIR(PAIR_BAR);
		case ST_BAR_HOT: return COLOR_PAIR(PAIR_HOT) | A_BOLD;
		case ST_BAR_DIM: return COLOR_PAIR(PAIR_BAR) | A_DIM;
		case ST_HEADER: return COLOR_PAIR(PAIR_HEADER) | A_BOLD;
		case ST_SELECTED: return A_REVERSE;
		case ST_ERROR: return COLOR_PAIR(PAIR_ERROR) | A_BOLD;
		case ST_WARN: return COLOR_PAIR(PAIR_WARN) | A_BOLD;
		case ST_OK: return COLOR_PAIR(PAIR_OK);
		case ST_DIM: return A_DIM;
		case ST_FIELD: return A_UNDERLINE;
		case ST_FIELD_FOCUS: return COLOR_PAIR(PAIR_FOCUS);
		case ST_TITLE: return A_BOLD;
		}
	}
	/* monochrome: reverse, bold and underline carry the meaning */
	switch (s) {
	case ST_BAR: return A_REVERSE;
	case ST_BAR_HOT: return A_REVERSE | A_BOLD | A_UNDERLINE;
	case ST_BAR_DIM: return A_REVERSE | A_DIM;
	case ST_HEADER: return A_BOLD | A_UNDERLINE;
	case ST_SELECTED: return A_REVERSE;
	case ST_ERROR: return A_BOLD | A_UNDERLINE;
	case ST_WARN: return A_BOLD;
	case ST_DIM: return A_DIM;
	case ST_FIELD: return A_UNDERLINE;
	case ST_FIELD_FOCUS: return A_REVERSE;
	case ST_TITLE: return A_BOLD;
	default: return A_NORMAL;
	}
}

static void put(WINDOW *w, int y, int x, int width, const char *text, tui_style s, bool right)
{
	if (width <= 0)
		return;
	char *fit = text_fit(text, width, right);
	wattrset(w, (int)tui_attr(s));
	mvwaddstr(w, y, x, fit);
	wattrset(w, A_NORMAL);
	free(fit);
}

void tui_put(WINDOW *w, int y, int x, int width, const char *text, tui_style s)
{
	put(w, y, x, width, text, s, false);
}

void tui_put_right(WINDOW *w, int y, int x, int width, const char *text, tui_style s)
{
	put(w, y, x, width, text, s, true);
}

void tui_hline(WINDOW *w, int y, int x, int width)
{
	if (width > 0)
		mvwhline(w, y, x, ACS_HLINE, width);
}

const char *tui_wrap_end(const char *start, int width)
{
	const char *p = start;
	int used = 0;
	while (*p) {
		const char *q = p;
		int cw = text_char_width(text_next(&q));
		if (used + cw > width)
			break;
		used += cw;
		p = q;
	}
	if (p == start && *p) /* a character wider than the line */
		text_next(&p);
	/* break English at a space when one is in the second half of the
	 * line; Chinese has no spaces and breaks between characters */
	if (*p && *p != ' ') {
		for (const char *b = p; b > start + (p - start) / 2; b--) {
			if (b[-1] == ' ') {
				p = b;
				break;
			}
		}
	}
	return p;
}

int tui_put_wrapped(WINDOW *w, int y, int x, int width, int max_lines, const char *text,
		    tui_style s)
{
	if (width <= 0 || max_lines <= 0)
		return 0;
	int lines = 0;
	const char *p = text;
	while (*p && lines < max_lines) {
		const char *start = p;
		p = tui_wrap_end(start, width);
		if (w) {
			/* the last allowed line takes the rest, cut with '~' */
			char *line = xstrndup(start, (size_t)((lines + 1 == max_lines ? start + strlen(start) : p) - start));
			tui_put(w, y + lines, x, width, line, s);
			free(line);
		}
		lines++;
	}
	return lines ? lines : 1;
}
