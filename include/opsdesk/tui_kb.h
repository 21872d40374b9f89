/* The knowledge base in the console: screen 8 (screen_kb.c) and the list
 * of articles an incident opens to be resolved with one. */
#ifndef OPSDESK_TUI_KB_H
#define OPSDESK_TUI_KB_H

#include <stdint.h>

#include "opsdesk/tui_app.h"

/* Pushes the knowledge base's list searched with summary, its search
 * prompt holding the summary to edit; u resolves the incident with the
 * selected article (tui_incident_resolve_with). */
void tui_kb_pick_for_incident(tui_app *app, int64_t incident_id, const char *summary);

#endif
