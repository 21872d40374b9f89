/* The kinds whose show has more than the generic one: one line a kind. */
#include "opsdesk/cli_change.h"
#include "opsdesk/cli_incident.h"
#include "opsdesk/cli_kb.h"
#include "opsdesk/release.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/cli_request.h"
#include "opsdesk/request.h"

const cli_record_face cli_record_faces[] = {
	{&incident_kind, cli_incident_show, NULL, NULL},
	{&change_kind, NULL, cli_change_show_more, cli_change_json_more},
	{&release_kind, NULL, cli_release_show_more, cli_release_json_more},
	{&request_kind, NULL, cli_request_show, cli_request_json},
	{&kb_kind, NULL, cli_kb_show_more, NULL},
	{0},
};
