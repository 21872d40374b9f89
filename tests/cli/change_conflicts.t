#!/bin/sh
# The change calendar's conflicts, each kind on the pinned clock: another
# change on the same CI in an overlapping window, a freeze period, the
# implementer on leave or off duty, a window outside the type's maintenance
# windows; what blocks and what needs an override reason; the calendar.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/change.sh"

change_setup
run leave add zhao --from 2026-11-26 --to 2026-11-26 --reason 年假

new_change "" SW-01
as dev do CHG-1 submit
is "$RC" 0 "CHG-1 on SW-01, Tuesday 22:00 to 01:00, is submitted"
as root change conflicts CHG-1
is "$RC" 0 "change conflicts: none for CHG-1"
is "$OUT" "CHG-1: no conflicts" "... saying so"

# --- same CI, overlapping window: blocks ----------------------------------------------
as dev change new --title "交换机端口调整" --type normal --ci SRV-01,SW-01 \
	--start "2026-11-25 00:00" --end "2026-11-25 02:00" --implementer zhao
is "$OUT" "CHG-2" "CHG-2 on SRV-01 and SW-01 overlaps CHG-1"
as root change conflicts CHG-2
is "$RC" 1 "change conflicts exits 1 when there is a conflict"
like "$OUT" "^CHG-2 \[blocks\] same_ci: CHG-1 \(核心交换机固件升级\) works on SW-01 from 2026-11-24 22:00 to 2026-11-25 01:00$" "... naming the other change, the CI and its window"
as root change conflicts CHG-2 --json
like "$OUT" '^\[\{"kind":"same_ci","blocks":true,"other":"CHG-1","reason":' "change conflicts --json"
as dev do CHG-2 submit --set override=赶工期
is "$RC" 1 "a blocking conflict refuses the submit, override or not"
like "$ERR" "conflict \(same_ci, changes.conflicts.same_ci: block\): CHG-1" "... naming the rule"
is "$(state_of CHG-2)" "draft" "sql: CHG-2 stays a draft"
as dev change edit CHG-2 --start "2026-11-25 01:00" --end "2026-11-25 02:00"
as root change conflicts CHG-2
is "$RC" 0 "a window that begins as the other ends does not overlap"

# a draft or a cancelled change takes no place on the calendar
as dev change new --title 草稿 --type normal --ci SW-01 --start "2026-11-24 23:00" --end "2026-11-24 23:30" --implementer zhao
as root change conflicts CHG-3
like "$OUT" "same_ci: CHG-1" "CHG-3 conflicts with CHG-1 ..."
unlike "$OUT" "CHG-2" "... not with CHG-2, a draft"
as root do CHG-1 cancel --note 取消
as root change conflicts CHG-3
is "$RC" 0 "... nor with CHG-1 once cancelled"

# --- freeze: month_end (the last 2 days of November) needs an override -------------------
as dev change new --title 月末变更 --type normal --ci SRV-01 --start "2026-11-29 22:00" --end "2026-11-29 23:00" --implementer zhao
as root change conflicts CHG-4
is "$RC" 1 "a window in a freeze"
like "$OUT" "\[override\] freeze: 2026-11-29 is in the freeze month_end \(月末结账\)" "... names the freeze"
as dev do CHG-4 submit
is "$RC" 1 "submit without an override reason is refused"
like "$ERR" "override: conflict \(freeze\) needs an override reason \(--set override=TEXT\)" "... asking for one"
as dev do CHG-4 submit --set "override=财务系统补丁，经财务部同意"
is "$RC" 0 "with an override reason it is submitted"
is "$(sql "SELECT state || ' ' || override FROM change WHERE id = 4")" "submitted 财务系统补丁，经财务部同意" "sql: the reason is recorded"
like "$(sql "SELECT text FROM journal WHERE record = 'CHG-4' ORDER BY id DESC LIMIT 1")" "财务系统补丁" "sql: ... and journalled"

# --- the implementer on leave, or not on duty -----------------------------------------------
as dev change new --title 请假日变更 --type normal --ci SRV-01 --start "2026-11-26 22:00" --end "2026-11-26 23:00" --implementer zhao
as root change conflicts CHG-5
like "$OUT" "\[override\] off_duty: the implementer zhao is on leave on 2026-11-26" "the implementer on leave"
as dev change new --title 无人值守 --type normal --ci SRV-01 --start "2026-11-27 22:00" --end "2026-11-27 23:00" --implementer zhao
as root change conflicts CHG-6
like "$OUT" "\[override\] off_duty: the implementer zhao is not on duty or on call at 2026-11-27 22:00" "the implementer not rostered"

# --- outside the maintenance windows -----------------------------------------------------------
as dev change new --title 白天变更 --type normal --ci SRV-01 --start "2026-11-24 10:00" --end "2026-11-24 11:00" --implementer zhao
as root change conflicts CHG-7
like "$OUT" "\[override\] outside_window: the window 2026-11-24 10:00 to 2026-11-24 11:00 is outside the maintenance windows of type normal: night \(夜间窗口\), weekend \(周末白天\)" "a weekday daytime window is outside"
unlike "$OUT" "off_duty.*on leave" "... and the implementer is not on leave then"
as dev change new --title 周末白天 --type normal --ci SRV-01 --start "2026-11-28 09:00" --end "2026-11-28 12:00"
as root change conflicts CHG-8
is "$RC" 0 "Saturday daytime is in the weekend window (no implementer: no roster check)"
as dev change new --title 跨午夜 --type normal --ci SRV-01 --start "2026-11-24 23:00" --end "2026-11-25 05:00"
as root change conflicts CHG-9
is "$RC" 0 "a window across midnight inside the night window"
as dev change new --title 太长 --type normal --ci SRV-01 --start "2026-11-24 23:00" --end "2026-11-25 07:00"
as root change conflicts CHG-10
like "$OUT" "outside_window" "... but not one running past its end"

# --- the calendar ------------------------------------------------------------------------------------
as root change calendar --from 2026-11-24 --to 2026-11-24
is "$RC" 0 "change calendar"
is "$(printf '%s\n' "$OUT" | cut -c1-7 | tr -d ' ' | tr '\n' ' ')" "CHG-7 CHG-3 CHG-9 CHG-10 " "... the open changes overlapping the day, by start"
as root change calendar --from 2026-11-24 --to 2026-11-24 --all
like "$OUT" "CHG-1 " "--all: the cancelled one too"
as root change calendar --from 2026-11-25 --to 2026-11-30 --json
like "$OUT" '"ref":"CHG-2"' "--json"
as root change calendar --from 2026-11-30 --to 2026-11-24
is "$RC" 2 "--to before --from is a usage error"
as root change calendar --from 2026-11-31 --to 2026-12-01
is "$RC" 2 "a day that does not exist is a usage error"
like "$ERR" "2026-11-31" "... naming it"

done_testing
