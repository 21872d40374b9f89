#!/bin/sh
# A major incident (a priority marked major: true, P1 by default) needs a
# review before it can be closed; others do not.
. "$(dirname "$0")/../lib/tap.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
"$OPSDESK_BIN" incident new --title 核心交换机宕机 --impact high --urgency high >/dev/null   # P1
"$OPSDESK_BIN" incident new --title 打印机卡纸 >/dev/null                                    # P4
for ref in INC-1 INC-2; do
	OPSDESK_USER=zhangwei "$OPSDESK_BIN" do $ref assign --set assignee=wangfang >/dev/null
	OPSDESK_USER=wangfang "$OPSDESK_BIN" do $ref start >/dev/null
	OPSDESK_USER=wangfang "$OPSDESK_BIN" do $ref resolve --set cause=硬件故障 \
		--set resolution=更换板卡 --set recovery_test=业务恢复正常 >/dev/null
done

OPSDESK_USER=zhangwei run do INC-1 close
is "$RC" 1 "closing a major incident without a review is refused"
is "$ERR" "opsdesk: review: required by 'close' (验证并关闭) for a major incident (P1)" \
	"naming the field, the rule and why"
is "$(sql "SELECT state FROM incident WHERE id = 1")" resolved "and the incident stays resolved"

OPSDESK_USER=zhangwei run do INC-2 close
is "$RC" 0 "a P4 closes without a review"

OPSDESK_USER=zhangwei run do INC-1 close --set 'review=根因：板卡老化；措施：建立备件巡检'
is "$RC" 0 "with the review the major incident closes"
is "$(sql "SELECT review FROM incident WHERE id = 1")" '根因：板卡老化；措施：建立备件巡检' "and the review is kept"

# the rules are checked: an unknown field in requires_if_major is an error
sed 's/requires_if_major: \[review\]/requires_if_major: [post_mortem]/' "$TOP/config/workflow.yaml" >"$T/bad.yaml"
run check-rules "$T/bad.yaml"
is "$RC" 2 "check-rules refuses an unknown field in requires_if_major"
like "$ERR" "bad.yaml:[0-9]+:[0-9]+: transition 'close' requires unknown field 'post_mortem'" "with its position"
done_testing
