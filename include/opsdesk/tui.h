/* The console (curses face). */
#ifndef OPSDESK_TUI_H
#define OPSDESK_TUI_H

#include "opsdesk/context.h"

/* Runs the console until the user quits or the terminal goes away; returns
 * the exit status. rules_path is NULL for the built-in rules; notice, when
 * not empty, is shown on the status line at start. */
int tui_main(od_ctx *ctx, const char *rules_path, const char *notice);

#endif
