#!/bin/sh
# Emergency drills (DRL-n): a drill exercises an emergency plan of the
# knowledge base (an article, another kind or a missing one is refused,
# nothing stored), is linked to it, is held with what worked and what did
# not, and opens a change as its follow-up action, linked to the drill.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles duty_operator
run staff add zhou --name 周经理 --roles ops_manager
run asset add DB-01 --name 核心数据库主库 --class server
export OPSDESK_USER=lina
run kb new --type plan --title 核心数据库宕机应急预案 --trigger 主库不可用 --steps 切换到备库 --ci DB-01
run kb new --title 数据库连接池耗尽 --solution 重启连接池
run incident new --title 数据库告警

# --- refused -------------------------------------------------------------------------
run drill new --title 主备切换演练 --date "2026-11-20 14:00"
is "$RC" 2 "no --plan is a usage error"
like "$ERR" "'drill new' needs --plan" "... naming the option"
run drill new --title 主备切换演练 --date "2026-11-20 14:00" --plan KB-2
is "$RC" 1 "an article that is not a plan is refused"
like "$ERR" "plan: KB-2 is an article of type article, not an emergency plan \(type plan\)" "... saying why"
run drill new --title 主备切换演练 --date "2026-11-20 14:00" --plan KB-9
is "$RC" 1 "a plan that does not exist is refused"
like "$ERR" "plan: there is no knowledge-base article KB-9" "... naming it"
run drill new --title 主备切换演练 --date "2026-11-20 14:00" --plan INC-1
like "$ERR" "plan: 'INC-1' names no knowledge-base article \(KB-n\)" "another kind is refused"
run drill new --title 主备切换演练 --date 昨天 --plan KB-1
is "$RC" 1 "a date that is not a time is refused"
like "$ERR" "date: " "... naming the field"
is "$(sql "SELECT count(*) FROM drill")" 0 "sql: nothing stored"

# --- a drill ---------------------------------------------------------------------------
run drill new --title 主备切换演练 --date "2026-11-20 14:00" --plan kb-1 --participants 李娜,周经理 \
	--scenario 模拟主库宕机
is "$OUT" DRL-1 "drill new prints DRL-1"
is "$(sql "SELECT plan || ' ' || participants || ' ' || state FROM drill")" "KB-1 李娜,周经理 planned" \
	"sql: the drill, its plan spelt KB-1"
is "$(sql "SELECT from_role || ' ' || to_ref || ' ' || to_role FROM record_link WHERE from_ref = 'DRL-1'")" \
	"plan KB-1 drill" "sql: linked to its plan"
run show KB-1
like "$OUT" "^links +DRL-1 \(drill\)" "the plan shows its drill"
run drill show DRL-1
like "$OUT" "^DRL-1  主备切换演练$" "drill show"
like "$OUT" "^Held +2026-11-20 14:00$" "... when it was held"
like "$OUT" "^Plan +KB-1$" "... the plan"
run show DRL-1 --json
like "$OUT" '"ref":"DRL-1","kind":"drill"' "show DRL-1 --json"
like "$OUT" '"date":"2026-11-20T14:00:00\+08:00"' "... the date"

# held: what worked and what did not are required
as lina do DRL-1 hold
is "$RC" 1 "holding needs what worked and what did not"
like "$ERR" "worked" "... naming the field"
as lina do DRL-1 hold --set worked=切换在10分钟内完成 --set failed=备库监控未告警
is "$RC" 0 "the drill is held"
is "$(sql "SELECT state || ' ' || worked || ' ' || failed FROM drill")" "held 切换在10分钟内完成 备库监控未告警" \
	"sql: what worked and what did not"

# --- a follow-up change -------------------------------------------------------------------
run drill followup DRL-1 --title 增加备库监控
is "$RC" 2 "a follow-up without its kind is a usage error"
like "$ERR" "--change" "... naming the option"
run drill followup DRL-1 --change --title 增加备库监控 --set type=normal
is "$RC" 1 "a follow-up change missing its window is refused"
like "$ERR" "start: required" "... naming the field"
is "$(sql "SELECT count(*) FROM change")" 0 "sql: no change stored"
is "$(sql "SELECT count(*) FROM record_link WHERE from_ref = 'DRL-1'")" 1 "sql: no link either"
run drill followup DRL-1 --change --title 增加备库监控 --set type=normal \
	--set "start=2026-11-25 22:00" --set "end=2026-11-25 23:00" --set cis=DB-01
is "$OUT" CHG-1 "the follow-up change is CHG-1"
is "$(sql "SELECT title || ' ' || requester FROM change")" "增加备库监控 lina" "sql: the change, requested by lina"
is "$(sql "SELECT from_role || ' ' || to_ref || ' ' || to_role FROM record_link WHERE from_ref = 'DRL-1' AND to_ref = 'CHG-1'")" \
	"follow-up CHG-1 drill" "sql: linked to the drill"
run drill followup DRL-9 --change --title x
is "$RC" 1 "a follow-up of a drill that does not exist is refused"

# --- a follow-up problem --------------------------------------------------------------------
run drill followup DRL-1 --problem --title 备库监控为何未告警 --set category=nosuch
is "$RC" 1 "a follow-up problem with a bad category is refused"
is "$(sql "SELECT count(*) FROM problem")" 0 "sql: no problem stored"
run drill followup DRL-1 --problem --title 备库监控为何未告警 --set category=server \
	--set description=演练中备库延迟未触发告警
is "$OUT" PRB-1 "the follow-up problem is PRB-1"
is "$(sql "SELECT from_role || ' ' || to_ref || ' ' || to_role FROM record_link WHERE from_ref = 'DRL-1' AND to_ref = 'PRB-1'")" \
	"follow-up PRB-1 drill" "sql: linked to the drill"
run show PRB-1
like "$OUT" "DRL-1 \(drill\)" "the problem shows the drill it came from"

as zhou do DRL-1 close --set "follow_ups=CHG-1 增加备库监控"
is "$RC" 0 "the drill is closed with its follow-ups"

# --- the list ----------------------------------------------------------------------------
run drill new --title 网络演练 --date "2026-12-01 10:00" --plan KB-1
run drill list
like "$(printf '%s\n' "$OUT" | sed -n 1p)" "^REF +STATE +HELD +TITLE +PLAN$" "drill list heading"
like "$OUT" "^DRL-2 +计划中 +2026-12-01 10:00 网络演练 +KB-1$" "... the open drill"
unlike "$OUT" "^DRL-1" "... not the closed one"
run drill list --all --json
like "$OUT" '"ref":"DRL-1"' "drill list --all --json"
run drill list --before DRL-2 --all
like "$OUT" "^DRL-1 " "--before DRL-2"
run drill list --state nosuch
is "$RC" 2 "an unknown state is a usage error"

done_testing
