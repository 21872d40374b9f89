#!/bin/sh
# An older database is upgraded when it is opened: a real schema-1 file
# (tests/cli/data/schema-v1.sql, made by opsdesk 0.1.0) keeps every record,
# its journal and its audit chain, and gains the newer fields.
. "$(dirname "$0")/../lib/tap.sh"

# the current schema, as a fresh init makes it
OPSDESK_DB="$T/fresh.db" "$OPSDESK_BIN" init >/dev/null
current=$(sqlite3 "$T/fresh.db" 'PRAGMA user_version')
sqlite3 "$OPSDESK_DB" <"$TOP/tests/cli/data/schema-v1.sql"
is "$(sql 'PRAGMA user_version')" 1 "the fixture is a schema-1 database"
before=$(sql "SELECT login, name, phone, team, active, version FROM staff ORDER BY login")

run staff show lina
is "$RC" 0 "a reading command opens the old file"
like "$OUT" '^team +系统二组$' "and sees its data"
is "$(sql "PRAGMA user_version")" "$current" "the file was upgraded to the current schema ($current) on opening"
is "$(sql "SELECT login, name, phone, team, active, version FROM staff ORDER BY login")" "$before" \
	"every staff record is as it was"
is "$(sql "SELECT email || '|' || deputy || '|' || note FROM staff WHERE login = 'lina'")" '||' \
	"the new fields start empty"
is "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('asset', 'incident', 'escalation') ORDER BY name)")" \
	'asset escalation incident' "and the newer tables are there"
is "$(sql "SELECT text FROM journal WHERE record = 'staff:lina' ORDER BY id DESC LIMIT 1")" \
	'team: 系统组 -> 系统二组' "the journal is kept"
run audit verify
is "$RC" 0 "the audit chain written before the upgrade still verifies"

OPSDESK_USER=ouyang run staff edit lina --email lina@ops.example.cn --deputy wangfang
is "$RC" 0 "the new fields can be set"
is "$(sql "SELECT email || '|' || deputy FROM staff WHERE login = 'lina'")" \
	'lina@ops.example.cn|wangfang' "and are stored"
run audit verify
is "$RC" 0 "the chain goes on across the upgrade"

run init
like "$OUT" "schema version $current\\)" "init on an upgraded file reports the current schema"
done_testing
