#!/bin/sh
# Screen 5 in a real terminal: the machine-room round of a room is due;
# its run form takes the checks with one key each, judges the temperature
# as it is typed (out of range: said in words under it), asks for the
# remark only then (typed in Chinese), and saving stores the run with its
# readings and opens an incident on the room, linked both ways. A dropped
# session keeps a half-done round as a draft. a runs the round on every CI
# of its template and location, one form after the other.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
"$OPSDESK_BIN" asset add ROOM-A --name 一号机房 --class room --location 主机房 >/dev/null
"$OPSDESK_BIN" asset add PC-CW-01 --name 财务一号机 --class pc --location 财务部 >/dev/null
"$OPSDESK_BIN" asset add PC-CW-02 --name 财务二号机 --class pc --location 财务部 >/dev/null

tui_start 100 40
tui_wait 'Dashboard'
ok $? "the console starts"
like "$(tui_screen)" 'Inspections +3 due, 0 overdue' "the dashboard counts the rounds due"
tui_keys 5
tui_wait 'machine_room'
ok $? "5 lists the rounds due"
like "$(tui_screen)" 'machine_room +ROOM-A +主机房 +2026-11-21 09:00 +never +due' "... with the CI, its location, when due, last done"

# the rounds soonest due first: the machine room's is the last
tui_keys G
tui_keys Enter
tui_wait '机房日常巡检: ROOM-A'
ok $? "Enter opens the round's run form"
tui_type '31'
tui_wait 'ALARM \(normal \[18, 27\]\): a remark is required'
ok $? "a temperature out of range is marked at once, in words"
tui_keys Tab
tui_wait 'Remark'
ok $? "... and its remark field appears"
tui_type '冷通道温度过高，空调二号机告警'
tui_keys Tab
tui_type '45'
tui_wait 'normal'
tui_keys Tab
tui_type '35'
tui_keys Tab
tui_type '正常'
tui_keys Tab
# four checks, one key each: the cursor moves on by itself
tui_type 'p'
tui_type 'p'
tui_type 'p'
tui_type 'p'
tui_type '空调二号机待厂家维修'
tui_keys Tab
tui_type '建议增加巡检频次'
tui_keys C-s
tui_wait 'Saved INS-1. Opened INC-1.'
ok $? "saving records the run and opens one incident"

is "$(sql "SELECT group_concat(item || '=' || value || ':' || level, ' ') FROM (SELECT * FROM inspect_reading WHERE run = 1 ORDER BY seq)")" \
	"temperature=31:alarm humidity=45:normal ups_load=35:normal ups_battery=正常:normal aircon=pass:normal fire=pass:normal water_leak=pass:normal access=pass:normal" \
	"sql: every reading, the checks answered with one key each"
is "$(sql "SELECT remark FROM inspect_reading WHERE run = 1 AND item = 'temperature'")" "冷通道温度过高，空调二号机告警" "sql: the Chinese remark"
is "$(sql "SELECT issues || '|' || opinion FROM inspection WHERE id = 1")" "空调二号机待厂家维修|建议增加巡检频次" "sql: the open issues and the opinion"
"$OPSDESK_BIN" show INC-1 --json > "$T/inc.json"
like "$(cat "$T/inc.json")" '"ci":"ROOM-A"' "the incident is on the room"
like "$(cat "$T/inc.json")" '"INS-1"' "... and links to the run"
"$OPSDESK_BIN" inspect show INS-1 --json > "$T/run.json"
like "$(cat "$T/run.json")" '"INC-1"' "the run links to the incident"
tui_wait 'machine_room +ROOM-A .*2026-11-21 09:00 '
ok $? "the round done, the list shows it last done"

tui_keys p
tui_wait 'Inspection report'
ok $? "p previews the report of the round's last run"
like "$(tui_screen)" '机房温度 +31 ℃ +\[18, 27\] +ALARM +冷通道温度过高' "... its readings aligned, the Chinese remark in its column"
tui_keys q
tui_wait 'Rounds due'
tui_keys P
tui_wait 'Inspection period report'
ok $? "P previews the period report of the month"
tui_keys q
tui_wait 'Rounds due'

# every PC of the finance office, one form after the other
tui_keys g a
tui_wait '终端与打印机巡检: PC-CW-01'
ok $? "a starts the round on the first CI of its template and location"
tui_type 'p'
tui_type 'p'
tui_keys C-s
tui_wait '终端与打印机巡检: PC-CW-02'
ok $? "... saving it opens the next CI's form"
tui_type 'p'
tui_type 'f'
# the remark appears, and the cursor is in it
tui_type '病毒库过期'
tui_keys C-s
tui_wait 'All 2 CIs of the round done.'
ok $? "... and after the last the series ends"
is "$(sql "SELECT group_concat(t || ':' || n, ' ') FROM (SELECT (SELECT tag FROM asset WHERE id = ci) AS t, abnormal AS n FROM inspection WHERE template = 'desktop' ORDER BY id)")" \
	"PC-CW-01:0 PC-CW-02:1" "sql: one run per PC, the failed antivirus check on the second"
tui_keys G

# a half-done round survives a dropped session
tui_keys Enter
tui_wait '机房日常巡检: ROOM-A'
tui_type '22'
kill -HUP "$(tui_pid)"
tui_wait '\[exit'
ok $? "the console exits when the terminal goes away"
is "$(sql "SELECT count(*) FROM draft WHERE form LIKE 'inspect.run:machine_room:ROOM-A'")" "1" "sql: the half-done round is kept as a draft"

done_testing
