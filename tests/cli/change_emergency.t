#!/bin/sh
# The emergency path: an emergency change skips the assessment, one of the
# eCAB approves it, it is implemented step by step, verified, and cannot
# close before its after-the-fact review. Type-only transitions are refused
# to other types.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/change.sh"

change_setup

as dev change new --title "数据库主库紧急打补丁" --type emergency --ci SRV-01 \
	--start "2026-11-21 10:00" --end "2026-11-21 11:00" --implementer zhao \
	--assessment production --rollback 回退补丁
is "$OUT" "CHG-1" "an emergency change, during the day"
as dev do CHG-1 emergency_submit
is "$RC" 1 "the emergency submit needs the emergency plan"
like "$ERR" "emergency_plan" "... naming the field"
as dev do CHG-1 emergency_submit --set "emergency_plan=主备切换"
is "$RC" 1 "the implementer is not on duty at 10:00 ..."
like "$ERR" "override: conflict \(off_duty\)" "... which needs an override"
as dev do CHG-1 emergency_submit --set "emergency_plan=主备切换" --set "override=紧急，值班经理同意"
is "$RC" 0 "emergency submit with the plan and an override"
is "$(state_of CHG-1)" "approval" "sql: straight to approval, no assessment"

new_change "" SW-01
as dev do "$CHG" emergency_submit --set emergency_plan=x
is "$RC" 1 "a normal change cannot take the emergency path"
like "$ERR" "'emergency_submit' is only for changes of type emergency \(this one is normal" "... saying so"
as dev do "$CHG" submit
as root do "$CHG" assess --note ok
as root do "$CHG" preapprove
is "$RC" 1 "a normal change cannot be scheduled as a standard one"
like "$ERR" "'preapprove' is only for changes of type standard" "... saying so"

as ouyang change vote CHG-1 approve
is "$RC" 1 "the ops manager is not on the eCAB"
like "$ERR" "not entitled to vote on CHG-1 \(votes: ecab_member\)" "... the emergency rule names the eCAB"
as ma change vote CHG-1 approve --note 同意紧急实施
is "$OUT" "CHG-1: approve recorded; the change is 已排期" "one eCAB member approves"

as zhao change step CHG-1 add "切换到备库"
is "$OUT" "step 1 added" "steps of the plan"
as zhao change step CHG-1 add "主库打补丁"
as zhao do CHG-1 start
is "$(state_of CHG-1)" "implementing" "the implementer starts"
as zhao change step CHG-1 done 1 --started "2026-11-21 10:00" --ended "2026-11-21 10:10"
is "$RC" 0 "step 1 done"
as zhao change step CHG-1 done 2 --started "2026-11-21 10:30" --ended "2026-11-21 10:10"
is "$RC" 1 "a step ending before it starts is refused"
as li change step CHG-1 done 2 --started "2026-11-21 10:10" --ended "2026-11-21 10:40"
is "$RC" 1 "someone else may not record the steps"
like "$ERR" "only the implementer of CHG-1 \(zhao\)" "... saying who may"
as zhao change step CHG-1 done 2 --started "2026-11-21 10:10" --ended "2026-11-21 10:40" --deviation "补丁安装多用十分钟" --result 成功
is "$RC" 0 "step 2 done with a deviation"
as zhao change step CHG-1 done 3 --started "2026-11-21 10:10" --ended "2026-11-21 10:40"
is "$RC" 1 "an unknown step"
as zhao do CHG-1 verify --set "result=补丁已安装"
as zhao do CHG-1 complete --set "verification=功能、性能、数据完整性检查通过"
is "$RC" 1 "the implementer is not among complete's roles"
as ouyang do CHG-1 complete --set "verification=功能、性能、数据完整性检查通过"
is "$(state_of CHG-1)" "completed" "verified"
as zhao do CHG-1 close --set "report=实施顺利"
is "$RC" 1 "an emergency change cannot close without its review"
like "$ERR" "review: a change of type emergency needs its after-the-fact review before 'close'" "... naming the field"
as zhao do CHG-1 close --set "report=实施顺利" --set "review=事后评审：原因已查明，补丁纳入标准变更"
is "$RC" 0 "with the review it closes"
is "$(state_of CHG-1)" "closed" "sql: closed"
as root change show CHG-1
like "$OUT" "1\. 切换到备库 \[done 2026-11-21 10:00 - 2026-11-21 10:10 by zhao\]" "show: the steps with their times"
like "$OUT" "deviation: 补丁安装多用十分钟; result: 成功" "show: ... their deviation and result"
like "$OUT" "事后评审" "show: the review"
as root change show CHG-1 --json
like "$OUT" '"steps":\[\{"step":1,"text":"切换到备库","started":"2026-11-21T10:00:00\+08:00"' "show --json: the steps"

# a rollback records its reason and ends in rolled back
new_change "" FW-01
to_approval "$CHG"
as ouyang change vote "$CHG" approve
as zhao do "$CHG" start
as zhao do "$CHG" roll_back
is "$RC" 1 "a rollback needs its reason"
as zhao do "$CHG" roll_back --set "rollback_reason=升级后丢包"
is "$(state_of "$CHG")" "rolled_back" "rolled back"

# a failed change opens an incident linked to it, on its CI
as zhao change incident "$CHG" --impact high --urgency high
is "$RC" 0 "change incident"
INC=$OUT
like "$INC" "^INC-[0-9]+$" "... prints the incident's reference"
is "$(sql "SELECT summary FROM incident WHERE id = ${INC#INC-}")" "$CHG: 核心交换机固件升级" "sql: its summary names the change"
is "$(sql "SELECT count(*) FROM record_link WHERE from_ref = '$CHG' AND to_ref = '$INC'")" "1" "sql: linked to the change"
as root show "$INC"
like "$OUT" "$CHG" "show INC: the change among its links"
as root change incident CHG-99
is "$RC" 1 "an unknown change"

done_testing
