/* Every record kind, in the order listings and messages name them. Adding
 * a kind is its declaration in its own file and one line here. */
#include "opsdesk/record.h"

#include "opsdesk/change.h"
#include "opsdesk/drill.h"
#include "opsdesk/incident.h"
#include "opsdesk/inspect.h"
#include "opsdesk/problem.h"
#include "opsdesk/kb.h"
#include "opsdesk/release.h"
#include "opsdesk/request.h"

const record_kind *const record_kinds[] = {
	&incident_kind,
	&change_kind,
	&release_kind,
	&record_kind_inspection,
	&request_kind,
	&problem_kind,
	&kb_kind,
	&drill_kind,
	NULL,
};
