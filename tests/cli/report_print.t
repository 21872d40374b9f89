#!/bin/sh
# Printing for real: a private cupsd with a cups-pdf queue, started by the
# test, and a shift report with Chinese names printed to it through the
# default pipeline (paps with the WenQuanYi font, then lp, no shell). The
# PDF that comes out has the report's pages; the print is in the audit
# log. An unknown printer and a failing print command fail with their
# message and are not recorded. If CUPS cannot start the test fails.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/cups.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles network_engineer
run staff add ouyang --name 欧阳明华 --roles system_engineer
run roster set 2026-11-21 lina D
run roster set 2026-11-21 ouyang N
as lina log add "机房巡检：空调、UPS 正常" --category check --at "2026-11-21 08:30"
OPSDESK_NOW="2026-11-21T08:40:00+08:00" as lina incident new --title "核心交换机端口闪断" --impact high --urgency high
as lina handover note "交换机等待厂家回复" --follow-up ouyang

queue="opsdesk$$"
cups_start "$queue"
ok $? "a private cupsd runs with a cups-pdf queue" || { done_testing; }

as lina report shift --shift 2026-11-21/D
pages=$(printf '%s\n' "$OUT" | tr -cd '\f' | wc -c)
pages=$((pages + 1))
as lina report shift --shift 2026-11-21/D --print --printer "$queue"
is "$RC" 0 "report shift --print --printer QUEUE"
like "$OUT" "^printed the shift report of 2026-11-21 白班 \(D\): request id is $queue-1" "... saying the request id"
pdf=$(cups_wait_pdf 1)
ok $? "a PDF comes out of the queue"
is "$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" "$pages" "... with the report's $pages pages (form feeds are page breaks)"
# paps draws the glyphs as outlines, so there is no text to extract; the
# Chinese is checked by the font the PDF embeds and, while developing, by
# looking at the page rendered to PNG (pdftoppm).
pdftoppm -r 40 -f 1 -l 1 -png "$pdf" "$T/page" 2>/dev/null
ok $? "... and renders (page 1 to PNG, to look at while developing: keep it with KEEP_PNG=DIR)"
[ -n "${KEEP_PNG:-}" ] && cp "$T"/page*.png "$KEEP_PNG/"
is "$(sql "SELECT actor || ' ' || record || ' ' || json_extract(detail, '$.to') FROM audit WHERE op = 'report.print'")" \
	"lina report:shift:2026-11-21 白班 (D) $queue" "sql: the print is in the audit log: who, which report, which printer"

as lina report shift --shift 2026-11-21/D --print --printer no-such-printer
is "$RC" 1 "an unknown printer fails"
like "$ERR" "print: lp failed \(exit status 1\): lp: Error - The printer or class does not exist" "... with lp's own message"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'report.print'")" 1 "sql: a failed print is not recorded as printed"

# a site whose print command fails, and one whose filter is missing
sed 's|^  page_lines: 66.*|  page_lines: 40\n  print_command: [false]|' "$TOP/config/workflow.yaml" > "$T/fail.yaml"
OPSDESK_RULES="$T/fail.yaml" as lina report shift --shift 2026-11-21/D --print
is "$RC" 1 "a print command that fails"
like "$ERR" "print: false failed \(exit status 1\)" "... says so"
sed 's|^  page_lines: 66.*|  print_filter: [no-such-filter-xyz]|' "$TOP/config/workflow.yaml" > "$T/nofilter.yaml"
OPSDESK_RULES="$T/nofilter.yaml" as lina report shift --shift 2026-11-21/D --print --printer "$queue"
is "$RC" 1 "a print filter that is not installed"
like "$ERR" "print: no-such-filter-xyz could not be run" "... says so"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'report.print'")" 1 "sql: neither is recorded"

# the page length comes from the site settings
sed 's|^  page_lines: 66.*|  page_lines: 40|' "$TOP/config/workflow.yaml" > "$T/short.yaml"
OPSDESK_RULES="$T/short.yaml" as lina report shift --shift 2026-11-21/D
short=$(printf '%s\n' "$OUT" | tr -cd '\f' | wc -c)
ok $([ "$short" -gt $((pages - 1)) ] && echo 0 || echo 1) "site.page_lines 40 makes more pages ($((short + 1)) against $pages)"
is "$(printf '%s\n' "$OUT" | awk 'BEGIN { RS = "\f" } { n = gsub(/\n/, "") ; if (n != 40) bad++ } END { print bad + 0 }')" 0 "... each of exactly 40 lines"
rm -f "$CUPS_PDF"/*.pdf
OPSDESK_RULES="$T/short.yaml" as lina report shift --shift 2026-11-21/D --print --printer "$queue"
pdf=$(cups_wait_pdf 2)
is "$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" "$((short + 1))" "... and as many printed pages"

done_testing
