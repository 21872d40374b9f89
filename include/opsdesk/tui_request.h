/* Service requests in the console (src/tui/screen_requests.c). */
#ifndef OPSDESK_TUI_REQUEST_H
#define OPSDESK_TUI_REQUEST_H

#include "opsdesk/tui_app.h"

/* Opens the service request intake form. */
void tui_request_intake(tui_app *app);
/* Pushes the list of open service requests. */
void tui_request_list(tui_app *app);
/* Reopens the form a draft "incidents.request.*" belongs to: the intake,
 * or a request's action, comment or edit form on its record screen. */
void tui_request_resume(tui_app *app, const char *form_id);

#endif
