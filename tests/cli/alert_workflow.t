#!/bin/sh
# opsdesk alert and the incident workflow: what monitoring may do is what the
# rules let the monitoring account do. A recovery with on_recovery: resolve
# resolves only when that account may take resolve_with now, fills only the
# fields the transition still needs and says the cause is not diagnosed;
# otherwise the recovery is still journalled with the reason and the alert
# exits 0. A problem alert for a resolved incident records that the fault
# came back and reopens it when the account may, or says to reopen it by
# hand; it never opens a second incident for the key.
. "$(dirname "$0")/../lib/tap.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
# the monitoring accounts: zabbix is a duty operator (may reopen, may not
# resolve), nagios a system engineer (may do neither)
"$OPSDESK_BIN" staff add zabbix --name 监控 --roles duty_operator >/dev/null
"$OPSDESK_BIN" staff add nagios --name 监控二 --roles system_engineer >/dev/null
sed -e 's/^  on_recovery: note$/  on_recovery: resolve\n  resolve_with: resolve/' \
	"$TOP/config/workflow.yaml" >"$T/resolving.yaml"
grep -q '^  on_recovery: resolve$' "$T/resolving.yaml"
ok $? "the test rules resolve on recovery"
export OPSDESK_RULES="$T/resolving.yaml"

# as monitoring: the account in $1, the rest are alert's arguments
as() {
	who=$1
	shift
	OPSDESK_USER=$who run alert "$@"
}
problem() { as "$1" --source zabbix --key core-sw:Gi1/0/24 --severity critical --summary '核心交换机端口 down'; }
recovery() { as "$1" --source zabbix --key core-sw:Gi1/0/24 --recovery --summary 端口已恢复; }
field() { sql "SELECT $1 FROM incident WHERE id = 1"; }
last_journal() { sql "SELECT text FROM journal WHERE record = 'INC-1' ORDER BY id DESC LIMIT 1"; }
audits() { sql "SELECT count(*) FROM audit"; }

problem zabbix
is "$OUT" "INC-1 opened" "an alert opens INC-1, in state new"

# a recovery in state new: resolve does not leave it
before=$(audits)
recovery zabbix
is "$RC" 0 "a recovery that cannot resolve is still taken: exit 0"
is "$OUT" "INC-1: recovery noted, not resolved: the rules allow 'resolve' (解决) only from 处理中, and INC-1 is 新建" \
	"it says it was noted and why it was not resolved"
is "$(last_journal)" "monitoring reports recovery: 端口已恢复; not resolved (alerts.on_recovery: resolve): the rules allow 'resolve' (解决) only from 处理中, and INC-1 is 新建" \
	"the journal has the recovery and why it was not resolved, naming the rule"
is "$(field state)|$(field cause)" "new|" "the incident is as it was"
is "$(audits)" "$((before + 1))" "with one audit entry for the note"

# in progress, assigned to someone else: resolve is not the account's
OPSDESK_USER=zhangwei "$OPSDESK_BIN" do INC-1 assign --set assignee=wangfang >/dev/null
OPSDESK_USER=wangfang "$OPSDESK_BIN" do INC-1 start >/dev/null
version=$(field version)
recovery zabbix
is "$RC" 0 "in progress, a recovery the account may not resolve: exit 0"
is "$OUT" "INC-1: recovery noted, not resolved: the rules give 'resolve' (解决) to 运维经理 and the assignee, not to zabbix" \
	"it names who may resolve"
like "$(last_journal)" '^monitoring reports recovery: 端口已恢复; not resolved \(alerts.on_recovery: resolve\): the rules give' \
	"and the journal has the recovery"
is "$(field state)|$(field version)" "in_progress|$version" "the incident is unchanged"

# an account that may resolve it (root holds the manager role), with the
# cause already found by the engineer: only the missing fields are filled,
# and nothing claims monitoring found a cause
OPSDESK_USER=wangfang "$OPSDESK_BIN" do INC-1 wait --note 等备件 --set cause=光模块老化 >/dev/null
OPSDESK_USER=wangfang "$OPSDESK_BIN" do INC-1 resume >/dev/null
recovery root
is "$OUT" "INC-1: resolved by the recovery" "an account that may take resolve resolves it"
is "$(field state)" resolved "the incident is resolved"
is "$(field cause)" 光模块老化 "the engineer's cause is kept"
is "$(field resolution)" "resolved by monitoring's recovery alert zabbix core-sw:Gi1/0/24: 端口已恢复 at 2026-11-21 09:00; cause not yet diagnosed" \
	"the resolution says monitoring reported the recovery and the cause is not diagnosed"
is "$(field recovery_test)" "monitoring reported recovery: zabbix core-sw:Gi1/0/24: 端口已恢复, at 2026-11-21 09:00" \
	"the recovery test is monitoring's report"

recovery zabbix
is "$OUT" "INC-1: recovery noted" "a recovery for a resolved incident is only noted, with no complaint"

# the fault comes back: zabbix may reopen
count=$(field alert_count)
problem zabbix
is "$RC" 0 "a problem alert for the resolved incident: exit 0"
is "$OUT" "INC-1: the fault came back after it was resolved: reopened" "it says the fault came back and the incident was reopened"
is "$(field state)|$(field alert_count)" "in_progress|$((count + 1))" "it is in progress again, the alert counted"
is "$(sql "SELECT count(*) FROM incident")" 1 "no second incident is opened"
is "$(sql "SELECT text FROM journal WHERE record = 'INC-1' AND kind = 'alert' ORDER BY id DESC LIMIT 1")" \
	"the fault came back after it was resolved: 核心交换机端口 down [critical] ($((count + 1)) alerts so far)" \
	"the journal records that the fault came back"
like "$(last_journal)" '^重新打开: 已解决 -> 处理中' "and the reopening, by the rules' reopen"
is "$(sql "SELECT actor FROM journal WHERE record = 'INC-1' ORDER BY id DESC LIMIT 1")" zabbix "taken by the monitoring account"

# resolved again; an account that may not reopen it
OPSDESK_USER=wangfang "$OPSDESK_BIN" do INC-1 resolve --set resolution=更换光模块 --set recovery_test=端口正常 >/dev/null
is "$(field state)" resolved "resolved again by the engineer"
before=$(audits)
problem nagios
is "$RC" 0 "a problem alert the account cannot reopen for: exit 0"
is "$OUT" "INC-1: the fault came back after it was resolved; reopen it by hand: the rules give 'reopen' (重新打开) to 值班员、运维经理, not to nagios" \
	"it says to reopen it by hand, and why"
is "$(last_journal)" "the fault came back after it was resolved: 核心交换机端口 down [critical] ($((count + 2)) alerts so far); it needs reopening by hand: the rules give 'reopen' (重新打开) to 值班员、运维经理, not to nagios" \
	"the journal says the fault came back and needs reopening by hand"
is "$(field state)|$(sql "SELECT count(*) FROM incident")|$(audits)" "resolved|1|$((before + 1))" \
	"the incident stays resolved, no duplicate, one audit entry"

# rules with no way back from resolved
sed '/- id: reopen$/,/roles: \[duty_operator, ops_manager\]$/d' "$T/resolving.yaml" >"$T/noreopen.yaml"
"$OPSDESK_BIN" check-rules "$T/noreopen.yaml" >/dev/null 2>&1
ok $? "the rules without reopen are valid"
OPSDESK_RULES="$T/noreopen.yaml" problem zabbix
is "$OUT" "INC-1: the fault came back after it was resolved; reopen it by hand: the rules have no transition from 已解决 back to an unresolved state" \
	"without a transition back it says so"
is "$(field state)|$(sql "SELECT count(*) FROM incident")" "resolved|1" "and changes only the journal"

# once closed, the key opens a new incident
OPSDESK_USER=zhangwei "$OPSDESK_BIN" do INC-1 close --set review=光模块到寿，已列入巡检 >/dev/null
problem zabbix
is "$OUT" "INC-2 opened" "after the incident is closed, the fault opens a new incident"

# a field the transition requires that an alert cannot give: noted, not resolved
sed 's/requires: \[cause, resolution, recovery_test\]$/requires: [cause, resolution, recovery_test, review]/' \
	"$T/resolving.yaml" >"$T/review.yaml"
OPSDESK_USER=zhangwei "$OPSDESK_BIN" do INC-2 assign --set assignee=wangfang >/dev/null
OPSDESK_USER=wangfang "$OPSDESK_BIN" do INC-2 start >/dev/null
OPSDESK_RULES="$T/review.yaml" recovery root
is "$RC|$OUT" "0|INC-2: recovery noted, not resolved: 'resolve' (解决) requires review, which an alert cannot give" \
	"a required field monitoring cannot fill keeps it from resolving, and it says which"
is "$(sql "SELECT state || '|' || cause FROM incident WHERE id = 2")" "in_progress|" "and nothing is filled"

run audit verify
is "$RC" 0 "the audit chain holds"
done_testing
