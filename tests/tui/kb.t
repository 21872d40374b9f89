#!/bin/sh
# Screen 8, the knowledge base, in Chinese at 80x24: the list newest first
# with its columns aligned by display width, f showing only one type, /
# searching the database for 2- and 4-character Chinese terms, Enter
# reading an article with its version, e editing it into a new version
# (checked in the database), h listing its versions and Enter showing the
# old text, a save over another session's newer edit refused, d the
# drills, and a major incident's screen showing its CI's plan.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
OPSDESK_USER=root "$OPSDESK_BIN" asset add DB-01 --name 核心数据库 --class server >/dev/null
"$OPSDESK_BIN" kb new --title 数据库连接池耗尽的处理 --symptom 应用报数据库连接超时 \
	--cause 连接泄漏 --solution 重启连接池 >/dev/null
"$OPSDESK_BIN" kb new --title 打印机卡纸 --solution 取出卡纸 >/dev/null
"$OPSDESK_BIN" staff add lina --name 李娜 --roles duty_operator >/dev/null
OPSDESK_USER=lina "$OPSDESK_BIN" kb new --type plan --title 核心数据库宕机应急预案 --trigger 主库不可用 \
	--steps 切换到备库 --ci DB-01 >/dev/null
"$OPSDESK_BIN" drill new --title 主备切换演练 --date "2026-11-20 14:00" --plan KB-3 >/dev/null
"$OPSDESK_BIN" do KB-3 submit >/dev/null
"$OPSDESK_BIN" do KB-3 publish >/dev/null
"$OPSDESK_BIN" incident new --title 核心数据库主库宕机 --ci DB-01 --impact high --urgency high >/dev/null

tui_start 80 24 LC_ALL= LANG=zh_CN.UTF-8
tui_wait '总览'
tui_keys 8
tui_wait '3 条知识文章和应急预案，最新的在前'
ok $? "8 opens the knowledge base"
screen=$(tui_screen)
like "$screen" '^KB-3 +已发布 +应急预案 +核心数据库宕机应急预案 +lina +1$' "... newest first, with type, author and version"
is "$(printf '%s\n' "$screen" | grep -o '^KB-[0-9]' | tr '\n' ' ')" "KB-3 KB-2 KB-1 " "... in that order"
is "$(display_col "$screen" 'KB-2' '打印机卡纸')" "$(display_col "$screen" '编号' '标题')" \
	"... the title under its heading, by display width"
is "$(display_col "$screen" 'KB-3' 'lina')" "$(display_col "$screen" '编号' '作者')" \
	"... the author under its heading after a Chinese title"

tui_keys f
tui_wait '2 条知识文章，最新的在前'
ok $? "f shows only the articles"
unlike "$(tui_screen)" '^KB-3' "... not the plan"
tui_keys f
tui_wait '1 条应急预案'
ok $? "f again: only the plans"
tui_keys f
tui_wait '3 条知识文章和应急预案'

tui_keys /
tui_type '数据'
tui_keys Enter
tui_wait "搜索 '数据' 找到 2 条"
ok $? "a 2-character search finds two"
screen=$(tui_screen)
like "$screen" '^KB-3 ' "... the plan"
like "$screen" '^KB-1 ' "... and the article"
unlike "$screen" '^KB-2 ' "... not the other"
tui_keys /
tui_keys C-u
tui_type '数据库连'
tui_keys Enter
tui_wait "搜索 '数据库连' 找到 1 条"
ok $? "a 4-character search finds one"
like "$(tui_screen)" '^KB-1 +草稿 +知识文章 +数据库连接池耗尽的处理' "... the article"

tui_keys Enter
tui_wait 'KB-1  数据库连接池耗尽的处理'
ok $? "Enter reads the article"
screen=$(tui_screen)
like "$screen" '解决步骤 +重启连接池' "... its solution"
like "$screen" '版本 +第 1 版' "... its version"
tui_keys e
tui_wait '编辑 KB-1'
ok $? "e edits it"
unlike "$(tui_screen)" '触发条件' "... an article's form has no plan fields"
# to the solution: title, type, symptom, cause, solution
tui_keys Tab Tab Tab Tab
tui_keys End
tui_type '，并排查连接泄漏'
tui_keys C-s
tui_wait '版本 +第 2 版'
ok $? "saved: the article is at version 2"
is "$(sql "SELECT solution FROM kb WHERE id = 1")" "重启连接池，并排查连接泄漏" "sql: the new solution"
is "$(sql "SELECT group_concat(version) FROM kb_version WHERE kb_id = 1")" "1,2" "sql: both versions are kept"
tui_keys h
tui_wait 'KB-1：共 2 个版本'
ok $? "h lists the versions"
like "$(tui_screen)" '^ *1 +2026-11-21 09:00 +root +数据库连接池耗尽的处理' "... version 1 among them"
tui_keys j Enter
tui_wait 'KB-1 第 1 版'
ok $? "Enter shows version 1"
screen=$(tui_screen)
like "$screen" '重启连接池$' "... with its solution as it was"
unlike "$screen" '排查连接泄漏' "... not the new text"
tui_keys Escape
tui_keys q q
tui_wait '最新的在前'

# another session's newer edit is not overwritten
tui_keys /
tui_keys C-u
tui_keys Enter
tui_wait '3 条知识文章和应急预案'
tui_keys j Enter
tui_wait 'KB-2  打印机卡纸'
tui_keys e
tui_wait '编辑 KB-2'
OPSDESK_USER=lina "$OPSDESK_BIN" kb edit KB-2 --solution 取出卡纸并清洁搓纸轮 >/dev/null
tui_keys End
tui_type '（另一会话）'
tui_keys C-s
tui_wait 'KB-2 在您打开后被 lina'
ok $? "a save over another session's newer edit is refused, naming who"
is "$(sql "SELECT title || ' ' || solution FROM kb WHERE id = 2")" "打印机卡纸 取出卡纸并清洁搓纸轮" \
	"sql: the other session's edit stands"
is "$(sql "SELECT count(*) FROM kb_version WHERE kb_id = 2")" 2 "sql: ... as the one new version"
tui_keys n
tui_keys Escape
tui_wait '放弃您的修改？'
tui_keys y
tui_wait 'KB-2  打印机卡纸'

# L links the article to another record, from the console
tui_keys L
tui_wait '关联 KB-2'
ok $? "L opens the link form"
tui_keys Tab
tui_type 'INC-99'
tui_keys C-s
tui_wait '不存在 INC-99'
ok $? "a link to a record that does not exist is refused"
is "$(sql "SELECT count(*) FROM record_link WHERE from_ref = 'KB-2'")" 0 "sql: nothing linked"
tui_keys C-u
tui_type 'INC-1'
tui_keys Tab
tui_type '故障事件'
tui_keys C-s
tui_wait 'KB-2 和 INC-1 已关联'
ok $? "... and one that does is linked"
is "$(sql "SELECT from_role || ' ' || to_ref || ' ' || to_role FROM record_link WHERE from_ref = 'KB-2'")" \
	"故障事件 INC-1 故障事件" "sql: with what it is to the article"
tui_keys q
tui_wait '最新的在前'
tui_keys d
tui_wait '1 条演练'
ok $? "d shows the drills"
like "$(tui_screen)" '^DRL-1 +计划中 +2026-11-20 14:00 +主备切换演练 +KB-3' "... the drill and its plan"

# a major incident on the plan's CI shows the plan on its screen
tui_keys 2
tui_wait 'INC-1'
tui_keys Enter
tui_wait 'INC-1  核心数据库主库宕机'
tui_keys G
tui_wait '应急预案（K：知识库）'
ok $? "the major incident's screen shows its CI's emergency plan"
screen=$(tui_screen)
like "$screen" 'KB-3  核心数据库宕机应急预案' "... the plan's reference and title"
like "$screen" '触发条件 +主库不可用' "... its trigger"
like "$screen" '处置步骤 +切换到备库' "... and its steps"

done_testing
