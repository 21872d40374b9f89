/* The command line's printing of any kind of record (record.h). */
#ifndef OPSDESK_CLI_RECORD_H
#define OPSDESK_CLI_RECORD_H

#include <stdio.h>

#include "opsdesk/cli.h"
#include "opsdesk/xalloc.h"
#include "opsdesk/record.h"

/* "REF  state  title", then each RW_SHOW field that is not empty, by label. */
od_status cli_record_print(cli_env *env, const record *rec, FILE *out, od_error *err);
/* The record's journal, oldest first. */
od_status cli_record_journal(cli_env *env, const record *rec, FILE *out, od_error *err);

#endif
