#!/bin/sh
# make bench: how long the everyday operations take on a real database file.
# It measures and prints; it asserts nothing (speed is never a test).
set -eu
BIN=${OPSDESK_BIN:-build/opsdesk}
N=${BENCH_STAFF:-500}
T=$(mktemp -d "${TMPDIR:-/tmp}/opsdesk-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
export OPSDESK_DB="$T/bench.db" LANG=C.UTF-8 TZ=UTC
unset OPSDESK_RULES

ms() { date +%s%N; }
report() { awk -v what="$1" -v ns="$(($2))" 'BEGIN { printf "%-44s %8.1f ms\n", what, ns / 1e6 }'; }

t0=$(ms); "$BIN" init >/dev/null; t1=$(ms)
report "init (create the schema)" "$t1 - $t0"

t0=$(ms)
i=0
while [ $i -lt "$N" ]; do
	"$BIN" staff add "user$i" --name "值班员$i" --roles duty_operator --team 值班组 >/dev/null
	i=$((i + 1))
done
t1=$(ms)
report "staff add, one process each (mean of $N)" "($t1 - $t0) / $N"

t0=$(ms); "$BIN" staff list >/dev/null; t1=$(ms)
report "staff list ($N people)" "$t1 - $t0"
t0=$(ms); "$BIN" staff list --json >/dev/null; t1=$(ms)
report "staff list --json ($N people)" "$t1 - $t0"

i=0
t0=$(ms)
while [ $i -lt 200 ]; do
	"$BIN" staff edit user1 --phone "010-$i" >/dev/null
	i=$((i + 1))
done
t1=$(ms)
report "staff edit, one process each (mean of 200)" "($t1 - $t0) / 200"

t0=$(ms); "$BIN" audit verify >/dev/null; t1=$(ms)
report "audit verify ($(($N + 201)) entries)" "$t1 - $t0"
t0=$(ms); "$BIN" audit list --limit 50 >/dev/null; t1=$(ms)
report "audit list, newest 50" "$t1 - $t0"
