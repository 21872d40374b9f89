#!/bin/sh
# opsdesk do / comment / show on incidents: the workflow the rules define
# (new -> assigned -> in_progress <-> waiting_user -> resolved -> closed),
# who may take each action, the fields an action requires, refusals that
# say why and change nothing, stale versions refused naming who changed the
# record, the journal, and exactly one audit entry for every change.
. "$(dirname "$0")/../lib/tap.sh"

# jget JSON PATH: one value of a JSON text, read by SQLite's JSON functions.
jget() {
	printf '%s' "$1" >"$T/.json"
	sqlite3 :memory: "SELECT json_extract(CAST(readfile('$T/.json') AS TEXT), '$2')"
}

# The number of audit entries of a record, as 'opsdesk audit list' reports them.
audits() {
	"$OPSDESK_BIN" audit list --record "$1" --limit 1000 --json >"$T/.audit.json"
	sqlite3 :memory: "SELECT json_array_length(CAST(readfile('$T/.audit.json') AS TEXT))"
}

# Everything a refusal must leave alone.
state() {
	sql "SELECT * FROM incident ORDER BY id; SELECT count(*) FROM journal;
	     SELECT count(*) FROM audit; SELECT count(*) FROM incident_text;"
}

# refused EXIT PATTERN DESCRIPTION: exit EXIT, a message matching PATTERN,
# and the database as it was in $before.
refused() {
	is "$RC" "$1" "$3: exit $1"
	like "$ERR" "$2" "$3: the message says why"
	is "$(state)" "$before" "$3: nothing changed"
}

# changed REF DESCRIPTION [VERSIONS]: the last run succeeded and added exactly
# one audit entry to REF (counted from $audit_before); the record's version
# went up by VERSIONS (default 1; a comment is not an edit of the record).
changed() {
	is "$RC" 0 "$2: exit 0"
	is "$(audits "$1")" "$((audit_before + 1))" "$2: exactly one audit entry more"
	what="the version goes up by one"
	[ "${3:-1}" -eq 0 ] && what="the version stays"
	is "$(sql "SELECT version FROM incident WHERE id = ${1#INC-}")" "$((version_before + ${3:-1}))" \
		"$2: $what"
	audit_before=$((audit_before + 1))
	version_before=$((version_before + ${3:-1}))
}

# actions_for LOGIN REF: the 'actions' line of show, as LOGIN sees it.
actions_for() {
	OPSDESK_USER=$1 "$OPSDESK_BIN" show "$2" | sed -n 's/^actions *//p'
}

"$OPSDESK_BIN" init --demo-staff >/dev/null
OPSDESK_USER=zhangwei run incident new --title 三号楼交换机端口频繁断开
is "$OUT" "INC-1" "zhangwei (duty operator) records INC-1"
audit_before=$(audits INC-1)
version_before=1
is "$audit_before" 1 "the intake is the record's first audit entry"

# --- show lists only what the acting user may take --------------------------------
is "$(actions_for zhangwei INC-1)" "assign (指派), cancel (取消)" \
	"new: a duty operator may assign or cancel"
is "$(actions_for lina INC-1)" "(none for you)" "new: a system engineer may do nothing yet"
is "$(actions_for stranger INC-1)" "(none for you)" "new: a stranger may do nothing"

# --- refusals on a new incident -------------------------------------------------------
before=$(state)
OPSDESK_USER=zhangwei run do INC-1 assign
refused 1 "^opsdesk: assignee: required by 'assign' \(指派\)$" "assign without an assignee"
OPSDESK_USER=zhangwei run do INC-1 assign --set assignee=nosuch
refused 1 "^opsdesk: assignee: no staff member with login 'nosuch'$" "--set assignee=nosuch"
OPSDESK_USER=zhangwei run do INC-1 assign --set assignee=wangfang --set frob=1
refused 1 "^opsdesk: frob: not a field a transition can set \(known: .*assignee.*\)$" \
	"--set with an unknown field"
OPSDESK_USER=zhangwei run do INC-1 frob
refused 1 "^opsdesk: action: the rules have no 'frob' for incidents \(known: assign, start, wait, resume, resolve, reopen, close, cancel\)$" \
	"an unknown action, listing the known ones"
OPSDESK_USER=zhangwei run do INC-1 start
refused 1 "^opsdesk: INC-1 is 新建: the rules allow 'start' \(开始处理\) only from: 已指派$" \
	"start from new (the wrong state), naming the states it is allowed from"
OPSDESK_USER=lina run do INC-1 assign --set assignee=lina
refused 1 "^opsdesk: the rules give 'assign' \(指派\) to: 值班员、运维经理; not to you \(lina\)$" \
	"a system engineer assigning, told which roles may"
OPSDESK_USER=stranger run do INC-1 assign --set assignee=wangfang
refused 1 "can look but not change anything" "a login not on the staff list"
OPSDESK_USER=zhangwei run do INC-1 cancel
refused 1 "^opsdesk: note: required by 'cancel' \(取消\)$" "cancel without --note"
OPSDESK_USER=zhangwei run do INC-99 assign --set assignee=wangfang
refused 1 "^opsdesk: there is no incident INC-99$" "an incident that does not exist"

# usage errors
OPSDESK_USER=zhangwei run do INC-1
refused 2 "^opsdesk do: give REF and ACTION$" "do without an action"
OPSDESK_USER=zhangwei run do XYZ assign
refused 2 "^opsdesk do: 'XYZ' is not an incident reference" "do with a bad reference"
OPSDESK_USER=zhangwei run do INC-1 assign --set assignee
refused 2 "^opsdesk do: --set: 'assignee' is not FIELD=VALUE$" "--set without '='"
OPSDESK_USER=zhangwei run do INC-1 assign --set assignee=wangfang --expect-version x
refused 2 "^opsdesk do: --expect-version: 'x' is not a version number$" "a non-numeric --expect-version"

# --- assign ------------------------------------------------------------------------------
OPSDESK_USER=zhangwei run do INC-1 assign --set assignee=wangfang
changed INC-1 "zhangwei assigns INC-1 to wangfang"
is "$OUT" "INC-1: assign done, now assigned" "... and says so"
is "$(sql "SELECT state || ' ' || assignee || ' ' || updated_by FROM incident WHERE id = 1")" \
	"assigned wangfang zhangwei" "sql: assigned to wangfang, updated by zhangwei"
is "$(sql "SELECT op || ' ' || actor FROM audit WHERE record = 'INC-1' ORDER BY id DESC LIMIT 1")" \
	"incident.assign zhangwei" "the audit entry names the action and the actor"
run show INC-1
like "$OUT" "zhangwei +指派: 新建 -> 已指派; assignee: 王芳$" \
	"show: the journal says who moved it where, and the new assignee"

is "$(actions_for wangfang INC-1)" "assign (指派), start (开始处理), cancel (取消)" \
	"assigned: wangfang (assignee, network engineer and duty operator) may assign, start, cancel"
is "$(actions_for zhangwei INC-1)" "assign (指派), cancel (取消)" \
	"assigned: zhangwei (duty operator) may not start"
is "$(actions_for lina INC-1)" "start (开始处理)" "assigned: an engineer may start"

# --- start --------------------------------------------------------------------------------
before=$(state)
OPSDESK_USER=zhangwei run do INC-1 start
refused 1 "^opsdesk: the rules give 'start' \(开始处理\) to: 系统工程师、网络工程师、桌面工程师、安全工程师、运维经理 and the assignee; not to you \(zhangwei\)$" \
	"start by zhangwei (neither engineer nor assignee)"
like "$ERR" "not to you" "... the message says it is not his to take"
OPSDESK_USER=wangfang run do INC-1 start
changed INC-1 "wangfang (the assignee) starts work"
is "$OUT" "INC-1: start done, now in_progress" "... now in_progress"

is "$(actions_for wangfang INC-1)" "assign (指派), wait (等待用户), resolve (解决)" \
	"in progress: the assignee may reassign, wait or resolve"
is "$(actions_for lina INC-1)" "(none for you)" "in progress: another engineer may do nothing"
is "$(actions_for ouyang INC-1)" "assign (指派), wait (等待用户), resolve (解决)" \
	"in progress: the manager may do what the assignee may"

# --- required fields, wrong states -----------------------------------------------------------
before=$(state)
OPSDESK_USER=wangfang run do INC-1 resolve
refused 1 "^opsdesk: cause: required by 'resolve' \(解决\)$" \
	"resolve without cause, resolution, recovery_test: names the first missing field"
OPSDESK_USER=wangfang run do INC-1 resolve --set cause=光模块老化
refused 1 "^opsdesk: resolution: required by 'resolve' \(解决\)$" "resolve with the cause only"
OPSDESK_USER=wangfang run do INC-1 resolve --set cause=光模块老化 --set resolution=更换光模块
refused 1 "^opsdesk: recovery_test: required by 'resolve' \(解决\)$" "resolve without recovery_test"
OPSDESK_USER=wangfang run do INC-1 resolve --set cause=光模块老化 --set resolution=更换光模块 --set recovery_test='   '
refused 1 "^opsdesk: recovery_test: required by 'resolve'" "a recovery_test of spaces is missing too"
OPSDESK_USER=wangfang run do INC-1 wait
refused 1 "^opsdesk: note: required by 'wait' \(等待用户\)$" "wait without --note"
OPSDESK_USER=wangfang run do INC-1 wait --note '  '
refused 1 "^opsdesk: note: required by 'wait'" "wait with a blank --note"
OPSDESK_USER=zhangwei run do INC-1 close
refused 1 "^opsdesk: INC-1 is 处理中: the rules allow 'close' \(验证并关闭\) only from: 已解决$" \
	"close from in progress, naming the state it is allowed from"
OPSDESK_USER=zhangwei run do INC-1 cancel --note 重复报障
refused 1 "^opsdesk: INC-1 is 处理中: the rules allow 'cancel' \(取消\) only from: 新建, 已指派$" \
	"cancel from in progress, naming both states it is allowed from"
OPSDESK_USER=wangfang run do INC-1 resume
refused 1 "only from: 等待用户$" "resume when not waiting"

# --- wait and resume ----------------------------------------------------------------------------
OPSDESK_USER=wangfang run do INC-1 wait --note 等待用户确认机房门禁时间
changed INC-1 "wait with a note"
is "$(sql "SELECT state FROM incident WHERE id = 1")" "waiting_user" "sql: waiting_user"
run show INC-1 --json
is "$(jget "$OUT" '$.journal[#-1].text')" "等待用户: 处理中 -> 等待用户
等待用户确认机房门禁时间" "the note is written to the journal under the change"
OPSDESK_USER=wangfang run do INC-1 resume --set note=用户已回电
if [ "$RC" -eq 0 ]; then
	audit_before=$((audit_before + 1)) version_before=$((version_before + 1))
	like "$(sql "SELECT text FROM journal WHERE record = 'INC-1' ORDER BY id DESC LIMIT 1")" \
		"用户已回电" "--set note=... is not silently dropped: taken, it reaches the journal"
else
	like "$ERR" "note" "--set note=... is not silently dropped: refused, naming the note"
	OPSDESK_USER=wangfang run do INC-1 resume
	changed INC-1 "resume"
fi
is "$(sql "SELECT state FROM incident WHERE id = 1")" "in_progress" "resume: back in progress"

# --- comments -----------------------------------------------------------------------------------
OPSDESK_USER=wangfang run comment INC-1 '已更换 Gi0/24 光模块
观察十分钟无丢包'
changed INC-1 "a two-line comment" 0
is "$OUT" "INC-1: comment added" "... and says so"
run show INC-1
like "$OUT" "wangfang +已更换 Gi0/24 光模块$" "show lists the comment with its author"
like "$OUT" "^ +观察十分钟无丢包$" "... and its second line"
run show INC-1 --json
is "$(jget "$OUT" '$.journal[#-1].kind') $(jget "$OUT" '$.journal[#-1].actor')" "comment wangfang" \
	"show --json: the last journal entry is wangfang's comment"
before=$(state)
OPSDESK_USER=wangfang run comment INC-1 ''
refused 1 "^opsdesk: comment: must not be empty$" "an empty comment"
OPSDESK_USER=wangfang run comment INC-1 "$(printf 'a\033[2Jb')"
refused 1 "^opsdesk: comment: control characters are not allowed" "a comment with an escape sequence"
OPSDESK_USER=stranger run comment INC-1 路过
refused 1 "can look but not change anything" "a stranger commenting"
run comment INC-1
refused 2 "^opsdesk comment: give REF and TEXT$" "comment without text"

# --- resolve, close -------------------------------------------------------------------------------
OPSDESK_USER=wangfang run do INC-1 resolve --set cause=光模块老化 --set resolution=更换光模块 \
	--set recovery_test='连续 ping 1000 次无丢包'
changed INC-1 "resolve with cause, resolution and recovery_test"
is "$(sql "SELECT state || '|' || cause || '|' || resolution || '|' || recovery_test || '|' || open FROM incident WHERE id = 1")" \
	"resolved|光模块老化|更换光模块|连续 ping 1000 次无丢包|1" "sql: resolved, the three fields stored, still open"
is "$(actions_for zhangwei INC-1)" "reopen (重新打开), close (验证并关闭)" \
	"resolved: the duty operator may reopen or close"
is "$(actions_for wangfang INC-1)" "reopen (重新打开), close (验证并关闭)" \
	"resolved: the assignee may too, as a duty operator"
is "$(actions_for lina INC-1)" "(none for you)" "resolved: an engineer may do nothing"

OPSDESK_USER=zhangwei run do INC-1 close
changed INC-1 "zhangwei verifies and closes"
is "$(sql "SELECT state || ' ' || open FROM incident WHERE id = 1")" "closed 0" "sql: closed, no longer open"
is "$(actions_for ouyang INC-1)" "(none for you)" "closed: not even the manager has an action"
before=$(state)
run do INC-1 reopen
refused 1 "^opsdesk: INC-1 is 已关闭: the rules allow 'reopen' \(重新打开\) only from: 已解决$" \
	"reopen of a closed incident"

# --- the assignee may, as assignee -----------------------------------------------------------------
OPSDESK_USER=ouyang "$OPSDESK_BIN" incident new --title 值班台电话无拨号音 >/dev/null   # INC-2
OPSDESK_USER=ouyang "$OPSDESK_BIN" incident new --title 值班台显示器闪烁 >/dev/null     # INC-3
OPSDESK_USER=ouyang "$OPSDESK_BIN" do INC-2 assign --set assignee=zhangwei >/dev/null
OPSDESK_USER=ouyang "$OPSDESK_BIN" do INC-3 assign --set assignee=liuyang >/dev/null
before=$(state)
OPSDESK_USER=zhangwei run do INC-3 start
refused 1 "not to you \(zhangwei\)$" "zhangwei (duty operator) may not start someone else's incident"
OPSDESK_USER=zhangwei run do INC-2 start
is "$RC" 0 "but may start his own: the rules let the assignee"

# --- two changes racing: --expect-version -------------------------------------------------------------
OPSDESK_USER=ouyang "$OPSDESK_BIN" incident new --title 邮件系统无法登录 >/dev/null       # INC-4
run show INC-4 --json
seen=$(jget "$OUT" '$.version')
is "$seen" 1 "both sessions read INC-4 at version 1"
OPSDESK_USER=zhangwei run do INC-4 assign --set assignee=lina --expect-version "$seen"
is "$RC" 0 "the first change at the version read succeeds"
# a comment after the change (which leaves the version alone) is not what
# the refusal describes
OPSDESK_USER=liuyang "$OPSDESK_BIN" comment INC-4 '另一会话的评论' >/dev/null
shown=$(sql "SELECT * FROM incident WHERE id = 4")
before=$(state)
OPSDESK_USER=ouyang run do INC-4 assign --set assignee=chenjing --expect-version "$seen"
refused 1 "^opsdesk: INC-4 was changed by zhangwei at 2026-11-21 09:00 after you opened it \(指派: 新建 -> 已指派; assignee: lina\); your version 1 is now 2, so your change was not applied" \
	"the second, at the same stale version"
like "$ERR" "changed by zhangwei" "... naming who changed it"
is "$(sql "SELECT * FROM incident WHERE id = 4")" "$shown" "... and the record is exactly as zhangwei left it"
OPSDESK_USER=ouyang run do INC-4 assign --set assignee=chenjing --expect-version 2
is "$RC" 0 "at the current version 2 the change goes through"
is "$(sql "SELECT assignee || ' ' || version FROM incident WHERE id = 4")" "chenjing 3" "sql: chenjing, version 3"

# --- cancel -----------------------------------------------------------------------------------------
OPSDESK_USER=zhangwei run do INC-3 cancel --note '与 INC-2 重复'
is "$RC" 0 "cancel with a note"
is "$(sql "SELECT state || ' ' || open FROM incident WHERE id = 3")" "cancelled 0" "sql: cancelled, not open"

# --- the audit log ------------------------------------------------------------------------------------
is "$(sql "SELECT group_concat(op, ' ') FROM (SELECT op FROM audit WHERE record = 'INC-1' ORDER BY id)")" \
	"incident.new incident.assign incident.start incident.wait incident.resume incident.comment incident.resolve incident.close" \
	"INC-1's audit entries: one per change, in order, refusals none"
is "$(sql "SELECT count(*) FROM journal WHERE record = 'INC-1'")" "$(audits INC-1)" \
	"every audit entry of INC-1 has its journal entry"
run audit verify
is "$RC" 0 "audit verify: the hash chain is intact"
like "$OUT" "audit log intact" "... and says so"
done_testing
