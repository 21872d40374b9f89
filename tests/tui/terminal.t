#!/bin/sh
# The terminal itself: resizing down to tiny sizes and back, monochrome
# with NO_COLOR, the help screen, and a session dropped mid-form (SIGHUP)
# whose input comes back as a draft at the next start.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null

tui_start 80 24
tui_wait 'Dashboard'
tui_keys 0
tui_wait '欧阳明华'
for size in "40 10" "10 3" "59 15" "60 14"; do
	tui_resize $size
	tui_wait 'Terminal too small|Terminal|too' 5
	ok $? "at ${size% *}x${size#* } it says the terminal is too small"
done
tui_resize 1 1
sleep 0.3
tui_resize 80 24
tui_wait '欧阳明华' 5
ok $? "after 1x1, back at 80x24 the list is drawn again"
tui_resize 160 40
tui_wait '欧阳明华' 5
ok $? "a wide terminal works"
like "$(tui_screen | head -1)" '^ opsdesk 1 2 3 4 5 6 7 8 9 0 +People +Duty 白班: nobody +root +2026-11-21 09:00 *$' \
	"the top bar shows the screens, who is on duty (nobody in the demo), the user and the site time"
# every screen is built now: a digit switches, 0 comes back to people
tui_keys 8
tui_wait '^ opsdesk 1 2 3 4 5 6 7 8 9 0 +Knowledge base'
ok $? "a digit switches the screen"
tui_keys 0
tui_wait 'Login +Name'

tui_keys '?'
tui_wait 'Keys \(q or Esc closes this help\)'
ok $? "? shows the help"
tui_keys G
tui_wait 'a +acknowledge the handover of the shift that has ended'
ok $? "the help scrolls to its end, the last key of the action list"
tui_keys g NPage
tui_wait 'Ctrl-S F2 +save'
ok $? "the help pages and lists the keys from the action list"
tui_keys Escape
tui_wait 'Login +Name'
ok $? "Esc closes the help"
tui_stop

# NO_COLOR: no colour escape sequences reach the terminal
tui_start 80 24 NO_COLOR=1
tui_wait 'Dashboard'
unlike "$(tmux_ capture-pane -e -p -t t)" '\[[0-9;]*3[0-7]m|\[[0-9;]*4[0-7]m|38;5' \
	"with NO_COLOR the screen has no colours"
like "$(tmux_ capture-pane -e -p -t t | head -1)" '\[7m|\[[0-9;]*7m' \
	"the top bar is in reverse video instead"
tui_stop
tui_start 80 24
tui_wait 'Dashboard'
like "$(tmux_ capture-pane -e -p -t t | head -1)" '4[0-7]m|48;5' "without NO_COLOR the top bar is coloured"
tui_stop

# a terminal type this machine does not know: a message of ours, exit 2
tui_start 100 10 TERM=no-such-terminal
tui_wait '\[exit 2\]'
ok $? "an unknown TERM ends with exit 2"
like "$(tui_screen)" "the terminal type 'no-such-terminal' \(TERM\) is not known here" \
	"and names the terminal type"
tui_stop

# below the minimum size keys do nothing: Esc and y would throw away a form
# the user cannot see
tui_start 80 24
tui_wait 'Dashboard'
tui_keys 0 n
tui_wait 'New staff member'
tui_type 'xiaoxiao'
# a resize is read before keys still waiting, so each waits for the other
tui_wait 'xiaoxiao'
tui_resize 20 5
tui_wait 'Terminal'
tui_keys Escape y q
sleep 1
tui_resize 80 24
tui_wait 'New staff member'
ok $? "keys typed while the terminal was too small did nothing"
like "$(tui_screen)" 'xiaoxiao' "and the form keeps what was typed"
tui_stop
sql "DELETE FROM draft" # the stop hung up on the form

# SIGHUP in a form: the console exits within a second and keeps a draft
tui_start 80 24
tui_wait 'Dashboard'
tui_keys 0 n
tui_wait 'New staff member'
tui_type 'wuba'
tui_keys Tab
tui_type '吴八'
pid=$(tui_pid)
kill -HUP "$pid"
tui_wait '\[exit 1\]' 3
ok $? "SIGHUP ends the console at once"
is "$(sql "SELECT form FROM draft")" 'people.new' "the unsaved form was kept as a draft"
tui_stop

tui_start 80 24
tui_wait 'Restore the unsaved input kept from 2026-11-21 09:00\? \(y/n\)'
ok $? "the next start offers the draft back"
# a key meant for something else is not an answer: the draft stays
tui_keys 2 q
sleep 0.3
like "$(tui_screen)" 'Restore the unsaved input kept from' "other keys leave the question asked"
is "$(sql "SELECT count(*) FROM draft")" 1 "and the draft kept"
tui_keys y
tui_wait '吴八'
ok $? "and restores what was typed"
like "$(tui_screen)" 'wuba' "in every field"
is "$(sql "SELECT count(*) FROM draft")" 0 "the draft is used up"
tui_keys C-s
tui_wait 'Roles: choose one'
ok $? "the restored form still validates: a role is needed"
# the refused save put the cursor on the field to fix: Space ticks a role there
tui_keys Space C-s
tui_wait 'Added wuba'
is "$(sql "SELECT name FROM staff WHERE login = 'wuba'")" '吴八' "and the restored form saves"
done_testing
