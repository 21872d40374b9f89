/* The roster's actions in the console: swaps, leave, reassignment and the
 * handover, each a small form (or a question) over the same core call the
 * CLI makes, with the same checks and messages. The roster screen opens
 * them for its selected cell; the dashboard opens the ones it shows. */
#ifndef OPSDESK_TUI_ROSTER_H
#define OPSDESK_TUI_ROSTER_H

#include "opsdesk/tui_app.h"

/* Asks to give one of your shifts to a colleague, who may give one of
 * theirs back. day, when not NULL, picks your shift of that day first. */
void tui_roster_swap_request(tui_app *app, const char *day);
/* The pending swap requests: agree or decline (the colleague asked),
 * approve or reject (roster.approve), with a comment. */
void tui_roster_swaps_pending(tui_app *app);
/* Records leave for login (NULL: you) from day. */
void tui_roster_leave_add(tui_app *app, const char *login, const char *day);
/* Takes back one of login's leaves. */
void tui_roster_leave_cancel(tui_app *app, const char *login);
/* Gives login's shift of day to someone else at once, with a reason
 * (roster.manage). */
void tui_roster_reassign(tui_app *app, const char *login, const char *day);
/* A note on the handover of the shift on duty now. */
void tui_roster_handover_note(tui_app *app);
/* Acknowledges the handover of the shift that ended last, after asking. */
void tui_roster_handover_ack(tui_app *app);

#endif
