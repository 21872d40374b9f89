#!/bin/sh
# Resolving an incident with a knowledge-base article in the console, in
# Chinese at 80x24: K on an incident opens the knowledge base searched
# for the longest part of the incident's summary that finds an article,
# in the search prompt to change; the matching article is listed, Enter reads it, u opens the resolve action
# with the article's solution and cause filled in, and saving resolves the
# incident and links the article (checked through the CLI).
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
OPSDESK_USER=root "$OPSDESK_BIN" asset add DB-01 --name 核心数据库 --class server >/dev/null
"$OPSDESK_BIN" kb new --title 数据库连接池耗尽的处理 --symptom 应用报数据库连接超时 \
	--cause 连接泄漏导致连接池耗尽 --solution 重启应用连接池并调大最大连接数 >/dev/null
"$OPSDESK_BIN" kb new --title 打印机卡纸 --solution 取出卡纸并清洁定影器 >/dev/null
"$OPSDESK_BIN" incident new --title 订单系统数据库连接超时 --ci DB-01 >/dev/null
"$OPSDESK_BIN" do INC-1 assign --set assignee=root >/dev/null
"$OPSDESK_BIN" do INC-1 start >/dev/null

tui_start 80 24 LC_ALL= LANG=zh_CN.UTF-8
tui_wait '总览'
tui_keys 2
tui_wait 'INC-1'
tui_keys Enter
tui_wait 'INC-1  订单系统数据库连接超时'
ok $? "the incident is open"
tui_keys K
tui_wait 'INC-1'
ok $? "K opens the knowledge base for the incident"
tui_wait '^搜索.*：数据库连接超时$'
ok $? "... with the longest part of its summary that finds an article in the search prompt"
tui_wait 'KB-1 .*数据库连接池耗尽的处理'
ok $? "... and that article listed"
unlike "$(tui_screen)" 'KB-2' "... and not the other"
tui_keys C-u
tui_type '打印机'
tui_keys Enter
tui_wait 'KB-2 .*打印机卡纸'
ok $? "the prompt searches for what the operator types instead"
tui_keys / C-u
tui_type '数据库连接'
tui_keys Enter
tui_wait 'KB-1 .*数据库连接池耗尽的处理'
ok $? "... and again"
tui_keys Enter
tui_wait '重启应用连接池并调大最大连接数'
ok $? "Enter reads the article"
tui_keys q
tui_wait 'KB-1 .*数据库连接池耗尽的处理'
tui_keys u
tui_wait 'INC-1：用 KB-1 解决'
ok $? "u opens the resolve action with the article"
screen=$(tui_screen)
like "$screen" '解决' "... the resolving action chosen"
like "$screen" '重启应用连接池并调大最大连接数' "... the solution as the resolution"
like "$screen" '连接泄漏导致连接池耗尽' "... the cause as the cause"
is "$(sql "SELECT state FROM incident")" in_progress "sql: nothing is stored before saving"
tui_keys C-s
tui_wait "'resolve'（解决）必填"
ok $? "the recovery test the rules require is asked for"
screen=$(tui_screen)
field=$(printf '%s\n' "$screen" | grep -n -m1 '恢复验证' | cut -d: -f1)
like "$(printf '%s\n' "$screen" | sed -n "$((field + 2))p")" "必填" "... under its field"
is "$(sql "SELECT state FROM incident")" in_progress "sql: nothing is stored by the refused save"
tui_type '订单提交已验证正常'
tui_keys C-s
tui_wait '编号 +状态 +类型'
ok $? "the saved form goes back to the list of articles"
run show INC-1
like "$OUT" '^state +已解决|resolved' "the incident is resolved (CLI)"
like "$OUT" '^resolution +重启应用连接池并调大最大连接数' "... with the article's solution"
like "$OUT" '^cause +连接泄漏导致连接池耗尽' "... and its cause"
like "$OUT" '^links +KB-1 \(article\)' "... and linked to the article"
run show KB-1
like "$OUT" '^links +INC-1 \(incident\)' "the article links back to the incident"

done_testing
