/* Showing service requests and ratings on the command line, for show. */
#ifndef OPSDESK_CLI_REQUEST_H
#define OPSDESK_CLI_REQUEST_H

#include "opsdesk/cli.h"
#include "opsdesk/record.h"
#include "opsdesk/xalloc.h"

/* The request's own part of show: its type, the type's fields, the
 * approval steps and the SLA clocks. */
void cli_request_show(cli_env *env, const record *rec);
/* The request's own members of show --json. */
void cli_request_json(cli_env *env, const record *rec, strbuf *sb);
/* The satisfaction line of ref, when it has been rated. */
void cli_rating_show(cli_env *env, const char *ref);

#endif
