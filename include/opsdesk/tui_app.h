/* The console's main loop and the interface every screen implements. A
 * screen is one file (src/tui/screen_*.c) ending in a const tui_screen_ops;
 * key handlers return a reaction and only the main loop draws. */
#ifndef OPSDESK_TUI_APP_H
#define OPSDESK_TUI_APP_H

#include <curses.h>
#include <stdbool.h>

#include "opsdesk/context.h"
#include "opsdesk/tui_actions.h"

typedef enum tui_reaction {
	TUI_NOT_MINE, /* let the next handler (widget, then global) try */
	TUI_HANDLED,  /* done; the loop redraws */
	TUI_RELOAD,   /* data changed: reload the screen's data, then redraw */
	TUI_CLOSE,    /* close this screen (a form or the help) */
	TUI_QUIT,     /* leave the console */
} tui_reaction;

typedef struct tui_app tui_app;

typedef struct tui_screen_ops {
	const char *title;   /* N_() string, shown in the top bar */
	int number;          /* 0-9 for the numbered screens, -1 otherwise */
	const char *context; /* the screen's own action context, or NULL */
	void *(*open)(tui_app *app);
	void (*close)(void *self);
	/* rereads data: after a change here or another session's commit */
	void (*reload)(void *self, tui_app *app);
	/* draws the body; the window is the area between top bar and status line */
	void (*draw)(void *self, tui_app *app, WINDOW *body);
	tui_reaction (*key)(void *self, tui_app *app, tui_key k);
	/* the terminal is going away: keep unsaved input (may be NULL) */
	void (*hangup)(void *self, tui_app *app);
	/* true while it holds input that is not saved (may be NULL), so
	 * quitting asks first */
	bool (*unsaved)(void *self);
	/* reopens the form a draft belongs to; drafts of this screen's forms
	 * have ids starting with context and a '.' (may be NULL) */
	void (*resume)(void *self, tui_app *app, const char *form_id);
} tui_screen_ops;

/* The numbered screens; entries for numbers not built yet are NULL. */
extern const tui_screen_ops *const tui_screens[10];
/* Names of all ten screens, for the top bar and the message about screens
 * still to come. */
extern const char *const tui_screen_names[10];

od_ctx *tui_ctx(tui_app *app);
/* The action context of the screen or form in front, or NULL. */
const char *tui_front_context(tui_app *app);
/* Pushes an opened screen (such as a form) on top of the current one; it
 * gets ops->close when it closes. */
void tui_push(tui_app *app, const tui_screen_ops *ops, void *self);
/* A message on the status line until the next key. */
void tui_status(tui_app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Asks a yes/no question on the status line; the next key answers and
 * answer(self, app, yes) runs. Its reaction applies to the top screen. */
void tui_ask(tui_app *app, const char *question,
	     tui_reaction (*answer)(void *self, tui_app *app, bool yes), void *self);
/* Where the terminal cursor should stand after drawing (body coordinates);
 * not calling it hides the cursor. */
void tui_cursor(tui_app *app, int y, int x);
/* True when colours are in use (a colour terminal and no NO_COLOR). */
bool tui_colors(const tui_app *app);

#endif
