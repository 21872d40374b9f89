/* The schema, one migration per version: migration i takes a database from
 * user_version i to i + 1. Never edit a migration that has shipped; add one. */
#include "opsdesk/db_schema.h"

#include <stddef.h>

static const char *const migrations[] = {
	/* 0 -> 1: people, per-record journal, audit chain, drafts */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE staff(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  login TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  phone TEXT NOT NULL DEFAULT '',\n"
	"  team TEXT NOT NULL DEFAULT '',\n"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created INTEGER NOT NULL,\n"
	"  updated INTEGER NOT NULL,\n"
	"  updated_by TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TABLE staff_role(\n"
	"  staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,\n"
	"  role TEXT NOT NULL,\n"
	"  PRIMARY KEY (staff_id, role)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE TABLE journal(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  record TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  text TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX journal_by_record ON journal(record, id);\n"
	"CREATE TABLE audit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  op TEXT NOT NULL,\n"
	"  record TEXT NOT NULL,\n"
	"  detail TEXT NOT NULL,\n"
	"  prev TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TABLE draft(\n"
	"  login TEXT NOT NULL,\n"
	"  form TEXT NOT NULL,\n"
	"  saved INTEGER NOT NULL,\n"
	"  data TEXT NOT NULL,\n"
	"  PRIMARY KEY (login, form)\n"
	") STRICT;\n",
	/* 1 -> 2: how to reach a person beyond the phone, who covers for them,
	 * and a note */
	"ALTER TABLE staff ADD COLUMN email TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE staff ADD COLUMN deputy TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE staff ADD COLUMN note TEXT NOT NULL DEFAULT '';\n",
};

int db_schema_count(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *db_schema_migration(int from_version)
{
	if (from_version < 0 || from_version >= db_schema_count())
		return NULL;
	return migrations[from_version];
}
