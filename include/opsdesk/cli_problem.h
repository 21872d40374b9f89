/* Problems on the command line, for show: the problem's own part (its
 * root-cause analysis and its incidents) and, on an incident, the
 * problems behind it with their workarounds. */
#ifndef OPSDESK_CLI_PROBLEM_H
#define OPSDESK_CLI_PROBLEM_H

#include "opsdesk/cli.h"
#include "opsdesk/record.h"
#include "opsdesk/xalloc.h"

void cli_problem_show_more(cli_env *env, const record *rec);
void cli_problem_json_more(cli_env *env, const record *rec, strbuf *sb);
/* After a transition into a resolved state: the open incidents left and
 * how to resolve them with the problem. */
void cli_problem_after_do(cli_env *env, const record *rec);
/* The problems linked to incident id, each with its state and its
 * workaround or known error, as labelled lines (label width 12). */
void cli_problem_of_incident(cli_env *env, int64_t id);
/* The same as a JSON member: ,"problems":[...]. */
void cli_problem_of_incident_json(cli_env *env, int64_t id, strbuf *sb);

#endif
