#!/bin/sh
# opsdesk asset import FILE: CSV as spreadsheets write it (UTF-8 with or
# without a byte-order mark, CRLF or LF, RFC 4180 quoting), rows that add
# or update items, every bad row reported as FILE:LINE: message and then
# nothing imported at all.
. "$(dirname "$0")/../lib/tap.sh"

DATA="$TOP/tests/cli/data"

state() {
	sql "SELECT * FROM asset ORDER BY id; SELECT count(*) FROM audit; SELECT count(*) FROM journal;"
}

refused() {
	is "$RC" "$1" "$3: exit $1"
	[ -z "$2" ] || is "$ERR" "$2" "$3: the messages"
	is "$(state)" "$before" "$3: nothing imported"
}

OPSDESK_USER=root run init
run init --demo-staff
is "$RC" 0 "init --demo"

# The files are copied next to the database so the messages name them shortly.
for f in excel update bad dup unknown-column; do cp "$DATA/assets-$f.csv" "$f.csv"; done

# --- a spreadsheet's export: byte-order mark, CRLF, quoted fields ----------------------
test "$(head -c 3 excel.csv | od -An -tx1 | tr -d ' ')" = efbbbf && grep -q "$(printf '\r')" excel.csv
ok $? "(excel.csv starts with a byte-order mark and has CRLF line ends)"
run asset import excel.csv
is "$RC" 0 "import with a byte-order mark and CRLF: exit 0"
is "$OUT" "excel.csv: 3 added, 0 updated, 0 unchanged" "... and says what it did"
is "$ERR" "" "... with nothing on stderr"
is "$(sql "SELECT group_concat(tag, ' ') FROM (SELECT tag FROM asset ORDER BY tag)")" \
	"PRN-CW-01 SRV-DB-01 SW-CORE-01" "sql: the three items, the first tag without the byte-order mark"
is "$(sql "SELECT location FROM asset WHERE tag = 'SW-CORE-01'")" "一号楼三层机房, A-03 机柜" \
	"a quoted field keeps its comma"
is "$(sql "SELECT note FROM asset WHERE tag = 'SW-CORE-01'")" "双电源
上联两条万兆" "a quoted line break (CRLF in the file) is a line break in the note"
is "$(sql "SELECT name FROM asset WHERE tag = 'SRV-DB-01'")" '数据库服务器 "主库"' \
	"doubled quotes are one quote"
is "$(sql "SELECT ip || '|' || responsible || '|' || purchased || '|' || warranty_end || '|' || status FROM asset WHERE tag = 'SRV-DB-01'")" \
	"10.1.0.5|lina|2023-06-15|2026-06-14|in_use" "every column stored"
is "$(sql "SELECT status FROM asset WHERE tag = 'SW-CORE-01'") $(sql "SELECT status FROM asset WHERE tag = 'PRN-CW-01'")" \
	"in_use spare" "an empty status is the rules' first; a given one is kept"
is "$(sql "SELECT count(*) || ' ' || group_concat(DISTINCT op) FROM audit WHERE record LIKE 'asset:%'")" "3 asset.import" \
	"one audit entry per item, op asset.import"
is "$(sql "SELECT count(*) FROM journal WHERE record LIKE 'asset:%' AND kind = 'created'")" 3 \
	"and a journal entry 'created' on each"

# --- updating: columns in another order, some left out --------------------------------------
run asset import update.csv
is "$RC" 0 "import rows whose tags exist: exit 0"
is "$OUT" "update.csv: 1 added, 2 updated, 0 unchanged" "... says which were added and which updated"
is "$(sql "SELECT status || '|' || version || '|' || ip FROM asset WHERE tag = 'SRV-DB-01'")" "repair|2|10.1.0.5" \
	"the given status is set; a column the file does not have is kept"
is "$(sql "SELECT location || '|' || status || '|' || note FROM asset WHERE tag = 'SW-CORE-01'")" \
	"一号楼三层机房, A-04 机柜|in_use|双电源
上联两条万兆" "an empty status cell keeps the status; the note (no column) is kept"
is "$(sql "SELECT location FROM asset WHERE tag = 'AP-01'")" "二号楼,走廊" "the new one is added"
is "$(sql "SELECT kind || ' ' || text FROM journal WHERE record = 'asset:SRV-DB-01' ORDER BY id DESC LIMIT 1")" \
	"changed status: in_use -> repair" "an update is journalled as a change"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'asset.import'")" 6 "three more audit entries, one per item changed"

before=$(state)
run asset import update.csv
is "$RC" 0 "the same file again: exit 0"
is "$OUT" "update.csv: 0 added, 0 updated, 3 unchanged" "... nothing to do"
is "$(state)" "$before" "... and nothing written"

# --- bad rows: every one reported with its line, nothing imported -----------------------------
classes="server, network, storage, security, pc, printer, video, application, room"
before=$(state)
run asset import bad.csv
refused 1 "bad.csv:4: name: must not be empty
bad.csv:5: class: 'laptop' is not one of the CI classes in the rules (known: $classes)
bad.csv:7: purchased: '2025-02-30' is not a date (YYYY-MM-DD, a day of the calendar)
opsdesk: bad.csv: 3 problems in the file; nothing was imported" \
	"a file with three bad rows (after a row with a line break in a quoted field)"
is "$(sql "SELECT count(*) FROM asset WHERE tag LIKE 'PC-%'")" 0 "not even the good rows are imported"

run asset import dup.csv
refused 1 "dup.csv:4: tag: 'SW-01' is also on line 2; each tag may appear once
opsdesk: dup.csv: 1 problem in the file; nothing was imported" "a tag twice in the file"

run asset import unknown-column.csv
refused 1 "unknown-column.csv:1: unknown column '颜色' (known: tag, name, class, model, serial, location, ip, responsible, purchased, warranty_end, status, note)
opsdesk: unknown-column.csv: the header has problems; nothing was imported" "an unknown column"

printf 'tag,name,location\nX1,x,y\n' > noclass.csv
run asset import noclass.csv
refused 1 "noclass.csv:1: the header has no 'class' column (tag, name and class are required)
opsdesk: noclass.csv: the header has problems; nothing was imported" "a header without the class column"

# 服务器 and 机房 in GBK, as a spreadsheet set to a Chinese code page saves them
printf 'tag,name,class,location\nS-1,ok,server,x\nS-2,\267\376\316\361\306\367,server,\273\372\267\277\n' > gbk.csv
run asset import gbk.csv
refused 1 "gbk.csv:3: not valid UTF-8 text: save the file as UTF-8 (from GBK, for instance: iconv -f GB18030 -t UTF-8)
opsdesk: gbk.csv: 1 line of the file is not UTF-8 text; nothing was imported" "a file in GBK"

printf 'tag,name,class\nQ-1,"unclosed,server\nQ-2,x,server\n' > quote.csv
run asset import quote.csv
refused 1 "quote.csv:2: a quoted field starts here and is never closed (a \" is missing)
opsdesk: quote.csv: 1 problem in the file; nothing was imported" "a quote never closed"
printf 'tag,name,class\nQ-1,5" disk,server\nQ-2,"a"b,server\nQ-3,x\n' > quote2.csv
run asset import quote2.csv
refused 1 "quote2.csv:2: a quote inside an unquoted field: put the whole field in quotes and write the quote as \"\"
quote2.csv:3: text after the closing quote of a field; inside a quoted field write a quote as \"\"
quote2.csv:4: 2 fields, but the header names 3 columns
opsdesk: quote2.csv: 3 problems in the file; nothing was imported" "bad quoting and a short row, each with its line"

: > empty.csv
run asset import empty.csv
refused 1 "empty.csv:1: the file is empty: its first line must name the columns, such as tag,name,class
opsdesk: empty.csv: the file has no header; nothing was imported" "an empty file"

run asset import missing.csv
refused 1 "opsdesk: cannot read missing.csv: No such file or directory" "a file that does not exist"

# an existing item's row is checked like an edit: a bad value refuses the whole file
printf 'tag,name,class,ip\nNEW-1,新的,server,10.9.0.1\nSW-CORE-01,核心交换机,network,10.0.0.999\n' > badupdate.csv
run asset import badupdate.csv
refused 1 "badupdate.csv:3: ip: '10.0.0.999' is not an IPv4 or IPv6 address
opsdesk: badupdate.csv: 1 problem in the file; nothing was imported" "a bad value for an existing item"

# --- who may import --------------------------------------------------------------------------
printf 'tag,name,class\nOP-1,x,server\n' > op.csv
OPSDESK_USER=zhangwei run asset import op.csv
refused 1 "opsdesk: 'asset.manage' is not permitted for you: the rules give it to: 运维经理, 系统工程师, 网络工程师, 桌面工程师, 安全工程师" \
	"a duty operator importing"
OPSDESK_USER=chenjing run asset import op.csv
is "$RC" 0 "a security engineer may import"
is "$(sql "SELECT updated_by FROM asset WHERE tag = 'OP-1'")" "chenjing" "... and is recorded as the one who did"

# --- a larger file, to see all-or-nothing holds past the first rows -------------------------
{
	echo "tag,name,class,location"
	i=1
	while [ $i -le 300 ]; do echo "PC-$i,电脑$i,pc,\"办公楼, $i 号\""; i=$((i + 1)); done
	echo "PC-301,电脑301,nope,x"
} > many.csv
before=$(state)
run asset import many.csv
refused 1 "" "300 good rows and a bad last one"
like "$ERR" "^many.csv:302: class: 'nope'" "... reports the last row's line"
sed '$d' many.csv > many-ok.csv
run asset import many-ok.csv
is "$OUT" "many-ok.csv: 300 added, 0 updated, 0 unchanged" "without it, all 300 are added"

done_testing
