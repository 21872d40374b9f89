/* The numbered screens. Adding a screen is adding its descriptor here. */
#include "opsdesk/i18n.h"
#include "opsdesk/tui_app.h"

extern const tui_screen_ops screen_dashboard, screen_people, screen_assets, screen_incidents,
	screen_roster, screen_reports, screen_changes;
extern const tui_screen_ops screen_inspections, screen_problems, screen_kb;

const tui_screen_ops *const tui_screens[10] = {
	[0] = &screen_people,
	[1] = &screen_dashboard,
	[2] = &screen_incidents,
	[3] = &screen_changes,
	[4] = &screen_roster,
	[5] = &screen_inspections,
	[6] = &screen_problems,
	[7] = &screen_assets,
	[8] = &screen_kb,
	[9] = &screen_reports,
};

const char *const tui_screen_names[10] = {
	N_("People"),     N_("Dashboard"), N_("Incidents"),      N_("Changes"), N_("Roster"),
	N_("Inspections"), N_("Problems"),  N_("Assets"), N_("Knowledge base"), N_("Reports"),
};
