#!/bin/sh
# Screen 6, problems, in Chinese at 80x24: the dashboard names the
# recurring incidents no problem covers; c on screen 6 lists them, Enter
# opens a problem with the group's incidents linked; the problem's screen
# takes a why (w) and a fishbone note (f) and shows them; once solved it
# offers to resolve its open incidents (R) and becomes an article (A); the
# incident's screen shows the problem and its workaround.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

OPSDESK_USER=root "$OPSDESK_BIN" init >/dev/null
OPSDESK_USER=root "$OPSDESK_BIN" staff add lina --name 李娜 --roles duty_operator,ops_manager >/dev/null
OPSDESK_USER=root "$OPSDESK_BIN" asset add SRV-DB --name 核心数据库 --class server >/dev/null
export OPSDESK_USER=lina
for d in 18 19 20; do
	OPSDESK_NOW="2026-11-${d}T09:00:00+08:00" "$OPSDESK_BIN" incident new \
		--title "数据库连接超时（$d 日）" --ci SRV-DB --category server >/dev/null
done
"$OPSDESK_BIN" do INC-3 assign --set assignee=lina >/dev/null 2>&1
"$OPSDESK_BIN" do INC-3 start >/dev/null

tui_start 80 24 LC_ALL= LANG=zh_CN.UTF-8 OPSDESK_USER=lina
tui_wait '总览'
like "$(tui_screen)" '^  问题 +0 个未关闭，1 组重复事件尚无问题' "the dashboard counts the recurring incidents without a problem"
like "$(tui_screen)" 'SRV-DB 核心数据库 发生 3 起事件' "... and names the group"

tui_keys 6
tui_wait '个问题'
like "$(tui_screen)" 'c 重复事件：1' "screen 6 says there is a group to look at"
tui_keys c
tui_wait '组重复事件尚无问题'
like "$(tui_screen)" '^配置项 +SRV-DB 核心数据库 +3 7d +INC-1 INC-2 INC-3' "c lists the group: what is shared, how many, within what, which"
screen=$(tui_screen)
is "$(display_col "$screen" '依据' '次数')" "$(display_col "$screen" '配置项' '   3')" "... in aligned columns"
tui_keys Enter
tui_wait '由重复事件新建问题'
like "$(tui_screen)" '事件 +INC-1, INC-2, INC-3' "Enter opens a problem's form with the group's incidents"
like "$(tui_screen)" '标题\* +核心数据库（SRV-DB）重复故障' "... and a title proposed"
tui_keys Tab Tab
tui_type '三天内三次超时，业务受影响'
tui_keys C-s
tui_wait '已新建 PRB-1，关联 3 个事件'
ok $? "saving opens PRB-1 with the incidents linked"
is "$(sql "SELECT group_concat(to_ref) FROM record_link WHERE from_ref = 'PRB-1' ORDER BY to_ref")" \
	"INC-1,INC-2,INC-3" "sql: the three incidents are linked"
like "$(tui_screen)" '^0 组重复事件尚无问题' "the group is no longer suggested"

tui_keys c
tui_wait 'PRB-1'
tui_keys Enter
tui_wait 'PRB-1  核心数据库'
like "$(tui_screen)" '未解决事件（3）： INC-1 INC-2 INC-3' "the problem's screen lists its open incidents"
tui_keys w
tui_wait '下一个为什么'
tui_type '为什么连接超时'
tui_keys Tab
tui_type '连接池耗尽'
tui_keys C-s
tui_wait '1\. 为什么？为什么连接超时'
ok $? "w adds a why, shown on the problem"
like "$(tui_screen)" '因为 连接池耗尽' "... with its answer"
tui_keys f
tui_wait '鱼骨图记录'
tui_type '技术'
tui_keys Tab
tui_type '连接池上限过小'
tui_keys C-s
tui_wait '技术: 连接池上限过小'
ok $? "f adds a fishbone note under the category picked"
is "$(sql "SELECT kind || ':' || category || ':' || answer FROM problem_analysis ORDER BY seq")" \
	"why::连接池耗尽
fishbone:technology:连接池上限过小" "sql: both are stored in order"

# solved through the CLI meanwhile (another session): the screen follows
"$OPSDESK_BIN" problem edit PRB-1 --workaround 重启连接池服务 >/dev/null
"$OPSDESK_BIN" do PRB-1 investigate --set assignee=lina >/dev/null
"$OPSDESK_BIN" do PRB-1 cause_found --set root_cause=连接池上限过小 >/dev/null
"$OPSDESK_BIN" change new --title 扩大连接池 --type standard --ci SRV-DB \
	--start "2026-11-22 22:00" --end "2026-11-22 23:00" >/dev/null
"$OPSDESK_BIN" do PRB-1 fix --set fix=CHG-1 >/dev/null
"$OPSDESK_BIN" do PRB-1 verify >/dev/null
"$OPSDESK_BIN" do PRB-1 close --set verification=压测通过 --set closure=已修复 >/dev/null 2>&1
tui_wait 'PRB-1 已解决，仍有 3 个未解决的事件：按 R'
ok $? "a solved problem with open incidents offers to resolve them"
tui_keys R
tui_wait '用 PRB-1 解决其 3 个未解决的事件'
ok $? "R asks first"
tui_keys y
tui_wait '已解决 1/3 个事件'
ok $? "... and resolves the one that can be, saying why not the others"
is "$(sql "SELECT state FROM incident WHERE id = 3")" "resolved" "sql: INC-3 is resolved"
is "$(sql "SELECT state FROM incident WHERE id = 1")" "new" "sql: INC-1 stays as it was"
tui_keys A
tui_wait '把 PRB-1 写成知识库文章？'
ok $? "A asks to write the problem up as an article"
tui_keys y
tui_wait 'PRB-1 已写成 KB-1'
ok $? "... and does"
is "$(sql "SELECT cause || '|' || state FROM kb WHERE id = 1")" "连接池上限过小|draft" \
	"sql: the article has the root cause, as a draft to review"

tui_keys q 2
tui_wait '数据库连接超时（18 日）'
tui_keys g Enter
tui_wait 'INC-1  数据库连接超时'
like "$(tui_screen)" '^ 问题 +PRB-1 核心数据库（SRV-DB）重复故障 \(已关闭\)$' "the incident's screen shows its problem"
like "$(tui_screen)" '^ 临时方案 +重启连接池服务$' "... and the workaround"
tui_stop
done_testing
