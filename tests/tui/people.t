#!/bin/sh
# The people screen in a real terminal: the list aligns Chinese names by
# display width, a person added through the form (Chinese typed) lands in
# the database, the form validates, and Esc asks before discarding.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null

tui_start 100 30
tui_wait 'Dashboard'
ok $? "the console starts on the dashboard"
tui_keys 0
tui_wait '欧阳明华'
ok $? "0 shows the people"

# Columns start at the same display cell on every row, whatever the mix of
# Chinese and ASCII before them.
screen=$(tui_screen)
is "$(display_col "$screen" 'chenjing' '138-0000-0005')" "$(display_col "$screen" 'Login' 'Phone')" \
	"after a Chinese name the Phone column starts under its heading"
is "$(display_col "$screen" 'ouyang' '138-0000-0006')" "$(display_col "$screen" 'Login' 'Phone')" \
	"after a four-character Chinese name too"
is "$(display_col "$screen" 'alice' '+852')" "$(display_col "$screen" 'Login' 'Phone')" \
	"and after an ASCII name"
is "$(display_col "$screen" 'liuyang' '桌面组')" "$(display_col "$screen" 'Login' 'Team')" \
	"the Team column follows a phone with a Chinese extension mark aligned"

# A new person through the form, typing Chinese.
tui_keys n
tui_wait 'New staff member'
ok $? "n opens the form"
# help from a form shows the form's keys and the text editor's first
tui_keys F1
tui_wait 'Keys \(q or Esc closes this help\)'
help=$(tui_screen)
like "$(printf '%s\n' "$help" | sed -n 4p)" '^ Forms$' "F1 in a form: the form's keys come first"
like "$help" 'Ctrl-W +delete the word before the cursor' "... with the text editing keys in view"
like "$help" 'letters +choice and person fields: type part of a name' "... and how to pick a person"
tui_keys Escape
tui_wait 'New staff member'
ok $? "Esc goes back to the form"
# the editing keys of the help do what it says
tui_type 'wrong login'
tui_keys C-w C-w
tui_type 'typo'
tui_keys C-u
tui_wait '^ Login\* *$'
ok $? "Ctrl-W deletes words, Ctrl-U the rest of the line"
tui_keys C-s
tui_wait 'must not be empty'
ok $? "saving an empty form shows a message under the required field"
tui_type 'zhaoliu'
tui_keys Tab
tui_type '赵六'
tui_keys Tab
tui_type '139-1234-5678'
tui_keys Tab
tui_type '网络组'
tui_keys Tab
tui_type 'zhaoliu@ops.example.cn'
tui_keys Tab
# the deputy is picked by typing part of a Chinese name
tui_type '芳'
tui_wait '< 王芳 \(wangfang\) >'
ok $? "typing part of a name in the deputy field finds the person"
tui_keys Tab
# roles: tick the second role (system_engineer) and the sixth (duty_operator)
tui_keys Right Space Right Right Right Right Space
tui_wait '\[x\] 系统工程师'
ok $? "Space ticks a role"
tui_keys Tab
# a note over two lines: Enter is a new line inside it, not the next field
tui_type '夜班联系'
tui_keys Enter
tui_type '备用手机'
tui_wait '备用手机'
ok $? "the note takes several lines"
tui_keys C-s
tui_wait 'Added zhaoliu'
ok $? "Ctrl-S saves and says so"
tui_wait '赵六'
ok $? "the new person is in the list"
is "$(sql "SELECT name || '|' || phone || '|' || team || '|' || email || '|' || deputy FROM staff WHERE login = 'zhaoliu'")" \
	'赵六|139-1234-5678|网络组|zhaoliu@ops.example.cn|wangfang' "the database has the person as typed"
is "$(sql "SELECT note FROM staff WHERE login = 'zhaoliu'")" '夜班联系
备用手机' "with the note's two lines"
is "$(sql "SELECT group_concat(role, ',') FROM (SELECT role FROM staff_role r JOIN staff s ON s.id = r.staff_id WHERE login = 'zhaoliu' ORDER BY role)")" \
	'duty_operator,system_engineer' "with the ticked roles"
is "$(sql "SELECT count(*) FROM audit WHERE record = 'staff:zhaoliu'")" 1 "and one audit entry"

# Esc on a changed form asks; n keeps the form, y drops it.
tui_keys n
tui_wait 'New staff member'
tui_type 'temp'
tui_keys Escape
tui_wait 'Discard your changes\? \(y/n\)'
ok $? "Esc with unsaved input asks before discarding"
tui_keys n
tui_wait 'New staff member'
ok $? "answering n keeps the form"
tui_keys Escape
tui_wait 'Discard'
tui_keys y
tui_wait 'Phone +Team'
ok $? "answering y closes it"
is "$(sql "SELECT count(*) FROM staff WHERE login = 'temp'")" 0 "and nothing was saved"

# Editing: the form opens on the selected person with their values.
tui_keys g
tui_keys e
tui_wait 'Edit Alice Wong \(alice\)'
ok $? "e opens the selected person for editing"
tui_keys C-u
tui_type '黄爱丽'
tui_keys F2
tui_wait 'Saved alice'
ok $? "F2 saves too"
is "$(sql "SELECT name || ' v' || version FROM staff WHERE login = 'alice'")" '黄爱丽 v2' "the edit is stored with a new version"

tui_keys q
tui_wait '\[exit 0\]'
ok $? "q quits from a top screen with status 0"
done_testing
