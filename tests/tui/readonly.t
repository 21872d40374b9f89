#!/bin/sh
# Someone not on the staff list may look but not change anything, and the
# console says so instead of opening forms they could not save; a record
# opens to be looked at only.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
"$OPSDESK_BIN" asset add SW-CORE-01 --name 核心交换机 --class network --serial SN-778899 >/dev/null
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
# Enter shows a person's whole record, to look at only
tui_keys g Enter
tui_wait 'Esc: close +\(to look at only\)'
ok $? "Enter opens the person's record to look at"
like "$(tui_screen)" 'alice@ops.example.cn' "... with every field, the e-mail too"
unlike "$(tui_screen)" 'Edit ' "... not as an edit form"
tui_type 'x'
tui_wait 'you can look but not change anything'
ok $? "typing is refused with the reason"
unlike "$(tui_screen)" 'alice@ops.example.cnx|Alice Wongx' "... and changes nothing"
tui_keys C-s
tui_wait 'you can look but not change anything'
ok $? "so is saving"
tui_keys Tab Tab Escape
tui_wait '欧阳明华'
ok $? "Tab moves through the fields and Esc closes at once"
# the same for an asset
tui_keys 7
tui_wait 'SW-CORE-01'
tui_keys Enter
tui_wait 'Esc: close +\(to look at only\)'
ok $? "an asset opens to look at too"
like "$(tui_screen)" 'SN-778899' "... with every field, the serial number too"
tui_stop

# a duty operator is staff but may not manage staff: the rule is named
tui_start 100 30 OPSDESK_USER=zhangwei
tui_wait 'Dashboard'
tui_keys 0 n
tui_wait "'staff.manage' is not permitted for you: the rules give it to: 运维经理"
ok $? "a duty operator is told which roles may manage staff"
done_testing
