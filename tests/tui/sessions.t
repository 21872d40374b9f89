#!/bin/sh
# Several sessions on one database: another session's commit shows up
# without a key press, and saving over someone else's newer edit is refused
# with a message saying who changed what, keeping what was typed.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
tui_start 100 30
tui_wait 'Dashboard'
tui_keys 0
tui_wait '欧阳明华'

# another session adds someone: the list shows them with no key pressed
"$OPSDESK_BIN" staff add sunqi --name 孙七 --roles duty_operator >/dev/null
tui_wait '孙七' 5
ok $? "a person added by another session appears without a key press"

# open alice for editing, then another session edits her first
tui_keys g e
tui_wait 'Edit Alice Wong'
OPSDESK_USER=ouyang "$OPSDESK_BIN" staff edit alice --phone 400-800-8000 >/dev/null
tui_keys End
tui_type '（网络）'
tui_keys C-s
tui_wait 'changed by ouyang' 5
ok $? "the stale save is refused, naming who changed the record"
like "$(tui_screen | tr '\n' ' ')" 'phone: \+852 5555 0107 -> +400-800-8000' \
	"and what they changed, the long message wrapped rather than cut"
like "$(tui_screen)" 'Alice Wong（网络）' "the form is still open with what was typed"
is "$(sql "SELECT name || '|' || phone FROM staff WHERE login = 'alice'")" \
	'Alice Wong|400-800-8000' "the other session's change stands, nothing overwritten"
done_testing
