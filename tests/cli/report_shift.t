#!/bin/sh
# The shift (handover) report: the duty log, then the report of a shift on
# a pinned clock with Chinese names, open incidents, a breach, duty log
# entries and a handover note, compared line by line with the expected
# pages at 80 and 132 columns (widths by display width, every page exactly
# site.page_lines lines); HTML with hostile stored text escaped; JSON;
# byte-identical reruns; the audit entry of every export; bad input.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
DATA="$TOP/tests/cli/data"

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles network_engineer
run staff add wangwei --name 王伟 --roles duty_operator
run staff add ouyang --name 欧阳明华 --roles system_engineer
for cell in "lina D" "wangwei D" "ouyang N"; do
	set -- $cell
	run roster set 2026-11-21 "$1" "$2"
done

# --- the duty log -----------------------------------------------------------
as lina log add "接到财务处电话：打印机无法使用" --category call --at "2026-11-21 08:30"
is "$RC" 0 "log add: lina, on the day shift, writes an entry"
is "$OUT" "duty log entry 1 on 2026-11-21 D" "... it belongs to the shift its time falls in"
as wangwei log add "机房巡检：UPS 负载 45%，温度正常" --category check --at "2026-11-21 08:45"
as wangwei log add "外来人员进入机房：华为工程师 张三" --category visit
is "$RC" 0 "log add without --at: now"
as lina log add "更正：来电的是人事处" --category call --corrects 1
is "$RC" 0 "an entry is corrected by a later one"
as ouyang log add "x" --at "2026-11-21 08:50"
is "$RC" 1 "someone not on the shift cannot write its log"
like "$ERR" "duty log entry: you are not on shift D of 2026-11-21" "... saying so"
as lina log add "x" --category 吃饭
is "$RC" 1 "an unknown category is refused"
like "$ERR" "category: '吃饭' is not a duty log category \(known: call, check, visit, event, other\)" "... naming the known ones"
as lina log add "x" --at "2026-11-21 10:00"
is "$RC" 1 "an entry in the future is refused"
like "$ERR" "at: 2026-11-21 10:00 is in the future" "... saying so"
as lina log add "x" --corrects 99
like "$ERR" "corrects: there is no duty log entry 99" "a correction names an entry that exists"
as lina log add "$(printf 'bad\033[2J')"
is "$RC" 1 "an escape sequence is refused"
is "$(sql "SELECT count(*) FROM duty_log")" 4 "sql: only the good entries were written"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'dutylog.add'")" 4 "sql: each one audited"
is "$(sql "SELECT count(*) FROM journal WHERE record = 'dutylog:2026-11-21/D'")" 4 "sql: and journalled"
sql "DELETE FROM duty_log WHERE id = 1" 2>/dev/null
is "$(sql "SELECT count(*) FROM duty_log")" 4 "sql: entries cannot be deleted"
sql "UPDATE duty_log SET text = 'x' WHERE id = 1" 2>/dev/null
is "$(sql "SELECT text FROM duty_log WHERE id = 1")" "接到财务处电话：打印机无法使用" "sql: nor changed"
as lina log list
is "$RC" 0 "log list"
like "$OUT" "^   4  09:00  电话      lina  \(corrects 1\)$" "... shows the correction"
as lina log list --json
like "$OUT" '"id":2,"at":"2026-11-21T08:45:00\+08:00","category":"check","category_name":"巡检","text":"机房巡检：UPS 负载 45%，温度正常","author":"wangwei"' "log list --json"
as lina log list --shift 2026-11-21/X
is "$RC" 1 "an unknown shift is refused"

# --- incidents: one opened and resolved, two open, one breached ------------------
OPSDESK_NOW="2026-11-21T08:10:00+08:00" as lina incident new --title "核心交换机端口闪断" --impact high --urgency high
OPSDESK_NOW="2026-11-21T08:20:00+08:00" as wangwei incident new --title "财务处打印机卡纸" --impact low --urgency low
OPSDESK_NOW="2026-11-21T08:25:00+08:00" as wangwei do INC-2 assign --set assignee=lina
OPSDESK_NOW="2026-11-21T08:40:00+08:00" as lina do INC-2 start
OPSDESK_NOW="2026-11-21T08:55:00+08:00" as lina do INC-2 resolve --set cause=纸张受潮 --set resolution=清理卡纸 --set recovery_test=打印测试页正常
OPSDESK_NOW="2026-11-21T08:30:00+08:00" as wangwei incident new --title "邮件系统登录缓慢" --impact medium --urgency medium
OPSDESK_NOW="2026-11-21T08:35:00+08:00" as wangwei do INC-3 assign --set assignee=lina
as lina handover note "核心交换机等待厂家回复，夜班继续跟进" --follow-up ouyang --due "2026-11-21 22:00"
is "$RC" 0 "set-up: incidents and a handover note"
is "$(sql "SELECT group_concat(state, ' ') FROM (SELECT state FROM incident ORDER BY id)")" "new resolved assigned" "set-up: the incidents' states"

# --- the text report, page by page ---------------------------------------------
as lina report shift --shift 2026-11-21/D
is "$RC" 0 "report shift --shift 2026-11-21/D"
printf '%s\n' "$OUT" > "$T/80.txt"
if diff -u "$DATA/report_shift_80.txt" "$T/80.txt" > "$T/diff"; then ok 0 "the 80-column report is the expected one, line by line"
else ok 1 "the 80-column report is the expected one, line by line"; diag "$(cat "$T/diff")"; fi
as lina report shift --shift 2026-11-21/D --width 132
printf '%s\n' "$OUT" > "$T/132.txt"
# REGEN=1 writes the expected pages afresh (read them before committing)
if [ -n "${REGEN:-}" ]; then cp "$T/80.txt" "$DATA/report_shift_80.txt"; cp "$T/132.txt" "$DATA/report_shift_132.txt"; fi
if diff -u "$DATA/report_shift_132.txt" "$T/132.txt" > "$T/diff"; then ok 0 "the 132-column report is the expected one, line by line"
else ok 1 "the 132-column report is the expected one, line by line"; diag "$(cat "$T/diff")"; fi

# widest_line FILE: the widest line in display cells (wide characters count 2)
widest() { perl -CSDA -ne 'chomp; s/\f//; my $w = 0; $w += (/[\p{EA=W}\p{EA=F}]/ ? 2 : 1) for split //; $m = $w if $w > $m; END { print $m + 0, "\n" }' "$1"; }
pages_ok() { # every page has exactly N lines
	perl -e 'local $/; my $t = <STDIN>; my @p = split /\f/, $t; my $bad = 0;
		for my $i (0 .. $#p) { my $n = () = $p[$i] =~ /\n/g; $bad++ if $n != $ARGV[0] }
		print scalar(@p), " $bad\n"' "$1" < "$2"; }
is "$(widest "$T/80.txt")" 80 "at 80 columns no line is wider than 80 cells (and the rules fill them)"
is "$(widest "$T/132.txt")" 132 "at 132 columns no line is wider than 132 cells"
set -- $(pages_ok 66 "$T/80.txt")
is "$2" 0 "every page is exactly 66 lines (site.page_lines), with form feeds between ($1 pages)"
like "$(cat "$T/80.txt")" "page 1 of $1" "the footer says page x of y"
is "$(tr -d '\f\n' < "$T/80.txt" | LC_ALL=C tr -d '\040-\176\200-\377' | wc -c)" 0 "no control character but newlines and form feeds"
audit_head=$(sql "SELECT id || ':' || hash FROM audit ORDER BY id DESC LIMIT 1")
like "$(cat "$T/132.txt")" "audit head +${audit_head}" "the report carries the audit chain head (entry and hash)"

as lina report shift --shift 2026-11-21/D
is "$OUT" "$(cat "$T/80.txt")" "a rerun on the same data is byte-identical"
OPSDESK_NOW="2026-11-21T11:00:00+08:00" as lina report shift --at "2026-11-21 09:00"
first=$OUT
OPSDESK_NOW="2026-11-21T15:00:00+08:00" as lina report shift --at "2026-11-21 09:00"
is "$OUT" "$first" "the same --at later gives the same bytes"
like "$OUT" "as of 2026-11-21 09:00 Asia/Shanghai" "... as of that time"

# --- JSON --------------------------------------------------------------------------
as lina report shift --shift 2026-11-21/D --format json
is "$RC" 0 "--format json"
printf '%s' "$OUT" > "$T/r.json"
is "$(sqlite3 :memory: "SELECT json_valid(readfile('$T/r.json'))")" 1 "... is valid JSON"
like "$OUT" "\"audit_head\":\\{\"entry\":${audit_head%%:*},\"hash\":\"${audit_head#*:}\"\\}" "... with the audit head"
like "$OUT" '"rows":\[$' "... tables as rows"
like "$OUT" '^\{"id":"4","at":"09:00","category":"电话","author":"李娜 \(lina\)","text":"\(corrects 1\) 更正：来电的是人事处"\}' "... a duty log row"

# --- HTML, with hostile stored text ------------------------------------------------------
as wangwei log add '<script>alert("x")</script> & <img src=x onerror=alert(1)>' --category event
OPSDESK_NOW="2026-11-21T09:00:00+08:00" as wangwei incident new --title "\"><b>粗体</b>'"
as lina report shift --shift 2026-11-21/D --format html --output "$T/r.html"
is "$RC" 0 "--format html --output FILE"
is "$OUT" "wrote the shift report of 2026-11-21 白班 (D) to $T/r.html" "... saying where"
html=$(cat "$T/r.html")
like "$html" '^<!DOCTYPE html>' "one HTML file"
like "$html" '@media print' "... with a print stylesheet"
like "$html" '@page\{size:A4' "... for A4"
unlike "$html" '<script|<img|<b>|https?:' "nothing from stored text becomes markup, and nothing is fetched"
like "$html" '&lt;script&gt;alert\(&quot;x&quot;\)&lt;/script&gt; &amp; &lt;img src=x onerror=alert\(1\)&gt;' "the duty log entry is escaped"
like "$html" '&quot;&gt;&lt;b&gt;粗体&lt;/b&gt;&#39;' "the incident summary is escaped"

# --- every export is audited ------------------------------------------------------------
is "$(sql "SELECT actor || ' ' || record || ' ' || json_extract(detail, '$.format') || ' ' || json_extract(detail, '$.to') FROM audit WHERE op = 'report.export'")" \
	"lina report:shift:2026-11-21 白班 (D) html $T/r.html" "sql: the export is in the audit log: who, which report, format, where"
as lina report shift --shift 2026-11-21/D --output "$T/r.txt"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'report.export'")" 2 "sql: each export gets an entry"
as lina report shift --shift 2026-11-21/D >/dev/null
is "$(sql "SELECT count(*) FROM audit WHERE op LIKE 'report.%'")" 2 "sql: showing on standard output is not an export"
as lina report shift --shift 2026-11-21/D --output "$T/no/such/dir/r.txt"
is "$RC" 1 "an export that cannot be written fails"
like "$ERR" "cannot write $T/no/such/dir/r.txt" "... saying so"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'report.export'")" 2 "sql: and is not recorded"

# --- bad input ----------------------------------------------------------------------------
as lina report shift --shift 2026-11-21/X
is "$RC" 1 "an unknown shift is refused"
like "$ERR" "X" "... naming it"
as lina report shift --shift 2026-11-22/D
is "$RC" 1 "a shift that has not begun is refused"
like "$ERR" "shift 2026-11-22/D has not begun yet" "... saying so"
as lina report shift --at "2026-11-22 09:00"
is "$RC" 1 "--at in the future is refused"
as lina report shift --format pdf
is "$RC" 2 "an unknown format is a usage error"
like "$ERR" "'pdf' is not a report format \(text, html or json\)" "... naming the formats"
as lina report shift --width 100
is "$RC" 2 "a width other than 80 or 132 is a usage error"
as lina report shift --shift 2026-11-21/D --at "2026-11-21 09:00"
is "$RC" 2 "--shift and --at together are a usage error"
as lina report shift --print --format html
is "$RC" 2 "--print with --format html is a usage error"
as lina report shift --printer x
is "$RC" 2 "--printer without --print is a usage error"

done_testing
