#!/bin/sh
# The duty roster on the command line: setting cells, a night shift across
# midnight and the month's end, who is on duty at each shift boundary,
# filling from a rotation around leave, coverage gaps, and bad input.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles network_engineer --phone 13800000001
run staff add wang --name 王伟 --roles system_engineer,duty_operator
run staff add zhao --name 赵敏 --roles network_engineer
run staff add ouyang --name 欧阳明华 --roles duty_operator
is "$RC" 0 "set-up: four people"

# --- setting cells -----------------------------------------------------------
as root roster set 2026-11-30 lina N
is "$RC" 0 "roster set: exit 0"
is "$OUT" "roster 2026-11-30 lina: N" "... says what the cell now holds"
is "$(sql "SELECT day || ' ' || shift || ' ' || login || ' ' || set_by FROM roster")" "2026-11-30 N lina root" \
	"sql: one row, for the day the night shift starts, set by root"
is "$(sql "SELECT text FROM journal WHERE record = 'roster:2026-11-30'")" "lina: - -> N" "journal: the change"
is "$(sql "SELECT op FROM audit ORDER BY id DESC LIMIT 1")" "roster.set" "audit: roster.set"

as lina roster set 2026-11-29 lina D
is "$RC" 1 "a non-manager cannot set cells (exit 1)"
like "$ERR" "roster.manage.*运维经理" "... and is told which permission and role"
is "$(sql "SELECT count(*) FROM roster")" 1 "sql: nothing added"

as root roster set 2026-11-31 lina D
is "$RC" 1 "a day that does not exist is refused"
like "$ERR" "day: '2026-11-31' is not a date" "... naming the field and the value"
as root roster set 2026-11-29 lina X
like "$ERR" "shift: 'X' is not a shift of the rules \(known: D, N\)" "an unknown shift is refused, listing the known ones"
as root roster set 2026-11-29 nobody D
is "$RC" 1 "an unknown person is refused (exit 1)"
like "$ERR" "no staff member 'nobody'" "... named"
as root roster set 2026-11-29 lina
is "$RC" 2 "set without the shifts is a usage error (exit 2)"

as root roster set 2026-11-30 lina D --expect ''
is "$RC" 1 "--expect refuses a cell that changed since it was read"
like "$ERR" "changed by root meanwhile \(now: N, you saw: -\)" "... saying who and what"
is "$(sql "SELECT shift FROM roster WHERE day = '2026-11-30' AND login = 'lina'")" N "sql: the cell is as it was"

# --- a night shift across midnight and the month's end ------------------------
as root roster set 2026-12-01 zhao D
as root roster set 2026-12-01 wang D
as root oncall --at "2026-12-01 07:59" --json
like "$OUT" '"now":\{"day":"2026-11-30","shift":"N"' "07:59 on 1 Dec: the night shift of 30 Nov is on duty"
like "$OUT" '"people":\[\{"login":"lina","name":"李娜","phone":"13800000001"' "... with lina, her name and phone"
like "$OUT" '"end":"2026-12-01T08:00:00\+08:00"' "... ending 08:00 on the 1st"
like "$OUT" '"next":\{"day":"2026-12-01","shift":"D".*"login":"wang".*"login":"zhao"' "... next: the day shift with wang and zhao"
as root roster show --month 2026-11 --json
like "$OUT" '"login":"lina","name":"李娜","totals":\{"shifts":1,"nights":1,"weekend_or_holiday":0,"hours":12.0\}' \
	"show --json: the night counts in November, 12 hours"
as root roster show --month 2026-12 --json
like "$OUT" '"login":"lina","name":"李娜","totals":\{"shifts":0,' "... and not in December"

# --- on duty at each boundary: the minute before, at, and after -------------------
as root roster set 2026-11-21 ouyang D
as root roster set 2026-11-21 wang N
as root roster set 2026-11-20 zhao N
oncall_at() { as root oncall --at "$1" --json; printf '%s' "$OUT" | sed -e 's/,"next":.*//' -n -e 's/.*"now":{"day":"\([0-9-]*\)","shift":"\([A-Z]*\)".*"people":\[{"login":"\([a-z]*\)".*/\1\/\2 \3/p'; }
is "$(oncall_at "2026-11-21 07:59")" "2026-11-20/N zhao" "07:59: the night shift of the day before"
is "$(oncall_at "2026-11-21 08:00")" "2026-11-21/D ouyang" "08:00: the day shift has begun"
is "$(oncall_at "2026-11-21 08:01")" "2026-11-21/D ouyang" "08:01: the day shift"
is "$(oncall_at "2026-11-21 19:59")" "2026-11-21/D ouyang" "19:59: still the day shift"
is "$(oncall_at "2026-11-21 20:00")" "2026-11-21/N wang" "20:00: the night shift has begun"
is "$(oncall_at "2026-11-21 20:01")" "2026-11-21/N wang" "20:01: the night shift"
is "$(oncall_at "2026-11-21T23:59:59+08:00")" "2026-11-21/N wang" "23:59:59: the night shift, before midnight"
is "$(oncall_at "2026-11-22 00:00")" "2026-11-21/N wang" "00:00: the same night shift, after midnight"
is "$(oncall_at "2026-11-21T12:00:00Z")" "2026-11-21/N wang" "an ISO time in UTC is read as such (20:00 in Shanghai)"

as root oncall
is "$RC" 0 "oncall without --at: now (pinned 09:00)"
like "$OUT" "on duty: D 白班, 2026-11-21 08:00 - 2026-11-21 20:00" "... names the shift and its times"
like "$OUT" "ouyang +欧阳明华 +值班员" "... and who, with name and role"
like "$OUT" "next: N 夜班, 2026-11-21 20:00 - 2026-11-22 08:00" "... and the next shift"
as root oncall --at "tomorrow"
is "$RC" 2 "a bad --at is a usage error"
like "$ERR" "'tomorrow' is not a time" "... naming the value"

# --- leave, and a rotation that skips it -------------------------------------------
as lina leave add lina --from 2026-12-03 --to 2026-12-04 --reason 年假
is "$RC" 0 "anyone records their own leave"
like "$OUT" "leave 1: lina from 2026-12-03 to 2026-12-04" "... numbered"
as lina leave add zhao --from 2026-12-03 --reason 病假
is "$RC" 1 "... but not someone else's without roster.manage"
as root leave add zhao --from 2026-12-05 --to 2026-12-01 --reason x
like "$ERR" "to: 2026-12-01 is before from: 2026-12-05" "a backwards period is refused"
as root leave add zhao --from 2026-12-05
is "$RC" 2 "leave without --reason is a usage error"
like "$ERR" "^opsdesk leave: 'leave add' needs --reason$" "... naming the option"
as root leave add zhao --from 2026-12-05 --reason ""
is "$RC" 1 "an empty --reason is refused"
like "$ERR" "reason: say why" "... saying why a reason is needed"
as root leave list --json
like "$OUT" '"login":"lina","from":"2026-12-03","to":"2026-12-04","reason":"年假","created_by":"lina"' "leave list --json"

as root roster fill --rotation ddnnoo --from 2026-12-01 --days 6 --people lina,wang,zhao
is "$RC" 0 "fill: exit 0"
like "$OUT" "left empty: 2026-12-03 N lina \(on leave\)" "fill reports lina's night on leave, left empty"
like "$OUT" "left empty: 2026-12-04 N lina \(on leave\)" "... both of them"
is "$(sql "SELECT group_concat(day || shift, ' ') FROM (SELECT * FROM roster WHERE login = 'lina' AND day >= '2026-12-01' ORDER BY day)")" \
	"2026-12-01D 2026-12-02D" "sql: lina works D D then nothing on her leave (the cycle goes on: her days off follow)"
is "$(sql "SELECT group_concat(day || shift, ' ') FROM (SELECT * FROM roster WHERE login = 'wang' AND day >= '2026-12-01' ORDER BY day)")" \
	"2026-12-01N 2026-12-02N 2026-12-05D 2026-12-06D" "sql: wang starts two days further on (N N - - D D)"
is "$(sql "SELECT group_concat(day || shift, ' ') FROM (SELECT * FROM roster WHERE login = 'zhao' AND day >= '2026-12-01' ORDER BY day)")" \
	"2026-12-03D 2026-12-04D 2026-12-05N 2026-12-06N" "sql: zhao four days further on; his earlier D on the 1st is replaced"
as root roster set 2026-12-03 lina D
is "$RC" 1 "set refuses a day of leave"
like "$ERR" "李娜 \(lina\) is on leave on 2026-12-03" "... saying so"
as root roster fill --rotation nope --from 2026-12-01 --days 3 --people lina
like "$ERR" "rotation: 'nope' is not a rotation of the rules \(known: ddnnoo, day-only\)" "an unknown rotation is refused"
as root roster fill --rotation ddnnoo --from 2026-12-01 --days 3 --people lina,lina
like "$ERR" "people: 'lina' is given twice" "a person twice is refused"
as root roster fill --rotation ddnnoo --from 2026-12-01 --people lina
is "$RC" 2 "fill needs --days or --to (usage, exit 2)"

# --- coverage: headcount and required roles ------------------------------------------
as root roster check --from 2026-12-01 --to 2026-12-06
is "$RC" 1 "check exits 1 when shifts are short"
like "$OUT" "2026-12-03 N 夜班: 0 of 1 people" "headcount gap: the night lina is away"
like "$OUT" "2026-12-01 D 白班: 1 of 2 people$" "headcount gap: one of two on the day shift"
like "$OUT" "2026-12-05 D 白班: 1 of 2 people; no 网络工程师" "a missing role: the day shift has no network engineer"
like "$OUT" "shifts short from 2026-12-01 to 2026-12-06" "... and a summary"
as root roster check --from 2026-12-05 --to 2026-12-05 --json
like "$OUT" '"day":"2026-12-05","shift":"D","people":1,"required":2,"missing_roles":\["network_engineer"\]' "check --json"
as root roster set 2026-12-01 zhao D
as root roster check --from 2026-12-01 --to 2026-12-01
# covered now, but lina's day shift starts as her night shift of the 30th
# ends: less than the rules' min_rest (11h), so check still exits 1
is "$RC" 1 "check exits 1 while a shift follows the one before too soon"
is "$OUT" "2026-12-01 D 白班: lina has 0 h 00 min off after 2026-11-30 N, less than 11 h 00 min
every shift covered from 2026-12-01 to 2026-12-01
1 shift too soon after the one before, from 2026-12-01 to 2026-12-01" "... and says every shift is covered, and which one comes too soon"
# leave taken after rostering makes a gap
as root leave add wang --from 2026-12-01 --reason 培训
like "$OUT" "still rostered: 2026-12-01 N" "leave over a rostered shift lists the shift to swap"
as root roster check --from 2026-12-01 --to 2026-12-01
is "$RC" 1 "... and the check counts the person as absent"
like "$OUT" "2026-12-01 N 夜班: 0 of 1 people; wang is on leave or inactive" "... naming them"
as root oncall --at "2026-12-01 21:00" --json
like "$OUT" '"now":\{"day":"2026-12-01","shift":"N".*"people":\[\],"absent":\["wang"\]' "oncall: a person on leave is listed as absent, not on duty"
as root oncall --at "2026-12-01 21:00"
like "$OUT" "absent \(leave or deactivated\): 王伟 wang" "... also in text"
like "$OUT" "\(nobody on duty\)" "... and nobody is on duty"

# --- new incidents go to the on-duty holder of the role -----------------------------------
# at 09:00 on the 21st ouyang (duty operator) is on D; add lina, a network engineer
as root roster set 2026-11-21 lina D
as root incident new --title "核心交换机端口down" --category network
is "$(sql "SELECT assignee FROM incident ORDER BY id DESC LIMIT 1")" lina "a network incident goes to the on-duty network engineer"
like "$(sql "SELECT text FROM journal WHERE record = 'INC-1'")" "assigned to lina, on duty" "... and the journal says why"
as root incident new --title "打印机卡纸" --category desktop
is "$(sql "SELECT assignee FROM incident ORDER BY id DESC LIMIT 1")" "" "no desktop engineer on duty: unassigned"
as root incident new --title "其他问题" --category other
is "$(sql "SELECT assignee FROM incident ORDER BY id DESC LIMIT 1")" "" "a category without a rule: unassigned"

# --- show ------------------------------------------------------------------------
as root roster show --month 2026-12
is "$RC" 0 "show: exit 0"
like "$OUT" "^李娜 lina +D  D  ~  ~  \.  \." "lina's row: D D, leave, days off"
like "$OUT" "\+Sa\+Su" "weekends are marked"
as root roster show --month 2026-13
is "$RC" 2 "a bad month is a usage error"
like "$ERR" "'2026-13' is not a month" "... naming it"
audit_rc() { as root audit verify; echo "$RC"; }
is "$(audit_rc)" 0 "the audit chain verifies after it all"

done_testing
