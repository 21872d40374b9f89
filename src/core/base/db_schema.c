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
	/* 2 -> 3: the asset (CI) register and incidents, with a trigram full-text
	 * index over incident text (Chinese substrings), structured data on
	 * journal entries (the state or priority a change set, which the SLA
	 * clocks are computed from) and the escalations sent */
	"CREATE TABLE asset(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  tag TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  class TEXT NOT NULL,\n"
	"  model TEXT NOT NULL DEFAULT '',\n"
	"  serial TEXT NOT NULL DEFAULT '',\n"
	"  location TEXT NOT NULL DEFAULT '',\n"
	"  ip TEXT NOT NULL DEFAULT '',\n"
	"  responsible TEXT NOT NULL DEFAULT '',\n"
	"  purchased TEXT NOT NULL DEFAULT '',\n"
	"  warranty_end TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL,\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created INTEGER NOT NULL,\n"
	"  updated INTEGER NOT NULL,\n"
	"  updated_by TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX asset_by_name ON asset(name);\n"
	"CREATE TABLE incident(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  summary TEXT NOT NULL,\n"
	"  description TEXT NOT NULL DEFAULT '',\n"
	"  reporter TEXT NOT NULL,\n"
	"  department TEXT NOT NULL DEFAULT '',\n"
	"  contact TEXT NOT NULL DEFAULT '',\n"
	"  channel TEXT NOT NULL,\n"
	"  occurred INTEGER NOT NULL,\n"
	"  asset_id INTEGER REFERENCES asset(id),\n"
	"  category TEXT NOT NULL,\n"
	"  impact TEXT NOT NULL,\n"
	"  urgency TEXT NOT NULL,\n"
	"  priority TEXT NOT NULL,\n"
	"  priority_rank INTEGER NOT NULL,\n"
	"  scope TEXT NOT NULL DEFAULT '',\n"
	"  expectation TEXT NOT NULL DEFAULT '',\n"
	"  state TEXT NOT NULL,\n"
	"  open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),\n"
	"  assignee TEXT NOT NULL DEFAULT '',\n"
	"  cause TEXT NOT NULL DEFAULT '',\n"
	"  resolution TEXT NOT NULL DEFAULT '',\n"
	"  recovery_test TEXT NOT NULL DEFAULT '',\n"
	"  review TEXT NOT NULL DEFAULT '',\n"
	"  response_due INTEGER,\n"
	"  resolution_due INTEGER,\n"
	"  alert_source TEXT NOT NULL DEFAULT '',\n"
	"  alert_key TEXT NOT NULL DEFAULT '',\n"
	"  alert_count INTEGER NOT NULL DEFAULT 0,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  updated INTEGER NOT NULL,\n"
	"  updated_by TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX incident_queue ON incident(open, priority_rank, created);\n"
	"CREATE INDEX incident_by_state ON incident(state, priority_rank, created);\n"
	"CREATE INDEX incident_by_assignee ON incident(assignee, open);\n"
	"CREATE INDEX incident_by_due ON incident(open, resolution_due);\n"
	"CREATE UNIQUE INDEX incident_alert ON incident(alert_source, alert_key)\n"
	"  WHERE open = 1 AND alert_key <> '';\n"
	"CREATE VIRTUAL TABLE incident_text USING fts5(\n"
	"  summary, description, journal, tokenize = 'trigram');\n"
	"ALTER TABLE journal ADD COLUMN data TEXT NOT NULL DEFAULT '{}';\n"
	"CREATE TABLE escalation(\n"
	"  incident_id INTEGER NOT NULL REFERENCES incident(id),\n"
	"  clock TEXT NOT NULL,\n"
	"  level TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (incident_id, clock, level)\n"
	") STRICT, WITHOUT ROWID;\n",
	/* 3 -> 4: the duty roster, leave, swap requests, handover */
	"CREATE TABLE roster(\n"
	"  day TEXT NOT NULL,\n" /* YYYY-MM-DD the shift starts, site time */
	"  shift TEXT NOT NULL,\n"
	"  login TEXT NOT NULL REFERENCES staff(login),\n"
	"  set_by TEXT NOT NULL,\n"
	"  set_at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (day, shift, login)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX roster_by_person ON roster(login, day);\n"
	"CREATE TABLE leave(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  login TEXT NOT NULL REFERENCES staff(login),\n"
	"  first_day TEXT NOT NULL,\n"
	"  last_day TEXT NOT NULL CHECK (last_day >= first_day),\n"
	"  reason TEXT NOT NULL,\n"
	"  created INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX leave_by_person ON leave(login, first_day);\n"
	"CREATE TABLE swap(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  owner TEXT NOT NULL REFERENCES staff(login),\n"
	"  day TEXT NOT NULL,\n"
	"  shift TEXT NOT NULL,\n"
	"  other TEXT NOT NULL REFERENCES staff(login),\n"
	"  other_day TEXT NOT NULL DEFAULT '',\n" /* '' : the other only covers */
	"  other_shift TEXT NOT NULL DEFAULT '',\n"
	"  reason TEXT NOT NULL,\n"
	"  state TEXT NOT NULL,\n"
	"  requested_by TEXT NOT NULL,\n"
	"  agreed_at INTEGER,\n"
	"  decided_by TEXT NOT NULL DEFAULT '',\n"
	"  decided_at INTEGER,\n"
	"  comment TEXT NOT NULL DEFAULT '',\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created INTEGER NOT NULL,\n"
	"  updated INTEGER NOT NULL,\n"
	"  updated_by TEXT NOT NULL\n"
	") STRICT;\n"
	"CREATE INDEX swap_by_state ON swap(state, id);\n"
	"CREATE TABLE handover_note(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  day TEXT NOT NULL,\n"
	"  shift TEXT NOT NULL,\n"
	"  author TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  follow_up TEXT NOT NULL DEFAULT '',\n" /* who follows it up */
	"  due INTEGER\n"                          /* by when */
	") STRICT;\n"
	"CREATE INDEX handover_by_shift ON handover_note(day, shift, id);\n"
	"CREATE TABLE handover_ack(\n"
	"  day TEXT NOT NULL,\n"
	"  shift TEXT NOT NULL,\n"
	"  outgoing TEXT NOT NULL,\n" /* logins on the shift handed over, comma-separated */
	"  incoming TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n"
	"  PRIMARY KEY (day, shift)\n"
	") STRICT, WITHOUT ROWID;\n",
	/* 4 -> 5: the newest incidents first, all of them, without sorting the
	 * whole table (the queue's newest-first order and the console's) */
	"CREATE INDEX incident_by_created ON incident(created);\n",
	/* 5 -> 6: every listing walks an index in the order it shows. The SLA
	 * standing is stored (the earliest due and at-risk moments of the
	 * running clocks, and the next escalation level not yet claimed), so
	 * "breached", "at risk" and "to escalate" are range queries; the
	 * rules' SLA figures they were computed with are fingerprinted in
	 * meta (sla_rules) and recomputed when they change. Open-only orders
	 * have partial indexes, filters lead their own. */
	"ALTER TABLE incident ADD COLUMN sla_due INTEGER;\n"
	"ALTER TABLE incident ADD COLUMN sla_risk INTEGER;\n"
	"ALTER TABLE incident ADD COLUMN escalate_at INTEGER;\n"
	"UPDATE incident SET sla_due = CASE\n"
	"  WHEN response_due IS NULL THEN resolution_due\n"
	"  WHEN resolution_due IS NULL THEN response_due\n"
	"  ELSE min(response_due, resolution_due) END WHERE open = 1;\n"
	"DROP INDEX incident_by_assignee;\n"
	"DROP INDEX incident_by_due;\n"
	"CREATE INDEX incident_by_assignee ON incident(assignee, open, priority_rank, created);\n"
	"CREATE INDEX incident_by_priority ON incident(priority, open, priority_rank, created);\n"
	"CREATE INDEX incident_open_newest ON incident(created) WHERE open = 1;\n"
	"CREATE INDEX incident_by_due ON incident(coalesce(resolution_due, 9223372036854775807));\n"
	"CREATE INDEX incident_open_by_due\n"
	"  ON incident(coalesce(resolution_due, 9223372036854775807)) WHERE open = 1;\n"
	"CREATE INDEX incident_sla_due ON incident(sla_due) WHERE sla_due IS NOT NULL;\n"
	"CREATE INDEX incident_sla_risk ON incident(sla_risk) WHERE sla_risk IS NOT NULL;\n"
	"CREATE INDEX incident_to_escalate ON incident(escalate_at) WHERE escalate_at IS NOT NULL;\n"
	"DELETE FROM meta WHERE key = 'sla_rules';\n"
	/* how far each escalation's notification got (see escalate.c) */
	"ALTER TABLE escalation ADD COLUMN state TEXT NOT NULL DEFAULT 'sent'\n"
	"  CHECK (state IN ('claimed', 'started', 'sent', 'unknown'));\n"
	"CREATE INDEX escalation_unfinished ON escalation(state, at)\n"
	"  WHERE state IN ('claimed', 'started');\n",
	/* 6 -> 7: the duty log (entries are never changed or deleted: a later
	 * entry corrects an earlier one), and journal entries by time, so a
	 * shift report reads the shift's window instead of every record */
	"CREATE TABLE duty_log(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  day TEXT NOT NULL,\n" /* the shift the entry falls in */
	"  shift TEXT NOT NULL,\n"
	"  at INTEGER NOT NULL,\n" /* when it happened */
	"  category TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  author TEXT NOT NULL,\n"
	"  created INTEGER NOT NULL,\n" /* when it was written */
	"  corrects INTEGER REFERENCES duty_log(id)\n"
	") STRICT;\n"
	"CREATE INDEX duty_log_by_shift ON duty_log(day, shift, at, id);\n"
	"CREATE TRIGGER duty_log_no_update BEFORE UPDATE ON duty_log\n"
	"  BEGIN SELECT RAISE(ABORT, 'duty log entries are corrected by a later entry, never changed'); END;\n"
	"CREATE TRIGGER duty_log_no_delete BEFORE DELETE ON duty_log\n"
	"  BEGIN SELECT RAISE(ABORT, 'duty log entries are never deleted'); END;\n"
	"CREATE INDEX journal_by_at ON journal(at);\n",
	/* 7 -> 8: what the record mechanism keeps for every kind (record.c):
	 * links between records, the CIs a record names, and the search
	 * index of kinds that do not keep their own */
	"CREATE TABLE record_link(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  from_ref TEXT NOT NULL,\n"
	"  from_role TEXT NOT NULL,\n" /* what to_ref is to from_ref */
	"  to_ref TEXT NOT NULL,\n"
	"  to_role TEXT NOT NULL,\n"   /* what from_ref is to to_ref */
	"  at INTEGER NOT NULL,\n"
	"  by TEXT NOT NULL,\n"
	"  UNIQUE (from_ref, to_ref)\n"
	") STRICT;\n"
	"CREATE INDEX record_link_to ON record_link(to_ref);\n"
	"CREATE TABLE record_ci(\n"
	"  ref TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  rid INTEGER NOT NULL,\n"
	"  field TEXT NOT NULL,\n"
	"  seq INTEGER NOT NULL,\n"
	"  asset_id INTEGER NOT NULL REFERENCES asset(id),\n"
	"  PRIMARY KEY (ref, field, asset_id)\n"
	") STRICT, WITHOUT ROWID;\n"
	"CREATE INDEX record_ci_by_asset ON record_ci(asset_id, kind, rid);\n"
	"CREATE VIRTUAL TABLE record_text USING fts5(\n"
	"  kind UNINDEXED, rid UNINDEXED, body, tokenize = 'trigram');\n",
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
