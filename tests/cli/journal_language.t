#!/bin/sh
# Journal lines the program assembles are kept as data and shown in the
# reader's language: an entry written under one language reads in the other,
# logins shown as the staff list names them, the stored text kept as the
# fallback. Also: swap list names its states, and a person's name (姓名) is
# not an asset's (名称).
. "$(dirname "$0")/../lib/tap.sh"

zh() { env LC_ALL= LANG=zh_CN.UTF-8 "$@"; }
en() { env LC_ALL=C.UTF-8 "$@"; }
"$OPSDESK_BIN" init --demo-staff >/dev/null

# --- an alert's lines, written in English, read in both ---------------------------------
en "$OPSDESK_BIN" alert --source zabbix --key sw1:Gi1 --severity critical --summary '核心交换机端口 down' >/dev/null
en "$OPSDESK_BIN" alert --source zabbix --key sw1:Gi1 --severity critical --summary '核心交换机端口 down' >/dev/null
is "$(sql "SELECT text FROM journal WHERE record = 'INC-1' AND kind = 'alert'")" \
	'alert repeated (2 times): 核心交换机端口 down [critical]' "stored: the writer's language (the fallback)"
is "$(sql "SELECT json_extract(data, '\$.line.msg') || ' ' || json_extract(data, '\$.line.args') FROM journal WHERE record = 'INC-1' AND kind = 'alert'")" \
	'alert.repeat ["2","核心交换机端口 down","critical"]' "stored: the line as data"
like "$(zh "$OPSDESK_BIN" show INC-1)" '告警重复（2 次）：核心交换机端口 down \[critical\]' "a Chinese reader reads it in Chinese"
unlike "$(zh "$OPSDESK_BIN" show INC-1)" 'alert repeated' "... and not in English"
like "$(en "$OPSDESK_BIN" show INC-1)" 'alert repeated \(2 times\): 核心交换机端口 down' "an English reader in English"

# written in Chinese, read in English
zh "$OPSDESK_BIN" alert --source zabbix --key sw1:Gi1 --severity critical --summary '端口又 down' >/dev/null
is "$(sql "SELECT text FROM journal WHERE record = 'INC-1' AND kind = 'alert' ORDER BY id DESC LIMIT 1")" \
	'告警重复（3 次）：端口又 down [critical]' "written under zh_CN, stored in Chinese"
like "$(en "$OPSDESK_BIN" show INC-1)" 'alert repeated \(3 times\): 端口又 down \[critical\]' "... and read in English"
like "$(zh "$OPSDESK_BIN" report incident INC-1)" '告警重复（3 次）' "the incident report's timeline too"

# an entry whose data this program cannot read shows its stored text
sql "UPDATE journal SET data = '{\"line\":{\"msg\":\"no.such.line\",\"args\":[]}}' WHERE id = (SELECT min(id) FROM journal WHERE kind = 'alert')"
like "$(zh "$OPSDESK_BIN" show INC-1)" 'alert repeated \(2 times\)' "an unknown message: the stored text"
sql "UPDATE journal SET data = '{\"line\":{\"msg\":\"alert.repeat\",\"args\":[\"1\"]}}' WHERE id = (SELECT min(id) FROM journal WHERE kind = 'alert')"
like "$(zh "$OPSDESK_BIN" show INC-1)" 'alert repeated \(2 times\)' "too few arguments: the stored text"
sql "UPDATE journal SET data = 'not json' WHERE id = (SELECT min(id) FROM journal WHERE kind = 'alert')"
like "$(zh "$OPSDESK_BIN" show INC-1)" 'alert repeated \(2 times\)' "data that is not JSON: the stored text"

# --- escalation: levels as the rules name them, logins as people --------------------------
cat >"$T/notify" <<'SH'
#!/bin/sh
exit 0
SH
chmod +x "$T/notify"
escalation_rules "{to}"
OPSDESK_NOW=2026-11-21T08:00:00+08:00 "$OPSDESK_BIN" incident new --impact high --urgency high --title 数据库宕机 >/dev/null
OPSDESK_USER=zhangwei OPSDESK_NOW=2026-11-21T08:05:00+08:00 "$OPSDESK_BIN" do INC-2 assign --set assignee=wangfang >/dev/null
OPSDESK_NOW=2026-11-21T11:30:00+08:00 en "$OPSDESK_BIN" escalate >/dev/null
shown=$(zh "$OPSDESK_BIN" show INC-2)
like "$shown" '解决 时钟时限 .*已通知 王芳' "escalation: the clock in Chinese, the person by name"
unlike "$shown" 'told|clock due' "... no English left in it"
like "$(en "$OPSDESK_BIN" show INC-2)" 'resolution clock due .*; told 王芳, 张伟' "read in English: people by name too"
like "$(sql "SELECT text FROM journal WHERE record = 'INC-2' AND kind = 'escalation'")" 'resolution clock due .*; told wangfang,zhangwei' \
	"stored: the logins as written"

# --- a stale save names what changed, in the reader's language ----------------------------
"$OPSDESK_BIN" staff edit wangfang --name 王芳芳 >/dev/null
err=$(zh "$OPSDESK_BIN" staff edit wangfang --phone 1 --expect-version 1 2>&1)
like "$err" '姓名：王芳 -> 王芳芳' "a person's change: 姓名 (the name of a person)"
err=$(en "$OPSDESK_BIN" staff edit wangfang --phone 1 --expect-version 1 2>&1)
like "$err" 'name: 王芳 -> 王芳芳' "... name in English"
"$OPSDESK_BIN" asset add SW-01 --name 核心交换机 --class network >/dev/null
"$OPSDESK_BIN" asset edit SW-01 --name 核心交换机A >/dev/null
err=$(zh "$OPSDESK_BIN" asset edit SW-01 --model x --expect-version 1 2>&1)
like "$err" '名称：核心交换机 -> 核心交换机A' "an asset's change: 名称 (the name of a thing)"

# --- 姓名 for people, 名称 for assets ------------------------------------------------------
like "$(zh "$OPSDESK_BIN" staff list | head -n 1)" '姓名' "staff list: 姓名"
unlike "$(zh "$OPSDESK_BIN" staff list | head -n 1)" '名称' "... not 名称"
like "$(zh "$OPSDESK_BIN" asset list | head -n 1)" '名称' "asset list: 名称"
like "$(zh "$OPSDESK_BIN" staff show wangfang)" '姓名' "staff show: 姓名"
like "$(zh "$OPSDESK_BIN" asset show SW-01)" '名称' "asset show: 名称"

# --- swap list: the states by name, ids in --json ----------------------------------------
OPSDESK_USER=root "$OPSDESK_BIN" roster set 2026-11-21 lina N >/dev/null
OPSDESK_USER=lina "$OPSDESK_BIN" swap request 2026-11-21/N --with liuyang --reason 家里有事 >/dev/null
like "$(zh "$OPSDESK_BIN" swap list)" '^1 +已申请 +lina 2026-11-21/N -> liuyang' "swap list: the state in Chinese"
like "$(en "$OPSDESK_BIN" swap list)" '^1 +requested +lina' "... in English"
like "$(zh "$OPSDESK_BIN" swap list --json)" '"state":"requested"' "--json keeps the id"
is "$(sql "SELECT json_extract(data, '\$.line.msg') FROM journal WHERE record LIKE 'swap:%'")" swap.request \
	"the request's journal line is data too"

done_testing
