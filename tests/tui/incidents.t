#!/bin/sh
# Screen 2, the incidents, in a real terminal: the queue with Chinese
# summaries aligned; the intake form (quick with only the summary, and full,
# the priority changing live as impact and urgency change); the record
# screen with its action form, required fields, comments; search in the
# database; the filter form; another session's changes showing up without a
# key press, a stale save refused keeping what was typed; and a dropped
# session's intake kept as a draft.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
new() { t=$1; shift; OPSDESK_NOW="2026-11-21T$t:00+08:00" "$OPSDESK_BIN" incident new "$@" >/dev/null; }
new 03:00 --title 夜间存储告警 --impact high --urgency high          # INC-1 P1, due 07:00: breached at 09:00
new 08:00 --title 核心交换机宕机 --impact high --urgency high        # INC-2 P1, due 12:00
new 08:10 --title 三楼打印机卡纸                                    # INC-3 P4
new 08:20 --title 'VPN 客户端 mixed 中英 text'                      # INC-4 P4
new 08:30 --title 财务系统报表导出缓慢 --impact medium --urgency medium   # INC-5 P3
OPSDESK_USER=zhangwei "$OPSDESK_BIN" do INC-4 assign --set assignee=wangfang >/dev/null
OPSDESK_USER=zhangwei "$OPSDESK_BIN" do INC-5 assign --set assignee=lina >/dev/null

# the line (0-based) of the screen showing PATTERN first
screen_line() { tui_screen | grep -n -E -m1 -- "$1" | cut -d: -f1 | awk '{ print $1 - 1 }'; }
cursor() { tmux_ display-message -p -t t '#{cursor_x},#{cursor_y}'; }

tui_start 120 32
tui_wait 'Dashboard'
ok $? "the console starts"
tui_keys 2
tui_wait '财务系统报表导出缓慢'
ok $? "2 shows the incident queue"

# --- the queue ---------------------------------------------------------------------------
screen=$(tui_screen)
like "$screen" '^5 incidents' "the heading counts the open incidents"
is "$(printf '%s\n' "$screen" | sed -n 's/^\(INC-[0-9]*\) .*/\1/p' | tr '\n' ' ')" \
	"INC-1 INC-2 INC-5 INC-3 INC-4 " "most urgent first, older first within a priority"
is "$(display_col "$screen" 'INC-5 ' 'lina')" "$(display_col "$screen" 'ID ' 'Assignee')" \
	"after a Chinese summary the assignee starts under its heading"
is "$(display_col "$screen" 'INC-4 ' 'wangfang')" "$(display_col "$screen" 'ID ' 'Assignee')" \
	"after a summary mixing Chinese and ASCII too"
is "$(display_col "$screen" 'INC-3 ' '11-27 17:30')" "$(display_col "$screen" 'INC-4 ' '11-27 17:30')" \
	"the due times line up whatever the summary before them"
is "$(display_col "$screen" 'INC-1 ' '! 11-21 07:00')" "$(display_col "$screen" 'ID ' 'Resolution due')" \
	"a breached clock is marked with ! under Resolution due"
like "$screen" '^INC-2 +P1 +新建 +核心交换机宕机 ' "a row: reference, priority, state name, summary"

# --- quick intake: only the summary ----------------------------------------------------------
tui_keys n
tui_wait 'New incident'
ok $? "n opens the intake form"
is "$(cursor)" "14,$(screen_line 'Summary\*')" "the cursor is in the Summary field"
like "$(tui_screen)" 'Priority +P4 低' "the priority shown is the defaults' P4"
tui_type '机房空调漏水'
tui_keys C-s
tui_wait 'Recorded INC-6'
ok $? "Ctrl-S right away saves a quick intake and says so"
tui_wait '^INC-6 +P4 +新建 +机房空调漏水'
ok $? "the new incident is in the queue"
is "$(sql "SELECT summary || '|' || reporter || '|' || channel || '|' || category || '|' || impact || '|' || urgency || '|' || priority || '|' || state FROM incident WHERE id = 6")" \
	'机房空调漏水|root|phone|other|low|medium|P4|new' "the database has it with every default"
is "$(sql "SELECT count(*) FROM audit WHERE record = 'INC-6'")" 1 "and one audit entry"

# --- the full intake form ----------------------------------------------------------------------
tui_keys n
tui_wait 'New incident'
tui_type '数据库连接池耗尽'
tui_keys Tab
tui_type '应用日志报错'
tui_keys Enter
tui_type '所有凭证无法保存'
tui_keys Tab C-u
tui_type '李主任'
tui_keys Tab
tui_type '财务处'
tui_keys Tab
tui_type '010-6000-1234'
tui_keys Tab Right           # channel: phone -> email
tui_wait 'Channel\* +< 邮件 >'
ok $? "Right changes the channel"
tui_keys Tab Tab Tab Left    # occurred, CI, category: other -> security
tui_wait 'Category\* +< 安全事件 >'
ok $? "Left changes the category"
tui_keys Tab Right           # impact: low -> high (the choices wrap)
tui_wait 'Impact\* +< 大范围'
tui_wait 'Priority +P2 高'
ok $? "impact high with urgency medium: the Priority field shows P2 at once"
tui_keys Tab Left            # urgency: medium -> high
tui_wait 'Priority +P1 紧急'
ok $? "urgency high too: it shows P1"
tui_keys Left                # urgency: high -> low (wraps)
tui_wait 'Priority +P3 中'
ok $? "urgency low: P3"
tui_keys Right
tui_wait 'Priority +P1 紧急'
tui_keys C-s
tui_wait 'Recorded INC-7'
ok $? "the full form saves"
is "$(sql "SELECT summary || '|' || reporter || '|' || department || '|' || contact || '|' || channel || '|' || category || '|' || impact || '|' || urgency || '|' || priority FROM incident WHERE id = 7")" \
	'数据库连接池耗尽|李主任|财务处|010-6000-1234|email|security|high|high|P1' \
	"the database has every field as chosen, and the priority shown"
is "$(sql "SELECT description FROM incident WHERE id = 7")" '应用日志报错
所有凭证无法保存' "the description keeps its two lines"

# --- the record: Enter, actions, comments ---------------------------------------------------------
tui_wait '^INC-7 '
tui_keys g j
tui_keys Enter
tui_wait 'INC-2  核心交换机宕机'
ok $? "Enter opens the selected incident"
like "$(tui_screen)" 'Resolution +on time, due 2026-11-21 12:00' "with its resolution clock"

tui_keys t
tui_wait 'Action on INC-2'
ok $? "t opens the action form"
like "$(tui_screen)" 'Action\* +< 指派 >' "the first action open to a manager in state new is 指派"
like "$(tui_screen)" 'Needs +assignee' "the form says what it needs"
tui_keys C-s
tui_wait "required by 'assign'"
ok $? "saving without the assignee shows the rule's message"
is "$(sql "SELECT state || ' ' || version FROM incident WHERE id = 2")" "new 1" "and nothing was saved"
tui_type '芳'                  # the cursor went to the field named
tui_wait '< 王芳 \(wangfang\) >'
ok $? "typing part of a name finds the person"
tui_keys C-s
tui_wait 'wangfang is neither on duty nor on call for the next shift; save again to assign anyway'
ok $? "giving it to someone off duty (no roster here) is asked first"
is "$(sql "SELECT state || ' ' || version FROM incident WHERE id = 2")" "new 1" "and not yet saved"
tui_keys C-s
tui_wait 'Assignee +王芳 \(wangfang\)'
ok $? "Ctrl-S takes the action; the record shows the assignee"
is "$(sql "SELECT state || ' ' || assignee FROM incident WHERE id = 2")" "assigned wangfang" \
	"the database has it assigned"

tui_keys t
tui_wait 'Action on INC-2'
tui_keys Right
tui_wait 'Action\* +< 开始处理 >'
ok $? "Right chooses the next action"
like "$(tui_screen)" 'Needs +nothing more' "start needs nothing more"
tui_keys C-s
tui_wait '处理中  P1'
ok $? "started: the record shows 处理中"

tui_keys t
tui_wait 'Action on INC-2'
tui_keys Right Right
tui_wait 'Action\* +< 解决 >'
like "$(tui_screen)" 'Needs +cause, resolution, recovery_test' "resolve needs cause, resolution, recovery_test"
tui_keys C-s
tui_wait "cause: required by 'resolve'"
ok $? "saving without them names the first missing field"
like "$(tui_screen)" "^ +required by 'resolve' \(解决\)" "... and shows the message under it"
is "$(sql "SELECT state FROM incident WHERE id = 2")" "in_progress" "nothing was saved"
tui_type '主控板故障'          # the cursor went to the field named
tui_keys Tab
tui_type '切换到备用主控板'
tui_keys Tab
tui_type '连续 ping 无丢包'
tui_keys C-s
tui_wait '已解决  P1'
ok $? "with the three fields the incident is resolved"
is "$(sql "SELECT state || '|' || cause || '|' || resolution || '|' || recovery_test FROM incident WHERE id = 2")" \
	'resolved|主控板故障|切换到备用主控板|连续 ping 无丢包' "the database has the fields typed"

tui_keys c
tui_wait 'Comment on INC-2'
ok $? "c opens the comment form"
tui_type '已通知网络组复盘'
tui_keys Enter
tui_type '请值班员回访用户'
tui_keys C-s
# the typed text is on screen before the save too, in the form, behind its
# label; alone on a line it is the journal's
tui_wait '^ +已通知网络组复盘$'
ok $? "the comment appears in the journal, with its first line"
like "$(tui_screen)" '^ +请值班员回访用户$' "and its second"
is "$(sql "SELECT text FROM journal WHERE record = 'INC-2' AND kind = 'comment'")" '已通知网络组复盘
请值班员回访用户' "the database has both lines"
is "$(sql "SELECT count(*) FROM audit WHERE record = 'INC-2'")" 5 \
	"one audit entry each: intake, assign, start, resolve, comment"

# --- search in the database --------------------------------------------------------------------------
tui_keys q
tui_wait '^7 incidents'
ok $? "q goes back to the queue"
tui_keys /
tui_type '报表'
tui_keys Enter
tui_wait "1 incident contains '报表'"
ok $? "/ with a 2-character term searches"
screen=$(tui_screen)
like "$screen" '^INC-5 ' "the queue shows the incident with it"
unlike "$screen" '^INC-[1234] ' "and no other"
tui_keys Escape
tui_wait '^INC-3 ' 3
ok $? "Esc clears the search: the whole queue is back"
tui_keys / C-u
tui_type '回访用户'
tui_keys Enter
tui_wait "1 incident contains '回访用户'"
ok $? "/ with a 4-character term found only in a comment"
screen=$(tui_screen)
like "$screen" '^INC-2 ' "finds the commented incident"
unlike "$screen" '^INC-[13-7] ' "and no other"
tui_keys / C-u
tui_type '数据中心停电'
tui_keys Enter
tui_wait "0 incidents contain"
ok $? "a term found nowhere leaves the queue empty"
tui_keys / C-u Enter
tui_wait '^INC-3 '
ok $? "an empty search shows everything again"

# --- another session's new incident shows up by itself -----------------------------------------------
"$OPSDESK_BIN" incident new --title 另一会话登记的故障 >/dev/null
tui_wait '另一会话登记的故障' 5
ok $? "an incident recorded by another session appears without a key press"

# --- the filter form: breached only -------------------------------------------------------------------
tui_keys f
tui_wait 'Filter the incidents'
ok $? "f opens the filter form"
tui_keys Tab Tab Tab Right
tui_wait 'Show\* +< breached'
tui_keys C-s
tui_wait '^[0-9]+\+? incidents, [^(]*breached' 5
ok $? "the queue says it shows breached incidents only"
screen=$(tui_screen)
like "$screen" '^INC-1 ' "the breached one (due 07:00) is shown"
unlike "$screen" '^INC-[2-8] ' "no incident on time is shown"
unlike "$screen" 'exit [0-9]' "the console is still running"
tui_stop

# --- s sorts the queue --------------------------------------------------------------------------------
tui_start 120 32
tui_wait 'Dashboard'
tui_keys 2
tui_wait 'incidents, most urgent first'
tui_keys s
tui_wait 'incidents, newest first' 5
ok $? "s sorts newest first"
like "$(tui_screen | grep -m1 '^INC-')" '^INC-8 ' "the newest incident comes first"
tui_keys s
tui_wait 'incidents, due soonest first' 5
ok $? "s again sorts by due time"
like "$(tui_screen | grep -m1 '^INC-')" '^INC-1 ' "the clock due soonest (07:00) comes first"
unlike "$(tui_screen)" 'exit [0-9]' "the console is still running"
tui_stop

# --- two sessions: a stale edit is refused, the typed text stays -----------------------------------------
tui_start 120 32
tui_wait 'Dashboard'
tui_keys 2
tui_wait '三楼打印机卡纸'
tui_keys /
tui_type '打印机卡纸'
tui_keys Enter
tui_wait "1 incident contains"
tui_keys Enter
tui_wait 'INC-3  三楼打印机卡纸'
tui_keys e
tui_wait 'Edit INC-3'
ok $? "e opens the edit form"
tui_keys End
tui_type '（东侧）'
OPSDESK_USER=ouyang "$OPSDESK_BIN" do INC-3 assign --set assignee=lina >/dev/null
tui_keys C-s
tui_wait 'changed by ouyang' 5
ok $? "saving over ouyang's newer change is refused, naming him"
like "$(tui_screen)" 'Summary\* +三楼打印机卡纸（东侧）' "the form is still open with what was typed"
is "$(sql "SELECT summary || '|' || assignee || '|' || version FROM incident WHERE id = 3")" \
	'三楼打印机卡纸|lina|2' "ouyang's change stands and nothing was overwritten"
like "$(tui_screen)" 'Reload it, keeping what you typed' "the refusal offers to reload"
tui_keys n
tui_wait 'Not reloaded: your input stays'
ok $? "n declines, and what was typed stays"
tui_keys Escape
tui_wait 'Discard your changes\? \(y/n\)'
tui_keys y
tui_wait 'INC-3  三楼打印机卡纸'
ok $? "Esc, y drops the edit and shows the record, reloaded"
like "$(tui_screen)" 'Assignee +李娜 \(lina\)' "with ouyang's change"
tui_stop

# --- SIGHUP during the intake form keeps a draft ------------------------------------------------------------
tui_start 120 32
tui_wait 'Dashboard'
tui_keys 2 n
tui_wait 'New incident'
tui_type '机房温度过高'
tui_keys Tab
tui_type '空调停机'
kill -HUP "$(tui_pid)"
tui_wait '\[exit 1\]' 3
ok $? "SIGHUP ends the console within a second or so"
is "$(sql "SELECT login || ' ' || form FROM draft")" 'root incidents.new' "the intake was kept as a draft"
like "$(sql "SELECT data FROM draft")" '机房温度过高' "with the summary typed"
is "$(sql "SELECT count(*) FROM incident WHERE summary = '机房温度过高'")" 0 "and no incident was recorded"
tui_stop

tui_start 120 32
tui_wait 'Restore the unsaved input kept from 2026-11-21 09:00\? \(y/n\)'
ok $? "the next start offers the draft back"
tui_keys y
tui_wait 'Summary\* +机房温度过高'
ok $? "y restores the summary"
like "$(tui_screen)" 'Description +空调停机' "and the description"
tui_keys C-s
tui_wait 'Recorded INC-9'
ok $? "and it saves"
is "$(sql "SELECT summary || '|' || description FROM incident WHERE id = 9")" '机房温度过高|空调停机' \
	"the database has what was typed before the hang-up"
is "$(sql "SELECT count(*) FROM draft")" 0 "the draft is gone"
tui_keys q q
tui_wait '\[exit 0\]'
ok $? "q q quits with status 0"
done_testing
