#!/bin/sh
# A session dropped in the middle of a comment on an incident: the next
# start reopens that incident's comment form and offers the text back.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo >/dev/null
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
done_testing
