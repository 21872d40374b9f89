#!/bin/sh
# A notification that failed is tried again at the next run even when the
# journal entry about the failure could not be written: the claim is given
# back on its own, so the sweep never takes it for one of unknown outcome.
. "$(dirname "$0")/../lib/tap.sh"

cat >"$T/notify" <<'SH'
#!/bin/sh
echo "$1 $2" >>"$(dirname "$0")/tried"
[ -e "$(dirname "$0")/gateway-up" ]
SH
chmod +x "$T/notify"
escalation_rules "{level}" "{clock}"

"$OPSDESK_BIN" init >/dev/null
OPSDESK_NOW=2026-11-21T08:00:00+08:00 "$OPSDESK_BIN" incident new --impact high --urgency high \
	--title 核心交换机宕机 >/dev/null     # P1: response at risk 08:12, due 08:15
# the journal refuses the entry that records a failed notification
sql "CREATE TRIGGER no_failure_note BEFORE INSERT ON journal
     WHEN NEW.text LIKE '%notification failed%'
     BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"

OPSDESK_NOW=2026-11-21T08:13:00+08:00 run escalate
is "$RC" 1 "the gateway is down and the failure cannot be journalled: exit 1"
is "$(grep -c '^at_risk response' "$T/tried")" 1 "the at-risk command was tried once"
is "$(sql "SELECT count(*) FROM escalation WHERE level = 'at_risk'")" 0 \
	"its claim was given back all the same"

sql "DROP TRIGGER no_failure_note"
touch "$T/gateway-up"
OPSDESK_NOW=2026-11-21T08:16:00+08:00 run escalate
is "$RC" 0 "with the gateway back, the next run exits 0"
is "$(grep -c '^at_risk response' "$T/tried")" 2 "and tries the at-risk level again"
is "$(sql "SELECT state FROM escalation WHERE clock = 'response' AND level = 'at_risk'")" sent \
	"which is now sent"

done_testing
