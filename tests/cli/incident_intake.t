#!/bin/sh
# opsdesk incident new: a quick intake needs only the summary and takes
# every other value from the rules' defaults; a full intake keeps every
# field given; the priority comes from the impact x urgency matrix; every
# bad value is refused naming its field and writes nothing; usage errors
# exit 2; only staff record incidents.
. "$(dirname "$0")/../lib/tap.sh"

# jget JSON PATH: one value of a JSON text, read by SQLite's JSON functions
# (booleans come out as 1 and 0).
jget() {
	printf '%s' "$1" >"$T/.json"
	sqlite3 :memory: "SELECT json_extract(CAST(readfile('$T/.json') AS TEXT), '$2')"
}

# Everything a refusal must leave alone.
state() {
	sql "SELECT count(*) FROM incident; SELECT count(*) FROM audit; SELECT count(*) FROM journal;
	     SELECT * FROM incident ORDER BY id;"
}

# refused EXIT PATTERN DESCRIPTION: the last run exited EXIT, its message
# matches PATTERN, and the database is as it was in $before.
refused() {
	is "$RC" "$1" "$3: exit $1"
	like "$ERR" "$2" "$3: the message names what is wrong"
	is "$OUT" "" "$3: nothing on stdout"
	is "$(state)" "$before" "$3: nothing written (incidents, journal, audit)"
}

"$OPSDESK_BIN" init --demo-staff >/dev/null

# --- quick intake: only the summary ---------------------------------------------
run incident new --title 三楼打印机卡纸
is "$RC" 0 "quick intake with a Chinese --title only: exit 0"
is "$OUT" "INC-1" "... prints the new reference INC-1"
is "$ERR" "" "... with nothing on stderr"

run show INC-1 --json
is "$RC" 0 "show INC-1 --json: exit 0"
j=$OUT
is "$(jget "$j" '$.summary')" "三楼打印机卡纸" "the summary is stored as typed"
is "$(jget "$j" '$.reporter')" "root" "the reporter defaults to the acting user (root)"
is "$(jget "$j" '$.channel')" "phone" "channel defaults to the rules' default: phone"
is "$(jget "$j" '$.category')" "other" "category defaults to other"
is "$(jget "$j" '$.impact')" "low" "impact defaults to low"
is "$(jget "$j" '$.urgency')" "medium" "urgency defaults to medium"
is "$(jget "$j" '$.priority')" "P4" "priority from the matrix: low x medium = P4"
is "$(jget "$j" '$.state')" "new" "the state is the workflow's initial state, new"
is "$(jget "$j" '$.open')" "1" "the incident is open"
is "$(jget "$j" '$.assignee')" "" "nobody is assigned yet"
is "$(jget "$j" '$.occurred')" "2026-11-21T09:00:00+08:00" "occurred defaults to now (the pinned clock)"
is "$(jget "$j" '$.created')" "2026-11-21T09:00:00+08:00" "created is the pinned time, in the site zone"
is "$(jget "$j" '$.version')" "1" "a new record is at version 1"
is "$(jget "$j" '$.sla.priority')" "P4" "the SLA clocks run on P4"
is "$(jget "$j" '$.journal[0].kind')" "created" "the journal starts with the creation"
is "$(sql "SELECT op || ' ' || record || ' ' || actor FROM audit WHERE record = 'INC-1'")" \
	"incident.new INC-1 root" "one audit entry records the intake"

run show INC-1
like "$OUT" '^INC-1  三楼打印机卡纸$' "show: the reference and the summary on the first line"
like "$OUT" '^state +新建 \(new\)$' "show: the state by its name and id"
like "$OUT" '^priority +P4 低  impact 单个用户 / urgency 业务受影响$' \
	"show: the priority with impact and urgency by their names"
like "$OUT" '^assignee +\(nobody\)$' "show: nobody assigned"

# --- full intake: every option ----------------------------------------------------
if "$OPSDESK_BIN" asset --help >/dev/null 2>&1; then
	have_assets=1
	run asset add SRV-DB01 --name 财务数据库服务器 --class server
	is "$RC" 0 "an asset SRV-DB01 exists for the incident to name"
else
	have_assets=0
	diag "no 'opsdesk asset' command: the --ci assertions are skipped"
fi
ci_opt=""
[ "$have_assets" = 1 ] && ci_opt="--ci SRV-DB01"
# shellcheck disable=SC2086
run incident new --title 财务系统数据库连接超时 --description '应用日志报错：连接池耗尽
上午十点后所有凭证无法保存' --impact high --urgency high --category server \
	--reporter 李主任 --department 财务处 --contact '010-6000-1234转8004' --channel email \
	--occurred '2026-11-21 08:15' --scope '财务处全体（约40人）' --expectation 今天中午前恢复 $ci_opt
is "$RC" 0 "full intake with every option: exit 0"
is "$OUT" "INC-2" "... prints INC-2"
run show INC-2 --json
j=$OUT
is "$(jget "$j" '$.description')" '应用日志报错：连接池耗尽
上午十点后所有凭证无法保存' "the description keeps its two lines"
is "$(jget "$j" '$.impact') $(jget "$j" '$.urgency') $(jget "$j" '$.priority')" "high high P1" \
	"impact high, urgency high: priority P1"
is "$(jget "$j" '$.category')" "server" "the category given"
is "$(jget "$j" '$.reporter')|$(jget "$j" '$.department')|$(jget "$j" '$.contact')" \
	"李主任|财务处|010-6000-1234转8004" "reporter, department and contact as given"
is "$(jget "$j" '$.channel')" "email" "the channel given"
is "$(jget "$j" '$.occurred')" "2026-11-21T08:15:00+08:00" "--occurred in the site zone is kept"
is "$(jget "$j" '$.created')" "2026-11-21T09:00:00+08:00" "... while created is when it was recorded"
is "$(jget "$j" '$.scope')|$(jget "$j" '$.expectation')" "财务处全体（约40人）|今天中午前恢复" \
	"scope and expectation as given"
if [ "$have_assets" = 1 ]; then
	is "$(jget "$j" '$.ci')" "SRV-DB01" "the CI is the asset's tag"
	is "$(sql "SELECT a.tag FROM incident i JOIN asset a ON a.id = i.asset_id WHERE i.id = 2")" \
		"SRV-DB01" "sql: the incident points at the asset"
fi
run show INC-2
like "$OUT" '^description 应用日志报错：连接池耗尽$' "show: the description's first line"
like "$OUT" '^            上午十点后所有凭证无法保存$' "... and its second line indented under it"
like "$OUT" '^reporter +李主任  财务处  010-6000-1234转8004  \(邮件\)$' \
	"show: reporter, department, contact and the channel's name"

# --- the priority matrix ---------------------------------------------------------------
for pair in high:high:P1 high:medium:P2 high:low:P3 medium:high:P2 medium:medium:P3 \
	medium:low:P3 low:high:P3 low:medium:P4 low:low:P4; do
	imp=${pair%%:*} rest=${pair#*:}
	urg=${rest%%:*} want=${rest#*:}
	run incident new --title "矩阵 $imp/$urg" --impact "$imp" --urgency "$urg"
	got=$(sql "SELECT priority FROM incident WHERE summary = '矩阵 $imp/$urg'")
	is "$got" "$want" "impact $imp x urgency $urg gives $want"
done
run incident new --title 只给影响 --impact high
is "$(sql "SELECT urgency || ' ' || priority FROM incident WHERE summary = '只给影响'")" "medium P2" \
	"only --impact high: urgency stays medium, priority high x medium = P2"

# --- refusals: named by the field, nothing written --------------------------------------
before=$(state)
run incident new --title 坏影响 --impact huge
refused 1 "^opsdesk: impact: 'huge' is not defined in the rules \(known: high, medium, low\)$" \
	"an unknown --impact"
run incident new --title 坏紧急 --urgency now
refused 1 "^opsdesk: urgency: 'now' is not defined in the rules" "an unknown --urgency"
run incident new --title 坏类别 --category printer
refused 1 "^opsdesk: category: 'printer' is not defined in the rules \(known: network, server, storage, application, desktop, security, other\)$" \
	"an unknown --category"
run incident new --title 坏渠道 --channel fax
refused 1 "^opsdesk: channel: 'fax' is not defined in the rules" "an unknown --channel"
run incident new --title 坏CI --ci NO-SUCH-TAG
refused 1 "^opsdesk: ci: there is no configuration item 'NO-SUCH-TAG'$" "an unknown --ci"
run incident new --title 未来 --occurred '2026-11-21T11:00:00+08:00'
refused 1 "^opsdesk: occurred: '2026-11-21T11:00:00\+08:00' is in the future$" \
	"--occurred two hours in the future"
run incident new --title 不存在的日期 --occurred 2026-02-30
refused 1 "^opsdesk: occurred: '2026-02-30' is not a time" "--occurred 2026-02-30 (no such day)"
unlike "$ERR" "occurred: occurred:" "... the field is named once, not twice"
run incident new --title 不存在的日期 --occurred '2026-02-30 10:00'
refused 1 "^opsdesk: occurred: '2026-02-30 10:00' is not a time" "--occurred '2026-02-30 10:00'"
run incident new --title "$(printf '打印机\377卡纸')"
refused 1 "^opsdesk: summary: not valid UTF-8 text$" "invalid UTF-8 in --title"
title201=$(printf '障%.0s' $(seq 201))
run incident new --title "$title201"
refused 1 "^opsdesk: summary: too long \(201 characters, at most 200\)$" \
	"a 201-character Chinese title"
run incident new --title "$(printf 'x%.0s' $(seq 201))"
refused 1 "^opsdesk: summary: too long \(201 characters, at most 200\)$" \
	"a 201-character ASCII title"
run incident new --title 转义 --description "$(printf 'ok\033[31mred')"
refused 1 "^opsdesk: description: control characters are not allowed \(U\+001B\)$" \
	"ESC in --description"
run incident new --title "$(printf 'a\033]0;pwned\007')"
refused 1 "^opsdesk: summary: control characters are not allowed" "an escape sequence in --title"
run incident new --title ''
refused 1 "^opsdesk: summary: must not be empty$" "an empty title"
run incident new --title '   '
refused 1 "^opsdesk: summary: must not be empty$" "a title of spaces"
run incident new --title 空报告人 --reporter ''
refused 1 "^opsdesk: reporter: must not be empty$" "an empty --reporter"

# the limit is characters, not bytes: 200 Chinese characters (600 bytes) are fine
title200=$(printf '障%.0s' $(seq 200))
run incident new --title "$title200"
is "$RC" 0 "a 200-character Chinese title is accepted"
is "$(sql "SELECT length(summary) FROM incident WHERE id = (SELECT max(id) FROM incident)")" 200 \
	"sql: the whole title is stored"

# --- usage errors: exit 2, nothing written -------------------------------------------------
before=$(state)
run incident new --impact high
refused 2 "^opsdesk incident: 'incident new' needs --title$" "incident new without --title"
like "$ERR" "Try 'opsdesk incident --help'" "... and points to the help"
run incident new --title 选项 --frob
refused 2 "^opsdesk incident: unknown option '--frob'$" "an unknown option"
run incident
refused 2 "^opsdesk incident: which: new or list\?$" "'incident' with no subcommand"
run incident frob
refused 2 "^opsdesk incident: " "an unknown subcommand"
run incident new --title
refused 2 "^opsdesk incident: option '--title' needs a value$" "--title without its value"

# --- who may record ----------------------------------------------------------------------------
before=$(state)
OPSDESK_USER=stranger run incident new --title 陌生人报障
refused 1 "can look but not change anything" "a login not on the staff list recording an incident"
like "$ERR" "'stranger'" "... the message names the login"
OPSDESK_USER=stranger run show INC-1
is "$RC" 0 "a stranger may still look at an incident"
OPSDESK_USER=zhangwei run incident new --title 值班员登记
is "$RC" 0 "a duty operator records an incident"
is "$(sql "SELECT reporter || ' ' || created_by FROM incident WHERE summary = '值班员登记'")" \
	"zhangwei zhangwei" "... as its reporter and recorder"

run audit verify
is "$RC" 0 "the audit log is intact after all of this"
done_testing
