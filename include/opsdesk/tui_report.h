/* Reports in the console: a scrolling preview of a report at the
 * terminal's width, from which it is printed or exported (src/tui/
 * screen_reports.c, which is also screen 9). */
#ifndef OPSDESK_TUI_REPORT_H
#define OPSDESK_TUI_REPORT_H

#include <stdint.h>

#include "opsdesk/report.h"
#include "opsdesk/tui_app.h"

/* Pushes a preview of r, which it then owns. */
void tui_report_preview(tui_app *app, report *r);
/* The fault report of one incident, in a preview (p on its record). */
void tui_report_incident(tui_app *app, int64_t id);

#endif
