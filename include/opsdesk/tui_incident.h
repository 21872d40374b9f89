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
/* Reopens the form a draft belongs to ("incidents.new",
 * "incidents.comment:INC-3", "incidents.edit:INC-3"), which then offers the
 * draft back. */
void tui_incident_resume(tui_app *app, const char *form_id);
/* Opens the incident's action form on the action that resolves it (the
 * first open to the user that requires a resolution), its resolution and
 * cause filled from the article; saving takes it and links the article
 * (kb_resolve_incident). */
void tui_incident_resolve_with(tui_app *app, int64_t incident_id, int64_t kb_id);

#endif
