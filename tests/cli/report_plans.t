#!/bin/sh
# The reports read windows of time through indexes, never a whole table:
# the query plans of their main queries (the SQL of report_shift.c's and
# report_review.c's readers in incident.c, journal.c, dutylog.c and
# inspect/) use the index made for them and sort nothing.
. "$(dirname "$0")/../lib/tap.sh"

run init
plan() { sql "EXPLAIN QUERY PLAN $1"; }
check() { # check SQL INDEX DESCRIPTION
	p=$(plan "$1")
	like "$p" "USING (COVERING )?INDEX $2" "$3: walks $2"
	unlike "$p" "TEMP B-TREE|SCAN (incident|journal|duty_log|inspection|inspect_reading)( |$)" "$3: no sort, no scan of the table"
}
check "SELECT * FROM incident i LEFT JOIN asset a ON a.id = i.asset_id WHERE i.created >= 1 AND i.created < 2 ORDER BY i.created, i.id LIMIT 50" \
	incident_by_created "incidents recorded in a window"
check "SELECT * FROM incident i INDEXED BY incident_open_by_due LEFT JOIN asset a ON a.id = i.asset_id WHERE i.open = 1 AND coalesce(i.resolution_due, 9223372036854775807) >= 1 AND coalesce(i.resolution_due, 9223372036854775807) < 2 ORDER BY coalesce(i.resolution_due, 9223372036854775807), i.id LIMIT 50" \
	incident_open_by_due "what falls due"
check "SELECT id FROM journal WHERE at >= 1 AND at < 2 AND kind = 'state' AND record >= 'INC-' AND record < 'INC.' ORDER BY at, id" \
	journal_by_at "journal entries in a window"
check "SELECT id FROM journal WHERE at >= 1 AND at < 2 AND kind = 'create' AND record >= 'PRB-' AND record < 'PRB.' ORDER BY at, id LIMIT 50" \
	journal_by_at "problems opened in a window"
check "SELECT id FROM inspection INDEXED BY inspection_by_created WHERE created >= 1 AND created < 2 ORDER BY created, id LIMIT 50" \
	inspection_by_created "inspection runs recorded in a window"
check "SELECT count(*) FROM inspect_reading INDEXED BY inspect_reading_bad WHERE level <> 'normal' AND at >= 1 AND at < 2" \
	inspect_reading_bad "abnormal readings in a window"
check "SELECT id FROM duty_log WHERE day = '2026-11-21' AND shift = 'D' ORDER BY at, id" \
	duty_log_by_shift "a shift's duty log"
done_testing
