#!/bin/sh
# Service requests (REQ-n) from the catalogue in the rules: each type's own
# fields checked and stored, an out-of-warranty repair through its two
# approval steps to closure, a type without approval, a rejection, the
# type's SLA targets, the list, and bad input named by field with nothing
# stored.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
at() { when=$1; shift; OPSDESK_NOW="$when" run "$@"; }
count() { sql "SELECT count(*) FROM request"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles duty_operator
run staff add zhao --name 赵敏 --roles desktop_engineer
run staff add wang --name 王伟 --roles security_engineer
run asset add PRN-3F-01 --name 三楼打印机 --class printer
export OPSDESK_USER=lina

# --- the catalogue ------------------------------------------------------------------
run request types
is "$RC" 0 "request types"
like "$OUT" "^repair_paid +设备维修（保修期外，需费用审批）$" "... lists the out-of-warranty repair"
like "$OUT" "^  --field cost +number 预估费用（元） \(required\)$" "... with its fields"
like "$OUT" "^  approval 2: 费用审批 \(ops_manager\)$" "... and its approval steps"
like "$OUT" "^  SLA: response 15m, fulfilment 1h \(24x7\)$" "... and a type's SLA targets"
run request types --json
like "$OUT" '"id":"account","name":"新开账号","response_minutes":60,"resolution_minutes":540,"calendar":"business"' \
	"request types --json"
like "$OUT" '"choices":\[\{"id":"oa","name":"办公自动化系统"\}' "... with a choice field's choices"

# --- bad input: named by field, nothing stored ----------------------------------------
run request new --title 打印机维修
is "$RC" 2 "no --type is a usage error"
like "$ERR" "'request new' needs --type" "... naming the option"
run request new --type nosuch --title 打印机维修
is "$RC" 1 "an unknown type is refused"
like "$ERR" "type: 'nosuch' is not a request type of the catalogue \(known: account, permission, password_reset, software, repair_warranty, repair_paid\)" \
	"... naming the types there are"
run request new --type repair_paid --title 打印机维修 --field device=PRN-3F-01 --field symptom=卡纸
is "$RC" 1 "a required field of the type left out is refused"
like "$ERR" "cost \(预估费用（元）\): required for a request of type 'repair_paid'" "... naming the field"
run request new --type repair_paid --title 打印机维修 --field device=PRN-3F-01 --field symptom=卡纸 --field cost=八百
is "$RC" 1 "a number field that is not a number is refused"
like "$ERR" "cost: '八百' is not a whole number" "... naming the field and the value"
run request new --type repair_paid --title 打印机维修 --field device=PRN-3F-01 --field symptom=卡纸 --field cost=2000000
like "$ERR" "cost: 2000000 is outside 0 to 1000000" "a number outside the type's range is refused"
run request new --type repair_paid --title 打印机维修 --field device=PRN-9F-99 --field symptom=卡纸 --field cost=800
is "$RC" 1 "a CI field naming no asset is refused"
like "$ERR" "device: .*PRN-9F-99" "... naming the field and the tag"
run request new --type repair_paid --title 打印机维修 --field colour=红 --field device=PRN-3F-01 --field symptom=卡纸 --field cost=800
like "$ERR" "colour: not a field of request type 'repair_paid' \(its fields: device, symptom, cost, vendor\)" \
	"a field the type does not have is refused"
run request new --type account --title 开通邮箱 --field user_name=张三 --field department=财务处 --field system=qq
like "$ERR" "system: 'qq' is not a choice of request type 'account' \(choices: oa \(办公自动化系统\), mail" \
	"a choice outside the choices is refused"
run request new --type password_reset --title 重置密码 --field user_name=张三 --field system=OA --field identity_checked=也许
like "$ERR" "identity_checked: '也许' is not yes or no" "a flag that is not yes or no is refused"
run request new --type repair_paid --title "$(printf 'a\033[2Jb')" --field device=PRN-3F-01 --field symptom=卡纸 --field cost=800
is "$RC" 1 "a title with an escape sequence is refused"
run request new --type repair_paid --title 打印机维修 --field device=PRN-3F-01 --field cost
is "$RC" 2 "--field without = is a usage error"
is "$(count)" 0 "sql: nothing was stored by any refused request"

# --- an out-of-warranty repair: two approval steps ---------------------------------------
at 2026-11-23T09:00:00+08:00 request new --type repair_paid --title 三楼打印机维修 --requester wang \
	--field device=PRN-3F-01 --field symptom="卡纸，定影器异响" --field cost=800 --field vendor=某某办公设备公司
is "$RC" 0 "an out-of-warranty repair is recorded"
is "$OUT" "REQ-1" "... printing its reference"
is "$(sql "SELECT state || ' ' || type || ' ' || requester || ' ' || channel FROM request")" "new repair_paid wang phone" \
	"sql: the request, the default channel"
is "$(sql "SELECT group_concat(field || '=' || value, ' ') FROM (SELECT * FROM request_field ORDER BY field)")" \
	"cost=800 device=PRN-3F-01 symptom=卡纸，定影器异响 vendor=某某办公设备公司" "sql: the type's fields, in their own table"
is "$(sql "SELECT op FROM audit WHERE record = 'REQ-1'")" "request.create" "sql: audited"

at 2026-11-23T09:10:00+08:00 do REQ-1 start --set assignee=zhao
is "$RC" 1 "it cannot start before approval"
like "$ERR" "REQ-1: a request of type 'repair_paid' .* needs approval first \(opsdesk do REQ-1 submit\)" "... saying what to do"
at 2026-11-23T09:10:00+08:00 do REQ-1 submit
is "$RC" 0 "the operator submits it for approval"
is "$(sql "SELECT state FROM request")" approval "sql: in approval"
at 2026-11-23T09:20:00+08:00 do REQ-1 approve
is "$RC" 1 "an operator cannot approve"
OPSDESK_USER=wang at 2026-11-23T09:20:00+08:00 do REQ-1 approve
is "$RC" 1 "a security engineer may approve some steps, but not this one"
like "$ERR" "REQ-1: approval step 1 of 2, 'assessment' \(技术评估\), is for: 桌面工程师, 运维经理" "... naming the step and its roles"
OPSDESK_USER=zhao at 2026-11-23T09:30:00+08:00 do REQ-1 approve --note 定影器需更换
is "$RC" 0 "the desktop engineer approves the technical assessment"
is "$(sql "SELECT state FROM request")" approval "sql: still in approval, one step to go"
OPSDESK_USER=zhao at 2026-11-23T09:35:00+08:00 do REQ-1 approve
is "$RC" 1 "the cost approval is not the engineer's"
like "$ERR" "approval step 2 of 2, 'cost' \(费用审批\), is for: 运维经理" "... but the manager's"
at 2026-11-23T09:40:00+08:00 do REQ-1 start --set assignee=zhao
like "$ERR" "REQ-1: approval step 2 of 2, 'cost' \(费用审批\), is still to be taken" "it cannot start before the last step"
OPSDESK_USER=root at 2026-11-23T10:00:00+08:00 do REQ-1 approve
is "$RC" 0 "the manager approves the cost"
OPSDESK_USER=root at 2026-11-23T10:05:00+08:00 do REQ-1 approve
like "$ERR" "REQ-1: every approval step is done; it can start" "a third approval is refused"
is "$(sql "SELECT group_concat(seq || ' ' || step || ' ' || decision || ' ' || by, ', ') FROM (SELECT * FROM request_approval ORDER BY seq)")" \
	"1 assessment approved zhao, 2 cost approved root" "sql: both steps, in order, with who approved"
at 2026-11-23T10:10:00+08:00 do REQ-1 start --set assignee=zhao
is "$RC" 0 "now it starts"
OPSDESK_USER=zhao at 2026-11-24T15:00:00+08:00 do REQ-1 fulfil
is "$RC" 1 "fulfilment needs what was done"
like "$ERR" "resolution: required by 'fulfil'" "... naming the field"
OPSDESK_USER=zhao at 2026-11-24T15:00:00+08:00 do REQ-1 fulfil --set resolution="更换定影器，打印正常"
is "$RC" 0 "the engineer fulfils it"
at 2026-11-24T16:00:00+08:00 do REQ-1 close
is "$RC" 0 "the operator closes it after checking with the requester"
is "$(sql "SELECT state || ' ' || open || ' ' || assignee FROM request")" "closed 0 zhao" "sql: closed"
is "$(sql "SELECT group_concat(op, ' ') FROM (SELECT op FROM audit WHERE record = 'REQ-1' ORDER BY id)")" \
	"request.create request.submit request.approve request.approve request.start request.fulfil request.close" \
	"sql: every step audited"

export OPSDESK_NOW=2026-11-25T09:00:00+08:00
run show REQ-1
is "$RC" 0 "show REQ-1"
like "$OUT" "三楼打印机维修" "... the title"
like "$OUT" "^预估费用（元） +800$" "... the type's fields under their names"
like "$OUT" "^approval 1/2 +技术评估: approved by zhao at 2026-11-23 09:30$" "... the approval steps"
like "$OUT" "^approval 2/2 +费用审批: approved by root at 2026-11-23 10:00$" "... both"
run show REQ-1 --json
like "$OUT" '"fields":\{"device":"PRN-3F-01","symptom":"卡纸，定影器异响","cost":"800","vendor":"某某办公设备公司"\}' \
	"show --json: the type's fields"
like "$OUT" '"approvals":\[\{"step":"assessment","name":"技术评估","decision":"approved","by":"zhao"' "... the steps"
# 2 h response in business hours: 09:00 to the submission at 09:10 is 10 min;
# the clocks stand still while in approval (09:10-10:10); fulfilled at 15:00 the next day
like "$OUT" '"response":\{"target_minutes":120,"used_minutes":10,"standing":"met"' "... the response clock, met"
like "$OUT" '"resolution":\{"target_minutes":2700,"used_minutes":[0-9]+,"standing":"met"' "... the fulfilment clock, met"

# --- no approval: a password reset starts straight away; its 15 min response is missed ------
at 2026-11-25T09:00:00+08:00 request new --type password_reset --title "重置OA密码" \
	--field user_name=张三 --field system=OA --field identity_checked=是
is "$OUT" "REQ-2" "a password reset is recorded"
is "$(sql "SELECT value FROM request_field WHERE request_id = 2 AND field = 'identity_checked'")" yes "sql: a flag kept as yes"
at 2026-11-25T09:05:00+08:00 do REQ-2 submit
is "$RC" 1 "a type without approval steps is not submitted"
like "$ERR" "REQ-2: a request of type 'password_reset' \(密码重置\) needs no approval; start it" "... saying so"
at 2026-11-25T09:30:00+08:00 do REQ-2 start --set assignee=lina
is "$RC" 0 "it starts without approval"
at 2026-11-25T09:50:00+08:00 show REQ-2 --json
like "$OUT" '"response":\{"target_minutes":15,"used_minutes":30,"standing":"breached"' "its response clock is breached (30 of 15 min)"
like "$OUT" '"resolution":\{"target_minutes":60,"used_minutes":50,"standing":"at_risk"' "... and the fulfilment clock at risk (50 of 60 min)"

# --- a rejection -----------------------------------------------------------------------
at 2026-11-25T10:00:00+08:00 request new --type account --title 开通邮箱 --field user_name=张三 \
	--field department=财务处 --field system=mail
is "$OUT" "REQ-3" "an account request"
at 2026-11-25T10:00:00+08:00 do REQ-3 submit
OPSDESK_USER=root at 2026-11-25T10:10:00+08:00 do REQ-3 reject
is "$RC" 1 "a rejection needs a note"
OPSDESK_USER=root at 2026-11-25T10:10:00+08:00 do REQ-3 reject --note 请走邮箱申请流程
is "$RC" 0 "the manager rejects it"
is "$(sql "SELECT state || ' ' || open FROM request WHERE id = 3")" "rejected 0" "sql: rejected, closed"
is "$(sql "SELECT step || ' ' || decision FROM request_approval WHERE request_id = 3")" "manager rejected" "sql: the step's decision"

# --- the list ----------------------------------------------------------------------------
run request list
is "$RC" 0 "request list"
is "$(printf '%s\n' "$OUT" | head -1)" "REF       STATE    TYPE             TITLE                        ASSIGNEE   DUE" "... its heading"
like "$OUT" "^REQ-2 +处理中 +密码重置 +重置OA密码 +lina " "... an open request"
unlike "$OUT" "^REQ-1 " "... closed ones left out"
is "$(printf '%s\n' "$OUT" | columns_aligned STATE TYPE TITLE ASSIGNEE)" "" "... columns aligned by display width"
run request list --all
like "$OUT" "^REQ-3 +已驳回 +新开账号 +开通邮箱" "--all: closed ones too"
is "$(printf '%s\n' "$OUT" | sed -n '2p;3p;4p' | cut -c1-5 | tr '\n' ' ')" "REQ-3 REQ-2 REQ-1 " "... newest first"
run request list --all --limit 1 --before REQ-3
is "$(printf '%s\n' "$OUT" | sed -n 2p | cut -c1-5)" "REQ-2" "--before pages by key"
run request list --json
like "$OUT" '"ref":"REQ-2"' "request list --json"
run request list --state nosuch
is "$RC" 2 "an unknown state is a usage error"

# --- comments through the mechanism ----------------------------------------------------
run comment REQ-2 "已电话通知用户"
is "$RC" 0 "comment REQ-2"
is "$(sql "SELECT text FROM journal WHERE record = 'REQ-2' AND kind = 'comment'")" "已电话通知用户" "sql: in its journal"

# --- the catalogue in check-rules: every problem at its line and column ----------------
# three defects in a copy of the built-in rules: a field of an unknown type,
# an approval step whose role may not take the approve transition, and a
# type counting in a calendar that is not defined
sed -e '/id: cost, name: 预估费用/s/type: number/type: money/' \
    -e '/id: cost, name: 费用审批/s/roles: \[ops_manager\]/roles: [duty_operator]/' \
    -e '/name: 密码重置/{n;n;n;s/calendar: 24x7/calendar: 7x24/}' \
    "$TOP/config/workflow.yaml" > bad.yaml
col() { # col PATTERN WORD
	n=$(grep -n -- "$1" bad.yaml | head -1 | cut -d: -f1)
	c=$(sed -n "${n}p" bad.yaml | perl -CSDA -ne "print index(\$_, '$2') + 1")
	echo "$n:$c"
}
run check-rules bad.yaml
is "$RC" 2 "check-rules: a broken catalogue is a configuration error"
like "$ERR" "^bad.yaml:$(col 'type: money' money): request type 'repair_paid': field 'cost': type 'money' is not one of text, long, number, flag, choice, login, ci$" \
	"... a field of an unknown type, at its line and column"
like "$ERR" "^bad.yaml:$(col 'roles: \[duty_operator\]' duty_operator): request type 'repair_paid': step 'cost': role 'duty_operator' may not take workflows.request's approve transition$" \
	"... a step nobody could approve"
like "$ERR" "^bad.yaml:$(col 'calendar: 7x24' 7x24): request type 'password_reset': calendar '7x24' is not defined$" \
	"... an undefined calendar"
like "$ERR" "the rules have 3 problems" "... three problems, no more"

done_testing
