#!/bin/sh
# Taking leave back: the person or roster.manage, journalled on the person
# and audited, in one transaction; the roster counts them again.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles network_engineer
run staff add wang --name 王伟 --roles duty_operator
as lina leave add lina --from 2026-12-03 --to 2026-12-04 --reason 年假
as root leave add wang --from 2026-12-05 --reason 培训
is "$(sql "SELECT count(*) FROM leave")" 2 "set-up: two leaves"

as wang leave cancel 1
is "$RC" 1 "someone else's leave cannot be cancelled without roster.manage"
like "$ERR" "roster.manage" "... naming the permission"
is "$(sql "SELECT count(*) FROM leave")" 2 "sql: nothing removed"

as lina leave cancel 1 --reason 行程取消
is "$RC" 0 "the person cancels their own leave"
is "$OUT" "leave 1: cancelled" "... and is told"
is "$(sql "SELECT count(*) FROM leave WHERE id = 1")" 0 "sql: the leave is gone"
is "$(sql "SELECT text FROM journal WHERE record = 'staff:lina' ORDER BY id DESC LIMIT 1")" \
	"leave 2026-12-03..2026-12-04 cancelled: 行程取消" "journal on the person says what and why"
is "$(sql "SELECT op || ' ' || actor FROM audit ORDER BY id DESC LIMIT 1")" "leave.cancel lina" "audit: leave.cancel by lina"

as root leave cancel 2
is "$RC" 0 "roster.manage cancels anyone's"
as root leave cancel 2
is "$RC" 1 "a leave number that is gone: refused"
like "$ERR" "leave 2: no such leave" "... saying so"
as root leave cancel x
is "$RC" 2 "a leave number that is not a number: usage"
as root leave list
is "$OUT" "no leave recorded" "leave list has nothing left"

done_testing
