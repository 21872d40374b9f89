#!/bin/sh
# opsdesk alert: the first alert for a source and key opens an incident with
# the priority the severity maps to; repeats are counted, not duplicated;
# recoveries are noted (or resolve, when the rules say so); bad alerts
# (control characters, \u0000 included) are refused naming the field and
# change nothing.
. "$(dirname "$0")/../lib/tap.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
count() { sql "SELECT count(*) FROM incident"; }
# alert_json TEXT: sends TEXT on standard input (a file, not a pipe: a pipe
# would run `run` in a subshell and lose $OUT, $ERR and $RC)
alert_json() {
	printf '%s' "$1" >"$T/alert.json"
	run alert <"$T/alert.json"
}

run alert --source zabbix --key core-sw:Gi1/0/24 --severity critical --summary '核心交换机端口 down'
is "$OUT" "INC-1 opened" "the first alert opens an incident"
is "$(sql "SELECT priority || '|' || channel || '|' || category || '|' || alert_count FROM incident")" 'P1|monitoring|other|1' \
	"critical maps to high/high, P1, recorded as from monitoring"

alert_json '{"source":"zabbix","key":"core-sw:Gi1/0/24","severity":"critical","summary":"核心交换机端口 down"}'
is "$OUT" "INC-1: repeat, 2 alerts so far" "a repeat on stdin is counted on the open incident"
run alert --source zabbix --key core-sw:Gi1/0/24 --severity critical --summary '核心交换机端口 down'
is "$(count)" 1 "no duplicate incident is opened"
is "$(sql "SELECT alert_count FROM incident WHERE id = 1")" 3 "the count goes on"
is "$(sql "SELECT version FROM incident WHERE id = 1")" 1 "repeats leave the version, so nobody's open form is refused"

run alert --source nagios --key core-sw:Gi1/0/24 --severity warning --summary 'same key, other source'
is "$OUT" "INC-2 opened" "the same key from another source is another incident"

alert_json '{"source":"zabbix","key":"core-sw:Gi1/0/24","status":"recovery","summary":"端口恢复"}'
is "$OUT" "INC-1: recovery noted" "a recovery is noted"
like "$(sql "SELECT text FROM journal WHERE record = 'INC-1' ORDER BY id DESC LIMIT 1")" '端口恢复' "the journal has the recovery"
is "$(sql "SELECT state FROM incident WHERE id = 1")" new "with on_recovery: note the state stays"

run alert --source zabbix --key db1:cpu --recovery
is "$OUT" "no open incident for zabbix db1:cpu: recovery ignored" "a recovery with no open incident is ignored"

# once INC-1 is closed, the key opens a new incident
OPSDESK_USER=zhangwei "$OPSDESK_BIN" do INC-1 cancel --note 误报 >/dev/null
run alert --source zabbix --key core-sw:Gi1/0/24 --severity major --summary '又 down 了'
is "$OUT" "INC-3 opened" "after the incident is closed, the key opens a new one"

# on_recovery: resolve takes the rules' transition when the sending account
# may (here as the assignee; tests/cli/alert_workflow.t has the accounts that
# may not)
sed -e 's/^  on_recovery: note$/  on_recovery: resolve\n  resolve_with: resolve/' \
	"$TOP/config/workflow.yaml" >"$T/resolving.yaml"
OPSDESK_USER=zhangwei "$OPSDESK_BIN" do INC-3 assign --set assignee=wangfang >/dev/null
OPSDESK_USER=wangfang "$OPSDESK_BIN" do INC-3 start >/dev/null
OPSDESK_USER=wangfang OPSDESK_RULES="$T/resolving.yaml" run alert --source zabbix --key core-sw:Gi1/0/24 --recovery --summary 已恢复
is "$OUT" "INC-3: resolved by the recovery" "with on_recovery: resolve the incident is resolved"
is "$(sql "SELECT state FROM incident WHERE id = 3")" resolved "its state is resolved"
is "$(sql "SELECT cause FROM incident WHERE id = 3")" "not yet diagnosed (monitoring reported recovery: zabbix core-sw:Gi1/0/24: 已恢复, at 2026-11-21 09:00)" \
	"the fields resolve requires are filled from the alert, without claiming a cause"

# bad alerts: refused, naming the field, nothing changed
before=$(sql "SELECT count(*) FROM incident; SELECT count(*) FROM audit")
run alert --source zabbix --key k --severity bogus --summary s
is "$RC" 1 "an unknown severity is refused"
like "$ERR" "^opsdesk: severity: 'bogus' is not in the rules' alerts \(known: disaster, critical" "naming the known ones"
alert_json 'not json'
is "$RC" 1 "text that is not JSON is refused"
like "$ERR" 'the alert is not valid JSON' "saying so"
# what make fuzz found: text Debian's SQLite 3.40 takes for a valid object
# and then crashes on (an object as a key; invalid UTF-8 in a string);
# refused before SQLite sees it
alert_json '{{"source":"zTk","e":""}:"cor/0/24","status":"recovery","summary":"端口"}'
is "$RC" 1 "an object as an object's key is refused, not a crash"
like "$ERR" "the alert is not valid JSON: an object's key is not a string at byte 1" "... saying what and where"
printf '{"source":"azbbix","\363ummary":"x"}' >"$T/bad-utf8.json"
run alert <"$T/bad-utf8.json"
is "$RC" 1 "invalid UTF-8 in a string is refused"
like "$ERR" 'the alert is not valid JSON: invalid UTF-8 in a string at byte 20' "... saying where"
alert_json '[1,2]'
like "$ERR" 'must be one JSON object, not array' "an array is not an alert"
alert_json '{"source":7,"key":"k","severity":"info","summary":"s"}'
like "$ERR" 'source: must be a string, not integer' "a field of the wrong type is named"
alert_json '{"source":"z","key":"k","severity":"info","summary":"s","status":"maybe"}'
like "$ERR" "status: must be problem or recovery, not 'maybe'" "an unknown status is named"
alert_json '{"source":"zabbix","key":"k","severity":"info","summary":"a\u0000b"}'
is "$RC" 1 "a NUL (\\u0000) in a JSON string is refused"
is "$ERR" "opsdesk: summary: control characters are not allowed (U+0000)" "naming the field"
alert_json '{"source":"zabbix","key":"k\u0000x","status":"recovery"}'
is "$RC|$ERR" "1|opsdesk: key: control characters are not allowed (U+0000)" "in any field, recoveries too"
alert_json '{"source":"zabbix","key":"k","severity":"info","summary":"s","description":"line\nnext\u0000"}'
like "$ERR" 'description: control characters are not allowed \(U\+0000\)' "even where newlines are allowed"
alert_json '{"source":"zabbix","key":"k","severity":"info","summary":"a\u001b[31mb"}'
is "$ERR" "opsdesk: summary: control characters are not allowed (U+001B)" "an escape is refused the same way"
alert_json '{"source":"zabbix","key":"k","severity":"info\u0007","summary":"s"}'
is "$ERR" "opsdesk: severity: control characters are not allowed (U+0007)" "the severity too"
run alert --source zabbix --key k --severity info --summary "$(printf 'bad \377 byte')"
like "$ERR" 'summary: not valid UTF-8 text' "invalid UTF-8 is refused"
run alert --source zabbix --key k --severity info --summary "$(printf 'x%.0s' $(seq 201))"
like "$ERR" 'summary: too long \(201 characters, at most 200\)' "an oversize summary is refused"
run alert --source zabbix --severity info --summary s
like "$ERR" 'key: must not be empty' "a missing key is refused"
head -c 70000 /dev/zero | tr '\0' ' ' >"$T/big.json"
run alert <"$T/big.json"
like "$ERR" 'larger than 65536 bytes' "an oversize alert on stdin is refused"
is "$(sql "SELECT count(*) FROM incident; SELECT count(*) FROM audit")" "$before" "none of them changed anything"
alert_json '{"source":"zabbix","key":"k","severity":"info","summary":"C:\\u0000 is text"}'
is "$OUT|$(sql "SELECT summary FROM incident WHERE alert_key = 'k'")" 'INC-4 opened|C:\u0000 is text' \
	"an escaped backslash before u0000 is text, not a NUL"

OPSDESK_USER=stranger run alert --source zabbix --key k --severity info --summary s
is "$RC" 1 "an account not on the staff list cannot send alerts"
done_testing
