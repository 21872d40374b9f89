#!/bin/sh
# The service review of a month (and a quarter), its figures checked
# against values worked out by hand on a small fixed data set; the fault
# report of one incident; bad periods.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
at() { when=$1; shift; OPSDESK_NOW="$when" run "$@"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles network_engineer
run asset add core-sw01 --name 核心交换机 --class network
resolve() { # resolve REF WHEN
	at "$2" do "$1" resolve --set cause=光模块故障 --set resolution=更换光模块 --set recovery_test=业务恢复正常
}

# November 2026, all in 7x24 priorities, so the minutes are wall-clock:
# INC-1 P1 on core-sw01: answered after 10 min (met, target 15), resolved after 3 h (met, 4 h)
at 2026-11-02T10:00:00+08:00 incident new --title "核心交换机宕机" --impact high --urgency high --ci core-sw01 --category network
at 2026-11-02T10:10:00+08:00 do INC-1 assign --set assignee=lina
at 2026-11-02T10:20:00+08:00 do INC-1 start
resolve INC-1 2026-11-02T13:00:00+08:00
# INC-2 P1 on core-sw01: answered after 30 min (missed), resolved after 6 h (missed)
at 2026-11-05T08:00:00+08:00 incident new --title "核心交换机端口闪断" --impact high --urgency high --ci core-sw01 --category network
at 2026-11-05T08:30:00+08:00 do INC-2 assign --set assignee=lina
at 2026-11-05T09:00:00+08:00 do INC-2 start
resolve INC-2 2026-11-05T14:00:00+08:00
# INC-3 P2, no CI: answered after 20 min (met, 30), resolved after 3 h (met, 8 h)
at 2026-11-10T09:00:00+08:00 incident new --title "财务系统打印异常" --impact high --urgency medium --category desktop
at 2026-11-10T09:20:00+08:00 do INC-3 assign --set assignee=lina
at 2026-11-10T09:30:00+08:00 do INC-3 start
resolve INC-3 2026-11-10T12:00:00+08:00
# INC-4 was recorded in October and is not part of November's review
at 2026-10-31T23:00:00+08:00 incident new --title "十月的故障" --impact high --urgency high
is "$(sql "SELECT group_concat(state || ' ' || priority, ', ') FROM (SELECT * FROM incident ORDER BY id)")" \
	"resolved P1, resolved P1, resolved P2, new P1" "set-up: the data set"

export OPSDESK_NOW=2026-12-02T09:00:00+08:00
run report review --month 2026-11 --format json
is "$RC" 0 "report review --month 2026-11"
json=$OUT
printf '%s' "$json" > "$T/review.json"
is "$(sqlite3 :memory: "SELECT json_extract(readfile('$T/review.json'), '$.header.incidents.value')")" 3 "three incidents were recorded in November (not October's)"
rows() { sqlite3 -separator ' | ' :memory: "SELECT $2 FROM json_each(json_extract(readfile('$T/review.json'), '$.sections')) s, json_each(json_extract(s.value, '$.blocks[0].rows')) r WHERE json_extract(s.value, '$.id') = '$1'"; }
is "$(rows sla "json_extract(r.value, '$.priority'), json_extract(r.value, '$.incidents'), json_extract(r.value, '$.response'), json_extract(r.value, '$.resolution'), json_extract(r.value, '$.mean_response'), json_extract(r.value, '$.mean_resolution')")" \
"紧急 | 2 | 50.0% (1/2) | 50.0% (1/2) | 20 min | 270 min
高 | 1 | 100.0% (1/1) | 100.0% (1/1) | 20 min | 180 min
中 | 0 | - | - | - | -
低 | 0 | - | - | - | -" "SLA attainment and mean times per priority, as worked out by hand"
is "$(rows breaches "json_extract(r.value, '$.ref') || ' ' || json_extract(r.value, '$.what')")" \
"INC-2 response
INC-2 resolution" "the breaches: INC-2's two clocks"
is "$(rows major "json_extract(r.value, '$.ref')")" "INC-1
INC-2" "the major incidents: the P1s"
# core-sw01 was out 3 h + 6 h = 540 min of November's 43200: 98.750 %
is "$(rows availability "json_extract(r.value, '$.ci') || ' ' || json_extract(r.value, '$.incidents') || ' ' || json_extract(r.value, '$.outage') || ' ' || json_extract(r.value, '$.availability')")" \
	"core-sw01 2 540 min 98.750%" "availability of core-sw01 from its outages"
is "$(sqlite3 :memory: "SELECT group_concat(json_extract(b.value, '$.label') || '=' || json_extract(b.value, '$.value'), ' ') FROM json_each(json_extract(readfile('$T/review.json'), '$.sections')) s, json_each(json_extract(s.value, '$.blocks[0].bars')) b WHERE json_extract(s.value, '$.id') = 'categories'")" \
	"network=2 desktop=1" "the top categories"
like "$json" '"id":"changes","title":"Changes","blocks":\[\{"type":"text","text":"none: no change had its window in the period"' "changes: none in the period (report_sections.t has some)"

run report review --month 2026-11
is "$RC" 0 "the text form"
like "$OUT" "^  network  #+ 2$" "a bar chart of plain characters"
like "$OUT" "^  desktop  #+ 1$" "... scaled to the largest"
run report review --month 2026-11 --format html
like "$OUT" '<span class="bar" style="width:100%"></span>' "a CSS bar chart in HTML"
run report review --quarter 2026Q4 --format json
printf '%s' "$OUT" > "$T/q.json"
is "$(sqlite3 :memory: "SELECT json_extract(readfile('$T/q.json'), '$.header.incidents.value')")" 4 "the quarter holds October's incident too"

run report review --month 2027-01
is "$RC" 1 "a period in the future is refused"
like "$ERR" "2027-01 has not begun yet" "... saying so"
run report review --month 2026-13
is "$RC" 2 "a month that is not one is a usage error"
like "$ERR" "'2026-13' is not a month such as 2026-11" "... naming it"
run report review --quarter 2026Q5
is "$RC" 2 "so is a quarter that is not one"
run report review
is "$RC" 2 "review needs --month or --quarter"

# --- the fault report -----------------------------------------------------------
run report incident INC-2
is "$RC" 0 "report incident INC-2"
like "$OUT" "Incident report \(故障报告\)" "the fault report"
like "$OUT" "^  光模块故障$" "... with the cause"
like "$OUT" "^  2026-11-05 08:30  root \(root\) +state" "... the timeline from the journal"
like "$OUT" "处理人 \(handled by\) +_+  date/time  _+" "... and sign-off lines"
run report incident INC-99
is "$RC" 1 "an unknown incident"
like "$ERR" "there is no incident INC-99" "... is named"
run report incident banana
is "$RC" 2 "a reference that is not one is a usage error"

done_testing
