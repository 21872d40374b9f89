#!/bin/sh
# opsdesk asset add|list|show|edit: the asset (CI) register from the command
# line. Chinese text laid out by display width; --json that SQLite reads as
# JSON; every refusal named by its field and leaving the database exactly
# as it was; stale edits refused saying who changed what; usage errors exit
# 2; only holders of asset.manage change the register.
. "$(dirname "$0")/../lib/tap.sh"

# Everything a refusal must leave alone.
state() {
	sql "SELECT * FROM asset ORDER BY id; SELECT count(*) FROM audit; SELECT count(*) FROM journal;"
}

# refused EXIT STDERR DESCRIPTION: the last run exited EXIT with exactly STDERR
# (when not empty) and the database did not change since $before.
refused() {
	is "$RC" "$1" "$3: exit $1"
	[ -z "$2" ] || is "$ERR" "$2" "$3: the message"
	is "$(state)" "$before" "$3: nothing changed in the database"
}

# json_ok TEXT: 1 when SQLite's json_valid accepts TEXT.
json_ok() {
	printf '%s' "$1" > "$T/out.json"
	sqlite3 :memory: "SELECT json_valid(CAST(readfile('$T/out.json') AS TEXT))"
}

# json Q TEXT: json_extract(TEXT, Q).
json() {
	printf '%s' "$2" > "$T/out.json"
	sqlite3 :memory: "SELECT json_extract(CAST(readfile('$T/out.json') AS TEXT), '$1')"
}

OPSDESK_USER=root run init
is "$RC" 0 "init"
run init --demo-staff
is "$RC" 0 "init --demo (sample staff: wangfang, lina, zhangwei...)"

# --- add -------------------------------------------------------------------------
run asset add SW-CORE-01 --name 核心交换机 --class network --model '华为 S12708' \
	--serial 2102351931P0 --location '一号楼三层机房 A-03 机柜' --ip 10.0.0.1 \
	--responsible wangfang --purchased 2024-03-01 --warranty-end 2029-02-28 \
	--note "$(printf '双电源\n上联两条万兆')"
is "$RC" 0 "add SW-CORE-01 with every field, in Chinese: exit 0"
is "$OUT" "asset SW-CORE-01 added" "... and says so"
is "$ERR" "" "... with nothing on stderr"
is "$(sql "SELECT name || '|' || class || '|' || model || '|' || serial || '|' || location || '|' || ip || '|' ||
	responsible || '|' || purchased || '|' || warranty_end || '|' || status || '|' || version || '|' || updated_by
	FROM asset WHERE tag = 'SW-CORE-01'")" \
	"核心交换机|network|华为 S12708|2102351931P0|一号楼三层机房 A-03 机柜|10.0.0.1|wangfang|2024-03-01|2029-02-28|in_use|1|root" \
	"sql: every field stored as given; the status is the rules' first (in_use)"
is "$(sql "SELECT note FROM asset WHERE tag = 'SW-CORE-01'")" "双电源
上联两条万兆" "sql: the note keeps its two lines"
is "$(sql "SELECT op || ' ' || record FROM audit ORDER BY id DESC LIMIT 1")" "asset.add asset:SW-CORE-01" \
	"sql: one audit entry asset.add on asset:SW-CORE-01"
is "$(sql "SELECT kind FROM journal WHERE record = 'asset:SW-CORE-01'")" "created" \
	"sql: and a journal entry on the item"

run asset add SRV-DB-01 --name 数据库服务器主库 --class server --location 一号楼三层机房 \
	--ip 2001:db8::5 --responsible lina --status repair
is "$RC" 0 "add SRV-DB-01 (an IPv6 address, a given status)"
run asset add PRN-财务-01 --name 'HP LaserJet M403dn 财务部' --class printer --location 财务部 --status spare
is "$RC" 0 "add a tag with Chinese in it, and a name wider than its column"
run asset add AP-01 --name 无线AP --class network --location '二号楼, 走廊' --ip 10.0.8.1
is "$RC" 0 "add AP-01"

# --- list ------------------------------------------------------------------------
run asset list
is "$RC" 0 "asset list: exit 0"
is "$OUT" "TAG            NAME                 CLASS        LOCATION           IP              RESPONSIBLE  STATUS
AP-01          无线AP               网络设备     二号楼, 走廊       10.0.8.1                     在用
PRN-财务-01    HP LaserJet M403dn ~ 打印机       财务部                                          备用
SRV-DB-01      数据库服务器主库     服务器       一号楼三层机房     2001:db8::5     李娜         维修中
SW-CORE-01     核心交换机           网络设备     一号楼三层机房 A-~ 10.0.0.1        王芳         在用" \
	"asset list: in tag order; class, status and person by their names; columns by display cells"
is "$(printf '%s\n' "$OUT" | columns_aligned NAME CLASS LOCATION IP RESPONSIBLE STATUS)" "" \
	"asset list: every field starts at the header's display column on every row"

run asset list --class network
is "$(printf '%s\n' "$OUT" | cut -c1-14 | tail -n +2 | tr -s ' \n' ' ')" "AP-01 SW-CORE-01 " "list --class network"
run asset list --status spare
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d' ' -f1)" "PRN-财务-01" "list --status spare"
run asset list --search 机房
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d' ' -f1 | tr '\n' ' ')" "SRV-DB-01 SW-CORE-01 " \
	"list --search 机房: a Chinese substring of the location"
run asset list --search db8
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d' ' -f1)" "SRV-DB-01" "list --search matches the IP"
run asset list --search s12708
is "$(printf '%s\n' "$OUT" | tail -n +2 | cut -d' ' -f1)" "SW-CORE-01" \
	"list --search matches the model, ASCII without regard to case"
run asset list --search 服务器 --class printer
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 1 "filters combine: only the header is left"
run asset list --search '%'
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 1 "list --search '%' is text, not a pattern"

run asset list --json
is "$RC" 0 "asset list --json: exit 0"
is "$(json_ok "$OUT")" 1 "asset list --json is valid JSON (sqlite json_valid)"
is "$(json '$.length' "$OUT")$(json '$[#-1].tag' "$OUT")" "SW-CORE-01" "... an array in tag order"
is "$(json '$[0].location' "$OUT")" "二号楼, 走廊" "... with the Chinese text as stored"
is "$(json '$[#-1].note' "$OUT")" "双电源
上联两条万兆" "... and the note's line break escaped and read back"
run asset list --class video --json
is "$OUT" "[]" "an empty list is []"

# --- show ------------------------------------------------------------------------
run asset show SW-CORE-01
is "$RC" 0 "asset show: exit 0"
is "$OUT" "tag          SW-CORE-01
name         核心交换机
class        网络设备 (network)
model        华为 S12708
serial       2102351931P0
location     一号楼三层机房 A-03 机柜
ip           10.0.0.1
responsible  王芳 (wangfang)
purchased    2024-03-01
warranty_end 2029-02-28
status       在用 (in_use)
version      1
updated      2026-11-21 09:00 by root
note         双电源
             上联两条万兆" "asset show: every field, the note's lines indented"
run asset show SRV-DB-01 --json
is "$RC" 0 "asset show --json: exit 0"
is "$OUT" '{"tag":"SRV-DB-01","name":"数据库服务器主库","class":"server","model":"","serial":"","location":"一号楼三层机房","ip":"2001:db8::5","responsible":"lina","purchased":"","warranty_end":"","status":"repair","note":"","version":1,"created":"2026-11-21T09:00:00+08:00","updated":"2026-11-21T09:00:00+08:00","updated_by":"root","plans":[]}' \
	"asset show --json: one object with every field"
is "$(json_ok "$OUT")" 1 "... valid JSON"
run asset show NOPE
is "$RC" 1 "asset show of an unknown tag: exit 1"
is "$ERR" "opsdesk: no asset with tag 'NOPE'" "... naming the tag"

# --- edit -------------------------------------------------------------------------
run asset edit SW-CORE-01 --location '一号楼三层机房 A-04 机柜' --status repair --expect-version 1
is "$RC" 0 "edit at the version read: exit 0"
is "$OUT" "asset SW-CORE-01 changed" "... and says so"
is "$(sql "SELECT location || '|' || status || '|' || version || '|' || name FROM asset WHERE tag = 'SW-CORE-01'")" \
	"一号楼三层机房 A-04 机柜|repair|2|核心交换机" "sql: the given fields changed, the others kept, version 2"
is "$(sql "SELECT op || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1")" \
	'asset.edit {"location":["一号楼三层机房 A-03 机柜","一号楼三层机房 A-04 机柜"],"status":["in_use","repair"]}' \
	"sql: the audit entry holds what changed"

before=$(state)
run asset edit SW-CORE-01 --name 核心交换机 --class network
is "$RC" 0 "an edit that changes nothing: exit 0"
is "$(state)" "$before" "... writes nothing (no version bump, no audit entry)"

run asset edit SW-CORE-01 --responsible '' --ip ''
is "$RC" 0 "edit --responsible '' --ip '' clears both"
is "$(sql "SELECT responsible || '|' || ip || '|' || version FROM asset WHERE tag = 'SW-CORE-01'")" "||3" \
	"sql: responsible and ip empty, version 3"

# --- stale edits --------------------------------------------------------------------
OPSDESK_USER=lina run asset edit SW-CORE-01 --serial SN-NEW
is "$RC" 0 "lina (a system engineer) edits SW-CORE-01: version 3 -> 4"
shown=$(sql "SELECT * FROM asset WHERE tag = 'SW-CORE-01'")
before=$(state)
run asset edit SW-CORE-01 --location 二号机房 --expect-version 3
refused 1 "opsdesk: asset:SW-CORE-01 was changed by lina at 2026-11-21 09:00 after you opened it (serial: 2102351931P0 -> SN-NEW); your version 3 is now 4, so your save was not applied: reopen it and apply your change again" \
	"edit with a stale --expect-version"
is "$(sql "SELECT * FROM asset WHERE tag = 'SW-CORE-01'")" "$shown" "... the item is exactly as lina left it"
run asset edit SW-CORE-01 --location 二号机房 --expect-version 9
refused 1 "opsdesk: expected version: asset:SW-CORE-01 is at version 4; version 9 does not exist" \
	"edit with a version that never existed"
run asset edit SW-CORE-01 --location 二号机房 --expect-version 4
is "$RC" 0 "edit at the current version 4: exit 0"

# --- refusals, each named by its field; nothing changes ------------------------------
before=$(state)
classes="server, network, storage, security, pc, printer, video, application, room"
run asset add 'SW CORE' --name x --class server
refused 1 "opsdesk: tag: 'SW CORE' contains a space: write tags without spaces, such as SW-CORE-01" "a tag with a space"
run asset add '' --name x --class server
refused 1 "opsdesk: tag: must not be empty" "an empty tag"
run asset add ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456 --name x --class server
refused 1 "opsdesk: tag: too long (33 characters, at most 32)" "a 33-character tag"
run asset add "$(printf 'A\033[2J')" --name x --class server
refused 1 "opsdesk: tag: control characters are not allowed (U+001B)" "an escape sequence in the tag"
run asset add SW-CORE-01 --name x --class server
refused 1 "opsdesk: tag: an asset with tag 'SW-CORE-01' already exists" "a tag that exists"
run asset add X1 --name '' --class server
refused 1 "opsdesk: name: must not be empty" "an empty name"
run asset add X1 --name "$(printf '服%.0s' $(seq 65))" --class server
refused 1 "opsdesk: name: too long (65 characters, at most 64)" "a 65-character Chinese name"
run asset add X1 --name "$(printf 'ab\377')" --class server
refused 1 "opsdesk: name: not valid UTF-8 text" "invalid UTF-8 in the name"
run asset add X1 --name x --class router
refused 1 "opsdesk: class: 'router' is not one of the CI classes in the rules (known: $classes)" \
	"an unknown class, listing the known ones"
run asset add X1 --name x --class server --status broken
refused 1 "opsdesk: status: 'broken' is not one of the CI statuses in the rules (known: in_use, spare, repair, retired)" \
	"an unknown status"
run asset add X1 --name x --class server --ip 10.0.0.256
refused 1 "opsdesk: ip: '10.0.0.256' is not an IPv4 or IPv6 address" "an IPv4 address out of range"
run asset add X1 --name x --class server --ip 2001:db8::g
refused 1 "opsdesk: ip: '2001:db8::g' is not an IPv4 or IPv6 address" "a bad IPv6 address"
run asset add X1 --name x --class server --responsible nobody
refused 1 "opsdesk: responsible: no staff member with login 'nobody'" "an unknown responsible login"
run asset add X1 --name x --class server --purchased 2026-02-29
refused 1 "opsdesk: purchased: '2026-02-29' is not a date (YYYY-MM-DD, a day of the calendar)" \
	"a purchase date that is not a day (2026 is no leap year)"
run asset add X1 --name x --class server --warranty-end 2026/03/01
refused 1 "opsdesk: warranty_end: '2026/03/01' is not a date (YYYY-MM-DD, a day of the calendar)" \
	"a warranty end with slashes"
run asset add X1 --name x --class server --purchased 2026-03-01 --warranty-end 2026-02-28
refused 1 "opsdesk: warranty_end: 2026-02-28 is before the purchase date 2026-03-01" \
	"a warranty ending before the purchase"
run asset add X1 --name x --class server --location "$(printf 'A\tB')"
refused 1 "opsdesk: location: control characters are not allowed (U+0009)" "a tab in the location"
run asset add X1 --name x --class server --note "$(printf 'n%.0s' $(seq 2001))"
refused 1 "opsdesk: note: too long (2001 characters, at most 2000)" "a 2001-character note"
run asset edit SW-CORE-01 --class ''
refused 1 "opsdesk: class: must not be empty (known: $classes)" "edit to an empty class"
run asset edit SW-CORE-01 --purchased 2030-01-01 --warranty-end 2029-12-31
refused 1 "opsdesk: warranty_end: 2029-12-31 is before the purchase date 2030-01-01" \
	"edit to a warranty ending before the purchase"
run asset edit SW-CORE-01 --name 新名 --ip 1.2.3
refused 1 "opsdesk: ip: '1.2.3' is not an IPv4 or IPv6 address" "an edit with one bad field"
is "$(sql "SELECT name FROM asset WHERE tag = 'SW-CORE-01'")" "核心交换机" "... saves none of its fields"
run asset edit NOPE --name x
refused 1 "opsdesk: no asset with tag 'NOPE'" "edit of an unknown tag"
run staff deactivate zhangwei
before=$(state)
run asset edit SW-CORE-01 --responsible zhangwei
refused 1 "opsdesk: responsible: 'zhangwei' is deactivated" "a deactivated person as responsible"
run asset list --class router
is "$RC" 1 "list --class with an unknown class: exit 1"
is "$ERR" "opsdesk: class: 'router' is not one of the CI classes in the rules (known: $classes)" "... says which exist"
run asset list --status gone
is "$RC" 1 "list --status with an unknown status: exit 1"

# --- who may change the register ------------------------------------------------------
run staff activate zhangwei
before=$(state)
OPSDESK_USER=zhangwei run asset add X2 --name x --class server
refused 1 "opsdesk: 'asset.manage' is not permitted for you: the rules give it to: 运维经理, 系统工程师, 网络工程师, 桌面工程师, 安全工程师" \
	"a duty operator adding an asset"
OPSDESK_USER=zhangwei run asset edit SW-CORE-01 --name 改名
refused 1 "" "a duty operator editing an asset"
like "$ERR" "not permitted" "... is told it is not permitted"
OPSDESK_USER=stranger run asset add X2 --name x --class server
refused 1 "opsdesk: you ('stranger') are not on the staff list: you can look but not change anything; ask an operations manager to add you" \
	"a login not on the staff list adding an asset"
OPSDESK_USER=stranger run asset list
is "$RC" 0 "a login not on the staff list CAN list assets"
OPSDESK_USER=zhangwei run asset show SW-CORE-01
is "$RC" 0 "... and a duty operator can show one"
OPSDESK_USER=liuyang run asset add PC-001 --name 前台电脑 --class pc
is "$RC" 0 "a desktop engineer may add an asset"

# --- usage errors: exit 2, nothing changes ----------------------------------------------
before=$(state)
run asset
refused 2 "opsdesk asset: which: add, list, show, edit or import?
Try 'opsdesk asset --help'." "no subcommand"
run asset frob
refused 2 "opsdesk asset: unknown subcommand 'frob'
Try 'opsdesk asset --help'." "an unknown subcommand"
for sub in add show edit; do
	run asset $sub
	refused 2 "opsdesk asset: 'asset $sub' needs TAG
Try 'opsdesk asset --help'." "asset $sub without a TAG"
done
run asset import
refused 2 "opsdesk asset: 'asset import' needs FILE
Try 'opsdesk asset --help'." "asset import without a FILE"
run asset add X3 --class server
refused 2 "opsdesk asset: 'asset add' needs --name
Try 'opsdesk asset --help'." "add without --name"
run asset add X3 --name x
refused 2 "opsdesk asset: 'asset add' needs --class
Try 'opsdesk asset --help'." "add without --class"
run asset add X3 --name x --class server --colour red
refused 2 "opsdesk asset: unknown option '--colour'
Try 'opsdesk asset --help'." "an unknown option"
run asset list --name x
refused 2 "opsdesk asset: --name does not apply to 'asset list' (only to 'asset add', 'asset edit')
Try 'opsdesk asset --help'." "an option another subcommand takes"
run asset add X3 --name x --class server --expect-version 1
refused 2 "opsdesk asset: --expect-version does not apply to 'asset add' (only to 'asset edit')
Try 'opsdesk asset --help'." "--expect-version on add"
run asset edit SW-CORE-01 --name x --expect-version abc
refused 2 "opsdesk asset: --expect-version: 'abc' is not a version number
Try 'opsdesk asset --help'." "a non-numeric --expect-version"
run asset show SW-CORE-01 extra
refused 2 "opsdesk asset: unexpected argument 'extra'
Try 'opsdesk asset --help'." "an extra argument"
run asset add X3 --name x --name y --class server
refused 2 "opsdesk asset: option '--name' given twice
Try 'opsdesk asset --help'." "--name given twice"

run asset --help
is "$RC" 0 "asset --help: exit 0"
like "$(printf '%s\n' "$OUT" | head -n 1)" "^usage: opsdesk asset add TAG --name NAME --class CLASS" "... prints the usage"
like "$OUT" "opsdesk asset import FILE" "... including import"

done_testing
