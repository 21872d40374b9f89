#!/bin/sh
# A session dropped in the middle of a comment on an incident: the next
# start reopens that incident's comment form and offers the text back. The
# same for the action form; and a restored edit is saved against the
# version it was typed on, so another session's newer change is not
# overwritten.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
"$OPSDESK_BIN" incident new --title 核心交换机端口闪断 --impact high --urgency high >/dev/null

tui_start 100 30
tui_wait 'Dashboard'
tui_keys 2
tui_wait '核心交换机端口闪断'
tui_keys Enter
tui_wait 'Journal'
tui_keys c
tui_wait 'Comment on INC-1'
ok $? "c opens the comment form"
tui_type '已联系厂商，'
tui_keys Enter
tui_type '备件明早到'
kill -HUP "$(tui_pid)"
tui_wait '\[exit 1\]' 3
ok $? "SIGHUP ends the console"
is "$(sql "SELECT form FROM draft")" 'incidents.comment:INC-1' "the comment is kept as a draft of that incident's form"
tui_stop

tui_start 100 30
tui_wait 'Restore the unsaved input kept from 2026-11-21 09:00\? \(y/n\)'
ok $? "the next start reopens the comment form and offers the draft"
like "$(tui_screen)" 'Comment on INC-1' "on the right incident"
tui_keys y
tui_wait '备件明早到'
ok $? "the text comes back, both lines"
tui_keys C-s
tui_wait 'Journal'
tui_wait '备件明早到'
ok $? "and saving puts it in the journal"
is "$(sql "SELECT text FROM journal WHERE record = 'INC-1' AND kind = 'comment'")" '已联系厂商，
备件明早到' "as typed, on two lines"
is "$(sql "SELECT count(*) FROM draft")" 0 "the draft is gone"
tui_stop

# --- the action form keeps a draft too ------------------------------------------------
tui_start 100 30
tui_wait 'Dashboard'
tui_keys 2
tui_wait '核心交换机端口闪断'
tui_keys Enter
tui_wait 'Journal'
tui_keys t
tui_wait 'Action on INC-1'
tui_keys Tab Tab Tab
tui_type '主控板故障待查'
tui_wait '主控板故障待查'
kill -HUP "$(tui_pid)"
tui_wait '\[exit 1\]' 3
is "$(sql "SELECT form FROM draft")" 'incidents.action:INC-1' "a dropped action form is kept as a draft"
tui_stop
tui_start 100 30
tui_wait 'Restore the unsaved input'
like "$(tui_screen)" 'Action on INC-1' "the next start reopens the action form"
tui_keys y
tui_wait '主控板故障待查'
ok $? "with what was typed"
tui_keys Escape y
tui_stop
sql "DELETE FROM draft"

# --- a restored edit does not overwrite a newer change --------------------------------
tui_start 100 30
tui_wait 'Dashboard'
tui_keys 2
tui_wait '核心交换机端口闪断'
tui_keys Enter
tui_wait 'Journal'
tui_keys e
tui_wait 'Edit INC-1'
tui_keys End
tui_type '（二号楼）'
tui_wait '核心交换机端口闪断（二号楼）'
kill -HUP "$(tui_pid)"
tui_wait '\[exit 1\]' 3
tui_stop
# meanwhile another session changes the incident
OPSDESK_USER=ouyang run do INC-1 assign --set assignee=lina --note 请李娜处理
is "$RC" 0 "another session assigns the incident meanwhile"
version=$(sql "SELECT version FROM incident WHERE id = 1")
tui_start 100 30
tui_wait 'Restore the unsaved input'
tui_keys y
tui_wait '核心交换机端口闪断（二号楼）'
tui_keys C-s
tui_wait 'changed by ouyang'
ok $? "saving the restored edit is refused, naming who changed the incident"
like "$(tui_screen)" '核心交换机端口闪断（二号楼）' "the typed text stays in the form"
is "$(sql "SELECT summary || '|' || assignee || '|' || version FROM incident WHERE id = 1")" \
	"核心交换机端口闪断|lina|$version" "the database keeps the other session's change, untouched"
done_testing
