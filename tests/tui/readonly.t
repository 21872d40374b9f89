#!/bin/sh
# Someone not on the staff list may look but not change anything, and the
# console says so instead of opening forms they could not save.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo >/dev/null
tui_start 100 30 OPSDESK_USER=stranger
tui_wait 'stranger: not on the staff list, so read only'
ok $? "the dashboard tells a stranger they can only look"
tui_keys 0
tui_wait '欧阳明华'
ok $? "the people list is readable"
tui_keys n
tui_wait 'not on the staff list: you can look but not change anything'
ok $? "n is refused with the reason"
unlike "$(tui_screen)" 'New staff member' "no form was opened"
tui_keys d
tui_wait 'you can look but not change anything'
ok $? "so is deactivating"
tui_stop

# a duty operator is staff but may not manage staff: the rule is named
tui_start 100 30 OPSDESK_USER=zhangwei
tui_wait 'Dashboard'
tui_keys 0 n
tui_wait "'staff.manage' is not permitted for you: the rules give it to: 运维经理"
ok $? "a duty operator is told which roles may manage staff"
done_testing
