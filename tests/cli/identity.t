#!/bin/sh
# Who and when: for an ordinary user (here 'nobody') $OPSDESK_USER and
# $OPSDESK_NOW are ignored with a warning; the login of the real user id acts,
# at the real time, and the audit log never shows a forged actor.
. "$(dirname "$0")/../lib/tap.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root to run opsdesk as another user"
	exit 0
fi
if command -v setpriv >/dev/null 2>&1; then
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_nobody() { runuser -u nobody -- "$@"; }
fi
nobody=$(id -un 65534)

# run_nobody ARGS...: like run, as uid 65534.
run_nobody() {
	OUT=$(as_nobody "$OPSDESK_BIN" "$@" 2>"$T/.err")
	RC=$?
	ERR=$(cat "$T/.err")
}

# nobody needs to reach the directory and write the database and its WAL files
chmod 777 "$T"
warning="opsdesk: OPSDESK_USER and OPSDESK_NOW are honoured only for root; acting as '$nobody' at the real time"

OPSDESK_USER=root run init --demo-staff
is "$RC" 0 "root sets up a database (with sample staff)"
chmod 666 "$OPSDESK_DB"*

# --- a database the user cannot write ---------------------------------------------
# root's database in root's directory: nobody cannot make its -wal and -shm
# files, and is told what must be writable instead of "not an opsdesk database"
mkdir "$T/private"
chmod 755 "$T/private"
OPSDESK_DB="$T/private/root.db" OPSDESK_USER=root run init
chmod 644 "$T/private/root.db" # readable by all (init makes it 0600: not even that)
OPSDESK_DB="$T/private/root.db" run_nobody staff list
is "$RC" 1 "a database nobody cannot write: exit 1"
like "$ERR" "^opsdesk: opening the database: $T/private/root.db cannot be written by you: the file, its directory and its -wal and -shm files must all be writable" \
	"... saying what must be writable"

# --- whoami ---------------------------------------------------------------------
OPSDESK_USER=root run_nobody whoami
is "$RC" 0 "whoami as $nobody with OPSDESK_USER=root: exit 0"
is "$OUT" "$nobody (not on the staff list: you can look but not change anything)" \
	"... says $nobody, not root"
is "$ERR" "$warning" "... and warns that OPSDESK_USER is ignored"

OPSDESK_USER=root run_nobody whoami --json
is "$OUT" "{\"login\":\"$nobody\",\"staff\":false,\"active\":false,\"roles\":[]}" \
	"whoami --json as $nobody: the real login, not on the staff list, no roles"

OPSDESK_USER=ouyang run_nobody whoami --json
is "$OUT" "{\"login\":\"$nobody\",\"staff\":false,\"active\":false,\"roles\":[]}" \
	"OPSDESK_USER naming a manager changes nothing either"

OPSDESK_USER='Not a login!' run_nobody whoami
is "$RC" 0 "an invalid OPSDESK_USER is ignored for $nobody (not an error)"
is "$ERR" "$warning" "... with the same warning"

unset OPSDESK_NOW
run_nobody whoami
is "$ERR" "" "without OPSDESK_USER and OPSDESK_NOW there is no warning"
export OPSDESK_NOW="2026-11-21T09:00:00+08:00"

# root is honoured, for comparison
OPSDESK_USER=zhangwei run whoami --json
is "$OUT" '{"login":"zhangwei","staff":true,"active":true,"roles":["duty_operator"]}' \
	"for root, OPSDESK_USER=zhangwei acts as zhangwei"
is "$ERR" "" "... without a warning"

# --- nobody cannot change anything by claiming to be root ------------------------------
before=$(sql "SELECT * FROM staff; SELECT count(*) FROM audit")
OPSDESK_USER=root run_nobody staff add wu --name 吴 --roles duty_operator
is "$RC" 1 "staff add by $nobody with OPSDESK_USER=root: exit 1"
is "$ERR" "$warning
opsdesk: you ('$nobody') are not on the staff list: you can look but not change anything; ask an operations manager to add you" \
	"... refused as not on the staff list"
is "$(sql "SELECT * FROM staff; SELECT count(*) FROM audit")" "$before" "... and nothing changed"

OPSDESK_USER=root run_nobody staff list
is "$RC" 0 "$nobody can list staff"

# --- made a manager, nobody acts as itself, at the real time ------------------------------
run staff add "$nobody" --name 无名氏 --roles ops_manager
is "$RC" 0 "root adds $nobody as an ops_manager"

t0=$(date +%s)
OPSDESK_USER=root OPSDESK_NOW=2001-01-01T00:00:00Z run_nobody staff add wu --name 吴 --roles duty_operator
t1=$(date +%s)
is "$RC" 0 "$nobody (OPSDESK_USER=root, OPSDESK_NOW=2001) adds wu: exit 0"
is "$ERR" "$warning" "... with the warning"
is "$(sql "SELECT actor || ' ' || op || ' ' || record FROM audit ORDER BY id DESC LIMIT 1")" "$nobody staff.add staff:wu" \
	"the audit entry's actor is $nobody, not root"
at=$(sql "SELECT at FROM audit ORDER BY id DESC LIMIT 1")
test "$at" -ge "$t0" && test "$at" -le "$t1"
ok $? "the audit entry has the real time ($at, between $t0 and $t1), not OPSDESK_NOW"
is "$(sql "SELECT updated_by FROM staff WHERE login = 'wu'")" "$nobody" "the record says it was added by $nobody"

OPSDESK_USER=root run_nobody staff edit wu --team 值班组
is "$RC" 0 "$nobody edits wu"
is "$(sql "SELECT actor FROM audit ORDER BY id DESC LIMIT 1")" "$nobody" "... audited as $nobody"

run audit list --json
printf '%s' "$OUT" > "$T/audit.json"
is "$(sqlite3 :memory: "SELECT group_concat(DISTINCT json_extract(value, '\$.actor')) FROM json_each(CAST(readfile('$T/audit.json') AS TEXT))")" \
	"$nobody,root" "across the whole log, the only actors are root (who set up) and $nobody: none forged"

OPSDESK_USER=root run_nobody audit verify
is "$RC" 0 "$nobody can verify the audit log, which is intact"

# OPSDESK_NOW for nobody never reaches a time shown as 'now' either
OPSDESK_NOW=2001-01-01T00:00:00Z run_nobody staff show wu
unlike "$OUT" "2001-01-01" "staff show as $nobody with OPSDESK_NOW=2001 shows no 2001 time"

done_testing
