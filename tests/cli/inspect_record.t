#!/bin/sh
# Recording a run from a script or sensor: readings checked against the
# template (nothing stored when any is refused), abnormal readings opening
# incidents on the CI linked both ways with the run, a repeat abnormal
# reading added to the open incident's journal instead of a second
# incident, JSON on standard input, and the review that locks a run.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
count() { sql "SELECT (SELECT count(*) FROM inspection) || ' ' || (SELECT count(*) FROM inspect_reading) || ' ' || (SELECT count(*) FROM incident)"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles duty_operator
run staff add wang --name 王伟 --roles system_engineer
run asset add ROOM-A --name 一号机房 --class room --location 主机房
run asset add SRV-01 --name 数据库服务器 --class server --location 主机房
ROOM="--item temperature=24 --item humidity=45 --item ups_load=35 --item ups_battery=正常 --item aircon=pass --item fire=pass --item water_leak=pass --item access=pass"

# --- bad input: refused, naming the item, nothing stored -------------------------
as lina inspect record machine_room --ci ROOM-A $ROOM --item temperature=热
is "$RC" 1 "an item answered twice is refused"
like "$ERR" "temperature: answered twice" "... naming the item"
as lina inspect record machine_room --ci ROOM-A $(echo "$ROOM" | sed 's/temperature=24/temperature=二十四/')
is "$RC" 1 "a reading that is not a number is refused (exit 1)"
like "$ERR" "temperature: '二十四' is not a number" "... naming the item and the value"
as lina inspect record machine_room --ci ROOM-A $ROOM --item smoke=pass
like "$ERR" "smoke: not an item of inspection 'machine_room' \(items: temperature, humidity," "a value for an unknown item is refused, listing the items"
as lina inspect record machine_room --ci ROOM-A --item temperature=24
is "$RC" 1 "a run missing required items is refused"
like "$ERR" "humidity: required, but not answered; ups_load: required, but not answered" "... naming each missing item"
as lina inspect record server --ci ROOM-A --item cpu=10
is "$RC" 1 "a template that does not apply to the CI is refused"
like "$ERR" "ci: inspection 'server' does not apply to ROOM-A \(class room, location 主机房\)" "... saying why"
as lina inspect record machine_room --ci ROOM-A $(echo "$ROOM" | sed 's/temperature=24/temperature=31/')
is "$RC" 1 "an abnormal reading without a remark is refused"
like "$ERR" "temperature: '31' is ALARM: say what was found in a remark" "... asking for the remark"
as lina inspect record machine_room --ci ROOM-A $ROOM --item humidity=101
like "$ERR" "humidity: answered twice" "a duplicate answer is caught before its value"
as lina inspect record machine_room --ci ROOM-A $(echo "$ROOM" | sed 's/humidity=45/humidity=101/')
like "$ERR" "humidity: 101 is not a percentage from 0 to 100" "a percentage above 100 is refused"
as lina inspect record nosuch --ci ROOM-A --item a=b
like "$ERR" "template: 'nosuch' is not an inspection template \(known: machine_room, server, network, desktop, video\)" "an unknown template"
as lina inspect record machine_room --ci NOPE $ROOM
is "$RC" 1 "an unknown CI is refused"
as lina inspect record machine_room --ci ROOM-A --item temperature
is "$RC" 2 "--item without = is a usage error (exit 2)"
is "$(count)" "0 0 0" "sql: nothing was stored by any refused run"

# --- a good run ----------------------------------------------------------------------
as lina inspect record machine_room --ci ROOM-A $ROOM --issues 无 --opinion 运行正常
is "$RC" 0 "a normal machine-room round is recorded"
is "$OUT" "INS-1" "... printing its reference and no incident"
is "$(sql "SELECT group_concat(item || '=' || value || ':' || level, ' ') FROM (SELECT * FROM inspect_reading WHERE run = 1 ORDER BY seq)")" \
	"temperature=24:normal humidity=45:normal ups_load=35:normal ups_battery=正常:normal aircon=pass:normal fire=pass:normal water_leak=pass:normal access=pass:normal" \
	"sql: every reading with its level"
is "$(sql "SELECT created_by || ' ' || template || ' ' || state FROM inspection WHERE id = 1")" "lina machine_room submitted" "sql: who and which template"
is "$(sql "SELECT count(*) FROM audit WHERE record = 'INS-1'")" "2" "sql: audited (the run and its readings)"

# --- an abnormal reading opens an incident, linked both ways ------------------------
export OPSDESK_NOW=2026-11-22T09:00:00+08:00
as lina inspect record machine_room --ci ROOM-A $(echo "$ROOM" | sed 's/temperature=24/temperature=31.5℃/; s/aircon=pass/aircon=fail/') \
	--remark "temperature=冷通道温度过高，空调二号机告警" --remark "aircon=二号机压缩机停机"
is "$RC" 0 "a round with two abnormal readings is recorded"
is "$OUT" "INS-2
INC-1 opened
INC-2 opened" "... printing the run and the two incidents it opened"
run show INC-1 --json
like "$OUT" '"summary":"Inspection: 机房温度 31.5 ℃ on ROOM-A"' "the incident names the item and the reading"
like "$OUT" '"ci":"ROOM-A"' "... is on the CI"
like "$OUT" 'Range: normal \[18, 27\]; warning \[15, 18\) \(27, 30\]; alarm \(-inf, 15\) \(30, inf\)' "... gives the range"
like "$OUT" 'Remark: 冷通道温度过高，空调二号机告警' "... and the remark"
is "$(sql "SELECT urgency || ' ' || impact || ' ' || category FROM incident WHERE id = 1")" "high medium other" "sql: an alarm takes the template's alarm urgency"
is "$(sql "SELECT urgency FROM incident WHERE id = 2")" "medium" "sql: a failed check takes the template's urgency"
run inspect show INS-2 --json
like "$OUT" '"INC-1"' "the run links to its incident"
like "$OUT" '"item":"temperature","value":"31.5","number":31.5,"level":"alarm","remark":"冷通道温度过高，空调二号机告警","incident":"INC-1"' "... and its reading names it"
run show INC-1 --json

run show INC-1 --json
like "$OUT" '"INS-2"' "the incident links back to the run"
run show INS-2
is "$RC" 0 "show takes an INS- reference through the record mechanism"
run comment INS-2 已通知厂家
is "$RC" 0 "comment takes one too"

# --- the same item abnormal again while its incident is open -------------------------
export OPSDESK_NOW=2026-11-23T09:00:00+08:00
as lina inspect record machine_room --ci ROOM-A $(echo "$ROOM" | sed 's/temperature=24/temperature=29/') --remark "temperature=仍偏高"
is "$RC" 0 "the next round, temperature still high"
is "$OUT" "INS-3
INC-1 (still open) noted again" "... adds to the open incident instead of opening another"
is "$(sql "SELECT count(*) FROM incident")" "2" "sql: no new incident"
run show INC-1
like "$OUT" "Abnormal again in INS-3: 机房温度 29 ℃ \(WARNING\). Remark: 仍偏高" "the incident's journal has the repeat reading"
run inspect show INS-3 --json
like "$OUT" '"INC-1"' "... and the repeat run is linked with it too"

# --- JSON on standard input ------------------------------------------------------------
printf '%s' '{"template":"server","ci":"SRV-01","items":{"cpu":95,"memory":40,"disk":"50%","raid":"正常","power":"pass","errlog":"pass","backup":"pass"},"remarks":{"cpu":"批处理作业占满"}}' > "$T/run.json"
OUT=$(OPSDESK_USER=wang "$OPSDESK_BIN" inspect record - < "$T/run.json" 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
is "$RC" 0 "a sensor's run as JSON on standard input"
is "$OUT" "INS-4
INC-3 opened" "... the same incidents as from the command line"
printf '%s' '{"template":"server","ci":"SRV-01","items":{"cpu":"high"}}' > "$T/bad.json"
OUT=$(OPSDESK_USER=wang "$OPSDESK_BIN" inspect record - < "$T/bad.json" 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
is "$RC" 1 "bad JSON readings are refused"
like "$ERR" "cpu: 'high' is not a number" "... with the same messages"
OUT=$(echo '[1,2]' | OPSDESK_USER=wang "$OPSDESK_BIN" inspect record - 2>&1); RC=$?
is "$RC" 1 "standard input that is no JSON object is refused"
OUT=$(printf '%s' '{"template":"server",{"ci":"SRV-01"}:"x"}' | OPSDESK_USER=wang "$OPSDESK_BIN" inspect record - 2>&1); RC=$?
is "$RC" 1 "an object as a key is refused before SQLite reads it (its JSON functions accept it and crash)"
like "$OUT" "standard input: not JSON: an object's key is not a string at byte 21" "... saying what and where"

# --- listing and review -------------------------------------------------------------------
run inspect list
like "$OUT" '^INS-4 +server +SRV-01 +2026-11-23 09:00 wang +1  ' "inspect list, newest first"
run inspect list --ci ROOM-A --json
like "$OUT" '"ref":"INS-3","template":"machine_room","ci":"ROOM-A"' "inspect list --ci --json"
unlike "$OUT" '"INS-4"' "... only that CI's runs"
as lina inspect review INS-2 --comment 同意
is "$RC" 1 "the inspector cannot review (the manager reviews)"
as root inspect review INS-2 --comment "温度问题已转事件处理，同意"
is "$RC" 0 "the manager reviews the run"
as root inspect review INS-2 --comment 再次
is "$RC" 1 "a reviewed run cannot be reviewed again"
run inspect show INS-2 --json
like "$OUT" '"locked":true' "the run is locked"
sql "UPDATE inspect_reading SET value = '20' WHERE run = 2 AND seq = 1" 2>/dev/null
ok $((! $?)) "sql: a reading cannot be changed, even behind opsdesk's back"
run inspect show INS-2
like "$OUT" "reviewed by" "show names the reviewer"

# --- reports -----------------------------------------------------------------------------------
run inspect report INS-2
is "$RC" 0 "a run's printable report"
like "$OUT" "机房温度 +31.5 ℃ +\[18, 27\] +ALARM" "... lists each reading with its range and result"
run inspect report --from 2026-11-01 --to 2026-11-30
is "$RC" 0 "the period report"
like "$OUT" "ROOM-A" "... names the CIs with abnormal readings"
run asset show ROOM-A
like "$OUT" "INS-3" "the CI's record shows its inspection history"
like "$OUT" '^ +31.5 \| +!$' "... and the trend of its readings, abnormal ones marked"

done_testing
