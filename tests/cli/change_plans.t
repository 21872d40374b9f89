#!/bin/sh
# The change calendar and the change list read one page through an index,
# never the whole table: the query plans of change_calendar.c's and
# record.c's queries on the change table (the SQL as those files hold it)
# walk the index made for them and sort nothing.
. "$(dirname "$0")/../lib/tap.sh"

run init
plan() { sql "EXPLAIN QUERY PLAN $1"; }
check() { # check SQL INDEX DESCRIPTION
	p=$(plan "$1")
	like "$p" "USING (COVERING )?INDEX $2" "$3: walks $2"
	unlike "$p" "TEMP B-TREE|SCAN change( |$)" "$3: no sort, no scan of the table"
}
check "SELECT id FROM change WHERE window_start >= 1 AND window_start < 2 AND window_end > 1 AND (0 OR open = 1) ORDER BY window_start, id LIMIT -1" \
	change_by_window "the calendar of a period"
check "SELECT id FROM change WHERE open = 1 ORDER BY id DESC LIMIT 50" \
	change_by_open "the open changes, newest first"
check "SELECT id FROM change WHERE state = 'approval' AND id < 100 ORDER BY id DESC LIMIT 50" \
	change_by_state "the changes in one state"
check "SELECT count(*) FROM change WHERE window_start >= 1 AND window_start < 2 AND window_end > 1" \
	change_by_window "the count of a period's calendar (the shift report)"
check "SELECT id FROM change INDEXED BY change_by_window WHERE window_start >= 1 AND window_start < 2 AND open = 1 ORDER BY window_start, id LIMIT 50" \
	change_by_window "the open changes starting in the next hours (the shift report)"
check "SELECT id FROM change WHERE window_start >= 1 AND window_start < 2 AND window_end > 1 ORDER BY window_start, id" \
	change_by_window "every change of a period, one at a time (the service review)"
like "$(grep -c 'window_start >= ?1' "$TOP/src/core/records/change_calendar.c")" "^4$" \
	"the calendar's queries in change_calendar.c are the four checked here"
done_testing
