/* The kinds whose show has more than the generic one: one line a kind. */
#include "opsdesk/cli_change.h"
#include "opsdesk/cli_incident.h"
#include "opsdesk/cli_problem.h"
#include "opsdesk/problem.h"
#include "opsdesk/cli_kb.h"
#include "opsdesk/release.h"
#include "opsdesk/cli_record.h"
#include "opsdesk/cli_request.h"
#include "opsdesk/request.h"

const cli_record_face cli_record_faces[] = {
	{.kind = &incident_kind, .show = cli_incident_show},
	{.kind = &change_kind, .show_more = cli_change_show_more, .json_more = cli_change_json_more},
	{.kind = &release_kind, .show_more = cli_release_show_more, .json_more = cli_release_json_more},
	{.kind = &request_kind, .show_more = cli_request_show, .json_more = cli_request_json},
	{.kind = &problem_kind, .show_more = cli_problem_show_more, .json_more = cli_problem_json_more,
	 .after_do = cli_problem_after_do},
	{.kind = &kb_kind, .show_more = cli_kb_show_more},
	{0},
};

