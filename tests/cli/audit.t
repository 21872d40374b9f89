#!/bin/sh
# opsdesk audit list|verify: one entry per successful change and none for a
# refusal; the hash chain catches an edited, deleted or cut-off entry even
# when the append-only triggers are removed with the sqlite3 shell.
. "$(dirname "$0")/../lib/tap.sh"

entries() { sql "SELECT count(*) FROM audit"; }
# jq-less JSON: SQLite's own functions on the last output, saved to a file.
json() { printf '%s' "$OUT" > "$T/out.json"; sqlite3 :memory: "SELECT $1 FROM (SELECT CAST(readfile('$T/out.json') AS TEXT) AS j)"; }

OPSDESK_USER=root run init
is "$(entries)" 1 "init writes one entry (the bootstrap)"

# --- one entry per change, none per refusal ----------------------------------
# changed WHAT OP RECORD: the last run succeeded and added exactly one entry, OP on RECORD.
changed() {
	is "$RC" 0 "$1: exit 0"
	n=$((n + 1))
	is "$(entries)" "$n" "$1: exactly one audit entry more ($n)"
	is "$(sql "SELECT actor || ' ' || op || ' ' || record FROM audit ORDER BY id DESC LIMIT 1")" "$2" \
		"$1: the entry says '$2'"
}
unchanged() {
	is "$RC" "$2" "$1: exit $2"
	is "$(entries)" "$n" "$1: no audit entry"
}
n=1
run staff add lina --name 李娜 --roles system_engineer --team 系统组
changed "add lina" "root staff.add staff:lina"
run staff add zhangwei --name 张伟 --roles duty_operator
changed "add zhangwei" "root staff.add staff:zhangwei"
run staff edit lina --phone 138-0000-0003
changed "edit lina" "root staff.edit staff:lina"
run staff edit lina --roles system_engineer,ops_manager
changed "give lina the manager role" "root staff.edit staff:lina"
OPSDESK_USER=lina run staff edit zhangwei --team 值班组
changed "lina edits zhangwei" "lina staff.edit staff:zhangwei"
run staff deactivate zhangwei
changed "deactivate zhangwei" "root staff.deactivate staff:zhangwei"
run staff activate zhangwei
changed "activate zhangwei" "root staff.activate staff:zhangwei"

run staff edit lina --phone 138-0000-0003
unchanged "an edit that changes nothing" 0
run staff activate zhangwei
unchanged "activating someone active" 0
run staff add lina --name 李娜 --roles system_engineer
unchanged "adding an existing login" 1
run staff add wu --name "$(printf 'ab\377')" --roles duty_operator
unchanged "adding with invalid UTF-8" 1
OPSDESK_USER=zhangwei run staff add wu --name 吴 --roles duty_operator
unchanged "adding by a duty_operator" 1
run staff edit lina --team x --expect-version 1
unchanged "a stale edit" 1
run staff add wu --name 吴
unchanged "a usage error" 2
run staff list
unchanged "listing" 0
run audit list
unchanged "listing the audit log" 0

# the entry's detail: what changed, old and new
is "$(sql "SELECT detail FROM audit WHERE op = 'staff.edit' AND actor = 'lina'")" '{"team":["","值班组"]}' \
	"an edit's detail holds the changed field, old and new value"
is "$(sql "SELECT at FROM audit ORDER BY id DESC LIMIT 1")" "$(date -d 2026-11-21T01:00:00Z +%s)" \
	"entries are stamped with the (pinned) time in UTC seconds"

# --- verify an intact log ------------------------------------------------------------
run audit verify
is "$RC" 0 "audit verify on an intact log: exit 0"
is "$OUT" "audit log intact: $n entries verified" "... says how many entries it checked"

# --- list ------------------------------------------------------------------------------
run audit list --limit 2
is "$RC" 0 "audit list --limit 2: exit 0"
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 2 "... prints two lines"
like "$(printf '%s\n' "$OUT" | head -n 1)" "^ +$n  2026-11-21 09:00  root +staff.activate +staff:zhangwei +\{\"active\":\[\"no\",\"yes\"\]\}$" \
	"... newest first: id, time in the site zone, actor, op, record, detail"
like "$(printf '%s\n' "$OUT" | tail -n 1)" "^ +$((n - 1))  .* staff.deactivate " "... then the one before"

run audit list --json
is "$RC" 0 "audit list --json: exit 0"
is "$(json "json_valid(j)")" 1 "audit list --json is valid JSON"
is "$(json "json_array_length(j)")" "$n" "... with every entry"
is "$(json "json_extract(j, '\$[0].id') || ' ' || json_extract(j, '\$[0].actor') || ' ' || json_extract(j, '\$[0].op') || ' ' || json_extract(j, '\$[0].record') || ' ' || json_extract(j, '\$[0].at')")" \
	"$n root staff.activate staff:zhangwei 2026-11-21T09:00:00+08:00" "... newest first, with id, actor, op, record, time"
is "$(json "json_extract(j, '\$[0].detail.active[1]') || ' ' || length(json_extract(j, '\$[0].hash'))")" "yes 64" \
	"... detail as a JSON object, hash as 64 hex digits"

run audit list --record staff:lina --json
is "$(json "json_valid(j)")" 1 "audit list --record staff:lina --json is valid JSON"
is "$(json "(SELECT group_concat(json_extract(value, '\$.op'), ' ') FROM json_each(j))")" \
	"staff.edit staff.edit staff.add" "... and holds lina's three entries, newest first"
is "$(json "(SELECT count(*) FROM json_each(j) WHERE json_extract(value, '\$.record') <> 'staff:lina')")" 0 \
	"... and nothing about anyone else"

run audit list --actor lina
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 1 "audit list --actor lina: one entry"
like "$OUT" " lina +staff.edit +staff:zhangwei " "... lina's edit of zhangwei"

run audit list --actor nobody --json
is "$OUT" "[]" "audit list --json with no match prints []"

run audit list --before 3 --json
is "$(json "(SELECT group_concat(json_extract(value, '\$.id'), ' ') FROM json_each(j))")" "2 1" \
	"audit list --before 3 pages back from entry 3"

run audit list --limit 0
is "$RC" 2 "audit list --limit 0: exit 2"
is "$ERR" "opsdesk audit: --limit: '0' is out of range (1 to 100000)
Try 'opsdesk audit --help'." "... says why"
run audit list --limit two
is "$RC" 2 "audit list --limit two: exit 2"
run audit
is "$RC" 2 "audit with no subcommand: exit 2"
run audit frob
is "$RC" 2 "audit frob: exit 2"

# --- (d) with the triggers in place the sqlite3 shell cannot change the log ------
snapshot=$(sql "SELECT * FROM audit")
sql "UPDATE audit SET actor = 'mallory' WHERE id = 2" 2>"$T/sqlerr"
ok $(($? == 0)) "sqlite3: UPDATE of an audit entry fails while the triggers are there"
like "$(cat "$T/sqlerr")" "append-only" "... with the trigger's message"
sql "DELETE FROM audit WHERE id = 2" 2>"$T/sqlerr"
ok $(($? == 0)) "sqlite3: DELETE of an audit entry fails while the triggers are there"
like "$(cat "$T/sqlerr")" "append-only" "... with the trigger's message"
is "$(sql "SELECT * FROM audit")" "$snapshot" "the log is untouched"
run audit verify
is "$RC" 0 "... and still verifies"

# INSERT is not blocked by a trigger, but a forged entry does not verify, and
# its text is shown without the escape sequence it carries.
cp "$OPSDESK_DB" "$T/forged.db"
sqlite3 "$T/forged.db" "INSERT INTO audit(id, at, actor, op, record, detail, prev, hash)
	SELECT id + 1, at, 'ev' || char(27) || '[2J', op, record, '{}', hash, hash FROM audit ORDER BY id DESC LIMIT 1"
OPSDESK_DB="$T/forged.db" run audit verify
is "$RC" 1 "verify after an entry was forged onto the end: exit 1"
like "$ERR" "entry $((n + 1)) " "... names the forged entry $((n + 1))"
OPSDESK_DB="$T/forged.db" run audit list --limit 1
like "$OUT" " ev\\?\\[2J " "audit list shows the forged actor with ESC made harmless ('?')"
unlike "$OUT" "$(printf '\033')" "... and sends no ESC to the terminal"

# Removing a trigger alone is reported even before an entry is touched.
cp "$OPSDESK_DB" "$T/notrigger.db"
sqlite3 "$T/notrigger.db" "DROP TRIGGER audit_no_delete"
OPSDESK_DB="$T/notrigger.db" run audit verify
is "$RC" 1 "verify with a trigger dropped: exit 1"
like "$ERR" "triggers that keep the log append-only were removed" "... says the triggers were removed"

# Deleting the record of the newest entry is reported as that, not as a
# log cut off before entry 0.
cp "$OPSDESK_DB" "$T/nohead.db"
sqlite3 "$T/nohead.db" "DELETE FROM meta WHERE key = 'audit_head'"
OPSDESK_DB="$T/nohead.db" run audit verify
is "$RC" 1 "verify with the head record deleted: exit 1"
like "$ERR" "the record of the newest entry \(audit_head in the meta table\) was deleted" \
	"... says the head record was deleted"

# --- (a) an edited entry -----------------------------------------------------------------
sql "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 4"
is "$(sql "SELECT actor FROM audit WHERE id = 4")" mallory "sqlite3 (trigger dropped): entry 4's actor forged"
run audit verify
is "$RC" 1 "verify after an entry was edited: exit 1"
is "$ERR" "opsdesk: audit log damaged: entry 4 does not match its hash: it was edited" "... names entry 4"
is "$OUT" "" "... and does not claim the log is intact"

# --- (b) a deleted entry in the middle --------------------------------------------------
OPSDESK_DB="$T/b.db"
OPSDESK_USER=root run init --demo-staff
sql "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 5"
run audit verify
is "$RC" 1 "verify after entry 5 of 8 was deleted: exit 1"
is "$ERR" "opsdesk: audit log damaged: entry 5 is missing (the next entry is 6): entries were deleted" \
	"... names the missing entry 5"

# deleting an entry and renumbering the rest does not hide it either
OPSDESK_DB="$T/b2.db"
OPSDESK_USER=root run init --demo-staff
sql "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 5;
     UPDATE audit SET id = id - 1 WHERE id > 5"
run audit verify
is "$RC" 1 "verify after deleting entry 5 and renumbering the rest: exit 1"
like "$ERR" "^opsdesk: audit log damaged: entry 5 " "... names entry 5"

# --- (c) the newest entry cut off ------------------------------------------------------------
OPSDESK_DB="$T/c.db"
OPSDESK_USER=root run init --demo-staff
last=$(sql "SELECT max(id) FROM audit")
sql "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = $last"
run audit verify
is "$RC" 1 "verify after the newest entry was deleted: exit 1"
is "$ERR" "opsdesk: audit log damaged: the log ends before entry $last, the newest one written: entries were cut off the end" \
	"... says entries were cut off the end, naming entry $last"

# --- the whole log deleted -----------------------------------------------------------------------
OPSDESK_DB="$T/e.db"
OPSDESK_USER=root run init --demo-staff
sql "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DELETE FROM audit"
run audit verify
is "$RC" 1 "verify after every entry was deleted: exit 1"
like "$ERR" "cut off" "... says entries were cut off"

done_testing
