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

# Incidents at scale: BENCH_INCIDENTS rows (most closed, one in fifty open)
# written straight into the file the way the program stores them, with
# their journal (recorded, then taken up or closed) and the full-text
# index, then the everyday reads.
NI=${BENCH_INCIDENTS:-200000}
t0=$(ms)
sqlite3 "$OPSDESK_DB" <<SQL
BEGIN;
CREATE TEMP TABLE word(n INTEGER PRIMARY KEY, w TEXT);
INSERT INTO word(w) VALUES ('核心交换机端口故障'), ('数据库服务器连接缓慢'), ('办公电脑无法开机'),
  ('打印机卡纸'), ('视频会议系统无声音'), ('存储阵列告警'), ('邮件系统登录失败'), ('防火墙策略变更后网络中断');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NI)
INSERT INTO incident(summary, description, reporter, channel, occurred, category, impact,
  urgency, priority, priority_rank, state, open, assignee, response_due, resolution_due,
  created, created_by, updated, updated_by)
SELECT (SELECT w FROM word WHERE n = 1 + i % 8) || ' #' || i, '第' || i || '号楼', 'user1', 'phone',
  1700000000 + i * 300, 'network', 'medium', 'medium', 'P3', 3,
  CASE WHEN i % 50 = 0 THEN 'in_progress' ELSE 'closed' END, i % 50 = 0,
  'user' || (i % 40), 1700000000 + i * 300 + 3600, 1700000000 + i * 300 + 86400,
  1700000000 + i * 300, 'user1', 1700000000 + i * 300, 'user1' FROM n;
INSERT INTO journal(record, at, actor, kind, text, data)
SELECT 'INC-' || id, created, 'user1', 'created', 'recorded', json_object('state', 'new', 'priority', 'P3')
FROM incident;
INSERT INTO journal(record, at, actor, kind, text, data)
SELECT 'INC-' || id, created + CASE WHEN open THEN 600 ELSE 7200 END, assignee, 'state',
  'new -> ' || state, json_object('state', state)
FROM incident;
INSERT INTO incident_text(rowid, summary, description, journal)
SELECT id, summary, description, '' FROM incident;
COMMIT;
SQL
t1=$(ms)
report "write $NI incidents (sqlite3, one transaction)" "$t1 - $t0"

time_cmd() {
	what=$1
	shift
	t0=$(ms)
	"$BIN" "$@" >/dev/null
	t1=$(ms)
	report "$what" "$t1 - $t0"
}
time_cmd "incident list (open queue, first 50)" incident list
time_cmd "incident list --all --sort newest" incident list --all --sort newest
time_cmd "incident list --breached" incident list --breached
time_cmd "incident list --assignee user7" incident list --assignee user7
time_cmd "incident list --search, 2 characters" incident list --all --search 打印
time_cmd "incident list --search, a frequent term" incident list --all --search 数据库服务
time_cmd "incident list --search, a rare term" incident list --all --search '#199999'
time_cmd "show INC-100" show INC-100
time_cmd "escalate --dry-run ($((NI / 50)) open)" escalate --dry-run
# Reports over the same file: one shift's window, one month's incidents,
# and raw sqlite3 running the report's main queries, for the ratio.
time_cmd "report shift --shift 2024-10-27/D" report shift --shift 2024-10-27/D
time_cmd "report shift --format json" report shift --shift 2024-10-27/D --format json
t0=$(ms)
sqlite3 "$OPSDESK_DB" >/dev/null <<SQL
SELECT count(*) FROM incident WHERE created >= 1729987200 AND created < 1730030400;
SELECT count(*) FROM journal WHERE at >= 1729987200 AND at < 1730030400 AND kind = 'state';
SELECT id FROM incident WHERE open = 1 ORDER BY priority_rank, created, id LIMIT 50;
SQL
t1=$(ms)
report "  raw sqlite3: the shift report's main queries" "$t1 - $t0"
time_cmd "report review --month 2024-10" report review --month 2024-10
t0=$(ms)
sqlite3 "$OPSDESK_DB" >/dev/null <<SQL
SELECT i.id, count(j.id) FROM incident i JOIN journal j ON j.record = 'INC-' || i.id
 WHERE i.created >= 1727712000 AND i.created < 1730390400 GROUP BY i.id;
SQL
t1=$(ms)
report "  raw sqlite3: the review's main query" "$t1 - $t0"
