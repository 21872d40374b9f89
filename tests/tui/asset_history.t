#!/bin/sh
# A CI's inspection history in the console: p on the asset list previews
# the CI's recent runs and the trend of its numeric readings, the abnormal
# one marked, as the command line's asset show prints it.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
"$OPSDESK_BIN" staff add lina --name 李娜 --roles duty_operator >/dev/null
"$OPSDESK_BIN" asset add ROOM-A --name 一号机房 --class room --location 主机房 >/dev/null
ROOM="--item humidity=45 --item ups_load=35 --item ups_battery=正常 --item aircon=pass --item fire=pass --item water_leak=pass --item access=pass"
OPSDESK_USER=lina "$OPSDESK_BIN" inspect record machine_room --ci ROOM-A --item temperature=24 $ROOM >/dev/null
OPSDESK_USER=lina "$OPSDESK_BIN" inspect record machine_room --ci ROOM-A --item temperature=31.5 \
	--remark "temperature=空调滤网堵塞" $ROOM >/dev/null
is "$(sql "SELECT count(*) FROM inspection")" 2 "two runs recorded on ROOM-A"

tui_start 100 40
tui_keys 7
tui_wait 'ROOM-A'
tui_keys p
tui_wait 'INS-2'
ok $? "p on the asset previews its inspection history"
like "$(tui_screen)" 'INS-1' "... with both runs"
like "$(tui_screen)" '31.5 \| +!' "... and the trend, the abnormal reading marked"
tui_stop
done_testing
