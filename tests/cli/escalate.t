#!/bin/sh
# opsdesk escalate: each level of the rules' escalations fires once per
# incident and clock, its command run without a shell with the placeholders
# filled, even when two runs overlap; a failing command is journalled and
# tried again at the next run until it goes out; --quiet lists only failures.
. "$(dirname "$0")/../lib/tap.sh"

# the rules' notification replaced by a script that records its arguments
cat >"$T/notify" <<'SH'
#!/bin/sh
for a in "$@"; do printf '[%s]' "$a"; done >>"$(dirname "$0")/notified"
echo >>"$(dirname "$0")/notified"
SH
chmod +x "$T/notify"
escalation_rules "{level}" "{ref}" "{priority}" "{clock}" "{due}" "{summary}" "{to}"
grep -q "$T/notify" "$T/rules.yaml"
ok $? "the test rules call the recording script"

"$OPSDESK_BIN" init --demo-staff >/dev/null
# a P1 (4h resolution, 15m response, 7x24) whose summary tries to be a command
OPSDESK_NOW=2026-11-21T08:00:00+08:00 "$OPSDESK_BIN" incident new --impact high --urgency high \
	--title "核心交换机 \$(touch $T/pwned); rm -rf $T" >/dev/null
OPSDESK_USER=zhangwei OPSDESK_NOW=2026-11-21T08:05:00+08:00 "$OPSDESK_BIN" do INC-1 assign --set assignee=wangfang >/dev/null

OPSDESK_NOW=2026-11-21T09:00:00+08:00 run escalate
is "$RC" 0 "at 09:00 (1 of 4 hours used, responded) nothing is due"
[ ! -e "$T/notified" ]
ok $? "and nothing was sent"

OPSDESK_NOW=2026-11-21T11:00:00+08:00 run escalate --dry-run
like "$OUT" '^INC-1 即将超时提醒 \(at_risk\): resolution clock due 2026-11-21 12:00' "--dry-run lists the at-risk level"
[ ! -e "$T/notified" ]
ok $? "but sends nothing"
is "$(sql "SELECT count(*) FROM escalation")" 0 "and records nothing"

OPSDESK_NOW=2026-11-21T11:00:00+08:00 run escalate
is "$RC" 0 "at 11:00 (75% used) escalate exits 0"
is "$(cat "$T/notified")" "[at_risk][INC-1][P1][resolution][2026-11-21 12:00][核心交换机 \$(touch $T/pwned); rm -rf $T][wangfang,zhangwei]" \
	"the at-risk command ran once, every placeholder filled, the summary one literal argument"
[ ! -e "$T/pwned" ] && [ -d "$T" ]
ok $? "nothing in the summary was run"

OPSDESK_NOW=2026-11-21T11:30:00+08:00 run escalate
is "$(wc -l <"$T/notified")" 1 "the same level is not sent again"

# two runs at once past the deadline: the breach is sent once
OPSDESK_NOW=2026-11-21T12:05:00+08:00 "$OPSDESK_BIN" escalate >/dev/null &
OPSDESK_NOW=2026-11-21T12:05:00+08:00 "$OPSDESK_BIN" escalate >/dev/null &
wait
is "$(grep -c '^\[breached\]' "$T/notified")" 1 "two overlapping runs send the breach once"
like "$(grep '^\[breached\]' "$T/notified")" '\[ouyang,root,wangfang,zhangwei\]$|\[wangfang,ouyang,root,zhangwei\]$|\[wangfang,.*ouyang.*\]$' \
	"the breach tells the assignee and the managers"
is "$(sql "SELECT clock || ':' || level FROM escalation ORDER BY level")" "resolution:at_risk
resolution:breached" "each level is recorded once"
is "$(sql "SELECT count(*) FROM journal WHERE record = 'INC-1' AND kind = 'escalation'")" 2 "and journalled"
run audit verify
is "$RC" 0 "the audit chain holds"

# a failing notification: exit 1, journalled, tried again at every run until
# it goes out, then never again. INC-2 (P1, 15m response) is at risk from
# 12:21:15 and breached from 12:25.
sed "s#$T/notify#/bin/false#" "$T/rules.yaml" >"$T/failing.yaml"
OPSDESK_NOW=2026-11-21T12:10:00+08:00 "$OPSDESK_BIN" incident new --impact high --urgency high --title 防火墙告警 >/dev/null
failures() { sql "SELECT count(*) FROM journal WHERE record = 'INC-2' AND kind = 'escalation' AND text LIKE '%notification failed%'"; }
OPSDESK_RULES="$T/failing.yaml" OPSDESK_NOW=2026-11-21T12:22:00+08:00 run escalate
is "$RC" 1 "a failing notification makes escalate exit 1"
like "$ERR" '^opsdesk: INC-2 即将超时提醒 \(at_risk\): notification failed, to be tried again at the next run: /bin/false failed with exit status 1$' \
	"the failure is reported on standard error, naming the incident and the level"
like "$ERR" '1 of 1 notifications failed' "and counted"
like "$OUT" '^INC-2 即将超时提醒 \(at_risk\): response clock due' "the escalation itself is listed on standard output"
like "$(sql "SELECT text FROM journal WHERE record = 'INC-2' AND kind = 'escalation'")" \
	'^即将超时提醒 \(at_risk\): notification failed, to be tried again at the next run: /bin/false failed with exit status 1$' \
	"the failure is in the incident's journal"
is "$(sql "SELECT count(*) FROM escalation WHERE incident_id = 2")" 0 "a failed level is not recorded as sent"

OPSDESK_RULES="$T/failing.yaml" OPSDESK_NOW=2026-11-21T12:23:00+08:00 run escalate
is "$RC" 1 "the next run tries the failed level again, and says it failed again"
is "$(failures)" 2 "each failure is journalled"

OPSDESK_RULES="$T/failing.yaml" OPSDESK_NOW=2026-11-21T12:23:30+08:00 run escalate --quiet
is "$RC" 1 "--quiet: a failure still exits 1"
is "$OUT" "" "--quiet lists no escalations"
like "$ERR" '^opsdesk: INC-2 即将超时提醒 \(at_risk\): notification failed' "but still reports the failure"
is "$(failures)" 3 "and journals it"

# the notification works again: two runs at once send the level once, and
# later runs never again
: >"$T/notified"
OPSDESK_NOW=2026-11-21T12:24:00+08:00 "$OPSDESK_BIN" escalate >"$T/out1" 2>&1 &
OPSDESK_NOW=2026-11-21T12:24:00+08:00 "$OPSDESK_BIN" escalate >"$T/out2" 2>&1 &
wait
is "$(grep -c '^\[at_risk\]\[INC-2\]\[P1\]\[response\]' "$T/notified")" 1 "once it works, the failed level goes out, once for two overlapping runs"
is "$(sql "SELECT clock || ':' || level FROM escalation WHERE incident_id = 2")" "response:at_risk" "and is recorded as sent"
OPSDESK_NOW=2026-11-21T12:24:30+08:00 run escalate
is "$RC:$(wc -l <"$T/notified")" "0:1" "a level that went out is not sent again"
OPSDESK_RULES="$T/failing.yaml" OPSDESK_NOW=2026-11-21T12:24:40+08:00 run escalate
is "$RC" 0 "not even when the command would fail now"

OPSDESK_NOW=2026-11-21T12:26:00+08:00 run escalate --quiet
is "$RC" 0 "--quiet with every notification sent exits 0"
is "$OUT$ERR" "" "and prints nothing (cron mails nothing)"
like "$(tail -n 1 "$T/notified")" '^\[breached\]\[INC-2\]\[P1\]\[response\]' "though the breach was sent"
run audit verify
is "$RC" 0 "the audit chain still holds"

# a stranger may not escalate
OPSDESK_USER=stranger run escalate
is "$RC" 1 "a login not on the staff list cannot run escalate"
done_testing
