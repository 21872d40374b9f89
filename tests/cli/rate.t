#!/bin/sh
# Satisfaction (满意度): opsdesk rate REF SCORE [--note TEXT] on closed
# incidents and service requests, by the operator after the follow-up call
# or by the reporter with a login; shown on the record and summed up in the
# service review's figures, checked against values worked out by hand.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
at() { when=$1; shift; OPSDESK_NOW="$when" run "$@"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles duty_operator
run staff add zhao --name 赵敏 --roles desktop_engineer
export OPSDESK_USER=lina
close_incident() { # close_incident REF WHEN
	at "$2" do "$1" assign --set assignee=zhao
	OPSDESK_USER=zhao at "$2" do "$1" start
	OPSDESK_USER=zhao at "$2" do "$1" resolve --set cause=驱动异常 --set resolution=重装驱动 --set recovery_test=打印正常
	at "$2" do "$1" close
}

at 2026-11-02T10:00:00+08:00 incident new --title "财务室打印机无法打印" --reporter chen --category desktop
at 2026-11-03T10:00:00+08:00 incident new --title "会议室投影不亮" --reporter 刘老师 --category desktop
at 2026-11-04T10:00:00+08:00 incident new --title "还开着的故障" --category desktop
close_incident INC-1 2026-11-02T11:00:00+08:00
close_incident INC-2 2026-11-03T11:00:00+08:00
at 2026-11-05T10:00:00+08:00 request new --type password_reset --title 重置邮箱密码 --requester chen \
	--field user_name=陈晨 --field system=邮箱 --field identity_checked=yes
at 2026-11-05T10:05:00+08:00 do REQ-1 start --set assignee=lina
at 2026-11-05T10:20:00+08:00 do REQ-1 fulfil --set resolution=已重置并告知
at 2026-11-05T10:30:00+08:00 do REQ-1 close
is "$(sql "SELECT group_concat(state, ' ') FROM (SELECT state FROM incident ORDER BY id)") $(sql "SELECT state FROM request")" \
	"closed closed new closed" "set-up: two closed incidents, an open one, a closed request"

# --- refusals -------------------------------------------------------------------------
run rate INC-3 4
is "$RC" 1 "an open incident is not rated"
like "$ERR" "INC-3 is not closed yet \(新建\): satisfaction is asked after closure" "... saying why"
run rate INC-1 6
is "$RC" 2 "a score outside 1-5 is a usage error"
like "$ERR" "score: '6' is not a whole number from 1 to 5" "... naming the score"
run rate INC-1 很好
is "$RC" 2 "so is a score that is not a number"
run rate INC-1
is "$RC" 2 "REF and SCORE are both needed"
run rate INC-99 4
is "$RC" 1 "a record that does not exist is refused"
run rate PRB-1 4
# a problem is refused as not rated, or (without the problem kind) as no reference
[ "$RC" -ne 0 ] && printf '%s' "$ERR" | grep -q "PRB-1"
ok $? "only incidents and requests are rated"
run rate INC-1 4 --note "$(printf 'ok\033]0;x\007')"
is "$RC" 1 "a note with control characters is refused"
as zhao rate INC-1 4
is "$RC" 1 "an engineer who is neither operator nor reporter may not rate"
like "$ERR" "'satisfaction.record' is not permitted for you: the rules give it to: 值班员, 运维经理 \(or be its reporter, chen\)" \
	"... told who may"
is "$(sql "SELECT count(*) FROM rating")" 0 "sql: nothing stored by the refusals"

# --- by the operator after the follow-up call, by the reporter with a login ---------------
at 2026-11-06T09:00:00+08:00 rate INC-2 2 --note "等了很久才有人来"
is "$RC" 0 "the operator records the reporter's rating after the follow-up call"
is "$OUT" "INC-2: rated 2 of 5" "... saying so"
as chen rate INC-1 5 --note 处理及时
is "$RC" 0 "chen, the reporter, rates INC-1 with his own login (not on the staff list)"
OPSDESK_NOW=2026-11-06T09:30:00+08:00 as chen rate REQ-1 4
is "$RC" 0 "... and his password reset"
at 2026-11-07T09:00:00+08:00 rate INC-2 3
is "$RC" 1 "a record is rated once"
like "$ERR" "INC-2 was rated 2 already, by lina at 2026-11-06 09:00" "... saying by whom and when"
is "$(sql "SELECT group_concat(ref || ' ' || score || ' ' || by || ' ' || via, ', ') FROM (SELECT * FROM rating ORDER BY ref)")" \
	"INC-1 5 chen reporter, INC-2 2 lina operator, REQ-1 4 chen reporter" "sql: the ratings, who made them and how"
is "$(sql "SELECT op FROM audit WHERE record = 'INC-2' ORDER BY id DESC LIMIT 1")" "incident.rate" "sql: audited on the record"
is "$(sql "SELECT text FROM journal WHERE record = 'INC-2' AND kind = 'rating'")" "Satisfaction: 2 of 5 (after the follow-up call)
等了很久才有人来" "sql: in the record's journal"

run show INC-2
like "$OUT" "^satisfaction +2 of 5, after the follow-up call \(lina\) at 2026-11-06 09:00$" "show INC-2: the rating"
like "$OUT" "^ +等了很久才有人来$" "... with what was said"
run show REQ-1
like "$OUT" "^satisfaction +4 of 5, from the reporter \(chen\) at 2026-11-06 09:30$" "show REQ-1: the rating"

# --- into the service review ------------------------------------------------------------
export OPSDESK_NOW=2026-12-02T09:00:00+08:00
run report review --month 2026-11 --format json
is "$RC" 0 "report review --month 2026-11"
printf '%s' "$OUT" > "$T/review.json"
rows() { sqlite3 -separator ' | ' :memory: "SELECT $3 FROM json_each(json_extract(readfile('$T/review.json'), '$.sections')) s, json_each(json_extract(s.value, '$.blocks[$2].rows')) r WHERE json_extract(s.value, '$.id') = '$1'"; }
# incidents: 5 and 2, mean 3.50; requests: one 4
is "$(rows satisfaction 0 "json_extract(r.value, '$.kind'), json_extract(r.value, '$.rated'), json_extract(r.value, '$.mean'), json_extract(r.value, '$.s5'), json_extract(r.value, '$.s4'), json_extract(r.value, '$.s3'), json_extract(r.value, '$.s2'), json_extract(r.value, '$.s1')")" \
"incidents | 2 | 3.50 | 1 | 0 | 0 | 1 | 0
service requests | 1 | 4.00 | 0 | 1 | 0 | 0 | 0" "satisfaction per kind: how many, the mean, the scores"
is "$(rows satisfaction 1 "json_extract(r.value, '$.ref') || ' ' || json_extract(r.value, '$.score') || ' ' || json_extract(r.value, '$.note')")" \
	"INC-2 2 等了很久才有人来" "... and the low rating with what was said"
is "$(rows requests 0 "json_extract(r.value, '$.type') || ' ' || json_extract(r.value, '$.requests') || ' ' || json_extract(r.value, '$.fulfilled') || ' ' || json_extract(r.value, '$.response') || ' ' || json_extract(r.value, '$.resolution')")" \
	"密码重置 1 1 100.0% (1/1) 100.0% (1/1)" "service requests per type: fulfilled within 15 min and 1 h"
run report review --month 2026-10 --format json
like "$OUT" '"id":"satisfaction","title":"User satisfaction","blocks":\[\{"type":"text","text":"none: no rating was recorded in the period"' \
	"October: no ratings"
run report review --month 2026-11
like "$OUT" "incidents +2 +3.50" "the text form of the review has the figures"

done_testing
