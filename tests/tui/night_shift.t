#!/bin/sh
# What a night shift tripped over, in a real terminal: the names on duty
# whole in the top bar (the rest counted) and wrapped on the dashboard at 80
# columns; the incident list's columns giving way at 60 so the summary
# stays readable; a new urgent incident from another session announced on
# the status line with the bell (which the site can turn off); quitting
# asks while a form holds unsaved input; a form's own keys on the status
# line; journal lines with names instead of ids.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
for p in "lina 李娜 network_engineer" "wangwei 王伟 duty_operator" "zhaoliu 赵六 duty_operator" \
	"ouyang 欧阳明华 ops_manager" "sunli 孙丽 system_engineer" "zhoujie 周杰 network_engineer"; do
	set -- $p
	"$OPSDESK_BIN" staff add "$1" --name "$2" --roles "$3" >/dev/null
	"$OPSDESK_BIN" roster set 2026-11-21 "$1" D >/dev/null
done
"$OPSDESK_BIN" incident new --title 三楼打印机卡纸 >/dev/null
OPSDESK_USER=ouyang "$OPSDESK_BIN" do INC-1 assign --set assignee=lina --set category=network >/dev/null
top_bar() { tui_screen | head -1; }

# --- on-duty names at 80 columns ----------------------------------------------------------------
tui_start 80 24
tui_wait Dashboard
like "$(top_bar)" '白班: 李娜( [^ ~]+)* \+[0-9]+ +root' "the top bar shows whole names on duty and counts the rest"
unlike "$(top_bar)" '白班:[^+]*~' "no name is cut"
screen=$(tui_screen)
for name in '李娜 \(lina\)' '王伟 \(wangwei\)' '赵六 \(zhaoliu\)' '欧阳明华 \(ouyang\)' '孙丽 \(sunli\)' '周杰 \(zhoujie\)'; do
	like "$screen" "$name" "the dashboard names $name on duty, wrapping instead of cutting"
done

# --- journal lines with names --------------------------------------------------------------------
tui_keys 2
tui_wait 'INC-1 '
tui_keys Enter
tui_wait 'INC-1  三楼打印机卡纸'
like "$(tui_screen)" 'Assignee +李娜 \(lina\)' "the record names the assignee"
like "$(tui_screen)" '09:00  欧阳明华 \(ouyang\)' "a journal line names who did it"
like "$(tui_screen)" 'assignee: 李娜; category: 网络故障' \
	"and shows the assignee and category by name, not id"

# --- a form's keys; quitting asks while it holds unsaved input ------------------------------------------
tui_keys e
tui_wait 'Edit INC-1'
like "$(tui_screen | tail -1)" '^Keys type text here   Tab: move   Ctrl-S/F2: save   Esc: cancel   F1: help' \
	"in a form the status line shows the form's own keys, not q and the digits"
tui_keys End
tui_type 东侧
tui_keys F1
tui_wait 'Keys \(q or Esc closes this help\)'
tui_keys C-c
tui_wait 'A form has unsaved changes. Quit opsdesk and lose them\? \(y/n\)'
ok $? "Ctrl-C over a form with unsaved input asks first"
tui_keys n
tui_keys q
tui_wait 'Summary\* +三楼打印机卡纸东侧'
ok $? "n keeps the console and the form with what was typed"
unlike "$(tui_screen)" 'exit [0-9]' "the console is still running"
tui_keys Escape
tui_wait 'Discard your changes'
tui_keys y
tui_wait 'INC-1  三楼打印机卡纸'
tui_stop

# --- a new urgent incident from another session ---------------------------------------------------
tui_start 100 30
tui_wait Dashboard
is "$(tmux_ display-message -p -t t '#{window_bell_flag}')" 0 "no bell at the start"
echo '{"source":"zabbix","key":"core/down","severity":"disaster","summary":"核心交换机宕机"}' |
	OPSDESK_USER=wangwei "$OPSDESK_BIN" alert >/dev/null
tui_wait 'New urgent incident INC-2 P1: 核心交换机宕机' 5
ok $? "an alert's P1 is announced on the status line without a key press"
is "$(tmux_ display-message -p -t t '#{window_bell_flag}')" 1 "with the bell"
"$OPSDESK_BIN" incident new --title 自己记录的工单 --impact high --urgency high >/dev/null
OPSDESK_USER=wangwei "$OPSDESK_BIN" incident new --title 鼠标失灵 >/dev/null
tui_wait 'Incidents +4 open' 5
unlike "$(tui_screen | tail -2)" 'New urgent incident INC-[34]' "a P4, or one this user recorded, is not announced"
tui_stop

# the site turns the bell off
sed 's/^  timezone: Asia\/Shanghai.*/&\n  bell: false/' "$TOP/config/workflow.yaml" > "$T/quiet.yaml"
"$OPSDESK_BIN" --rules "$T/quiet.yaml" check-rules >/dev/null
ok $? "site.bell: false is valid rules"
tui_start 100 30 OPSDESK_RULES="$T/quiet.yaml"
tui_wait Dashboard
echo '{"source":"zabbix","key":"db/down","severity":"disaster","summary":"数据库宕机"}' |
	OPSDESK_USER=wangwei "$OPSDESK_BIN" alert >/dev/null
tui_wait 'New urgent incident INC-5 P1: 数据库宕机' 5
ok $? "with the bell off the notice still shows"
is "$(tmux_ display-message -p -t t '#{window_bell_flag}')" 0 "but the bell stays quiet"
tui_stop

# --- the incident list at 60 columns ----------------------------------------------------------------
tui_start 60 20
tui_wait 信息中心运维值班台
tui_keys 2
tui_wait '^ID '
head=$(tui_screen | grep '^ID ')
unlike "$head" ' CI ' "at 60 columns the CI column gives way"
summary=$(display_col "$head" 'ID ' 'Summary')
next=$(printf '%s\n' "$head" | perl -e '$_ = <STDIN>; /Summary( +)/; print length("Summary") + length($1)')
test "$next" -ge 15
ok $? "the summary keeps a useful width ($next cells)"
like "$head" 'Resolution due' "the due time stays"
tui_stop

done_testing
