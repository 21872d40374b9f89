#!/bin/sh
# opsdesk roster import FILE [--encoding utf-8|gb18030]: a roster kept in a
# spreadsheet, one row per day and shift, in UTF-8 with a byte-order mark or
# in GB18030 as Chinese spreadsheet programs save it; each row puts exactly
# its people on that shift; every bad row is reported as FILE:LINE: message
# and then nothing at all is imported.
. "$(dirname "$0")/../lib/tap.sh"

DATA="$TOP/tests/cli/data"

roster() {
	sql "SELECT day || ' ' || shift || ' ' || group_concat(login, ',') FROM
	     (SELECT * FROM roster ORDER BY day, shift, login) GROUP BY day, shift"
}

state() {
	sql "SELECT * FROM roster ORDER BY day, shift, login; SELECT * FROM leave;
	     SELECT count(*) FROM audit; SELECT count(*) FROM journal;"
}

refused() { # refused EXIT STDERR DESCRIPTION (STDERR empty: not compared)
	is "$RC" "$1" "$3: exit $1"
	[ -z "$2" ] || is "$ERR" "$2" "$3: the messages"
	is "$(state)" "$before" "$3: nothing imported"
}

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }

OPSDESK_USER=root run init
as root staff add lina --name 李娜 --roles network_engineer --phone 13800000001
as root staff add wang --name 王伟 --roles system_engineer
as root staff add zhao --name 赵敏 --roles network_engineer
as root staff add alice --name "Alice Wong" --roles network_engineer
as root staff add ouyang --name 欧阳明华 --roles duty_operator
as root staff add zw1 --name 张伟 --roles duty_operator
as root staff add zw2 --name 张伟 --roles duty_operator
is "$RC" 0 "set-up: seven people, two of them called 张伟"

cp "$DATA/roster_excel.csv" excel.csv
cp "$DATA/roster_bad.csv" bad.csv

# --- a spreadsheet's export: byte-order mark, CRLF, Chinese header ---------------------
test "$(head -c 3 excel.csv | od -An -tx1 | tr -d ' ')" = efbbbf && grep -q "$(printf '\r')" excel.csv
ok $? "(excel.csv starts with a byte-order mark and has CRLF line ends)"
as root roster import excel.csv
is "$RC" 0 "import: exit 0"
is "$OUT" "excel.csv: 6 shifts from 2026-12-01 to 2026-12-03 imported (UTF-8), 5 changed" \
	"... says how many shifts, which days, the encoding and how many changed"
is "$ERR" "" "... with nothing on stderr"
is "$(roster)" "2026-12-01 D lina,wang
2026-12-01 N alice,zhao
2026-12-02 D ouyang,zhao
2026-12-02 N zw1
2026-12-03 D lina,wang" \
	"sql: names and logins; 、 , ； and spaces between people; a name with a space; shift ids and names; 2026/12/2 and 2026年12月2日; the empty cell leaves nobody"
is "$(sql "SELECT count(*) || ' ' || group_concat(DISTINCT op) FROM audit WHERE op LIKE 'roster.%'")" \
	"9 roster.import" "audit: one roster.import entry per person-day changed"
is "$(sql "SELECT text FROM journal WHERE record = 'roster:2026-12-02' ORDER BY id")" \
	"zhao: - -> D (import excel.csv)
ouyang: - -> D (import excel.csv)
zw1: - -> N (import excel.csv)" "journal: each person's day in the file's order, with the file named as the reason"

before=$(state)
as root roster import excel.csv
is "$RC" 0 "the same file again: exit 0"
is "$OUT" "excel.csv: 6 shifts from 2026-12-01 to 2026-12-03 imported (UTF-8), 0 changed" "... nothing changed"
is "$(state)" "$before" "... and nothing written"

# each row sets exactly its people: who is not named leaves that shift
printf 'date,shift,people\n2026-12-01,D,王伟\n2026-12-01,N,\n2026-12-03,N,alice\n' > change.csv
as root roster import change.csv
is "$OUT" "change.csv: 3 shifts from 2026-12-01 to 2026-12-03 imported (UTF-8), 3 changed" "a second file changes three shifts"
is "$(roster)" "2026-12-01 D wang
2026-12-02 D ouyang,zhao
2026-12-02 N zw1
2026-12-03 D lina,wang
2026-12-03 N alice" "sql: lina off the day shift, the night shift emptied, alice on; the rest untouched"

# --- GB18030, as WPS or Excel save a CSV on a Chinese system -------------------------
printf '日期,班次,人员\r\n2026-12-05,白班,李娜、王伟\r\n2026-12-05,夜班,欧阳明华\r\n' | iconv -f UTF-8 -t GB18030 > gbk.csv
! iconv -f UTF-8 -t UTF-8 gbk.csv >/dev/null 2>&1
ok $? "(gbk.csv is not UTF-8)"
as root roster import gbk.csv
is "$RC" 0 "import GB18030 without saying so: exit 0"
is "$OUT" "gbk.csv: 2 shifts from 2026-12-05 to 2026-12-05 imported (GB18030), 2 changed" "... read as GB18030"
is "$(sql "SELECT group_concat(shift || ':' || login, ' ') FROM (SELECT * FROM roster WHERE day = '2026-12-05' ORDER BY shift, login)")" \
	"D:lina D:wang N:ouyang" "sql: the Chinese header, shift names and people's names were understood"

printf 'date,shift,people\n2026-12-06,D,赵敏\n' | iconv -f UTF-8 -t GB18030 > gbk2.csv
as root roster import gbk2.csv --encoding gb18030
is "$OUT" "gbk2.csv: 1 shift from 2026-12-06 to 2026-12-06 imported (GB18030), 1 changed" "--encoding gb18030"
before=$(state)
as root roster import gbk.csv --encoding utf-8
refused 1 "gbk.csv:1: not valid UTF-8 text: save the file as UTF-8 (from GBK, for instance: iconv -f GB18030 -t UTF-8)
gbk.csv:2: not valid UTF-8 text: save the file as UTF-8 (from GBK, for instance: iconv -f GB18030 -t UTF-8)
gbk.csv:3: not valid UTF-8 text: save the file as UTF-8 (from GBK, for instance: iconv -f GB18030 -t UTF-8)
opsdesk: gbk.csv: 3 lines of the file are not UTF-8 text; nothing was imported" \
	"--encoding utf-8 on a GB18030 file: each line named"

printf 'date,shift,people\n2026-12-07,D,lina\n2026-12-07,N,\377\376\n' > neither.csv
as root roster import neither.csv
refused 1 "neither.csv:3: neither UTF-8 nor GB18030 (GBK) text: save the file as CSV in UTF-8
opsdesk: neither.csv: 1 line of the file is neither UTF-8 nor GB18030 text; nothing was imported" \
	"a file that is neither UTF-8 nor GB18030"

printf '\377\376d\000a\000t\000e\000\n\000' > utf16.csv
as root roster import utf16.csv
refused 1 "utf16.csv:1: UTF-16 text (\"Unicode text\"): save the file as CSV in UTF-8 or GB18030
opsdesk: utf16.csv: the file is UTF-16 text, not CSV; nothing was imported" "UTF-16 (Excel's \"Unicode text\")"

as root roster import gbk.csv --encoding latin1
refused 2 "opsdesk roster: --encoding: 'latin1' is not utf-8 or gb18030
Try 'opsdesk roster --help'." "an unknown --encoding is a usage error"

# --- bad rows: each reported with its line, then nothing imported -------------------
as root staff deactivate zhao
as root leave add wang --from 2026-12-13 --to 2026-12-14 --reason 年假
is "$RC" 0 "(zhao deactivated, wang on leave 13-14 Dec)"
before=$(state)
as root roster import bad.csv
refused 1 "bad.csv:3: shift: 'X' is not a shift of the rules (known: D 白班, N 夜班)
bad.csv:4: date: '2026-02-30' is not a date (use YYYY-MM-DD, such as 2026-12-01)
bad.csv:5: people: '张伟' is the name of 2 people (zw1, zw2); write the login
bad.csv:6: people: 'nobody' is not the login or name of anyone on the staff
bad.csv:7: people: 赵敏 (zhao) is deactivated and cannot be rostered
bad.csv:8: people: 王伟 (wang) is on leave on 2026-12-13
bad.csv:9: 2026-12-10 D (白班) is also on line 2; each shift of a day may be given once
bad.csv:10: 5 fields, but the header names 4 columns
bad.csv:11: a quoted field starts here and is never closed (a \" is missing)
opsdesk: bad.csv: 9 problems in the file; nothing was imported" \
	"every bad row: unknown shift, bad date, ambiguous name, unknown person, deactivated, on leave, the same shift twice, a row too long, bad quoting"
is "$(sql "SELECT count(*) FROM roster WHERE day BETWEEN '2026-12-10' AND '2026-12-15'")" 0 \
	"sql: not even the good row (line 2) is in the roster"

# the file without its bad rows goes in
sed -n '1,2p;5,6p' bad.csv | sed -e 's/张伟/zw2/' -e 's/李娜 nobody/李娜 zw1/' > fixed.csv
as root roster import fixed.csv
is "$RC" 0 "the rows fixed: exit 0"
is "$(sql "SELECT group_concat(day || shift || ':' || login, ' ') FROM (SELECT * FROM roster WHERE day BETWEEN '2026-12-10' AND '2026-12-15' ORDER BY day, shift, login)")" \
	"2026-12-10D:lina 2026-12-11D:zw2 2026-12-11N:lina 2026-12-11N:zw1" "sql: login where the name was ambiguous"

# a row of a shift that someone on leave is already on is refused as well
as root roster set 2026-12-20 lina D
as root leave add lina --from 2026-12-20 --reason 病假
before=$(state)
printf 'date,shift,people\n2026-12-20,D,lina\n' > keep.csv
as root roster import keep.csv
refused 1 "keep.csv:2: people: 李娜 (lina) is on leave on 2026-12-20
opsdesk: keep.csv: 1 problem in the file; nothing was imported" "a person on leave, even one already on the shift"

# --- the header -----------------------------------------------------------------
printf 'date,shift,人\n2026-12-21,D,lina\n' > header.csv
as root roster import header.csv
refused 1 "header.csv:1: unknown column '人' (known: date|日期, shift|班次, people|人员|值班人员, note|备注, weekday|星期)
header.csv:1: the header has no 'people' column: the first line must name the columns, date, shift and people (or 日期, 班次 and 人员)
opsdesk: header.csv: the header has problems; nothing was imported" "an unknown column, a missing one"

printf '2026-12-21,D,lina\n2026-12-22,D,lina\n' > noheader.csv
as root roster import noheader.csv
refused 1 "" "a file without a header"
like "$ERR" "^noheader.csv:1: unknown column '2026-12-21'" "... says the first line is not a header"

printf ' Date , SHIFT ,People,,\n2026-12-21,d,LINA,,\n2026-12-22,N,lina,,x\n' > loose.csv
as root roster import loose.csv
refused 1 "loose.csv:3: column 5 has no name in the header but holds 'x' here
opsdesk: loose.csv: 1 problem in the file; nothing was imported" \
	"a value under a column the header does not name"
sed -i '$d' loose.csv
as root roster import loose.csv
is "$RC" 0 "headers in any case with spaces around, empty unnamed columns, d for D, LINA for lina: exit 0"
is "$(sql "SELECT shift || ' ' || login FROM roster WHERE day = '2026-12-21'")" "D lina" "... understood"

before=$(state)

: > empty.csv
as root roster import empty.csv
refused 1 "empty.csv:1: the file is empty: its first line must name the columns, such as date,shift,people
opsdesk: empty.csv: the file has no header; nothing was imported" "an empty file"
printf 'date,shift,people\r\n' > only.csv
as root roster import only.csv
refused 1 "opsdesk: only.csv: the file has a header but no rows; nothing was imported" "a header and nothing else"
as root roster import missing.csv
refused 1 "opsdesk: cannot read missing.csv: No such file or directory" "a file that does not exist"

# --- who may import ---------------------------------------------------------------
printf 'date,shift,people\n2026-12-24,D,lina\n' > op.csv
as lina roster import op.csv
refused 1 "opsdesk: 'roster.manage' is not permitted for you: the rules give it to: 运维经理" \
	"a network engineer may not import the roster"

done_testing
