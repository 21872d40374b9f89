#!/bin/sh
# opsdesk init [--demo]: creates the database, makes the invoking user the
# first operations manager, is safe to run again, and refuses a database
# from a newer opsdesk. Other commands never create a database.
. "$(dirname "$0")/../lib/tap.sh"

staff_and_roles() { sql "SELECT s.login || ' ' || r.role FROM staff s JOIN staff_role r ON r.staff_id = s.id ORDER BY s.login, r.role"; }
json() { sqlite3 :memory: "SELECT $1 FROM (SELECT CAST(readfile('$T/out.json') AS TEXT) AS j)"; }

# --- before init: other commands say what to do, and create nothing ---------
run staff list
is "$RC" 1 "staff list without a database exits 1"
is "$ERR" "opsdesk: no database at $OPSDESK_DB: run 'opsdesk init' to create it (or give --db)" \
	"... and says to run 'opsdesk init'"
is "$OUT" "" "... and prints nothing on stdout"
test ! -e "$OPSDESK_DB"
ok $? "... and does not create the database file"

run audit verify
is "$RC" 1 "audit verify without a database exits 1"
like "$ERR" "run 'opsdesk init'" "... and says to run 'opsdesk init'"

run whoami
is "$RC" 1 "whoami without a database exits 1"
test ! -e "$OPSDESK_DB"
ok $? "... and still no database file"

# --- init ---------------------------------------------------------------------
# The first manager's name is the account's full name (GECOS), else the login.
rootname=$(getent passwd root | cut -d: -f5 | cut -d, -f1)
[ -n "$rootname" ] || rootname=root

run init
is "$RC" 0 "init exits 0"
schema=$(sql "PRAGMA user_version")
test "$schema" -ge 1
ok $? "the database carries a schema version (user_version $schema)"
is "$OUT" "database $OPSDESK_DB ready (schema version $schema)
root is the first 运维经理" "init prints the path, the schema version and the first manager"
is "$ERR" "" "init prints nothing on stderr"
test -f "$OPSDESK_DB"
ok $? "init created the database file"
is "$(sql 'PRAGMA journal_mode')" "wal" "the database is in WAL mode"
is "$(staff_and_roles)" "root ops_manager" "sql: root is the only staff member, with role ops_manager"
is "$(sql 'SELECT count(*) FROM audit')" 1 "sql: one audit entry (the bootstrap)"
is "$(sql "SELECT actor || ' ' || op || ' ' || record FROM audit")" "root staff.bootstrap staff:root" \
	"sql: the audit entry records root bootstrapping staff:root"

run staff list --json
is "$RC" 0 "staff list --json exits 0"
is "$OUT" "[
{\"login\":\"root\",\"name\":\"$rootname\",\"phone\":\"\",\"team\":\"\",\"email\":\"\",\"deputy\":\"\",\"note\":\"\",\"roles\":[\"ops_manager\"],\"active\":true,\"version\":1,\"created\":\"2026-11-21T09:00:00+08:00\",\"updated\":\"2026-11-21T09:00:00+08:00\",\"updated_by\":\"root\"}
]" "staff list --json shows root as the one ops_manager, created at the pinned time"

# --- init again: changes nothing ----------------------------------------------
run staff add lina --name 李娜 --roles system_engineer --team 系统组
is "$RC" 0 "a staff member is added between the two inits"
before=$(sql "SELECT * FROM staff; SELECT * FROM staff_role; SELECT * FROM audit; SELECT * FROM journal;")
run init
is "$RC" 0 "init again exits 0"
is "$OUT" "database $OPSDESK_DB ready (schema version $schema)" \
	"init again prints only the ready line (nobody new becomes manager)"
after=$(sql "SELECT * FROM staff; SELECT * FROM staff_role; SELECT * FROM audit; SELECT * FROM journal;")
is "$after" "$before" "init again changes no staff, role, audit or journal row"
is "$(staff_and_roles)" "lina system_engineer
root ops_manager" "the staff added before are still there"

# init as another user on a database that has staff: still nobody new
OPSDESK_USER=wangfang run init
is "$RC" 0 "init by another user on an initialised database exits 0"
is "$(sql "SELECT count(*) FROM staff WHERE login = 'wangfang'")" 0 "... and does not add that user"

# --- init --demo-staff: only the sample staff ----------------------------------------------------------------
run init --demo-staff
is "$RC" 0 "init --demo-staff exits 0"
is "$OUT" "database $OPSDESK_DB ready (schema version $schema)
demo data: 6 staff added" "init --demo-staff adds the sample staff (lina is one of them and already there)"
is "$(sql "SELECT login || ' ' || name || ' ' || team FROM staff ORDER BY login")" "alice Alice Wong 网络组
chenjing 陈静 安全组
lina 李娜 系统组
liuyang 刘洋 桌面组
ouyang 欧阳明华 运维管理
root $rootname 
wangfang 王芳 网络组
zhangwei 张伟 值班组" "the sample staff have Chinese names and teams; lina (already there) is kept as she was"
is "$(sql "SELECT r.role FROM staff s JOIN staff_role r ON r.staff_id = s.id WHERE s.login = 'lina'")" \
	"system_engineer" "lina keeps her own roles"
n_audit=$(sql "SELECT count(*) FROM audit")
run init --demo-staff
is "$OUT" "database $OPSDESK_DB ready (schema version $schema)
demo data: 0 staff added" "init --demo-staff again adds nobody"
is "$(sql "SELECT count(*) FROM audit")" "$n_audit" "... and writes no audit entry"

run audit verify
is "$RC" 0 "the audit log of init and init --demo verifies"

run init extra
is "$RC" 2 "init with an unexpected argument is a usage error (exit 2)"
run init --demo=yes
is "$RC" 2 "init --demo=yes is a usage error (exit 2)"

# --- OPSDESK_USER (root only) names the first manager ------------------------------
OPSDESK_DB="$T/other.db" OPSDESK_USER=zhaolei run init
is "$RC" 0 "init with OPSDESK_USER=zhaolei on a new database exits 0"
is "$OUT" "database $T/other.db ready (schema version $schema)
zhaolei is the first 运维经理" "... and makes zhaolei the first manager"
OPSDESK_DB="$T/other.db" run staff list --json
printf '%s' "$OUT" > "$T/out.json"
is "$(json "json_array_length(j) || ' ' || json_extract(j, '\$[0].login') || ' ' || json_extract(j, '\$[0].roles[0]') || ' ' || json_extract(j, '\$[0].updated_by')")" \
	"1 zhaolei ops_manager zhaolei" "staff list --json: zhaolei, ops_manager, recorded as set up by zhaolei"
is "$(sqlite3 -batch "$T/other.db" "SELECT actor FROM audit")" "zhaolei" "sql: the bootstrap audit entry's actor is zhaolei"

# --db FILE wins over $OPSDESK_DB
run --db "$T/third.db" init
is "$RC" 0 "init --db FILE exits 0"
test -f "$T/third.db"
ok $? "--db FILE names the database that is created"

# --- an empty file (never initialised) -------------------------------------------
: > "$T/empty.db"
OPSDESK_DB="$T/empty.db" run staff list
is "$RC" 1 "staff list on an empty, never-initialised file exits 1"
like "$ERR" "run 'opsdesk init'" "... and says to run 'opsdesk init'"
is "$(wc -c < "$T/empty.db" | tr -d ' ')" 0 "... and leaves the file as it was (a reading command writes nothing)"
OPSDESK_DB="$T/empty.db" run init
is "$RC" 0 "init on an empty file exits 0"
like "$OUT" "^root is the first 运维经理$" "... and makes root the first manager"

# --- not a database -------------------------------------------------------------
printf 'hello\n' > "$T/text.db"
OPSDESK_DB="$T/text.db" run staff list
is "$RC" 1 "a file that is not a database exits 1"
is "$ERR" "opsdesk: $T/text.db is not an opsdesk database: file is not a database" \
	"... saying it is not an opsdesk database"
is "$(cat "$T/text.db")" "hello" "... and leaves the file alone"

# another program's database: init does not add opsdesk's tables to it, nor
# switch its journal mode
sqlite3 "$T/monitoring.db" "CREATE TABLE readings(sensor TEXT, value REAL); INSERT INTO readings VALUES ('t1', 21.5)"
OPSDESK_DB="$T/monitoring.db" run init
is "$RC" 1 "init on another program's SQLite database exits 1"
is "$ERR" "opsdesk: $T/monitoring.db is another program's SQLite database (it has tables but no opsdesk schema): opsdesk creates its database only in a new or empty file" \
	"... saying whose it is"
is "$(sqlite3 "$T/monitoring.db" "SELECT group_concat(name) FROM sqlite_schema")" "readings" "... and adds no tables"
is "$(sqlite3 "$T/monitoring.db" "PRAGMA journal_mode")" "delete" "... nor changes its journal mode"

# --- a database from a newer opsdesk ---------------------------------------------
sql "PRAGMA user_version = 99"
for cmd in "init" "staff list" "audit verify"; do
	# shellcheck disable=SC2086 # the command is two words on purpose
	run $cmd
	is "$RC" 2 "$cmd on a schema-99 database exits 2"
	is "$ERR" "opsdesk: $OPSDESK_DB has schema version 99, newer than this opsdesk knows ($schema): use a newer opsdesk" \
		"... naming the file's version and this opsdesk's"
done
is "$(sql 'PRAGMA user_version')" 99 "the newer database's version is left alone"
is "$(sql 'SELECT count(*) FROM staff')" 8 "... and so are its staff"

done_testing
