#!/bin/sh
# Crash windows: past the file-size limit (ulimit -f) a write fails with a
# message and exit status 1 instead of SIGXFSZ killing the process silently
# (perhaps after a commit, so that a caller retries and duplicates); and
# init --demo-staff is one transaction, all of the sample staff or none (the
# whole demo of init --demo is one transaction too, and refused on a database
# with data).
. "$(dirname "$0")/../lib/tap.sh"

export OPSDESK_USER=root
run init
run incident new --title 第一条
count() { sqlite3 -readonly "$OPSDESK_DB" "SELECT count(*) FROM incident"; }
is "$(count)" 1 "set-up: one incident"

# --- SIGXFSZ ------------------------------------------------------------------------------
big=$(perl -CO -Mutf8 -e 'print "磁盘空间告警" x 1300') # 7800 characters, many pages of the text index
sh -c 'ulimit -f 64; exec "$@"' sh "$OPSDESK_BIN" incident new --title 大告警 --description "$big" \
	>"$T/out" 2>"$T/err"
rc=$?
is "$rc" 1 "a write past the file-size limit: exit 1 (not killed by SIGXFSZ, which would be $((128 + 25)))"
like "$(cat "$T/err")" "^opsdesk: .*the file size limit \\(ulimit -f\\) was reached writing $OPSDESK_DB, so nothing was saved$" \
	"... and says the file size limit was reached and nothing was saved"
is "$(cat "$T/out")" "" "... and prints no incident number"
is "$(count)" 1 "nothing was saved"
run audit verify
is "$RC" 0 "the audit log is intact"
run incident new --title 大告警 --description "$big"
is "$RC:$OUT" "0:INC-2" "without the limit the same incident is recorded, once"
is "$(count)" 2 "... so a retry after the refusal duplicates nothing"

# --- init --demo-staff: all or nothing -----------------------------------------------------------
OPSDESK_DB="$T/demo.db"
run init
run staff add lina --name 李娜 --roles system_engineer
run staff deactivate lina
staff() { sqlite3 -readonly "$OPSDESK_DB" "SELECT group_concat(login, ' ') FROM (SELECT login FROM staff ORDER BY id)"; }
audit=$(sqlite3 -readonly "$OPSDESK_DB" "SELECT count(*) FROM audit")
# the demo's liuyang has lina as deputy, who is inactive: refused half-way
run init --demo-staff
is "$RC" 1 "init --demo-staff that fails half-way: exit 1"
like "$ERR" "deputy" "... saying why (the deputy)"
is "$(staff)" "root lina" "... and none of the demo staff added before the failure is kept"
is "$(sqlite3 -readonly "$OPSDESK_DB" "SELECT count(*) FROM audit")" "$audit" "... nor any of their audit entries"
run staff activate lina
run init --demo-staff
is "$RC" 0 "init --demo-staff once the cause is gone: exit 0"
is "$(staff)" "root lina zhangwei wangfang liuyang chenjing ouyang alice" "... every demo person, lina kept as she was"

done_testing
