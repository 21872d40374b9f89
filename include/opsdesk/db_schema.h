/* The schema migrations, in order. */
#ifndef OPSDESK_DB_SCHEMA_H
#define OPSDESK_DB_SCHEMA_H

/* How many migrations there are: the newest schema version. */
int db_schema_count(void);
/* SQL that takes the schema from from_version to from_version + 1. */
const char *db_schema_migration(int from_version);

#endif
