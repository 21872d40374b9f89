#!/bin/sh
# opsdesk backup FILE: a copy through SQLite while 8 other sessions write,
# created 0600, checked (integrity and audit chain) and audited; backup
# --check FILE checks a copy and finds a damaged one.
. "$(dirname "$0")/../lib/tap.sh"

OPSDESK_USER=ouyang run init --demo-staff
export OPSDESK_USER=ouyang

# --- during 8 writers ----------------------------------------------------------------
writer() { # writer N: 25 incidents, one after the other; N.rc says how it went
	i=1 rc=0
	while [ $i -le 25 ]; do
		"$OPSDESK_BIN" incident new --title "写入者$1 第$i条" >/dev/null 2>>"$T/w$1.err" || rc=1
		i=$((i + 1))
	done
	echo $rc >"$T/w$1.rc"
}
for w in 1 2 3 4 5 6 7 8; do writer $w & done
# the backup starts once the writers are under way (not after a time)
until [ "$(sql "SELECT count(*) FROM incident")" -ge 8 ] || [ -e "$T/w1.rc" ]; do :; done
(umask 000; "$OPSDESK_BIN" backup "$T/copy.db" >"$T/b.out" 2>"$T/b.err"; echo $? >"$T/b.rc")
wait
is "$(cat "$T/b.rc")" 0 "backup while 8 sessions write: exit 0"
is "$(cat "$T/b.err")" "" "... nothing on stderr"
like "$(cat "$T/b.out")" "^backup $T/copy.db: intact \\(schema version [0-9]+, [0-9]+ audit entries, head [0-9]+:[0-9a-f]{64}\\)$" \
	"... says the copy is intact, with its audit head"
is "$(cat "$T"/w*.rc | tr -d '\n')" 00000000 "every writer's incidents were all recorded (the backup blocked nobody)"
is "$(cat "$T"/w*.err)" "" "... with nothing on the writers' stderr"
is "$(sql "SELECT count(*) FROM incident")" 200 "the live database has all 200 incidents"
is "$(stat -c %a "$T/copy.db")" 600 "the copy is mode 600, even under umask 000"
is "$(stat -c %U "$T/copy.db")" root "... and owned by whoever made it"
ls "$T"/copy.db-* >/dev/null 2>&1
ok $((! $?)) "no -wal or -shm file is left next to the copy"
copied=$(sqlite3 "$T/copy.db" "SELECT count(*) FROM incident")
[ "$copied" -ge 8 ] && [ "$copied" -le 200 ]
ok $? "the copy holds the incidents written before it began ($copied of 200)"

run backup --check "$T/copy.db"
is "$RC" 0 "backup --check on the copy: exit 0"
copy_head=$(sqlite3 "$T/copy.db" "SELECT id || ':' || hash FROM audit ORDER BY id DESC LIMIT 1")
is "$OUT" "copy $T/copy.db: intact (schema version $(sqlite3 "$T/copy.db" "PRAGMA user_version"), $(sqlite3 "$T/copy.db" "SELECT count(*) FROM audit") audit entries, head $copy_head)" \
	"... with its entries and head"
OPSDESK_DB="$T/copy.db" run audit verify --deep
is "$RC" 0 "the copy's records match their audited history (audit verify --deep on the copy)"

is "$(sql "SELECT actor || ' ' || op || ' ' || record FROM audit WHERE op = 'database.backup'")" \
	"ouyang database.backup database" "the backup is in the live audit log, by ouyang"
is "$(sql "SELECT json_extract(detail, '\$.file') || ' ' || json_extract(detail, '\$.head') FROM audit WHERE op = 'database.backup'")" \
	"$T/copy.db $copy_head" "... naming the copy and the head it holds"
run audit verify
is "$RC" 0 "the live audit log is intact after it all"

# --- refusals ---------------------------------------------------------------------------
run backup "$T/copy.db"
is "$RC" 1 "backup over an existing file: exit 1"
is "$ERR" "opsdesk: $T/copy.db exists: a backup goes to a new file, never over another" "... says why"
OPSDESK_USER=lina run backup "$T/lina.db"
is "$RC" 1 "backup by someone without database.backup: exit 1"
like "$ERR" "'database.backup' is not permitted for you" "... says so"
[ ! -e "$T/lina.db" ]
ok $? "... and leaves no file"
run backup "$T/no/such/dir/x.db"
is "$RC" 1 "backup into a missing directory: exit 1"
like "$ERR" "^opsdesk: cannot create $T/no/such/dir/x.db: No such file or directory$" "... says so"
run backup
is "$RC" 2 "backup without a file: exit 2"

# --- damaged copies -------------------------------------------------------------------------
cp "$T/copy.db" "$T/edited.db"
sqlite3 "$T/edited.db" "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE id = 3"
run backup --check "$T/edited.db"
is "$RC" 1 "backup --check of a copy with an edited audit entry: exit 1"
is "$ERR" "opsdesk: $T/edited.db is damaged: audit log damaged: entry 3 does not match its hash: it was edited" \
	"... names the entry"
cp "$T/copy.db" "$T/torn.db"
pages=$(sqlite3 "$T/torn.db" "PRAGMA page_count")
dd if=/dev/zero of="$T/torn.db" bs=4096 seek=$((pages / 2)) count=3 conv=notrunc 2>/dev/null
run backup --check "$T/torn.db"
is "$RC" 1 "backup --check of a copy with zeroed pages: exit 1"
like "$ERR" "^opsdesk: $T/torn.db is damaged: SQLite('s integrity check fails| cannot read it): " "... says SQLite finds it damaged"
is "$(printf '%s\n' "$ERR" | wc -l)" 1 "... on one line"
printf 'not a database at all, just text\n%.0s' $(seq 200) >"$T/text.db"
run backup --check "$T/text.db"
is "$RC" 1 "backup --check of a file that is no database: exit 1"
like "$ERR" "text.db is not a database" "... says so"
run backup --check "$T/missing.db"
is "$RC" 1 "backup --check of a missing file: exit 1"

done_testing
