/* The knowledge base on the command line, for show: an article's version,
 * a plan's drills, an old version of an article, and the emergency plans
 * shown on a major incident. */
#ifndef OPSDESK_CLI_KB_H
#define OPSDESK_CLI_KB_H

#include "opsdesk/cli.h"
#include "opsdesk/kb.h"
#include "opsdesk/xalloc.h"

/* The article's own part of show: its version and who wrote it when. */
void cli_kb_show_more(cli_env *env, const record *rec);
/* Its members of show --json: ,"article_version":N,... */
void cli_kb_json_more(cli_env *env, const record *rec, strbuf *sb);
/* show KB-n --version N: rec holds that version's values. */
int cli_kb_show_version(cli_env *env, const record *rec, const kb_version *v);
/* The plans of a major incident, as lines of show (nothing when none). */
void cli_kb_incident_plans(cli_env *env, int64_t incident_id);
/* The same as a JSON member: ,"plans":[...]. */
void cli_kb_incident_plans_json(cli_env *env, int64_t incident_id, strbuf *sb);

#endif
