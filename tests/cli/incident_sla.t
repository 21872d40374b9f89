#!/bin/sh
# The SLA clocks of incidents on a pinned clock: response and resolution
# targets of the priority in force, counted in its calendar (P1/P2 7x24, P3/P4
# business hours 08:30-17:30 Monday to Friday, minus holidays, plus make-up
# workdays); waiting for the user pauses them; resolving stops the
# resolution clock and reopening starts it again; at risk from 75% of the
# target, breached past it.
. "$(dirname "$0")/../lib/tap.sh"

# clock REF PATH [NOW]: a value of show --json's sla object, at NOW (a local
# time 'YYYY-MM-DDTHH:MM', default the pinned clock).
clock() {
	if [ -n "${3:-}" ]; then
		OPSDESK_NOW="$3:00+08:00" "$OPSDESK_BIN" show "$1" --json >"$T/.json"
	else
		"$OPSDESK_BIN" show "$1" --json >"$T/.json"
	fi
	sqlite3 :memory: "SELECT json_extract(CAST(readfile('$T/.json') AS TEXT), '\$.sla.$2')"
}

# as LOGIN LOCAL-TIME ARGS...: runs opsdesk as LOGIN at that time.
as() {
	u=$1 when=$2
	shift 2
	OPSDESK_USER=$u OPSDESK_NOW="$when:00+08:00" run "$@"
	[ "$RC" -eq 0 ] || diag "$u at $when: $* failed: $ERR"
}

"$OPSDESK_BIN" init --demo-staff >/dev/null

# --- a P3 in business hours, over a weekend ---------------------------------------------
# Friday 2026-11-20 16:00: 90 working minutes are left on Friday.
as zhangwei 2026-11-20T16:00 incident new --title 财务系统报表慢 --impact medium --urgency medium
is "$OUT" INC-1 "a P3 (impact medium x urgency medium) recorded Friday 16:00"
is "$(clock INC-1 priority)" P3 "its clocks run on P3"
is "$(clock INC-1 response.target_minutes) $(clock INC-1 resolution.target_minutes)" "120 1620" \
	"targets: response 2h, resolution 27 working hours"
is "$(clock INC-1 response.due 2026-11-20T16:00)" "2026-11-23T09:00:00+08:00" \
	"response due Monday 09:00: Friday 16:00-17:30 is 90 minutes, 30 more from Monday 08:30"
is "$(clock INC-1 resolution.due 2026-11-20T16:00)" "2026-11-25T16:00:00+08:00" \
	"resolution due Wednesday 16:00: 90 min Friday, 9h Monday, 9h Tuesday, 7.5h Wednesday"
is "$(clock INC-1 response.used_minutes 2026-11-20T17:00)" 60 "Friday 17:00: 60 minutes used"
is "$(clock INC-1 response.standing 2026-11-20T17:00)" on_time "... on time"
is "$(clock INC-1 response.used_minutes 2026-11-21T12:00)" 90 "Saturday noon: still 90 (the weekend does not count)"
is "$(clock INC-1 response.used_minutes 2026-11-23T08:29)" 90 "Monday 08:29: still 90 (before working hours)"
is "$(clock INC-1 response.standing 2026-11-23T08:29)" at_risk "... which is 75% of 120: at risk"
is "$(clock INC-1 response.due 2026-11-23T08:29)" "2026-11-23T09:00:00+08:00" "... still due 09:00"
is "$(clock INC-1 response.standing 2026-11-23T09:01)" breached "Monday 09:01 without a response: breached"
is "$(clock INC-1 resolution.standing 2026-11-23T09:01)" on_time "... while the resolution clock is on time"

# --- waiting for the user pauses the clocks ------------------------------------------------
as zhangwei 2026-11-20T16:00 incident new --title 报销系统附件上传失败 --impact medium --urgency medium
is "$OUT" INC-2 "another P3, recorded Friday 16:00"
as zhangwei 2026-11-20T16:30 do INC-2 assign --set assignee=lina
as lina 2026-11-20T16:30 do INC-2 start
is "$(clock INC-2 response.standing 2026-11-20T16:30)" met "the assignment 30 minutes in is the response: met"
is "$(clock INC-2 response.stopped 2026-11-20T17:00)" "2026-11-20T16:30:00+08:00" "... stopped at 16:30"
is "$(clock INC-2 response.used_minutes 2026-11-23T12:00)" 30 "... after 30 minutes, however late one looks"
as lina 2026-11-23T10:00 do INC-2 wait --note 等待用户提供报错截图
is "$RC" 0 "Monday 10:00: waiting for the user"
is "$(clock INC-2 resolution.paused 2026-11-23T14:00)" 1 "Monday 14:00: the resolution clock is paused"
is "$(clock INC-2 resolution.used_minutes 2026-11-23T14:00)" 180 \
	"... at 180 minutes (90 Friday, 90 Monday until the wait)"
is "$(clock INC-2 resolution.due 2026-11-23T14:00)" "" "... with no due time while paused"
is "$(sql "SELECT resolution_due IS NULL FROM incident WHERE id = 2")" 1 \
	"sql: the queue's cached due time is cleared while paused"
OPSDESK_NOW=2026-11-23T14:00:00+08:00 run incident list
like "$OUT" '^INC-2 .* paused$' "the queue shows the clock as paused"
as lina 2026-11-23T14:00 do INC-2 resume
is "$RC" 0 "Monday 14:00: work resumes"
is "$(clock INC-2 resolution.paused 2026-11-23T14:00)" 0 "the clock runs again"
is "$(clock INC-2 resolution.due 2026-11-23T14:00)" "2026-11-26T11:00:00+08:00" \
	"resolution due moves from Wednesday 16:00 by the 4 working hours paused: Thursday 11:00"
is "$(sql "SELECT datetime(resolution_due, 'unixepoch', '+8 hours') FROM incident WHERE id = 2")" \
	"2026-11-26 11:00:00" "sql: the queue's cached due time moved too"
is "$(clock INC-2 resolution.used_minutes 2026-11-23T15:00)" 240 "an hour later 240 minutes are used"

# --- holidays and make-up workdays (business calendar) ------------------------------------
as zhangwei 2026-09-30T16:00 incident new --title 国庆前门户访问慢 --impact medium --urgency medium
is "$(clock INC-3 response.due 2026-09-30T16:00)" "2026-10-08T09:00:00+08:00" \
	"P3 on Wednesday 2026-09-30 16:00: response due 10-08 09:00 (10-01..07: holidays and a weekend)"
is "$(clock INC-3 resolution.due 2026-09-30T16:00)" "2026-10-10T16:00:00+08:00" \
	"resolution due Saturday 10-10 16:00, a make-up workday"
is "$(clock INC-3 response.used_minutes 2026-10-01T12:00)" 90 "on the holiday 10-01 nothing is counted"

as zhangwei 2026-10-01T10:00 incident new --title 节日期间打印机故障
is "$(clock INC-4 response.due 2026-10-01T10:00)" "2026-10-08T12:30:00+08:00" \
	"P4 recorded on the holiday 10-01: its 4h response starts on the next workday, 10-08"

as zhangwei 2026-09-26T10:00 incident new --title 调休前一天报障 --impact medium --urgency medium
is "$(clock INC-5 response.due 2026-09-26T10:00)" "2026-09-27T10:30:00+08:00" \
	"P3 on Saturday 09-26: response due Sunday 09-27 10:30, a make-up workday"
is "$(clock INC-5 resolution.due 2026-09-26T10:00)" "2026-09-29T17:30:00+08:00" \
	"resolution due Tuesday 09-29 17:30 (Sunday, Monday, Tuesday)"

as zhangwei 2026-10-09T16:00 incident new --title 调休周六前 --impact medium --urgency medium
is "$(clock INC-6 response.due 2026-10-09T16:00)" "2026-10-10T09:00:00+08:00" \
	"P3 on Friday 10-09 16:00: response due on the make-up Saturday 10-10 at 09:00"

# --- a P1 on 7x24 ----------------------------------------------------------------------------
as zhangwei 2026-11-21T09:00 incident new --title 核心交换机宕机 --impact high --urgency high
is "$OUT" INC-7 "a P1 recorded Saturday 09:00"
is "$(clock INC-7 resolution.due)" "2026-11-21T13:00:00+08:00" "resolution due 4 hours later: the weekend counts"
is "$(clock INC-7 response.due)" "2026-11-21T09:15:00+08:00" "response due in 15 minutes"
is "$(clock INC-7 response.standing 2026-11-21T09:10)" on_time "09:10: response on time (10 of 15)"
is "$(clock INC-7 response.standing 2026-11-21T09:14)" at_risk "09:14: response at risk (14 of 15)"
is "$(clock INC-7 response.standing 2026-11-21T09:16)" breached "09:16: response breached"
is "$(clock INC-7 resolution.standing 2026-11-21T11:59)" on_time "11:59: resolution on time (179 of 240)"
is "$(clock INC-7 resolution.standing 2026-11-21T12:00)" at_risk "12:00: resolution at risk (75% of 4h)"
is "$(clock INC-7 resolution.used_minutes 2026-11-21T12:00)" 180 "... 180 minutes used"
is "$(clock INC-7 resolution.standing 2026-11-21T13:01)" breached "13:01: resolution breached (past 4h)"
OPSDESK_NOW=2026-11-21T12:00:00+08:00 run show INC-7
like "$OUT" '^resolution +AT RISK, due 2026-11-21 13:00 \(180 of 240 min used\)$' "show says AT RISK in words"
OPSDESK_NOW=2026-11-21T13:01:00+08:00 run show INC-7
like "$OUT" '^resolution +BREACHED, due 2026-11-21 13:00 \(241 of 240 min used\)$' "... and BREACHED"

as zhangwei 2026-11-20T23:00 incident new --title 夜间存储告警 --impact high --urgency high
is "$(clock INC-8 resolution.due 2026-11-20T23:00)" "2026-11-21T03:00:00+08:00" "a P1 at 23:00 is due at 03:00: the night counts"

# --- resolving stops the resolution clock; reopening restarts it ------------------------------
as zhangwei 2026-11-21T09:10 do INC-7 assign --set assignee=wangfang
as wangfang 2026-11-21T09:10 do INC-7 start
is "$(clock INC-7 response.standing 2026-11-21T09:10) $(clock INC-7 response.used_minutes 2026-11-21T09:10)" "met 10" \
	"assigned 10 minutes in: the response is met"
as wangfang 2026-11-21T12:00 do INC-7 resolve --set cause=主控板故障 --set resolution=切换备用主控 --set recovery_test=业务恢复
is "$(clock INC-7 resolution.standing 2026-11-21T12:00)" met "resolved at 12:00: the resolution clock is met"
is "$(clock INC-7 resolution.stopped 2026-11-21T12:00)" "2026-11-21T12:00:00+08:00" "... stopped at 12:00"
is "$(clock INC-7 resolution.due 2026-11-21T12:00)" "" "... with no due time"
is "$(clock INC-7 resolution.used_minutes 2026-11-21T14:00)" 180 "two hours later it still counts 180 minutes"
is "$(clock INC-7 resolution.standing 2026-11-21T14:00)" met "... and is still met, past the 13:00 target"
OPSDESK_NOW=2026-11-21T14:00:00+08:00 run incident list --breached
unlike "$OUT" '^INC-7 ' "a resolved incident is not in the breached queue"
as zhangwei 2026-11-21T14:00 do INC-7 reopen
is "$RC" 0 "reopened at 14:00"
is "$(clock INC-7 resolution.stopped 2026-11-21T14:30)" "" "the resolution clock runs again"
is "$(clock INC-7 resolution.used_minutes 2026-11-21T14:30)" 210 "14:30: 180 before + 30 since reopening"
is "$(clock INC-7 resolution.due 2026-11-21T14:30)" "2026-11-21T15:00:00+08:00" \
	"due 15:00: the 2 resolved hours do not count"
is "$(clock INC-7 resolution.standing 2026-11-21T14:30)" at_risk "... at risk"
is "$(clock INC-7 response.standing 2026-11-21T14:30)" met "the response clock stays met"
is "$(clock INC-7 resolution.standing 2026-11-21T15:01)" breached "15:01: breached"
as wangfang 2026-11-21T15:30 do INC-7 resolve
is "$RC" 0 "resolved again at 15:30 (the fields are still on the record)"
is "$(clock INC-7 resolution.standing 2026-11-21T16:00)" breached "stopped past the target: breached, not met"
is "$(clock INC-7 resolution.used_minutes 2026-11-21T16:00)" 270 "... after 270 minutes"

# --- a late response is a breach, whatever the resolution clock says ---------------------------
# INC-8, a P1 recorded Friday 23:00 and not taken up: at 23:20 its response
# (15 minutes) is late, its resolution (due 03:00) is not
OPSDESK_NOW=2026-11-20T23:20:00+08:00 run incident list --breached
like "$OUT" '^INC-8 ' "--breached lists an incident whose response is late"
OPSDESK_NOW=2026-11-20T23:10:00+08:00 run incident list --breached
unlike "$OUT" '^INC-8 ' "... and not before the response was due"
# (a priority change recomputing both clocks from the recording is tested
# in tests/unit/test_sla.c: raising_the_priority_recomputes_from_creation)
done_testing
