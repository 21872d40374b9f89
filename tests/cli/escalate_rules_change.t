#!/bin/sh
# When the rules change under open incidents, the stored SLA standing is
# recomputed once, by the first command run with the new rules; an
# incident the new rules cannot compute (its priority is gone) is left
# without a standing and named by show, while every other incident is
# still escalated.
. "$(dirname "$0")/../lib/tap.sh"

cat >"$T/notify" <<'SH'
#!/bin/sh
echo "$1 $2 $3" >>"$(dirname "$0")/notified"
SH
chmod +x "$T/notify"
escalation_rules "{level}" "{ref}" "{clock}"

"$OPSDESK_BIN" init >/dev/null
OPSDESK_NOW=2026-11-21T08:00:00+08:00 "$OPSDESK_BIN" incident new --impact high --urgency high \
	--title 核心交换机宕机 >/dev/null           # INC-1, P1: response due 08:15
OPSDESK_NOW=2026-11-21T08:00:00+08:00 "$OPSDESK_BIN" incident new --title 三楼打印机卡纸 >/dev/null  # INC-2, P4
is "$(sql "SELECT priority FROM incident ORDER BY id")" "P1
P4" "a P1 and a P4 are open"

# the site renames P4 to P9 (matrix and all): INC-2's history names a priority that is gone
sed 's/\bP4\b/P9/g' "$T/rules.yaml" >"$T/renamed.yaml"
OPSDESK_RULES="$T/renamed.yaml" OPSDESK_NOW=2026-11-21T08:20:00+08:00 run escalate
is "$RC" 0 "escalate with the new rules exits 0"
like "$(cat "$T/notified" 2>/dev/null)" '^at_risk INC-1 response' "INC-1's response clock is still escalated"
like "$(cat "$T/notified" 2>/dev/null)" '^breached INC-1 response' "at both levels"
is "$(sql "SELECT count(*) FROM incident WHERE id = 2 AND sla_due IS NULL AND escalate_at IS NULL")" 1 \
	"INC-2 is left without a standing"
is "$(sql "SELECT count(*) FROM meta WHERE key = 'sla_rules'")" 1 "the new rules' fingerprint is kept"
OPSDESK_RULES="$T/renamed.yaml" OPSDESK_NOW=2026-11-21T08:21:00+08:00 run show INC-2
like "$ERR" "priority 'P4' is not defined" "show names what the new rules lack"

# back to the old rules: the standing follows
OPSDESK_NOW=2026-11-21T08:22:00+08:00 run incident list --breached
like "$OUT" '^INC-1 ' "with the old rules again, INC-1 is breached"
is "$(sql "SELECT count(*) FROM incident WHERE id = 2 AND sla_due IS NOT NULL")" 1 \
	"and INC-2 has its standing back"

done_testing
