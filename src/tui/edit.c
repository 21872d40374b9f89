/* The text editor of fields. Keys: printable characters insert; Backspace,
 * Delete, Left, Right, Home/Ctrl-A, End/Ctrl-E, Ctrl-U (to line start),
 * Ctrl-K (to line end), Ctrl-W (word back); Enter inserts a new line in
 * multi-line text. Up and Down are left to the form (next field), except
 * inside multi-line text where they move between lines. */
#include "opsdesk/tui_edit.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "opsdesk/text.h"
#include "opsdesk/xalloc.h"


static void reserve(tui_edit *e, size_t more)
{
	if (e->len + more + 1 <= e->cap)
		return;
	e->cap = (e->len + more + 1) * 2;
	e->buf = xrealloc(e->buf, e->cap * sizeof *e->buf);
}

void tui_edit_set(tui_edit *e, const char *utf8)
{
	e->len = e->cursor = 0;
	e->scroll = 0;
	reserve(e, strlen(utf8 ? utf8 : ""));
	for (const char *p = utf8 ? utf8 : ""; *p;)
		e->buf[e->len++] = text_next(&p);
	e->buf[e->len] = 0;
	e->cursor = e->len;
}

char *tui_edit_text(const tui_edit *e)
{
	strbuf sb = {0};
	char enc[4];
	for (size_t i = 0; i < e->len; i++)
		sb_addn(&sb, enc, text_encode(e->buf[i], enc));
	return sb_take(&sb);
}

void tui_edit_free(tui_edit *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

static void insert(tui_edit *e, wchar_t c)
{
	if (e->max_chars && e->len >= e->max_chars) {
		beep();
		return;
	}
	reserve(e, 1);
	memmove(e->buf + e->cursor + 1, e->buf + e->cursor, (e->len - e->cursor) * sizeof *e->buf);
	e->buf[e->cursor++] = c;
	e->buf[++e->len] = 0;
}

static void remove_range(tui_edit *e, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(e->buf + from, e->buf + to, (e->len - to) * sizeof *e->buf);
	e->len -= to - from;
	e->buf[e->len] = 0;
	e->cursor = from;
}

static size_t line_start(const tui_edit *e, size_t i)
{
	while (i > 0 && e->buf[i - 1] != '\n')
		i--;
	return i;
}

static size_t line_end(const tui_edit *e, size_t i)
{
	while (i < e->len && e->buf[i] != '\n')
		i++;
	return i;
}

/* Moves to the same display column on the previous or next line. */
static void vertical(tui_edit *e, int dir)
{
	size_t start = line_start(e, e->cursor);
	int col = 0;
	for (size_t i = start; i < e->cursor; i++)
		col += text_char_width(e->buf[i]);
	size_t target;
	if (dir < 0) {
		if (start == 0)
			return;
		target = line_start(e, start - 1);
	} else {
		size_t end = line_end(e, e->cursor);
		if (end == e->len)
			return;
		target = end + 1;
	}
	int c = 0;
	while (target < e->len && e->buf[target] != '\n' && c + text_char_width(e->buf[target]) <= col)
		c += text_char_width(e->buf[target++]);
	e->cursor = target;
}

bool tui_edit_key(tui_edit *e, tui_key k)
{
	switch (tui_action_for("text", k)) {
	case A_CURSOR_LEFT:
		if (e->cursor > 0)
			e->cursor--;
		return true;
	case A_CURSOR_RIGHT:
		if (e->cursor < e->len)
			e->cursor++;
		return true;
	case A_LINE_START: e->cursor = line_start(e, e->cursor); return true;
	case A_LINE_END: e->cursor = line_end(e, e->cursor); return true;
	case A_DELETE_BACK:
		if (e->cursor > 0)
			remove_range(e, e->cursor - 1, e->cursor);
		return true;
	case A_DELETE_FORWARD:
		if (e->cursor < e->len)
			remove_range(e, e->cursor, e->cursor + 1);
		return true;
	case A_DELETE_TO_START: remove_range(e, line_start(e, e->cursor), e->cursor); return true;
	case A_DELETE_TO_END: remove_range(e, e->cursor, line_end(e, e->cursor)); return true;
	case A_DELETE_WORD: {
		size_t i = e->cursor;
		while (i > 0 && iswspace((wint_t)e->buf[i - 1]))
			i--;
		while (i > 0 && !iswspace((wint_t)e->buf[i - 1]))
			i--;
		remove_range(e, i, e->cursor);
		return true;
	}
	case A_LINE_UP:
	case A_LINE_DOWN:
		if (!e->multiline)
			return false;
		vertical(e, tui_action_for("text", k) == A_LINE_UP ? -1 : 1);
		return true;
	case A_NEW_LINE:
		if (!e->multiline)
			return false;
		insert(e, '\n');
		return true;
	default: break;
	}
	wint_t c = k.ch;
	if (k.func || c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || !iswprint(c))
		return false;
	insert(e, (wchar_t)c);
	return true;
}

/* Draws characters from index from up to (not including) to, within w
 * cells, returning the cells used. */
static int draw_run(tui_edit *e, WINDOW *win, int y, int x, int w, size_t from, size_t to,
		    int skip_cells)
{
	int used = 0, skipped = 0;
	char enc[5];
	for (size_t i = from; i < to; i++) {
		int cw = text_char_width(e->buf[i]);
		if (skipped < skip_cells) {
			skipped += cw;
			continue;
		}
		if (used + cw > w)
			break;
		wchar_t c = e->buf[i];
		if (c == '\t' || c < 0x20)
			c = ' ';
		enc[text_encode(c, enc)] = '\0';
		mvwaddstr(win, y, x + used, enc);
		used += cw;
	}
	return used;
}

void tui_edit_draw(tui_edit *e, WINDOW *win, int y, int x, int h, int w, attr_t attr,
		   bool focused, int *cy, int *cx)
{
	if (w <= 0 || h <= 0)
		return;
	wattrset(win, (int)attr);
	for (int r = 0; r < h; r++)
		mvwhline(win, y + r, x, ' ', w);
	if (!e->multiline) {
		int before = 0;
		for (size_t i = 0; i < e->cursor; i++)
			before += text_char_width(e->buf[i]);
		/* keep the cursor inside the box, with a cell to spare at the end */
		if (before - e->scroll > w - 1)
			e->scroll = before - (w - 1);
		if (before < e->scroll)
			e->scroll = before;
		draw_run(e, win, y, x, w, 0, e->len, e->scroll);
		if (focused) {
			*cy = y;
			*cx = x + before - e->scroll;
		}
		wattrset(win, A_NORMAL);
		return;
	}
	/* several lines: soft-wrap each logical line at w cells */
	int cur_row = 0, cur_col = 0;
	typedef struct { size_t from, to; } span;
	size_t nspans = 0, cap = 16;
	span *spans = xmalloc(cap * sizeof *spans);
	size_t i = 0;
	for (;;) {
		size_t from = i;
		int cells = 0;
		while (i < e->len && e->buf[i] != '\n' && cells + text_char_width(e->buf[i]) <= w - 1)
			cells += text_char_width(e->buf[i++]);
		if (nspans == cap)
			spans = xrealloc(spans, (cap *= 2) * sizeof *spans);
		spans[nspans++] = (span){from, i};
		if (e->cursor >= from && (e->cursor < i || (e->cursor == i && (i == e->len || e->buf[i] == '\n')))) {
			cur_row = (int)nspans - 1;
			cur_col = 0;
			for (size_t k = from; k < e->cursor; k++)
				cur_col += text_char_width(e->buf[k]);
		}
		if (i >= e->len)
			break;
		if (e->buf[i] == '\n')
			i++;
	}
	if (cur_row < e->scroll)
		e->scroll = cur_row;
	if (cur_row >= e->scroll + h)
		e->scroll = cur_row - h + 1;
	for (int row = 0; row < h && (size_t)(e->scroll + row) < nspans; row++) {
		span s = spans[e->scroll + row];
		draw_run(e, win, y + row, x, w, s.from, s.to, 0);
	}
	free(spans);
	if (focused) {
		*cy = y + cur_row - e->scroll;
		*cx = x + cur_col;
	}
	wattrset(win, A_NORMAL);
}
