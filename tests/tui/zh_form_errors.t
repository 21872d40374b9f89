#!/bin/sh
# The Chinese interface's messages name their field with a full-width
# colon ("assignee：..."); the form still shows each under its field, not
# on the status line.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
OPSDESK_NOW=2026-11-21T08:00:00+08:00 "$OPSDESK_BIN" incident new --title 核心交换机宕机 \
	--impact high --urgency high >/dev/null

tui_start 100 30 LC_ALL= LANG=zh_CN.UTF-8
tui_wait '总览'
ok $? "the console starts in Chinese"
tui_keys 2
tui_wait '核心交换机宕机'
tui_keys Enter
tui_wait 'INC-1  核心交换机宕机'
tui_keys t
tui_wait '指派'
tui_keys Tab
tui_type '芳'
tui_wait '王芳 \(wangfang\)'
ok $? "the assignee is picked by part of the name"
tui_keys C-s
tui_wait '既不在当前值班'
ok $? "saving to someone off duty (no roster) is asked first, in Chinese"
screen=$(tui_screen)
field=$(printf '%s\n' "$screen" | grep -n -m1 '王芳 (wangfang)' | cut -d: -f1)
like "$(printf '%s\n' "$screen" | sed -n "$((field + 1))p")" '^ +wangfang 既不在当前值班' \
	"the message stands under the assignee, without its field name"
is "$(sql "SELECT state FROM incident WHERE id = 1")" new "nothing was saved yet"
tui_keys C-s
# the form closes onto the record, whose key line says so (the assignee's
# name was on the form already)
tui_wait 'q 返回'
is "$(sql "SELECT state || ' ' || assignee FROM incident WHERE id = 1")" "assigned wangfang" \
	"the second save assigns"

done_testing
