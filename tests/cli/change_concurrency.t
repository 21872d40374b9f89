#!/bin/sh
# Two sessions voting on the same change at once: both votes are stored,
# the quorum they reach together schedules the change exactly once, and
# neither session sees "database is locked".
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/change.sh"

change_setup
n=6
i=1
while [ $i -le $n ]; do
	# medium risk: one board member and the ops manager decide it together
	as dev change new --title "并发投票 $i" --type normal --ci "SW-01" \
		--start "2026-11-2$i 22:00" --end "2026-11-2$i 23:00" --assessment production
	as dev do "$OUT" submit --set override=测试
	as root do "CHG-$i" assess --note ok
	as root do "CHG-$i" request_approval
	i=$((i + 1))
done
is "$(sql "SELECT count(*) FROM change WHERE state = 'approval'")" "$n" "set-up: $n changes await their two votes"

i=1
while [ $i -le $n ]; do
	OPSDESK_USER=li "$OPSDESK_BIN" change vote "CHG-$i" approve >"$T/li.$i" 2>&1 &
	OPSDESK_USER=ouyang "$OPSDESK_BIN" change vote "CHG-$i" approve >"$T/ouyang.$i" 2>&1 &
	wait
	i=$((i + 1))
done
is "$(cat "$T"/li.* "$T"/ouyang.* | grep -c 'recorded')" "$((2 * n))" "every one of the $((2 * n)) votes cast at once was recorded"
is "$(cat "$T"/li.* "$T"/ouyang.* | grep -ci 'locked\|error')" "0" "... without a locking error"
is "$(sql "SELECT count(*) FROM change_vote")" "$((2 * n))" "sql: all votes stored"
is "$(sql "SELECT count(*) FROM change WHERE state = 'scheduled'")" "$n" "sql: every change was scheduled by the second of its votes"
is "$(sql "SELECT count(*) FROM change_round WHERE outcome = 'approved'")" "$n" "sql: each round decided once"
is "$(sql "SELECT count(*) FROM audit WHERE op LIKE 'change.%' AND detail LIKE '%scheduled%'")" "$n" "sql: one audited transition to scheduled per change"

done_testing
