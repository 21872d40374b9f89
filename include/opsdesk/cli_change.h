/* What changes and releases add to the command line's generic show
 * (cli_record.h faces), and the conflicts as JSON for change conflicts. */
#ifndef OPSDESK_CLI_CHANGE_H
#define OPSDESK_CLI_CHANGE_H

#include <stddef.h>

#include "opsdesk/change.h"
#include "opsdesk/cli.h"
#include "opsdesk/xalloc.h"

void cli_change_conflicts_json(strbuf *sb, const change_conflict *v, size_t n);
void cli_change_show_more(cli_env *env, const record *rec);
void cli_change_json_more(cli_env *env, const record *rec, strbuf *sb);
void cli_release_show_more(cli_env *env, const record *rec);
void cli_release_json_more(cli_env *env, const record *rec, strbuf *sb);

#endif
