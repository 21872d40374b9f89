#!/bin/sh
# opsdesk escalate when a run dies: the intent is recorded before the
# command runs and the outcome after, so a notification whose command was
# started is never run again (its outcome is journalled as unknown), and a
# level claimed by a run that died before starting its command is sent by a
# later run, while a claim of a run still alive is left to it.
. "$(dirname "$0")/../lib/tap.sh"

# the notification records its level and clock, then takes its time
cat >"$T/notify" <<'SH'
#!/bin/sh
echo "$1 $2" >>"$(dirname "$0")/notified"
[ "$1" = at_risk ] && sleep 30
exit 0
SH
chmod +x "$T/notify"
escalation_rules "{level}" "{clock}"
grep -q "$T/notify" "$T/rules.yaml"
ok $? "the test rules call the slow recording script"

"$OPSDESK_BIN" init >/dev/null
"$OPSDESK_BIN" staff add zhangwei --name 张伟 --roles duty_operator >/dev/null
"$OPSDESK_BIN" staff add wangfang --name 王芳 --roles system_engineer >/dev/null
# a P1 (15m response, 4h resolution, 7x24), taken up at once
OPSDESK_NOW=2026-11-21T08:00:00+08:00 "$OPSDESK_BIN" incident new --impact high --urgency high \
	--title 核心交换机宕机 >/dev/null
OPSDESK_USER=zhangwei OPSDESK_NOW=2026-11-21T08:05:00+08:00 "$OPSDESK_BIN" do INC-1 assign \
	--set assignee=wangfang >/dev/null

# --- killed while the command runs ----------------------------------------------
OPSDESK_NOW=2026-11-21T11:00:00+08:00 "$OPSDESK_BIN" escalate >/dev/null 2>&1 &
pid=$!
n=0
while [ ! -s "$T/notified" ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
kill -9 $pid
wait $pid 2>/dev/null
is "$(cat "$T/notified")" "at_risk resolution" "the at-risk command started before the run was killed"
is "$(sql "SELECT state FROM escalation WHERE level = 'at_risk'")" started \
	"the level is recorded as started, not sent"

OPSDESK_NOW=2026-11-21T11:00:30+08:00 run escalate
is "$RC" 0 "a run half a minute later exits 0"
is "$(wc -l <"$T/notified")" 1 "and does not run the started command again"

OPSDESK_NOW=2026-11-21T11:05:00+08:00 run escalate
is "$RC" 1 "a run once the dead run's time is up exits 1"
like "$ERR" 'INC-1 即将超时提醒 \(at_risk\): the run that sent the resolution notification stopped before it could record the outcome' \
	"and says the outcome is not known"
is "$(wc -l <"$T/notified")" 1 "still without sending it again"
is "$(sql "SELECT state FROM escalation WHERE level = 'at_risk'")" unknown "the level is of unknown outcome"
is "$(sql "SELECT count(*) FROM journal WHERE record = 'INC-1' AND data LIKE '%\"notification\":\"unknown\"%'")" 1 \
	"which the journal says once"
OPSDESK_NOW=2026-11-21T11:10:00+08:00 run escalate
is "$RC:$(wc -l <"$T/notified")" "0:1" "later runs leave it be"

# --- killed between the claim and the command -------------------------------------
# A run that dies right after committing its claim leaves this row behind
# (the window is too short to hit with a signal, so it is written here).
sql "INSERT INTO escalation(incident_id, clock, level, at, state)
     VALUES (1, 'resolution', 'breached', strftime('%s', '2026-11-21T12:01:00+08:00'), 'claimed')"
OPSDESK_NOW=2026-11-21T12:01:30+08:00 run escalate
is "$(grep -c '^breached' "$T/notified")" 0 "a fresh claim is left to the run that holds it"
OPSDESK_NOW=2026-11-21T12:03:00+08:00 run escalate
is "$RC" 0 "once the claim is older than any live run"
is "$(grep -c '^breached resolution' "$T/notified")" 1 "a later run sends what the dead run never started"
is "$(sql "SELECT state FROM escalation WHERE clock = 'resolution' AND level = 'breached'")" sent \
	"and records it sent"
OPSDESK_NOW=2026-11-21T12:10:00+08:00 run escalate
is "$(grep -c '^breached resolution' "$T/notified")" 1 "once"
is "$(sql "SELECT escalate_at IS NULL FROM incident WHERE id = 1")" 1 \
	"with every level of the running clock sent, nothing is left to escalate"
run audit verify
is "$RC" 0 "the audit chain holds"

done_testing
