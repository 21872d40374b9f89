#!/bin/sh
# opsdesk init --demo: a centre that looks like a working day, built
# relative to the (pinned) clock through the core's own operations; the
# same clock gives the same data; never mixed into a database that holds
# anything.
. "$(dirname "$0")/../lib/tap.sh"

run init --demo
is "$RC" 0 "init --demo on a new file: exit 0"
like "$OUT" '^demo centre: 10 staff, 31 CIs, [0-9]+ shifts rostered, 50 incidents$' "... says what it built"
is "$ERR" "" "... nothing on stderr"

# --- staff, CIs ---------------------------------------------------------------------------
is "$(sql "SELECT count(*) FROM staff")" 11 "ten sample staff and the invoking user"
is "$(sql "SELECT count(*) FROM staff WHERE login <> 'root' AND name GLOB '*[^ -~]*'")" 10 \
	"all ten with Chinese names"
is "$(sql "SELECT count(DISTINCT r.role) FROM staff_role r")" 7 "every role of the rules is held"
is "$(sql "SELECT count(*) FROM asset")" 31 "31 CIs"
is "$(sql "SELECT count(DISTINCT class) FROM asset")" 8 "in all eight classes of the rules"
like "$(sql "SELECT group_concat(DISTINCT status) FROM asset")" 'retired' "statuses vary (a retired one)"

# --- the roster ----------------------------------------------------------------------------
is "$(sql "SELECT count(DISTINCT day) FROM roster WHERE day BETWEEN '2026-11-01' AND '2026-11-30'")" 30 \
	"every day of this month is rostered"
run roster check --month 2026-11
like "$OUT" '2026-12-0|every shift|2026-11' "roster check runs over the demo month"
is "$(sql "SELECT count(*) FROM (SELECT day FROM roster WHERE shift = 'D' AND day LIKE '2026-11-%' GROUP BY day HAVING count(*) < 2)")" 0 \
	"the rotations put at least two people on every day shift of the month"
is "$(sql "SELECT count(*) FROM (SELECT day FROM roster WHERE shift = 'N' AND day LIKE '2026-11-%' GROUP BY day)")" 30 \
	"and someone on every night"
is "$(sql "SELECT login || ' ' || first_day || ' ' || last_day || ' ' || reason FROM leave")" \
	"wuxia 2026-11-24 2026-11-25 年假" "a leave, three days ahead"
is "$(sql "SELECT owner || ' ' || state FROM swap")" "zhangwei requested" "a pending swap, waiting for the colleague"

# --- incidents -----------------------------------------------------------------------------
is "$(sql "SELECT count(*) FROM incident")" 50 "fifty incidents"
for state in new assigned in_progress waiting_user resolved closed cancelled; do
	n=$(sql "SELECT count(*) FROM incident WHERE state = '$state'")
	test "$n" -gt 0
	ok $? "some in state $state ($n)"
done
is "$(sql "SELECT count(*) FROM incident i WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.record = 'INC-' || i.id)")" 0 \
	"every incident has its journal"
is "$(sql "SELECT count(*) FROM incident WHERE created > strftime('%s', '2026-11-21T01:00:00')")" 0 \
	"nothing happened after now"
run incident list
like "$OUT" 'P1 +处理中 +核心交换机01端口大量丢包.*BREACHED' "a P1 past its resolution target"
like "$OUT" 'P2 +处理中 +财务系统数据库响应缓慢.*AT RISK' "a P2 at risk"
major=$(sql "SELECT id FROM incident WHERE priority = 'P1' AND state = 'resolved'")
test -n "$major"
ok $? "a major incident resolved, under review (INC-$major)"
run do "INC-$major" close
is "$RC" 1 "... closing it without the review is refused"
like "$ERR" 'review' "... naming the review"
is "$(sql "SELECT alert_count FROM incident WHERE alert_key <> ''")" 5 "an alert that repeated five times"
like "$(sql "SELECT group_concat(text, '|') FROM journal WHERE record = (SELECT 'INC-' || id FROM incident WHERE alert_key <> '')")" \
	'alert repeated \(5 times\)' "... counted in its journal"
is "$(sql "SELECT count(DISTINCT actor) > 3 FROM journal WHERE record LIKE 'INC-%'")" 1 \
	"the journals name the people who did each step, not one account"
# the stored due times are the ones the journal gives (incident show recomputes them)
id=$(sql "SELECT id FROM incident WHERE state = 'in_progress' AND priority = 'P2'")
run show "INC-$id"
due=$(sql "SELECT datetime(resolution_due, 'unixepoch', '+8 hours') FROM incident WHERE id = $id")
like "$OUT" "resolution +AT RISK, due ${due%:00}" "the stored SLA due time ($due) agrees with the journal's clock"

# --- the handover -------------------------------------------------------------------------
is "$(sql "SELECT day || '/' || shift FROM handover_note ORDER BY id LIMIT 1")" "2026-11-20/D" "yesterday's handover note"
is "$(sql "SELECT day || '/' || shift FROM handover_ack")" "2026-11-20/D" "... acknowledged by the next shift"

# --- the knowledge base and a problem ----------------------------------------------------
is "$(sql "SELECT group_concat(state || ':' || type, ' ') FROM kb")" "published:article published:article published:plan" \
	"two articles and an emergency plan, published"
is "$(sql "SELECT count(*) FROM kb WHERE reviewed_by = 'ouyang' AND author <> 'ouyang'")" 3 \
	"... each reviewed by the manager, who wrote none of them"
run show INC-32
like "$OUT" "^plans +KB-3  核心网络中断应急预案" "the major incident on the core switch shows the plan"
is "$(sql "SELECT state || ' ' || assignee FROM problem")" "investigating lina" "a problem under investigation"
is "$(sql "SELECT count(*) FROM record_link WHERE from_ref = 'PRB-1' AND to_ref LIKE 'INC-%'")" \
	"$(sql "SELECT count(*) FROM incident WHERE asset_id = (SELECT id FROM asset WHERE tag = 'APP-MAIL') AND created >= strftime('%s', '2026-11-14T01:00:00')")" \
	"... linked to the week's incidents on the CI it is about"
run problem candidates
unlike "$OUT" "APP-MAIL" "... which are no longer suggested as recurring"
like "$OUT" "STO-SAN-01" "... while another group still is"

run audit verify
is "$RC" 0 "the demo's audit log verifies"

# --- deterministic ------------------------------------------------------------------------
sql .dump > "$T/first.sql"
OPSDESK_DB="$T/second.db" run init --demo
is "$RC" 0 "a second demo on another file"
sqlite3 "$T/second.db" .dump > "$T/second.sql"
cmp -s "$T/first.sql" "$T/second.sql"
ok $? "with the same clock the two databases hold the same data, row for row"

# --- never mixed with real data -----------------------------------------------------------
run init --demo
is "$RC" 1 "init --demo on a database that holds data: refused (exit 1)"
like "$ERR" 'already holds staff: the demo goes only into a new database' "... saying why"
sql .dump > "$T/after.sql"
cmp -s "$T/first.sql" "$T/after.sql"
ok $? "... and nothing changed"
OPSDESK_DB="$T/real.db" run init
OPSDESK_DB="$T/real.db" run incident new --title 真实工单
OPSDESK_DB="$T/real.db" run init --demo
is "$RC" 1 "a database with only its manager and an incident: refused too"
like "$ERR" 'already holds incidents' "... naming what it holds"
is "$(sqlite3 "$T/real.db" "SELECT count(*) FROM incident")" 1 "... the real incident alone"
OPSDESK_DB="$T/fresh.db" run init
OPSDESK_DB="$T/fresh.db" run init --demo
is "$RC" 0 "a database with only the invoking user (a plain init first) takes the demo"

done_testing
