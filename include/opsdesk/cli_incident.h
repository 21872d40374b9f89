/* Showing incidents on the command line: the table row, the full record
 * and JSON, shared by `incident list`, `show` and the other commands. */
#ifndef OPSDESK_CLI_INCIDENT_H
#define OPSDESK_CLI_INCIDENT_H

#include <stdio.h>

#include "opsdesk/cli.h"
#include "opsdesk/incident.h"
#include "opsdesk/xalloc.h"

/* How an SLA clock stands, in words that also read on paper. */
const char *cli_sla_word(const sla_clock *c);
/* One incident as a JSON object (with its SLA clocks when sla is given). */
void cli_incident_json(strbuf *sb, const rules *r, const incident *inc, const sla_result *sla);
/* The whole record for people: fields, clocks, journal, possible actions. */
int cli_incident_show(cli_env *env, int64_t id);

#endif
