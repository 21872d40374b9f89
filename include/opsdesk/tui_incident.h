/* The incident screens share these: the intake form (screen 2's n) and the
 * record screen pushed on Enter. */
#ifndef OPSDESK_TUI_INCIDENT_H
#define OPSDESK_TUI_INCIDENT_H

#include <stdint.h>

#include "opsdesk/tui_app.h"

/* Opens the intake form; draft id "incidents.new". */
void tui_incident_intake(tui_app *app);
/* Pushes the record screen of incident id. */
void tui_incident_open(tui_app *app, int64_t id);

#endif
