/* The kinds whose show has more than the generic one: one line a kind. */
#include "opsdesk/cli_incident.h"
#include "opsdesk/cli_record.h"

const cli_record_face cli_record_faces[] = {
	{&incident_kind, cli_incident_show, NULL, NULL},
	{0},
};
