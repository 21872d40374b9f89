#!/bin/sh
# The assets screen (7) in a real terminal: the register's columns line up
# whatever the mix of Chinese and ASCII, an item added through the form
# (Chinese typed, class picked with Right, the responsible person found by
# typing part of a name) lands in the database, refusals show under their
# field, a stale save is refused, and a dropped session keeps a draft.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
"$OPSDESK_BIN" asset add SW-CORE-01 --name 核心交换机 --class network --location 一号楼三层机房 \
	--ip 10.0.0.1 --responsible wangfang >/dev/null
"$OPSDESK_BIN" asset add PRN-01 --name 'HP 彩色激光' --class printer --location 财务部 --status spare >/dev/null
"$OPSDESK_BIN" asset add AP-01 --name 'Wireless AP' --class network --location '2F corridor' \
	--ip 10.0.8.1 --responsible alice >/dev/null

tui_start 100 30
tui_wait 'Dashboard'
ok $? "the console starts on the dashboard"
tui_keys 7
tui_wait 'SW-CORE-01'
ok $? "7 shows the assets"
screen=$(tui_screen)
like "$(printf '%s\n' "$screen" | head -1)" ' Assets ' "the top bar names the screen"
like "$screen" '^Tag +Name +Class +Location +IP +Responsible +Status' "the list has its columns"

# Each column starts at the same display cell on every row.
for col in 'Class:网络设备' 'Location:一号楼三层机房' 'IP:10.0.0.1' 'Responsible:王芳' 'Status:在用'; do
	is "$(display_col "$screen" 'SW-CORE-01' "${col#*:}")" "$(display_col "$screen" 'Tag' "${col%%:*}")" \
		"after a Chinese name the ${col%%:*} column starts under its heading"
done
is "$(display_col "$screen" 'PRN-01' '打印机')" "$(display_col "$screen" 'Tag' 'Class')" \
	"after a name mixing ASCII and Chinese too"
is "$(display_col "$screen" 'AP-01' '2F corridor')" "$(display_col "$screen" 'Tag' 'Location')" \
	"and after an ASCII name"
is "$(display_col "$screen" 'AP-01' 'Alice Wong')" "$(display_col "$screen" 'Tag' 'Responsible')" \
	"the responsible person is shown by name"

# --- a new item through the form -----------------------------------------------------------
tui_keys n
tui_wait 'New asset'
ok $? "n opens the form"
tui_keys C-s
tui_wait 'must not be empty'
ok $? "saving an empty form shows a message under the required field"
tui_type 'SRV-财务-01'
tui_keys Tab
tui_type '财务系统服务器'
tui_keys Tab
# the class is picked with Right: the first press gives the first class
tui_keys Right
tui_wait '< 服务器 >'
ok $? "Right picks the first class"
tui_keys Right Right Left
tui_wait '< 网络设备 >'
ok $? "Right and Left step through the classes"
tui_keys Right Right
tui_wait '< 安全设备 >'
tui_keys Left Left Left
tui_wait '< 服务器 >'
ok $? "and back to 服务器"
tui_keys Tab
tui_type 'PowerEdge R750'
tui_keys Tab
tui_type 'CN7X9'
tui_keys Tab
tui_type '二号楼 B-12 机柜'
tui_keys Tab
tui_type '10.1.0.300'
tui_keys Tab
# the responsible person is found by typing part of a Chinese name
tui_type '李'
tui_wait '< 李娜 \(lina\) >'
ok $? "typing part of a name in Responsible finds the person"
tui_keys Tab
tui_type '2025-02-30'
tui_keys Tab
tui_type '2028-02-29'
tui_keys Tab
tui_wait '< 在用 >'
ok $? "a new item starts at the first status"
tui_keys Right
tui_wait '< 备用 >'
ok $? "Right picks the next status"
tui_keys Tab
tui_type '财务系统'
tui_keys Enter
tui_type '月结期间勿停机'
tui_keys C-s
tui_wait "not an IPv4 or IPv6 address"
ok $? "a bad IP address is refused by the core, shown with the form open"
is "$(sql "SELECT count(*) FROM asset WHERE tag = 'SRV-财务-01'")" 0 "... and nothing was saved"
# the focus is on the IP field now: correct it
tui_keys C-u
tui_type '10.1.0.30'
tui_keys C-s
tui_wait "is not a date"
ok $? "then a day that does not exist (2025-02-30) is refused"
tui_keys C-u
tui_type '2025-02-28'
tui_keys C-s
tui_wait 'Added SRV-财务-01'
ok $? "Ctrl-S saves and says so"
tui_wait '财务系统服务器'
ok $? "the new item is in the list"
is "$(sql "SELECT name || '|' || class || '|' || model || '|' || serial || '|' || location || '|' || ip || '|' ||
	responsible || '|' || purchased || '|' || warranty_end || '|' || status FROM asset WHERE tag = 'SRV-财务-01'")" \
	'财务系统服务器|server|PowerEdge R750|CN7X9|二号楼 B-12 机柜|10.1.0.30|lina|2025-02-28|2028-02-29|spare' \
	"the database has the item as typed"
is "$(sql "SELECT note FROM asset WHERE tag = 'SRV-财务-01'")" '财务系统
月结期间勿停机' "with the note's two lines"
is "$(sql "SELECT count(*) || ' ' || op FROM audit WHERE record = 'asset:SRV-财务-01'")" "1 asset.add" \
	"and one audit entry"
screen=$(tui_screen)
is "$(display_col "$screen" 'SRV-财务-01' '二号楼')" "$(display_col "$screen" 'Tag' 'Location')" \
	"the new row's columns line up after a Chinese tag"

# --- search ----------------------------------------------------------------------------------
tui_keys /
tui_type '机房'
tui_wait 'Search \(1 of 4\): 机房'
ok $? "/ 机房 narrows the list to the rows containing it"
like "$(tui_screen)" 'SW-CORE-01' "... the one in a 机房"
unlike "$(tui_screen)" 'PRN-01' "... and no other"
tui_keys Escape
tui_wait 'PRN-01'
ok $? "Esc clears the search"

# --- editing, and a save over someone else's newer change --------------------------------------
tui_keys g
tui_keys e
tui_wait 'Edit Wireless AP \(AP-01\)'
ok $? "e opens the first item (AP-01) for editing"
tui_keys Tab Tab Tab Tab
tui_keys C-u
tui_type '三楼走廊'
tui_keys F2
tui_wait 'Saved AP-01'
ok $? "F2 saves"
is "$(sql "SELECT location || ' v' || version FROM asset WHERE tag = 'AP-01'")" '三楼走廊 v2' \
	"the edit is stored with a new version"

tui_keys Enter
tui_wait 'Edit Wireless AP \(AP-01\)'
ok $? "Enter opens it again"
OPSDESK_USER=lina "$OPSDESK_BIN" asset edit AP-01 --serial SN-LINA >/dev/null
tui_keys C-u
tui_type '无线接入点'
tui_keys C-s
tui_wait 'changed by lina'
ok $? "saving over lina's newer change is refused, naming her"
like "$(tui_screen | tr -d '\n')" 'serial: \(empty\) -> *SN-LINA' "... and what she changed"
is "$(sql "SELECT name || '|' || serial || ' v' || version FROM asset WHERE tag = 'AP-01'")" 'Wireless AP|SN-LINA v3' \
	"the database keeps lina's version"
tui_keys Escape
tui_wait 'Discard'
tui_keys y
tui_wait 'Tag +Name'

# --- a dropped session keeps the form as a draft, offered back -----------------------------------
tui_keys n
tui_wait 'New asset'
tui_type 'UPS-01'
tui_keys Tab
tui_type '机房不间断电源'
kill -HUP "$(tui_pid)"
tui_wait '\[exit 1\]'
ok $? "SIGHUP ends the console"
is "$(sql "SELECT form FROM draft")" "assets.new" "the unsaved form is kept as the draft assets.new"
tui_stop
tui_start 100 30
tui_wait 'Restore the unsaved input'
ok $? "the next start opens the asset form and offers the draft"
tui_keys y
tui_wait '机房不间断电源'
ok $? "the draft's text is back in the form"
tui_keys Tab Tab Right C-s
tui_wait 'Added UPS-01'
ok $? "and it saves"
is "$(sql "SELECT name || '|' || class FROM asset WHERE tag = 'UPS-01'")" '机房不间断电源|server' "the database has it"
is "$(sql "SELECT count(*) FROM draft")" 0 "and the draft is gone"

tui_keys q
tui_wait '\[exit 0\]'
ok $? "q quits with status 0"
done_testing
