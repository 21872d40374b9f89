#!/bin/sh
# Rules the core enforces whoever asks: the rules' minimum rest between
# two shifts of one person (roster check flags a day shift right after a
# night shift), leave that overlaps leave already recorded, the author of a
# handover acknowledging it as the incoming side, and an assignment to
# someone neither on duty nor on call.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles network_engineer
run staff add wang --name 王伟 --roles network_engineer
run staff add zhao --name 赵敏 --roles system_engineer

# --- minimum rest (roster.min_rest: 11h in the default rules) -------------------------
as root roster set 2026-12-01 lina N
as root roster set 2026-12-02 lina D
as root roster set 2026-12-01 wang D
as root roster set 2026-12-02 wang D
as root roster set 2026-12-03 wang D,N
as root roster check --from 2026-12-02 --to 2026-12-03
is "$RC" 1 "roster check with a day shift right after a night shift: exit 1"
like "$OUT" "^2026-12-02 D 白班: lina has 0 h 00 min off after 2026-12-01 N, less than 11 h 00 min$" \
	"... names the person, the shift, the one before and the rest"
like "$OUT" "^2026-12-03 N 夜班: wang has 0 h 00 min off after 2026-12-03 D, less than 11 h 00 min$" \
	"a night shift right after a day shift the same day is flagged too"
unlike "$OUT" "wang has .* after 2026-12-01 D" "12 hours off between two day shifts is enough"
like "$OUT" "^2 shifts too soon after the one before, from 2026-12-02 to 2026-12-03$" "... and counts them"
as root roster check --from 2026-12-02 --to 2026-12-02 --json
like "$OUT" '\{"problem":"rest","login":"lina","day":"2026-12-02","shift":"D","after_day":"2026-12-01","after_shift":"N","rest_minutes":0,"min_rest_minutes":660\}' \
	"roster check --json has the rest problem"
as root roster check --from 2026-12-01 --to 2026-12-01
unlike "$OUT" "lina has" "a period that starts after the night shift's start still sees it the day after only"
as root leave add lina --from 2026-12-02 --reason 病假
as root roster check --from 2026-12-02 --to 2026-12-02
unlike "$OUT" "lina has" "a shift on leave is not worked, so it is not too soon"
sed '/^  min_rest:/d' "$TOP/config/workflow.yaml" >"$T/norest.yaml"
as root --rules "$T/norest.yaml" roster check --from 2026-12-03 --to 2026-12-03
unlike "$OUT" "too soon" "rules without min_rest check no rest"

# --- overlapping leave ------------------------------------------------------------------
as root leave add zhao --from 2026-12-10 --to 2026-12-12 --reason 年假
is "$RC" 0 "leave 10-12 December recorded"
leaves=$(sql "SELECT count(*) FROM leave")
as root leave add zhao --from 2026-12-12 --to 2026-12-14 --reason 培训
is "$RC" 1 "leave overlapping it by one day: exit 1"
like "$ERR" "^opsdesk: zhao already has leave [0-9]+ from 2026-12-10 to 2026-12-12, which overlaps 2026-12-12 to 2026-12-14: nothing was recorded$" \
	"... naming the leave it overlaps"
as zhao leave add zhao --from 2026-12-09 --to 2026-12-20 --reason 长假
is "$RC" 1 "leave around it: exit 1"
is "$(sql "SELECT count(*) FROM leave")" "$leaves" "nothing was recorded"
as root leave add zhao --from 2026-12-13 --to 2026-12-14 --reason 培训
is "$RC" 0 "leave starting the day after: recorded"

# --- the handover's author does not acknowledge it ----------------------------------
# 09:00 on 21 November: zhao works the day and the night shift, wang the night
as root roster set 2026-11-21 zhao D,N
as root roster set 2026-11-21 wang N
as zhao handover note "核心交换机告警，待厂商回电"
is "$RC" 0 "zhao notes an item on the day shift"
as root handover note "机房空调巡检" --shift 2026-11-21/D
is "$RC" 0 "root (roster.manage) adds a note to the same shift"
OPSDESK_NOW=2026-11-21T20:05:00+08:00 as zhao handover ack
is "$RC" 1 "zhao, on the incoming night shift too, cannot acknowledge the handover he wrote: exit 1"
is "$ERR" "opsdesk: you wrote the handover notes of 2026-11-21/D: someone of the incoming shift acknowledges them, not their author" \
	"... says why"
OPSDESK_NOW=2026-11-21T20:05:00+08:00 as root handover ack --shift 2026-11-21/D
is "$RC" 1 "root, who may acknowledge any shift, cannot acknowledge one he wrote a note on"
is "$(sql "SELECT count(*) FROM handover_ack")" 0 "no acknowledgement recorded"
OPSDESK_NOW=2026-11-21T20:05:00+08:00 as wang handover ack
is "$RC:$(sql "SELECT incoming FROM handover_ack")" "0:wang" "wang of the incoming shift acknowledges it"

# --- assigning to someone neither on duty nor on call ---------------------------------
# 09:00: lina has no shift today or tonight, zhao is on duty
as root incident new --title 核心交换机端口闪断 --category other
as root do INC-1 assign --set assignee=lina
is "$RC" 0 "assigning to lina, who is off: done (exit 0)"
is "$OUT" "INC-1: assign done, now assigned" "... as usual on stdout"
is "$ERR" "opsdesk: note: INC-1 went to lina, who is neither on duty nor on call for the next shift" \
	"... and the output says she is neither on duty nor on call"
as root incident new --title 打印机卡纸 --category other
as root do INC-2 assign --set assignee=zhao
is "$ERR" "" "assigning to zhao, on duty now: no note"
as root incident new --title 邮件延迟 --category other
as root do INC-3 assign --set assignee=wang
is "$ERR" "" "assigning to wang, on the next shift (on call): no note"

done_testing
