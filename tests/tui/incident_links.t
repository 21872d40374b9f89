#!/bin/sh
# An incident's record in the console names the records linked to it (the
# other incident of the same fault, what it is to it), so the operator sees
# the whole picture without the command line; L links or unlinks them there.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

OPSDESK_USER=ouyang "$OPSDESK_BIN" init --demo-staff >/dev/null
export OPSDESK_USER=zhangwei
"$OPSDESK_BIN" incident new --title 三楼打印机卡纸 >/dev/null
"$OPSDESK_BIN" incident new --title 三楼打印机又卡纸 >/dev/null
"$OPSDESK_BIN" link INC-2 INC-1 --as 首次报告 --back 重复报告 >/dev/null
tui_start 80 24
tui_keys 2
tui_wait 'INC-2 '
# the queue: oldest first at one priority
tui_keys g Enter
tui_wait 'INC-1  三楼打印机卡纸'
like "$(tui_screen)" '^ Links +INC-2 \(重复报告\)$' "INC-1's record names INC-2 and what it is to it"
like "$(tui_screen)" 'Linked INC-2 \(重复报告\)' "... and its journal says so"
tui_keys Escape
tui_wait 'INC-2 '
tui_keys j Enter
tui_wait 'INC-2  三楼打印机又卡纸'
like "$(tui_screen)" '^ Links +INC-1 \(首次报告\)$' "INC-2's record shows the link from its side"
tui_keys L
tui_wait 'Link INC-2'
ok $? "L on an incident opens the link form"
tui_keys Right Tab
tui_type 'INC-1'
tui_keys C-s
tui_wait 'INC-2 and INC-1 are no longer linked'
ok $? "... and unlinks the two"
is "$(sql "SELECT count(*) FROM record_link")" 0 "sql: the link is gone"
unlike "$(tui_screen)" '^ Links ' "... and the record no longer shows it"
tui_stop
done_testing
