#!/bin/sh
# Screen 9, reports, in a real terminal: the list of reports; the shift
# report asked for, built and shown in a scrolling preview at the
# terminal's width with the Chinese names aligned; a bad shift refused
# under the field; written to a file from the preview (and audited);
# printing to a printer that does not exist refused with lp's message and
# not recorded; p on an incident's record shows its fault report; l on the
# dashboard writes a duty log entry typed in Chinese.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
"$OPSDESK_BIN" staff add lina --name 李娜 --roles network_engineer >/dev/null
"$OPSDESK_BIN" staff add ouyang --name 欧阳明华 --roles system_engineer >/dev/null
"$OPSDESK_BIN" roster set 2026-11-21 lina D >/dev/null
"$OPSDESK_BIN" roster set 2026-11-21 root D >/dev/null
"$OPSDESK_BIN" roster set 2026-11-21 ouyang N >/dev/null
OPSDESK_NOW=2026-11-21T08:30:00+08:00 "$OPSDESK_BIN" incident new --title "核心交换机端口闪断" --impact high --urgency high >/dev/null
"$OPSDESK_BIN" log add "机房巡检：空调正常" --category check --at "2026-11-21 08:40" >/dev/null

tui_start 100 30
tui_wait "Dashboard"
ok $? "the console starts"

# --- l on the dashboard: the duty log entry line ------------------------------------
tui_keys l
tui_wait "Duty log entry"
ok $? "l on the dashboard opens the duty log entry"
tui_type "接到财务处电话，打印机故障"
tui_keys Tab Right C-s
tui_wait "Duty log entry 2 on 2026-11-21 D"
ok $? "... saved, the status line says where it went"
is "$(sql "SELECT category || ' ' || text || ' ' || author FROM duty_log WHERE id = 2")" "check 接到财务处电话，打印机故障 root" \
	"sql: the entry, its category picked with Right, by the user"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'dutylog.add'")" 2 "sql: and audited"

# --- screen 9 --------------------------------------------------------------------------
tui_keys 9
tui_wait "Monthly service review"
ok $? "9 shows the list of reports"
tui_keys Enter
tui_wait "Shift\*? +2026-11-21/D"
ok $? "Enter asks for the shift"
like "$(tui_screen)" "2026-11-21/D" "... offering the one on duty"
tui_keys C-u
tui_type "2026-11-21/X"
tui_keys C-s
tui_wait "2026-11-21/X"
like "$(tui_screen)" "X" "a shift that does not exist is refused"
tui_keys C-u
tui_type "2026-11-21/D"
tui_keys C-s
tui_wait "lines 1-"
ok $? "the report is shown in a preview"
screen=$(tui_screen)
like "$screen" "Shift handover report \(值班交接班报告\)" "... the shift report"
like "$screen" "outgoing \(交班\) +李娜 \(lina\), root \(root\)" "... with the Chinese names"
tui_keys G
tui_wait "值班长 \(shift lead\)"
ok $? "G scrolls to the end: the signature lines"
tui_keys g
tui_wait "信息中心运维值班台"
ok $? "g back to the top"

# --- writing it to a file, from the preview ------------------------------------------------
tui_keys w
tui_wait "Write the report to a file"
ok $? "w asks for the file and the format"
tui_keys C-u
tui_type "$T/shift.html"
tui_keys Tab Right C-s
tui_wait "Wrote $T/shift.html"
ok $? "... and writes it"
like "$(cat "$T/shift.html" 2>/dev/null)" "^<!DOCTYPE html>" "... as HTML, the format picked"
is "$(sql "SELECT json_extract(detail, '$.format') || ' ' || json_extract(detail, '$.to') FROM audit WHERE op = 'report.export'")" \
	"html $T/shift.html" "sql: the export is audited"

# --- printing to a printer that is not there -------------------------------------------------
tui_keys p
tui_wait "Print the report"
ok $? "p asks for the printer"
tui_type "no-such-printer-$$"
tui_keys C-s
tui_wait "lp failed|could not be run"
ok $? "a print that fails says why"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'report.print'")" 0 "sql: and is not recorded as printed"
tui_keys Escape
tui_wait "Discard your changes"
tui_keys y
tui_wait "lines 1-"
tui_keys q
tui_wait "Monthly service review"
ok $? "q goes back to the list"

# --- the monthly review, and p on an incident -------------------------------------------------
tui_keys j j Enter
tui_wait "Month\*? +2026-11"
like "$(tui_screen)" "2026-11" "the month offered is this one"
tui_keys C-s
tui_wait "SLA attainment per priority"
ok $? "the monthly review is shown"
tui_keys q
tui_keys 2
tui_wait "核心交换机端口闪断"
tui_keys Enter
tui_wait "INC-1"
tui_keys p
tui_wait "Incident report \(故障报告\)"
ok $? "p on the incident's record shows its fault report"
tui_stop

done_testing
