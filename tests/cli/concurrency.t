#!/bin/sh
# Several sessions on one database file: two saves over the same version
# (exactly one wins, the other is told who won), 20 writers at once (all
# succeed: the busy timeout waits, nobody sees 'database is locked'), and
# parallel inits (exactly one first manager). The audit chain survives it all.
. "$(dirname "$0")/../lib/tap.sh"

# bg NAME ARGS...: runs opsdesk in the background, leaving NAME.out, NAME.err, NAME.rc.
bg() {
	name=$1
	shift
	("$OPSDESK_BIN" "$@" >"$T/$name.out" 2>"$T/$name.err"; echo $? >"$T/$name.rc") &
}

OPSDESK_USER=root run init
run staff add ouyang --name 欧阳明华 --roles ops_manager
run staff add lina --name 李娜 --roles system_engineer --team 系统组
is "$RC" 0 "set-up: root and ouyang are managers, lina is staff"

# --- two saves of the same version at once -----------------------------------
# Each round, root and ouyang both save lina at the version they read.
for round in 1 2 3 4 5; do
	v=$(sql "SELECT version FROM staff WHERE login = 'lina'")
	n_audit=$(sql "SELECT count(*) FROM audit")
	OPSDESK_USER=root bg a staff edit lina --team "root-$round" --expect-version "$v"
	OPSDESK_USER=ouyang bg b staff edit lina --team "ouyang-$round" --expect-version "$v"
	wait
	rcs="$(cat "$T/a.rc") $(cat "$T/b.rc")"
	case $rcs in
	"0 1") winner=root loser=b ;;
	"1 0") winner=ouyang loser=a ;;
	*) winner="" loser="" ;;
	esac
	[ -n "$winner" ]
	ok $? "round $round: exactly one of two saves of version $v succeeds (exits: $rcs)"
	[ -n "$winner" ] || { diag "a:" "$(cat "$T/a.err")" "b:" "$(cat "$T/b.err")"; continue; }
	like "$(cat "$T/$loser.err")" "^opsdesk: staff:lina was changed by $winner .* your version $v is now $((v + 1)), so your save was not applied" \
		"round $round: the refusal names $winner and the versions"
	is "$(sql "SELECT team || ' ' || version || ' ' || updated_by FROM staff WHERE login = 'lina'")" "$winner-$round $((v + 1)) $winner" \
		"round $round: the record holds the winner's save, one version up"
	is "$(sql "SELECT count(*) FROM audit")" "$((n_audit + 1))" "round $round: one audit entry, for the winner only"
done

# --- 20 writers at once -------------------------------------------------------------
n_audit=$(sql "SELECT count(*) FROM audit")
i=1
while [ $i -le 20 ]; do
	bg "add$i" staff add "user$i" --name "用户$i" --roles duty_operator
	i=$((i + 1))
done
wait
fails=""
i=1
while [ $i -le 20 ]; do
	[ "$(cat "$T/add$i.rc")" = 0 ] && [ "$(cat "$T/add$i.out")" = "staff user$i added" ] || fails="$fails user$i"
	i=$((i + 1))
done
is "$fails" "" "20 parallel staff adds all succeed"
errs=$(cat "$T"/add*.err)
is "$errs" "" "... with nothing on stderr"
unlike "$errs" "locked|busy" "... no 'database is locked' or busy error"
is "$(sql "SELECT count(*) FROM staff WHERE login LIKE 'user%'")" 20 "sql: all 20 are stored"
is "$(sql "SELECT count(*) FROM audit")" "$((n_audit + 20))" "sql: 20 audit entries more"
is "$(sql "SELECT count(*) FROM (SELECT id, lag(id) OVER (ORDER BY id) AS p FROM audit) WHERE p IS NOT NULL AND id <> p + 1")" 0 \
	"sql: audit ids have no gaps"

run audit verify
is "$RC" 0 "the audit chain verifies after the parallel writers"
is "$OUT" "audit log intact: $(sql "SELECT count(*) FROM audit") entries verified" "... every entry"

# readers alongside writers: lists never fail while edits run
i=1
while [ $i -le 10 ]; do
	bg "w$i" staff edit "user$i" --team "组$i"
	bg "r$i" staff list
	i=$((i + 1))
done
wait
is "$(cat "$T"/w*.rc "$T"/r*.rc | sort -u)" 0 "10 edits and 10 lists at once all exit 0"
is "$(cat "$T"/w*.err "$T"/r*.err)" "" "... with nothing on stderr"
run audit verify
is "$RC" 0 "the audit chain still verifies"

# --- parallel init on a new file: one first manager ---------------------------------
export OPSDESK_DB="$T/fresh.db"
for u in u1 u2 u3 u4 u5 u6; do
	OPSDESK_USER=$u bg "init$u" init
done
wait
is "$(cat "$T"/initu*.rc | sort -u)" 0 "6 inits at once on a new file all exit 0"
is "$(cat "$T"/initu*.err)" "" "... with nothing on stderr"
is "$(cat "$T"/initu*.out | grep -c 'is the first')" 1 "... and exactly one of them became the first manager"
is "$(sql "SELECT count(*) FROM staff")" 1 "sql: one staff member"
is "$(sql "SELECT count(*) FROM audit")" 1 "sql: one audit entry"
is "$(sql "PRAGMA user_version")" "$(sqlite3 "$T/opsdesk.db" "PRAGMA user_version")" "sql: the schema is complete (same version as the first database)"
run audit verify
is "$RC" 0 "the new log verifies"

done_testing
