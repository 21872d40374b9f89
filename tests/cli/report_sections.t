#!/bin/sh
# The shift report's and the service review's sections on changes,
# inspections and problems, on a small fixed data set: an empty shift says
# "none" for each; then a shift with changes in its window (an emergency
# one closed, one rolled back, one cancelled) and one starting in the next
# hours, an inspection run with an abnormal reading and the incident it
# opened, an overdue round, a problem opened and moved, and a recurring
# group no problem covers; each checked in the text and in the JSON, and
# the review of the month counted by hand.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
at() { when=$1; shift; OPSDESK_NOW="$when" run "$@"; }
# section TITLE: the text report's lines of the section (its title to the
# next one), without the page furniture (footer, form feed, header) of a
# page break inside it
section() {
	printf '%s\n' "$OUT" | awk -v t="$1" '
		skip && /^=+$/ { skip = 2; next }
		skip == 2 && /^$/ { skip = 0; next }
		skip { next }
		/^-+$/ && length($0) == 80 { skip = 1; next }
		/^[0-9]+\. / { p = index($0, ". " t) == length($1) }
		p'
}
# rows FILE SECTION BLOCK EXPR: a table of the JSON report as lines
rows() { sqlite3 -separator ' | ' :memory: "SELECT $4 FROM json_each(json_extract(readfile('$1'), '\$.sections')) s, json_each(json_extract(s.value, '\$.blocks[$3].rows')) r WHERE json_extract(s.value, '\$.id') = '$2'"; }
texts() { sqlite3 :memory: "SELECT group_concat(json_extract(b.value, '\$.text'), ' / ') FROM json_each(json_extract(readfile('$1'), '\$.sections')) s, json_each(json_extract(s.value, '\$.blocks')) b WHERE json_extract(s.value, '\$.id') = '$2' AND json_extract(b.value, '\$.type') = 'text'"; }
field() { sqlite3 :memory: "SELECT json_extract(b.value, '\$.fields.$3.value') FROM json_each(json_extract(readfile('$1'), '\$.sections')) s, json_each(json_extract(s.value, '\$.blocks')) b WHERE json_extract(s.value, '\$.id') = '$2' AND json_extract(b.value, '\$.type') = 'fields'"; }

OPSDESK_USER=root run init

# --- an empty shift: "none" for each ------------------------------------------
run report shift --shift 2026-11-21/D
is "$RC" 0 "the report of a shift with nothing in it"
is "$(section Changes)" "8. Changes
----------
  In the shift's window:

  none

  Starting in the next 4 hours:

  none" "changes: none in the window, none starting"
is "$(section Inspections)" "9. Inspections
--------------
  Runs recorded during the shift:

  none

  Rounds overdue at the end of the shift: 0" "inspections: no run, nothing overdue"
is "$(section Problems)" "10. Problems
------------
  Opened or moved during the shift:

  none

  Recurring incidents no open problem covers:

  none" "problems: none opened or moved, no recurring group"
run report shift --shift 2026-11-21/D --format json
printf '%s' "$OUT" > "$T/empty.json"
is "$(texts "$T/empty.json" changes)" "In the shift's window: / none / Starting in the next 4 hours: / none" "JSON: the same for changes"
is "$(texts "$T/empty.json" inspections)" "Runs recorded during the shift: / none / Rounds overdue at the end of the shift: 0" "JSON: ... inspections"
is "$(texts "$T/empty.json" problems)" "Opened or moved during the shift: / none / Recurring incidents no open problem covers: / none" "JSON: ... problems"
unlike "$OUT" "not recorded in opsdesk" "nothing says a process is not recorded"
export OPSDESK_NOW=2026-12-02T09:00:00+08:00
run report review --month 2026-11 --format json
printf '%s' "$OUT" > "$T/empty-review.json"
is "$(texts "$T/empty-review.json" changes)" "none: no change had its window in the period" "review: no change"
is "$(texts "$T/empty-review.json" inspections)" "none: no inspection round was due or recorded in the period" "review: no inspection"
is "$(field "$T/empty-review.json" problems opened) $(field "$T/empty-review.json" problems open)" "0 0" "review: no problem"
export OPSDESK_NOW=2026-11-21T09:00:00+08:00

# --- the data set ------------------------------------------------------------------
run staff add lina --name 李娜 --roles network_engineer
run staff add zhao --name 赵敏 --roles system_engineer
run staff add ouyang --name 欧阳明华 --roles ops_manager
run staff add ma --name 马骏 --roles ecab_member
run roster set 2026-11-21 lina D
at 2026-11-10T09:00:00+08:00 asset add SRV-01 --name 数据库服务器 --class server --location 主机房
run asset add SW-01 --name 核心交换机 --class network
run asset add ROOM-A --name 一号机房 --class room --location 主机房

# changes on the day shift (08:00-20:00) of 2026-11-21
emergency() { # emergency TITLE START END: an emergency change by lina for zhao, approved
	as lina change new --title "$1" --type emergency --ci SW-01 --start "$2" --end "$3" \
		--implementer zhao --assessment production --rollback 回退补丁
	chg=$OUT
	as lina do "$chg" emergency_submit --set emergency_plan=主备切换 --set override=值班经理同意
	as ma change vote "$chg" approve
	as zhao do "$chg" start
}
emergency 核心交换机紧急补丁 "2026-11-21 08:30" "2026-11-21 09:30"
as zhao do CHG-1 verify --set result=补丁已安装
as ouyang do CHG-1 complete --set verification=业务正常
as zhao do CHG-1 close --set report=实施顺利 --set review=事后评审完成
emergency 防火墙紧急策略 "2026-11-21 08:40" "2026-11-21 09:40"
as zhao do CHG-2 roll_back --set rollback_reason=策略导致丢包
as lina change new --title 门户网站扩容 --type normal --ci SW-01 --start "2026-11-21 11:00" --end "2026-11-21 12:00" --implementer lina
as lina change new --title 取消的变更 --type normal --ci SW-01 --start "2026-11-21 08:00" --end "2026-11-21 08:20" --implementer lina
as ouyang do CHG-4 cancel --note 不再需要
as lina change new --title 下周的变更 --type normal --ci SW-01 --start "2026-11-23 22:00" --end "2026-11-23 23:00" --implementer lina
is "$(sql "SELECT group_concat(state, ' ') FROM (SELECT state FROM change ORDER BY id)")" "closed rolled_back draft cancelled draft" "set-up: the changes' states"

# an inspection of the machine room at 08:20 with the temperature in alarm
ROOM="--item humidity=45 --item ups_load=35 --item ups_battery=正常 --item aircon=pass --item fire=pass --item water_leak=pass --item access=pass"
at 2026-11-21T08:20:00+08:00 inspect record machine_room --ci ROOM-A --item temperature=31 --remark temperature=空调停机 $ROOM
is "$OUT" "INS-1
INC-1 opened" "set-up: the run opens INC-1"
# three incidents on SW-01 (a recurring group), a problem opened and investigated
for i in 1 2 3; do
	at "2026-11-21T08:3$i:00+08:00" incident new --title "交换机端口闪断 $i" --ci SW-01 --impact medium --urgency medium >/dev/null
done
at 2026-11-21T08:40:00+08:00 problem new --title 数据库连接超时 --ci SRV-01
at 2026-11-21T08:45:00+08:00 do PRB-1 investigate --set assignee=lina
as root problem edit PRB-1 --known-error yes --known-error-text 连接池耗尽
is "$RC" 0 "set-up: PRB-1 opened, investigated, a known error"

# --- the shift report ------------------------------------------------------------------
run report shift --shift 2026-11-21/D
is "$RC" 0 "report shift --shift 2026-11-21/D"
is "$(section Changes)" "8. Changes
----------
  In the shift's window:

  ref    window         type      state   implementer  title
  -----  -------------  --------  ------  -----------  ------------------
  CHG-4  08:00 - 08:20  一般变更  已取消  李娜 (lina)  取消的变更
  CHG-1  08:30 - 09:30  紧急变更  已关闭  赵敏 (zhao)  核心交换机紧急补丁
  CHG-2  08:40 - 09:40  紧急变更  已回退  赵敏 (zhao)  防火墙紧急策略

  Starting in the next 4 hours:

  ref    window         type      state  implementer  title
  -----  -------------  --------  -----  -----------  ------------
  CHG-3  11:00 - 12:00  一般变更  草稿   李娜 (lina)  门户网站扩容" "changes: those in the window in any state, with the emergency ones' type, and the one starting next"
like "$(section Inspections)" "^  INS-1  08:20  机房日常巡检  ROOM-A  root \(root\)  1 *$" "inspections: the run, who made it, one abnormal reading"
like "$(section Inspections)" "^  INS-1  ROOM-A  机房温度  31     ALARM  INC-1$" "... the abnormal reading and the incident it opened"
like "$(section Inspections)" "^  Rounds overdue at the end of the shift: 1$" "... one round overdue"
like "$(section Inspections)" "^  服务器巡检 +SRV-01  主机房" "... SRV-01's, never inspected"
like "$(section Problems)" "^  PRB-1  08:40  opened  root \(root\)  数据库连接超时$" "problems: PRB-1 opened"
like "$(section Problems)" "^  PRB-1  08:45  调查中  root \(root\)  数据库连接超时$" "... and moved to 调查中"
like "$(section Problems)" "^  CI          SW-01 \(核心交换机\)  3          INC-2 INC-3 INC-4$" "... the recurring group on SW-01"
like "$(section Summary)" "Changes: 3 in the shift's window, 1 starting in the next 4 hours\." "the summary counts the changes"
like "$(section Summary | tr '\n' ' ')" "Inspections: 1 runs, 1 rounds overdue\. +Problems: 1 opened, 1 state changes, 1 +recurring groups" "... the runs, the overdue rounds and the problems"
unlike "$OUT" "下周的变更" "a change of another day is not in it"

run report shift --shift 2026-11-21/D --format json
printf '%s' "$OUT" > "$T/r.json"
is "$(sqlite3 :memory: "SELECT json_valid(readfile('$T/r.json'))")" 1 "JSON: valid"
is "$(rows "$T/r.json" changes 1 "json_extract(r.value, '$.ref'), json_extract(r.value, '$.type'), json_extract(r.value, '$.state'), json_extract(r.value, '$.window')")" \
"CHG-4 | 一般变更 | 已取消 | 08:00 - 08:20
CHG-1 | 紧急变更 | 已关闭 | 08:30 - 09:30
CHG-2 | 紧急变更 | 已回退 | 08:40 - 09:40" "JSON: the changes in the window"
is "$(rows "$T/r.json" changes 3 "json_extract(r.value, '$.ref')")" "CHG-3" "JSON: the change starting next"
is "$(rows "$T/r.json" inspections 1 "json_extract(r.value, '$.ref'), json_extract(r.value, '$.template'), json_extract(r.value, '$.ci'), json_extract(r.value, '$.abnormal')")" \
	"INS-1 | 机房日常巡检 | ROOM-A | 1" "JSON: the run"
is "$(rows "$T/r.json" inspections 3 "json_extract(r.value, '$.item'), json_extract(r.value, '$.value'), json_extract(r.value, '$.incident')")" \
	"机房温度 | 31 | INC-1" "JSON: the abnormal reading and its incident"
is "$(rows "$T/r.json" problems 1 "json_extract(r.value, '$.ref'), json_extract(r.value, '$.state')")" "PRB-1 | opened
PRB-1 | 调查中" "JSON: the problem's events"
is "$(rows "$T/r.json" problems 3 "json_extract(r.value, '$.by'), json_extract(r.value, '$.key'), json_extract(r.value, '$.count'), json_extract(r.value, '$.incidents')")" \
	"CI | SW-01 (核心交换机) | 3 | INC-2 INC-3 INC-4" "JSON: the recurring group"
run report shift --shift 2026-11-21/D --format html
like "$OUT" "<td>紧急变更</td>" "HTML: the changes"
like "$OUT" "<td>机房温度</td>" "HTML: the abnormal reading"

# a problem covering the group takes it off the list
at 2026-11-21T08:50:00+08:00 problem new --title 核心交换机端口闪断 --from INC-2,INC-3,INC-4
run report shift --shift 2026-11-21/D
like "$(section Problems)" "^  PRB-2  08:50  opened" "the second problem is listed"
is "$(section Problems | sed -n '/Recurring/,$p')" "  Recurring incidents no open problem covers:

  none" "... and the group it covers is no longer a candidate"
run report shift --shift 2026-11-20/D
is "$(section Changes | grep -c none)" 2 "the day before: no change in its window"
like "$(section Problems)" "^  none$" "... and nothing of the 21st's problems"

# in Chinese: the state and type names as the rules say them, the labels translated
LC_ALL=zh_CN.UTF-8 run report shift --shift 2026-11-21/D
like "$OUT" "^8\. 变更$" "Chinese: the section's title"
like "$OUT" "^  本班时段内：$" "... its labels"
like "$OUT" "^  CHG-2  08:40 - 09:40  紧急变更  已回退  赵敏 \(zhao\)  防火墙紧急策略$" "... the rules' names"

# --- the service review of November ----------------------------------------------------
# three more incidents on FW-01 at the end of the month: a group at its end
run asset add FW-01 --name 防火墙 --class network
for d in 28 29 30; do
	at "2026-11-${d}T10:00:00+08:00" incident new --title "防火墙会话满 $d" --ci FW-01 --impact medium --urgency medium >/dev/null
done
export OPSDESK_NOW=2026-12-02T09:00:00+08:00
run report review --month 2026-11 --format json
is "$RC" 0 "report review --month 2026-11"
printf '%s' "$OUT" > "$T/review.json"
# five changes: the emergency ones closed (succeeded) and rolled back
# (failed); the cancelled one and the two drafts are not judged: 1 of 2
is "$(field "$T/review.json" changes total)" 5 "review: five changes had their window in November"
is "$(field "$T/review.json" changes success)" "50.0% (1/2)" "... one of the two that ended succeeded"
is "$(rows "$T/review.json" changes 1 "json_extract(r.value, '$.type'), json_extract(r.value, '$.changes'), json_extract(r.value, '$.succeeded'), json_extract(r.value, '$.failed'), json_extract(r.value, '$.success')")" \
"一般变更 | 3 | 0 | 0 | -
紧急变更 | 2 | 1 | 1 | 50.0%" "... per type: the emergency ones"
is "$(rows "$T/review.json" changes 2 "json_extract(r.value, '$.state') || '=' || json_extract(r.value, '$.changes')" | tr '\n' ' ')" \
	"草稿=2 已关闭=1 已取消=1 已回退=1 " "... per state, in the workflow's order, by the rules' names"
is "$(field "$T/review.json" inspections runs) $(field "$T/review.json" inspections abnormal) $(field "$T/review.json" inspections incidents)" \
	"1 1 1" "review: one run, one abnormal reading, one incident raised"
like "$(field "$T/review.json" inspections completion)" "^[0-9.]+% \([0-9]+/[0-9]+\)$" "... completion against the rounds due"
is "$(field "$T/review.json" problems opened) $(field "$T/review.json" problems closed) $(field "$T/review.json" problems open) $(field "$T/review.json" problems known_errors)" \
	"2 0 2 1" "review: two problems opened, none closed, two open, one known error"
is "$(rows "$T/review.json" problems 2 "json_extract(r.value, '$.key') || ' ' || json_extract(r.value, '$.count')")" "FW-01 (防火墙) 3" "... the recurring group at the month's end"
run report review --month 2026-11
like "$OUT" "^  success rate +50\.0% \(1/2\)$" "the text review: the success rate"
like "$OUT" "^  紧急变更 +2 +1 +1 +50\.0%$" "... the emergency changes"
unlike "$OUT" "not recorded in opsdesk" "nothing says a process is not recorded"

# rules whose change workflow marks no state resolved (written before it
# meant success): no change is judged, rather than every closed one failed
sed -e 's/{id: completed, name: 已完成, resolved: true}/{id: completed, name: 已完成}/' \
	-e '0,/{id: closed, name: 已关闭, final: true, resolved: true}/s//{id: closed, name: 已关闭, final: true}/' \
	"$TOP/config/workflow.yaml" > "$T/old.yaml"
is "$(grep -c 'id: completed, name: 已完成}' "$T/old.yaml")" 1 "set-up: rules without resolved change states"
OPSDESK_RULES="$T/old.yaml" run report review --month 2026-11 --format json
printf '%s' "$OUT" > "$T/old.json"
is "$(field "$T/old.json" changes success)" "-" "without them the review gives no success rate"
like "$(texts "$T/old.json" changes)" "marks no state resolved, so no change is judged" "... and says why"
is "$(rows "$T/old.json" changes 1 "json_extract(r.value, '$.type') || ' ' || json_extract(r.value, '$.failed')" | tr '\n' ' ')" "一般变更 0 紧急变更 0 " "... and counts no change as failed"

done_testing
