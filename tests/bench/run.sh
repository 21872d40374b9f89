#!/bin/sh
# make bench: opsdesk against the raw sqlite3 shell on the same file.
#
# It builds a scratch database itself (BENCH_INCIDENTS incidents, 100,000
# by default, 15% of them open, with their journals, full-text index and
# the escalations a minute-by-minute cron would have sent), then for each
# everyday operation prints opsdesk's median time over BENCH_RUNS runs of
# the whole process (start-up included), the median of raw sqlite3 doing
# the same reads and writes on the same file, the ratio and opsdesk's peak
# memory; and the console's first frames, measured in tmux. It asserts
# nothing: speed is measured here, never in a test.
set -eu
BIN=${OPSDESK_BIN:-build/opsdesk}
NI=${BENCH_INCIDENTS:-100000}
RUNS=${BENCH_RUNS:-5}
T=$(mktemp -d "${TMPDIR:-/tmp}/opsdesk-bench.XXXXXX")
SOCK="opsdesk-bench-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$T"' EXIT
DB="$T/bench.db"
NOW_ISO=2026-12-01T10:00:00+08:00
NOW=1796097600 # the same moment in seconds
export OPSDESK_DB="$DB" LANG=C.UTF-8 TZ=Asia/Shanghai OPSDESK_NOW="$NOW_ISO"
unset OPSDESK_RULES OPSDESK_USER
[ "$(id -u)" = 0 ] || echo "note: not root, so OPSDESK_NOW is ignored and the clock is the real one" >&2

ms_now() { date +%s%N; }

# median FILE: the middle of the numbers in FILE
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# timed OUT CMD...: runs CMD RUNS times; OUT gets the median in ms and the
# peak resident memory in KiB of the last run.
timed() {
	out=$1
	shift
	: >"$T/times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(ms_now)
		/usr/bin/time -f %M -o "$T/mem" "$@" >/dev/null 2>"$T/err" || {
			echo "failed: $*" >&2
			cat "$T/err" >&2
			exit 1
		}
		t1=$(ms_now)
		echo $(((t1 - t0) / 1000)) >>"$T/times"
		i=$((i + 1))
	done
	echo "$(median "$T/times") $(tail -n 1 "$T/mem")" >"$out"
}

printf '%-46s %10s %10s %7s %9s\n' "operation" "opsdesk" "sqlite3" "ratio" "peak KiB"
# row WHAT SQL OPSDESK-ARGS...: one line of the table
row() {
	what=$1 sql=$2
	shift 2
	case $1 in
	due1) shift; timed "$T/a" sh -c '"$0" "$@"; [ $? -le 1 ]' "$BIN" "$@" ;;
	*) timed "$T/a" "$BIN" "$@" ;;
	esac
	printf '%s\n' "$sql" >"$T/q.sql"
	timed "$T/b" sqlite3 "$DB" ".read $T/q.sql"
	read -r a mem <"$T/a"
	read -r b _ <"$T/b"
	awk -v w="$what" -v a="$a" -v b="$b" -v m="$mem" 'BEGIN {
		printf "%-46s %7.1f ms %7.1f ms %6.1fx %9d\n", w, a / 1000, b / 1000, (b ? a / b : 0), m }'
}
# once WHAT CMD...: a line without a raw counterpart
once() {
	what=$1
	shift
	t0=$(ms_now)
	"$@" >/dev/null
	t1=$(ms_now)
	awk -v w="$what" -v a="$(((t1 - t0) / 1000))" 'BEGIN { printf "%-46s %7.1f ms\n", w, a / 1000 }'
}

# --- the data set --------------------------------------------------------------
"$BIN" init >/dev/null
i=0
while [ $i -lt 40 ]; do
	"$BIN" staff add "user$i" --name "值班员$i" --roles duty_operator,system_engineer \
		--team 值班组 >/dev/null
	i=$((i + 1))
done
"$BIN" roster fill --rotation ddnnoo --from 2026-12-01 --days 31 \
	--people user0,user1,user2,user3,user4,user5 >/dev/null

t0=$(ms_now)
sqlite3 "$DB" >/dev/null <<SQL
BEGIN;
CREATE TEMP TABLE word(n INTEGER PRIMARY KEY, w TEXT);
INSERT INTO word(w) VALUES ('核心交换机'), ('数据库服务器'), ('办公电脑'), ('打印机'),
  ('视频会议系统'), ('存储阵列'), ('邮件系统'), ('防火墙'), ('OA系统'), ('VPN网关');
CREATE TEMP TABLE symptom(n INTEGER PRIMARY KEY, w TEXT);
INSERT INTO symptom(w) VALUES ('端口故障'), ('连接缓慢'), ('无法开机'), ('卡纸'), ('无声音'),
  ('告警 disk full'), ('登录失败'), ('策略变更后网络中断'), ('CPU load high'), ('证书过期');
CREATE TEMP TABLE prio(n INTEGER PRIMARY KEY, id TEXT, response INTEGER, resolution INTEGER);
INSERT INTO prio VALUES (1, 'P1', 900, 14400), (2, 'P2', 1800, 28800), (3, 'P3', 7200, 97200),
  (4, 'P4', 14400, 162000);
-- one incident every 95 seconds (a million is three years), the newest at
-- now; one in seven open, and all of the last three weeks
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NI),
r AS (SELECT i, $NOW - ($NI - i) * 95 - 60 AS at,
             1 + (i * 7919) % 10 AS w, 1 + (i * 104729) % 10 AS s,
             CASE WHEN i % 20 = 0 THEN 1 WHEN i % 5 = 0 THEN 2 WHEN i % 3 = 0 THEN 4 ELSE 3 END AS p,
             i % 7 = 0 OR ($NI - i) * 95 < 21 * 86400 AS open FROM n)
INSERT INTO incident(id, summary, description, reporter, channel, occurred, category, impact,
  urgency, priority, priority_rank, state, open, assignee, response_due, resolution_due,
  created, created_by, updated, updated_by)
SELECT i, (SELECT w FROM word WHERE n = r.w) || (SELECT w FROM symptom WHERE n = r.s) || ' #' || i,
  '第' || (i % 30) || '号楼 ' || (i % 12) || '层, host srv-' || (i % 997) || ' 报告人电话 6' || (i % 10000),
  'user1', 'phone', at, 'network', 'medium', 'medium', (SELECT id FROM prio WHERE n = p), p - 1,
  CASE WHEN NOT open THEN 'closed' WHEN i % 4 = 0 THEN 'new' WHEN i % 4 = 1 THEN 'assigned'
       WHEN i % 4 = 2 THEN 'in_progress' ELSE 'waiting_user' END,
  open, 'user' || (i % 40),
  CASE WHEN open AND i % 4 = 0 THEN at + (SELECT response FROM prio WHERE n = p) END,
  CASE WHEN open AND i % 4 <> 3 THEN at + (SELECT resolution FROM prio WHERE n = p) END,
  at, 'user1', at, 'user1' FROM r;
INSERT INTO journal(record, at, actor, kind, text, data)
SELECT 'INC-' || id, created, 'user1', 'created', 'recorded',
  json_object('state', 'new', 'priority', priority) FROM incident;
INSERT INTO journal(record, at, actor, kind, text, data)
SELECT 'INC-' || id, created + 600, assignee, 'state', 'new -> ' || state, json_object('state', state)
FROM incident WHERE state <> 'new';
INSERT INTO journal(record, at, actor, kind, text, data)
SELECT 'INC-' || id, created + 900, assignee, 'comment', '已联系用户, 现场检查 ' || (id % 50) || ' 号机柜', '{}'
FROM incident WHERE id % 3 = 0;
INSERT INTO incident_text(rowid, summary, description, journal)
SELECT id, summary, description,
  CASE WHEN state <> 'new' THEN 'new -> ' || state ELSE '' END ||
  CASE WHEN id % 3 = 0 THEN char(10) || '已联系用户, 现场检查 ' || (id % 50) || ' 号机柜' ELSE '' END
FROM incident;
-- what cron sent for the open incidents older than two days
INSERT INTO escalation(incident_id, clock, level, at)
SELECT id, c.clock, l.level, created + 86400 FROM incident,
  (SELECT 'response' AS clock UNION ALL SELECT 'resolution') c,
  (SELECT 'at_risk' AS level UNION ALL SELECT 'breached') l
WHERE open = 1 AND created < $NOW - 2 * 86400;
DELETE FROM meta WHERE key = 'sla_rules';
COMMIT;
ANALYZE;
SQL
t1=$(ms_now)
NOPEN=$(sqlite3 "$DB" "SELECT count(*) FROM incident WHERE open = 1")
awk -v a="$(((t1 - t0) / 1000))" -v n="$NI" -v o="$NOPEN" \
	'BEGIN { printf "%-46s %7.1f ms\n", "write " n " incidents (" o " open), sqlite3", a / 1000 }'
# the first command finds the stored standing missing and computes it
once "compute the stored SLA standing ($NOPEN open)" "$BIN" whoami

# --- the table ---------------------------------------------------------------------
COLS="i.id, i.summary, i.description, i.reporter, i.department, i.contact, i.channel, i.occurred,
 coalesce(a.tag, ''), i.category, i.impact, i.urgency, i.priority, i.scope, i.expectation, i.state,
 i.open, i.assignee, i.cause, i.resolution, i.recovery_test, i.review, i.response_due,
 i.resolution_due, i.alert_source, i.alert_key, i.alert_count, i.version, i.created, i.created_by,
 i.updated, i.updated_by, i.priority_rank"
FROM="FROM incident i LEFT JOIN asset a ON a.id = i.asset_id"
# a page and the journal each row's SLA clocks are replayed from
page() { echo "WITH p AS (SELECT $COLS $FROM $1 LIMIT 50)
 SELECT p.*, j.at, j.kind, j.data FROM p JOIN journal j ON j.record = 'INC-' || p.id ORDER BY p.priority_rank;"; }

row "incident list (50 most urgent open)" "$(page "WHERE i.open = 1 ORDER BY i.priority_rank, i.created, i.id")" \
	incident list
row "incident list --breached" "$(page "WHERE i.open = 1 AND i.sla_due <= $NOW ORDER BY i.priority_rank, i.created, i.id")" \
	incident list --breached
row "incident list --assignee user7" "$(page "WHERE i.open = 1 AND i.assignee = 'user7' ORDER BY i.priority_rank, i.created, i.id")" \
	incident list --assignee user7
row "incident list --search, 2 characters" "$(page "WHERE i.open = 1 AND (instr(lower(i.summary), '端口') OR instr(lower(i.description), '端口') OR instr(lower((SELECT journal FROM incident_text WHERE rowid = i.id)), '端口')) ORDER BY i.priority_rank, i.created, i.id")" \
	incident list --search 端口
row "incident list --search, frequent 4 characters" "$(page "WHERE i.open = 1 AND EXISTS (SELECT 1 FROM incident_text WHERE incident_text MATCH '\"端口故障\"' AND rowid = i.id) ORDER BY i.priority_rank, i.created, i.id")" \
	incident list --search 端口故障
RARE="#$((NI - 3))"
row "incident list --all --search (a rare term)" "$(page "WHERE i.id IN (SELECT rowid FROM incident_text WHERE incident_text MATCH '\"$RARE\"') ORDER BY i.open DESC, i.priority_rank, i.created, i.id")" \
	incident list --all --search "$RARE"
row "incident list --all --sort newest" "$(page "ORDER BY i.created DESC, i.id DESC")" \
	incident list --all --sort newest
row "show INC-$((NI / 2))" "SELECT $COLS $FROM WHERE i.id = $((NI / 2)); SELECT * FROM journal WHERE record = 'INC-$((NI / 2))' ORDER BY id;" \
	show "INC-$((NI / 2))"
DUE=$(sqlite3 "$DB" "SELECT count(*) FROM incident WHERE escalate_at <= $NOW")
row "escalate --dry-run ($DUE with a level due)" "WITH c AS (SELECT id FROM incident WHERE escalate_at <= $NOW ORDER BY escalate_at, id)
 SELECT i.*, j.at, j.kind, j.data, (SELECT count(*) FROM escalation e WHERE e.incident_id = i.id)
 FROM c JOIN incident i ON i.id = c.id JOIN journal j ON j.record = 'INC-' || i.id;" \
	escalate --dry-run
row "oncall" "SELECT * FROM roster WHERE day BETWEEN '2026-11-30' AND '2026-12-01';" oncall
row "roster show (a month)" "SELECT * FROM roster WHERE day LIKE '2026-12-%' ORDER BY login, day; SELECT * FROM staff ORDER BY login;" \
	roster show --month 2026-12
row "audit verify" "SELECT * FROM audit ORDER BY id;" audit verify
row "comment INC-$((NI - 5))" "BEGIN IMMEDIATE; INSERT INTO journal(record, at, actor, kind, text) VALUES ('INC-$((NI - 5))', $NOW, 'bench', 'comment', '已电话联系'); UPDATE incident_text SET journal = journal || '已电话联系' WHERE rowid = $((NI - 5)); INSERT INTO audit(at, actor, op, record, detail, prev, hash) VALUES ($NOW, 'bench', 'incident.comment', 'INC-$((NI - 5))', '{}', '', ''); COMMIT;" \
	comment "INC-$((NI - 5))" 已电话联系
row "incident new" "BEGIN IMMEDIATE; INSERT INTO incident(summary, reporter, channel, occurred, category, impact, urgency, priority, priority_rank, state, created, created_by, updated, updated_by) VALUES ('机房空调告警', 'bench', 'phone', $NOW, 'network', 'medium', 'medium', 'P3', 2, 'new', $NOW, 'bench', $NOW, 'bench'); INSERT INTO journal(record, at, actor, kind, text) VALUES ('INC-' || last_insert_rowid(), $NOW, 'bench', 'created', 'recorded'); INSERT INTO incident_text(rowid, summary, description, journal) VALUES (last_insert_rowid(), '机房空调告警', '', ''); INSERT INTO audit(at, actor, op, record, detail, prev, hash) VALUES ($NOW, 'bench', 'incident.new', 'INC-0', '{}', '', ''); COMMIT;" \
	incident new --title 机房空调告警

# Reports over the same file: one shift's window and one month's incidents,
# beside raw sqlite3 running the reports' main queries.
row "report shift --shift 2026-11-30/D" "SELECT $COLS $FROM WHERE i.created >= 1795996800 AND i.created < 1796040000 ORDER BY i.created;
 SELECT * FROM journal WHERE at >= 1795996800 AND at < 1796040000 ORDER BY at;
 $(page "WHERE i.open = 1 ORDER BY i.priority_rank, i.created, i.id")" \
	report shift --shift 2026-11-30/D
row "report shift --format json" "SELECT $COLS $FROM WHERE i.created >= 1795996800 AND i.created < 1796040000 ORDER BY i.created;
 SELECT * FROM journal WHERE at >= 1795996800 AND at < 1796040000 ORDER BY at;
 $(page "WHERE i.open = 1 ORDER BY i.priority_rank, i.created, i.id")" \
	report shift --shift 2026-11-30/D --format json
row "report review --month 2026-11" "SELECT i.*, j.at, j.kind, j.data FROM incident i JOIN journal j ON j.record = 'INC-' || i.id
 WHERE i.created >= 1793462400 AND i.created < 1796054400 ORDER BY i.created, j.id;" \
	report review --month 2026-11

# --- changes: the calendar and the list ------------------------------------------
# BENCH_CHANGES changes (100,000 by default), one starting every 15 minutes
# back from now, each a 2-hour window on one of ten CIs, a sixth of them
# open; then the calendar for one month and the list of open changes, each
# beside raw sqlite3 running the same query on the same file.
changes_bench() {
	NC=${BENCH_CHANGES:-100000}
	k=0
	while [ $k -lt 10 ]; do
		"$BIN" asset add "SW-$k" --name "核心交换机$k" --class network >/dev/null
		k=$((k + 1))
	done
	t0=$(ms_now)
	sqlite3 "$DB" >/dev/null <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NC)
INSERT INTO change(id, state, open, version, created, created_by, updated, updated_by, title,
  type, risk, assessment, window_start, window_end, outage, requester, implementer, plan, rollback)
SELECT i, CASE WHEN i % 6 = 0 THEN 'scheduled' ELSE 'closed' END, i % 6 = 0, 1,
  $NOW - ($NC - i) * 900 - 86400, 'user1', $NOW - ($NC - i) * 900 - 86400, 'user1',
  '第' || i || '号变更：核心交换机固件升级', 'normal', 'low', '', $NOW - ($NC - i) * 900,
  $NOW - ($NC - i) * 900 + 7200, 0, 'user1', 'user' || (i % 40), '备份配置；升级固件', '回退旧版本'
FROM n;
INSERT INTO record_ci(ref, kind, rid, field, seq, asset_id)
SELECT 'CHG-' || c.id, 'change', c.id, 'cis', 0, a.id FROM change c
  JOIN asset a ON a.tag = 'SW-' || (c.id % 10);
INSERT INTO journal(record, at, actor, kind, text)
SELECT 'CHG-' || id, created, 'user1', 'created', 'recorded' FROM change;
COMMIT;
ANALYZE;
SQL
	t1=$(ms_now)
	awk -v a="$(((t1 - t0) / 1000))" -v n="$NC" \
		'BEGIN { printf "%-46s %7.1f ms\n", "write " n " changes, sqlite3", a / 1000 }'
	FROM_T=$(sqlite3 "$DB" "SELECT $NOW - 30 * 86400")
	CCOLS="id, state, open, version, created, created_by, updated, updated_by, title, type, category,
 content, purpose, services, impact, window_start, window_end, outage, outage_minutes, assessment, risk,
 plan, test_plan, rollback, emergency_plan, requester, implementer, verifier, override, result,
 verification, report, rollback_reason, review"
	DAY0=$(TZ=Asia/Shanghai date -d "@$FROM_T" +%F)
	DAY1=$(TZ=Asia/Shanghai date -d "@$NOW" +%F)
	row "change calendar (a month, open changes)" "WITH c AS (SELECT id FROM change WHERE window_start >= $FROM_T - 86400 * 3 - 14400 AND window_start < $NOW + 86400 AND window_end > $FROM_T AND open = 1 ORDER BY window_start, id)
 SELECT $CCOLS, (SELECT group_concat(a.tag) FROM record_ci r JOIN asset a ON a.id = r.asset_id WHERE r.ref = 'CHG-' || change.id) FROM c JOIN change USING (id);" \
		change calendar --from "$DAY0" --to "$DAY1"
	row "change list (50 newest open of $NC)" "SELECT $CCOLS, (SELECT group_concat(a.tag) FROM record_ci r JOIN asset a ON a.id = r.asset_id WHERE r.ref = 'CHG-' || change.id) FROM change WHERE open = 1 ORDER BY id DESC LIMIT 50;" \
		change list
}
changes_bench

# --- problems: recurrence detection -----------------------------------------------
# The last eight days' incidents are spread over the ten CIs and seven
# categories (about 640 a CI in the rules' 7 days, 130 a category in the
# day); then the candidates and the open problems' list, beside raw
# sqlite3 grouping the same windows. opsdesk also checks each group for an
# open problem covering it.
bench_problems() {
	sqlite3 "$DB" >/dev/null <<SQL
BEGIN;
UPDATE incident SET asset_id = (SELECT id FROM asset WHERE tag = 'SW-' || (incident.id % 10)),
  category = CASE id % 7 WHEN 0 THEN 'network' WHEN 1 THEN 'server' WHEN 2 THEN 'storage'
    WHEN 3 THEN 'application' WHEN 4 THEN 'desktop' WHEN 5 THEN 'security' ELSE 'other' END
WHERE created >= $NOW - 8 * 86400;
COMMIT;
SQL
	WEEK=$((NOW - 7 * 86400)) DAY=$((NOW - 86400))
	row "problem candidates (recurrence in $NI)" "SELECT a.tag, group_concat(w.id) FROM (SELECT id, asset_id FROM incident WHERE created >= $WEEK AND created <= $NOW AND asset_id IS NOT NULL AND state <> 'cancelled') w JOIN asset a ON a.id = w.asset_id GROUP BY w.asset_id HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 200;
 SELECT category, group_concat(id) FROM incident WHERE created >= $DAY AND created <= $NOW AND state <> 'cancelled' GROUP BY category HAVING count(*) >= 5 ORDER BY count(*) DESC LIMIT 200;" \
		problem candidates
	"$BIN" problem new --title "核心交换机反复故障" --from "INC-$NI,INC-$((NI - 10))" >/dev/null
	row "problem candidates (one group covered)" "SELECT a.tag, group_concat(w.id) FROM (SELECT id, asset_id FROM incident WHERE created >= $WEEK AND created <= $NOW AND asset_id IS NOT NULL AND state <> 'cancelled') w JOIN asset a ON a.id = w.asset_id GROUP BY w.asset_id HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 200;
 SELECT category, group_concat(id) FROM incident WHERE created >= $DAY AND created <= $NOW AND state <> 'cancelled' GROUP BY category HAVING count(*) >= 5 ORDER BY count(*) DESC LIMIT 200;" \
		problem candidates
	row "problem list" "SELECT * FROM problem WHERE open = 1 ORDER BY id DESC LIMIT 50;" problem list
}
bench_problems

# --- inspections: 10,000 CIs, 50,000 past runs ---------------------------------------
# The CIs and runs are written with sqlite3; the first opsdesk command
# finds the stored due times missing and computes them (timed on its own);
# then `inspect due` against raw sqlite3 reading the same page.
bench_inspect() {
	NC=${BENCH_CIS:-10000}
	NR=${BENCH_RUNS_PAST:-50000}
	t0=$(ms_now)
	sqlite3 "$DB" >/dev/null <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NC)
INSERT INTO asset(tag, name, class, location, status, created, updated, updated_by)
SELECT 'CI-' || i, '设备' || i,
  CASE i % 5 WHEN 0 THEN 'server' WHEN 1 THEN 'network' WHEN 2 THEN 'pc' WHEN 3 THEN 'printer'
       ELSE 'room' END,
  '机房' || (i % 20), 'in_use', $NOW - 400 * 86400, $NOW - 400 * 86400, 'bench' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NR),
r AS (SELECT i, (SELECT id FROM asset WHERE tag = 'CI-' || (1 + (i * 7919) % $NC)) AS ci,
             $NOW - ($NR - i) * 600 AS at FROM n)
INSERT INTO inspection(state, open, version, created, created_by, updated, updated_by, template,
  ci, location, started, abnormal, issues, opinion, review)
SELECT 'submitted', 1, 1, at, 'user1', at, 'user1',
  CASE (SELECT class FROM asset WHERE id = r.ci) WHEN 'server' THEN 'server'
       WHEN 'network' THEN 'network' WHEN 'room' THEN 'machine_room' ELSE 'desktop' END,
  ci, (SELECT location FROM asset WHERE id = r.ci), at - 600, 0, '', '', '' FROM r;
INSERT INTO inspect_reading(run, seq, asset_id, tag, template, item, at, value, number, level)
SELECT id, 1, ci, (SELECT tag FROM asset WHERE asset.id = ci), template, 'cpu', created,
  '35', 35.0, 'normal' FROM inspection WHERE template = 'server';
DELETE FROM meta WHERE key = 'inspect_rules';
COMMIT;
ANALYZE;
SQL
	t1=$(ms_now)
	awk -v a="$(((t1 - t0) / 1000))" -v c="$NC" -v r="$NR" \
		'BEGIN { printf "%-46s %7.1f ms\n", "write " c " CIs and " r " inspection runs, sqlite3", a / 1000 }'
	once "compute the stored due times (every template x CI)" "$BIN" whoami
	# inspect due exits 1 while something is overdue: that is its answer, not
	# a failure, so row runs it through sh (due1), a few ms of the time
	row "inspect due (100 soonest)" "SELECT template, asset_id, tag, location, role, last_done, last_run, due, overdue FROM inspect_due WHERE due <= $NOW ORDER BY due, template, asset_id LIMIT 100;" \
		due1 inspect due
	row "inspect due --overdue" "SELECT template, asset_id, tag, location, role, last_done, last_run, due, overdue FROM inspect_due WHERE overdue <= $NOW ORDER BY overdue, template, asset_id LIMIT 100;" \
		due1 inspect due --overdue
	row "inspect due --location 机房7" "SELECT template, asset_id, tag, location, role, last_done, last_run, due, overdue FROM inspect_due WHERE location = '机房7' AND due <= $NOW ORDER BY due, template, asset_id LIMIT 100;" \
		due1 inspect due --location 机房7
	row "inspect list --ci CI-77" "SELECT * FROM inspection WHERE ci = (SELECT id FROM asset WHERE tag = 'CI-77') ORDER BY id DESC LIMIT 50;" \
		inspect list --ci CI-77
}
bench_inspect

# --- the reports again, now that the file holds changes, problems and runs ----------
# Their sections on changes, inspections and problems read the shift's or
# the month's window of each through its index; raw sqlite3 runs the
# incident queries above and the same windows of change and inspection.
row "report shift, with changes, runs, problems" "SELECT $COLS $FROM WHERE i.created >= 1795996800 AND i.created < 1796040000 ORDER BY i.created;
 SELECT * FROM journal WHERE at >= 1795996800 AND at < 1796040000 ORDER BY at;
 $(page "WHERE i.open = 1 ORDER BY i.priority_rank, i.created, i.id")
 SELECT * FROM change WHERE window_start >= 1795996800 - 259200 AND window_start < 1796040000 AND window_end > 1795996800 ORDER BY window_start, id LIMIT 50;
 SELECT * FROM inspection WHERE created >= 1795996800 AND created < 1796040000 ORDER BY created, id LIMIT 50;" \
	report shift --shift 2026-11-30/D
row "report review --month 2026-11, the same" "SELECT i.*, j.at, j.kind, j.data FROM incident i JOIN journal j ON j.record = 'INC-' || i.id
 WHERE i.created >= 1793462400 AND i.created < 1796054400 ORDER BY i.created, j.id;
 SELECT * FROM change WHERE window_start >= 1793462400 - 259200 AND window_start < 1796054400 AND window_end > 1793462400 ORDER BY window_start, id;
 SELECT count(*) FROM inspection WHERE created >= 1793462400 AND created < 1796054400;" \
	report review --month 2026-11

# --- the knowledge base: 100,000 articles ---------------------------------------------
# BENCH_ARTICLES articles (100,000 by default) with Chinese text, written
# with sqlite3 with their search index: a third mention 数据库连接 (a
# frequent term), one in a thousand 光模块 (a rare one); then kb list
# --search for a 2-character term, the frequent and the rare 4-character
# ones, each beside raw sqlite3 running the plain full-text query on the
# same file (the matches first, then the newest 50 of them).
bench_kb() {
	NA=${BENCH_ARTICLES:-100000}
	t0=$(ms_now)
	sqlite3 "$DB" >/dev/null <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NA)
INSERT INTO kb(id, state, open, version, created, created_by, updated, updated_by, title, type,
  symptom, cause, solution, keywords, author)
SELECT i, CASE WHEN i % 10 = 0 THEN 'retired' ELSE 'published' END, i % 10 <> 0, 1,
  $NOW - ($NA - i) * 60, 'user1', $NOW - ($NA - i) * 60, 'user1',
  '第' || i || '号知识：' || CASE WHEN i % 3 = 0 THEN '数据库连接超时'
                                 WHEN i % 1000 = 7 THEN '光模块老化导致端口闪断'
                                 ELSE '应用服务响应缓慢' END,
  'article', '用户反映系统卡顿，页面打开需要十秒以上', '资源不足或配置不当',
  '1. 检查日志' || char(10) || '2. 重启服务' || char(10) || '3. 观察十五分钟', '运维,故障', 'user1'
FROM n;
INSERT INTO record_text(kind, rid, body)
SELECT 'kb', id, title || char(10) || symptom || char(10) || cause || char(10) || solution
FROM kb;
INSERT INTO kb_version(kb_id, version, fields, by, at)
SELECT id, 1, json_object('title', title, 'solution', solution), 'user1', created FROM kb;
COMMIT;
ANALYZE;
SQL
	t1=$(ms_now)
	awk -v a="$(((t1 - t0) / 1000))" -v n="$NA" \
		'BEGIN { printf "%-46s %7.1f ms\n", "write " n " articles, sqlite3", a / 1000 }'
	KCOLS="id, state, open, version, created, created_by, updated, updated_by, title, type, symptom,
 cause, solution, applies_ci_classes, applies_categories, keywords, author, reviewed_by, trigger,
 roles_contacts, steps, recovery_targets"
	fts() { echo "SELECT $KCOLS FROM kb WHERE open = 1 AND id IN (SELECT rid FROM record_text WHERE record_text MATCH '\"$1\"' AND kind = 'kb') ORDER BY id DESC LIMIT 50;"; }
	row "kb search, 2 characters (数据, of $NA)" \
		"SELECT $KCOLS FROM kb WHERE open = 1 AND (instr(title, '数据') OR instr(symptom, '数据') OR instr(cause, '数据') OR instr(solution, '数据')) ORDER BY id DESC LIMIT 50;" \
		kb list --search 数据
	row "kb search, 4 characters, frequent (数据库连)" "$(fts 数据库连)" kb list --search 数据库连
	row "kb search, 4 characters, rare (光模块老)" "$(fts 光模块老)" kb list --search 光模块老
	row "kb history (one article)" "SELECT version, by, at, fields FROM kb_version WHERE kb_id = 4242 ORDER BY version DESC;" \
		kb history KB-4242
}
bench_kb

# --- the console ---------------------------------------------------------------------
# From start (or key) to the first frame that shows WHAT, polling the pane.
tmux_() { tmux -L "$SOCK" "$@"; }
wait_for() {
	until tmux_ capture-pane -p -t b 2>/dev/null | grep -q -- "$1"; do :; done
}
console() {
	tmux_ kill-server 2>/dev/null || true
	t0=$(ms_now)
	tmux_ -f /dev/null new-session -d -s b -x 120 -y 40 \
		env LANG=C.UTF-8 TZ=Asia/Shanghai OPSDESK_DB="$DB" OPSDESK_NOW="$NOW_ISO" "$BIN"
	wait_for "at risk"
	t1=$(ms_now)
	awk -v a="$(((t1 - t0) / 1000))" 'BEGIN { printf "%-46s %7.1f ms\n", "console: start to the first dashboard frame", a / 1000 }'
	t0=$(ms_now)
	tmux_ send-keys -t b 2
	wait_for "incidents, most urgent first"
	t1=$(ms_now)
	awk -v a="$(((t1 - t0) / 1000))" 'BEGIN { printf "%-46s %7.1f ms\n", "console: key 2 to the incident-list frame", a / 1000 }'
	t0=$(ms_now)
	k=0
	while [ $k -lt 40 ]; do
		tmux_ send-keys -t b NPage
		k=$((k + 1))
	done
	# the last of the forty pages is on the screen when its row count is
	last=$(tmux_ capture-pane -p -t b | md5sum)
	sleep 0.05
	while [ "$(tmux_ capture-pane -p -t b | md5sum)" != "$last" ]; do
		last=$(tmux_ capture-pane -p -t b | md5sum)
		sleep 0.05
	done
	t1=$(ms_now)
	awk -v a="$(((t1 - t0) / 1000 - 50))" 'BEGIN { printf "%-46s %7.1f ms\n", "console: 40 x PgDn in the incident list", a / 1000 }'
	pid=$(tmux_ display -p -t b '#{pane_pid}')
	awk '/VmHWM/ { printf "%-46s %7d KiB\n", "console: peak memory", $2 }' "/proc/$pid/status"
	tmux_ kill-server
}
console
