#!/bin/sh
# Bad input on every command that takes input: an unknown record, person,
# asset (CI), id of the rules, an invalid value, text that is not UTF-8 and
# text over its limit (the *_MAX of include/opsdesk/*.h). Each gets a clear
# message naming the field or the value, its exit status (1 for a value
# refused, 2 for a command line that cannot be right), and changes nothing:
# not the records, not the audit log.
. "$(dirname "$0")/../lib/tap.sh"

export OPSDESK_USER=root
run init
run staff add lina --name 李娜 --roles network_engineer
run staff add wang --name 王伟 --roles network_engineer
run asset add SW-1 --name 核心交换机 --class network
run incident new --title 打印机卡纸
run roster set 2026-11-21 lina N
run roster set 2026-11-23 wang D
OPSDESK_USER=lina run swap request 2026-11-21/N --with wang --reason 家里有事
run handover note 交接一下
is "$(sql "SELECT count(*) FROM swap") $(sql "SELECT count(*) FROM handover_note")" "1 1" \
	"set-up: an incident, an asset, a roster, a swap request and a handover note"

BAD=$(printf 'a\377b')             # not UTF-8
long() { printf 'x%.0s' $(seq "$1"); } # long N: N characters

# Every table's row count and a digest of the whole database: what "nothing
# changed" means here.
state() {
	sql "SELECT 'incident ' || (SELECT count(*) FROM incident) || ', journal ' ||
		(SELECT count(*) FROM journal) || ', audit ' || (SELECT count(*) FROM audit) ||
		', staff ' || (SELECT count(*) FROM staff) || ', asset ' || (SELECT count(*) FROM asset) ||
		', roster ' || (SELECT count(*) FROM roster) || ', swap ' || (SELECT count(*) FROM swap) ||
		', leave ' || (SELECT count(*) FROM leave) || ', handover ' ||
		(SELECT count(*) FROM handover_note)"
	sql .dump | cksum
}
before=$(state)

# refused EXIT PATTERN DESCRIPTION: the exit status, a message on stderr
# matching PATTERN (grep -E), nothing on stdout, nothing changed.
refused() {
	is "$RC" "$1" "$3: exit $1"
	like "$ERR" "$2" "$3: the message names it"
	is "$OUT" "" "$3: nothing on stdout"
	is "$(state)" "$before" "$3: nothing changed"
}

# --- incident new ----------------------------------------------------------------------------
run incident new --title 网络中断 --ci NOPE-9
refused 1 "^opsdesk: ci: there is no configuration item 'NOPE-9'$" "incident new --ci with an unknown CI"
run incident new --title 网络中断 --impact huge
refused 1 "^opsdesk: impact: 'huge' is not defined in the rules \(known: high, medium, low\)$" \
	"incident new --impact unknown"
run incident new --title 网络中断 --category nope
refused 1 "^opsdesk: category: 'nope' is not defined in the rules \(known: " "incident new --category unknown"
run incident new --title 网络中断 --priority P1
refused 2 "^opsdesk incident: --priority does not apply to 'incident new'" \
	"incident new --priority (the rules' matrix gives the priority)"
run incident new --title "$BAD"
refused 1 "^opsdesk: summary: not valid UTF-8 text$" "incident new --title not UTF-8"
run incident new --title 网络中断 --description "$BAD"
refused 1 "^opsdesk: description: not valid UTF-8 text$" "incident new --description not UTF-8"
run incident new --title "$(long 201)"
refused 1 "^opsdesk: summary: too long \(201 characters, at most 200\)$" \
	"incident new --title of 201 characters"
run incident new --title 网络中断 --description "$(long 8001)"
refused 1 "^opsdesk: description: too long \(8001 characters, at most 8000\)$" \
	"incident new --description of 8001 characters"
run incident new --title 网络中断 --contact "$(long 101)"
refused 1 "^opsdesk: contact: too long \(101 characters, at most 100\)$" \
	"incident new --contact of 101 characters"
run incident new --title 网络中断 --occurred yesterday-ish
refused 1 "^opsdesk: occurred: 'yesterday-ish' is not a time" "incident new --occurred not a time"

# --- incident list: the filters are checked, not matched against nothing ----------------------------
run incident list --priority P9
refused 1 "^opsdesk: priority: 'P9' is not one of the priorities in the rules \(known: P1, P2, P3, P4\)$" \
	"incident list --priority P9"
run incident list --state nope
refused 1 "^opsdesk: state: 'nope' is not one of the incident states in the rules \(known: new, assigned, " \
	"incident list --state nope"
run incident list --assignee nobody
refused 1 "^opsdesk: assignee: no staff member with login 'nobody'$" "incident list --assignee nobody"
run incident list --assignee ''
refused 1 "^opsdesk: assignee: give a login \(--unassigned " "incident list --assignee ''"
run incident list --search "$BAD"
refused 1 "^opsdesk: search: not valid UTF-8 text$" "incident list --search not UTF-8"
run incident list --search "$(long 201)"
refused 1 "^opsdesk: search: too long \(201 characters, at most 200\)$" \
	"incident list --search of 201 characters"
run incident list --limit lots
refused 2 "^opsdesk incident: --limit: 'lots' is not a positive number$" "incident list --limit lots"
run incident list --sort sideways
refused 2 "^opsdesk incident: --sort: 'sideways' is not queue, newest or due$" "incident list --sort sideways"
# and the good ones still list
run incident list --priority P4 --state new --assignee lina
is "$RC" 0 "incident list with a known priority, state and assignee: exit 0"
OPSDESK_USER=stranger run incident list --mine
is "$RC" 0 "--mine is not checked against the staff list (anyone may look)"

# --- show ----------------------------------------------------------------------------------------
run show INC-999
refused 1 "^opsdesk: there is no incident INC-999$" "show an unknown incident"
run show INC-x
refused 2 "^opsdesk show: 'INC-x' is not an incident reference \(INC-12 or 12\)$" "show a malformed reference"
run show "$BAD"
refused 2 "^opsdesk show: 'a.b' is not an incident reference" "show a reference that is not UTF-8"
is "$(printf '%s' "$ERR" | tr -d '\377' | wc -c)" "$(printf '%s' "$ERR" | wc -c)" \
	"... the bad byte is not echoed to the terminal"
run show "$(printf 'INC-\033[2J')"
refused 2 "^opsdesk show: 'INC-.\[2J' is not an incident reference" \
	"show a reference holding an escape sequence"
is "$(printf '%s' "$ERR" | tr -d '\033' | wc -c)" "$(printf '%s' "$ERR" | wc -c)" \
	"... the escape is not echoed to the terminal"
run "$(printf 'frob\033[2J')"
is "$(printf '%s' "$ERR" | tr -d '\033' | wc -c)" "$(printf '%s' "$ERR" | wc -c)" \
	"an unknown command holding an escape sequence: not echoed either"

# --- do ------------------------------------------------------------------------------------------
run do INC-999 assign --set assignee=lina
refused 1 "^opsdesk: there is no incident INC-999$" "do on an unknown incident"
run do INC-1 frobnicate
refused 1 "^opsdesk: action: the rules have no 'frobnicate' for incidents \(known: assign, " \
	"do an unknown action"
run do INC-1 assign --set assignee=lina --set ci=NOPE-9
refused 1 "^opsdesk: ci: there is no configuration item 'NOPE-9'$" "do --set ci=UNKNOWN"
run do INC-1 assign --set assignee=nobody
refused 1 "^opsdesk: assignee: no staff member with login 'nobody'$" "do --set assignee=nobody"
run do INC-1 assign --set colour=red --set assignee=lina
refused 1 "^opsdesk: colour: not a field a transition can set \(known: " "do --set an unknown field"
run do INC-1 assign --set assignee=lina --note "$BAD"
refused 1 "^opsdesk: note: not valid UTF-8 text$" "do --note not UTF-8"
run do INC-1 assign --set assignee=lina --note "$(long 8001)"
refused 1 "^opsdesk: note: too long \(8001 characters, at most 8000\)$" "do --note of 8001 characters"
run do INC-1 assign --set "assignee=$BAD"
refused 1 "^opsdesk: assignee: no staff member with login 'a.b'$" "do --set assignee= not UTF-8"
run do INC-1 assign --set assignee
refused 2 "^opsdesk do: --set: 'assignee' is not FIELD=VALUE$" "do --set without ="

# --- comment ---------------------------------------------------------------------------------------
run comment INC-1 "$BAD"
refused 1 "^opsdesk: comment: not valid UTF-8 text$" "comment not UTF-8"
run comment INC-1 "$(long 8001)"
refused 1 "^opsdesk: comment: too long \(8001 characters, at most 8000\)$" \
	"comment of 8001 characters"
run comment INC-999 好的
refused 1 "^opsdesk: there is no incident INC-999$" "comment on an unknown incident"
run comment INC-1 "  "
refused 1 "^opsdesk: comment: must not be empty$" "an empty comment"
run comment INC-1
refused 2 "^opsdesk comment: give REF and TEXT$" "comment without TEXT"

# --- asset add and edit ----------------------------------------------------------------------------
run asset add SW-2 --name 交换机 --class bogus
refused 1 "^opsdesk: class: 'bogus' is not one of the CI classes in the rules \(known: " \
	"asset add --class unknown"
run asset add SW-2 --name "$BAD" --class network
refused 1 "^opsdesk: name: not valid UTF-8 text$" "asset add --name not UTF-8"
run asset add "$BAD" --name 交换机 --class network
refused 1 "^opsdesk: tag: not valid UTF-8 text$" "asset add a tag that is not UTF-8"
run asset add SW-2 --name "$(long 65)" --class network
refused 1 "^opsdesk: name: too long \(65 characters, at most 64\)$" "asset add --name of 65 characters"
run asset add SW-2 --name 交换机 --class network --ip 10.0.0.300
refused 1 "^opsdesk: ip: '10.0.0.300' is not an IPv4 or IPv6 address$" "asset add --ip not an address"
run asset add SW-2 --name 交换机 --class network --purchased 2026-02-30
refused 1 "^opsdesk: purchased: '2026-02-30' is not a date" "asset add --purchased not a date"
run asset add SW-2 --name 交换机 --class network --responsible nobody
refused 1 "^opsdesk: responsible: no staff member with login 'nobody'$" "asset add --responsible nobody"
run asset add SW-1 --name 交换机 --class network
refused 1 "^opsdesk: tag: an asset with tag 'SW-1' already exists$" "asset add a tag that exists"
run asset edit NOPE-9 --name 交换机
refused 1 "^opsdesk: no asset with tag 'NOPE-9'$" "asset edit an unknown tag"
run asset edit SW-1 --status bogus
refused 1 "^opsdesk: status: 'bogus' is not one of the CI statuses in the rules \(known: " \
	"asset edit --status unknown"
run asset edit SW-1 --location "$BAD"
refused 1 "^opsdesk: location: not valid UTF-8 text$" "asset edit --location not UTF-8"
run asset edit SW-1 --note "$(long 2001)"
refused 1 "^opsdesk: note: too long \(2001 characters, at most 2000\)$" "asset edit --note of 2001 characters"

run asset list --class bogus
refused 1 "^opsdesk: class: 'bogus' is not one of the CI classes in the rules \(known: " \
	"asset list --class unknown"
run asset list --search "$BAD"
refused 1 "^opsdesk: search: not valid UTF-8 text$" "asset list --search not UTF-8"
run asset list --search "$(long 201)"
refused 1 "^opsdesk: search: too long \(201 characters, at most 200\)$" \
	"asset list --search of 201 characters"

# --- staff add and edit ----------------------------------------------------------------------------
run staff add zhou --name 周 --roles wizard
refused 1 "^opsdesk: roles: 'wizard' is not a role in the rules \(known: " "staff add --roles unknown"
run staff add zhou --name "$BAD" --roles network_engineer
refused 1 "^opsdesk: name: not valid UTF-8 text$" "staff add --name not UTF-8"
run staff add zhou --name "$(long 65)" --roles network_engineer
refused 1 "^opsdesk: name: too long \(65 characters, at most 64\)$" "staff add --name of 65 characters"
run staff add zhou --name 周 --roles network_engineer --email nope
refused 1 "^opsdesk: email: 'nope' is not an e-mail address$" "staff add --email not an address"
run staff add zhou --name 周 --roles network_engineer --deputy nobody
refused 1 "^opsdesk: deputy: no staff member with login 'nobody'$" "staff add --deputy nobody"
run staff add "$BAD" --name 周 --roles network_engineer
refused 1 "^opsdesk: login: 'a.b' is not a valid login" "staff add a login that is not UTF-8"
run staff add lina --name 李娜 --roles network_engineer
refused 1 "^opsdesk: login: a staff member with login 'lina' already exists$" "staff add a login that exists"
run staff edit nobody --team 网络组
refused 1 "^opsdesk: no staff member with login 'nobody'$" "staff edit an unknown login"
run staff edit lina --team "$(long 65)"
refused 1 "^opsdesk: team: too long \(65 characters, at most 64\)$" "staff edit --team of 65 characters"
run staff edit lina --note "$BAD"
refused 1 "^opsdesk: note: not valid UTF-8 text$" "staff edit --note not UTF-8"
run staff edit lina --phone "$(long 33)"
refused 1 "^opsdesk: phone: too long \(33 characters, at most 32\)$" "staff edit --phone of 33 characters"

# --- roster set ----------------------------------------------------------------------------------------
run roster set 2026-11-22 lina X
refused 1 "^opsdesk: shift: 'X' is not a shift of the rules \(known: D, N\)$" "roster set an unknown shift"
run roster set 2026-13-01 lina D
refused 1 "^opsdesk: day: '2026-13-01' is not a date" "roster set a day that is not a date"
run roster set 2026-11-22 nobody D
refused 1 "^opsdesk: person: no staff member 'nobody'$" "roster set an unknown login"
run roster set 2026-11-22 lina D --reason "$BAD"
refused 1 "^opsdesk: reason: not valid UTF-8 text$" "roster set --reason not UTF-8"
run roster set 2026-11-22 lina D --reason "$(long 501)"
refused 1 "^opsdesk: reason: too long \(501 characters, at most 500\)$" \
	"roster set --reason of 501 characters"

# --- swap request ----------------------------------------------------------------------------------------
run swap request 2026-11-21/X --with wang --reason 有事
refused 1 "'X' is not a shift of the rules \(known: D, N\)$" "swap request an unknown shift"
run swap request 2026-11-21/N --with nobody --reason 有事
refused 1 "^opsdesk: with: no staff member with login 'nobody'$" "swap request --with nobody"
run swap request 2026-11-21/N --with wang --reason "$BAD"
refused 1 "^opsdesk: reason: not valid UTF-8 text$" "swap request --reason not UTF-8"
run swap request 2026-11-21/N --with wang --reason "$(long 501)"
refused 1 "^opsdesk: reason: too long \(501 characters, at most 500\)$" \
	"swap request --reason of 501 characters"
run swap agree 99
refused 1 "^opsdesk: no swap request 99$" "swap agree an unknown request"
run swap approve 1 --comment "$BAD"
refused 1 "^opsdesk: comment: not valid UTF-8 text$" "swap approve --comment not UTF-8"

# --- leave add ------------------------------------------------------------------------------------------
run leave add nobody --from 2026-12-01 --reason 年假
refused 1 "^opsdesk: person: no staff member with login 'nobody'$" "leave add an unknown login"
run leave add lina --from 2026-12-32 --reason 年假
refused 1 "^opsdesk: from: '2026-12-32' is not a date" "leave add --from not a date"
run leave add lina --from 2026-12-01 --reason "$BAD"
refused 1 "^opsdesk: reason: not valid UTF-8 text$" "leave add --reason not UTF-8"
run leave add lina --from 2026-12-01 --reason "$(long 501)"
refused 1 "^opsdesk: reason: too long \(501 characters, at most 500\)$" "leave add --reason of 501 characters"
run leave list nobody
refused 1 "^opsdesk: no staff member with login 'nobody'$" "leave list for an unknown login"
run leave list lina
is "$RC" 0 "leave list for a known login: exit 0"

# --- handover note ----------------------------------------------------------------------------------------
run handover note "$BAD"
refused 1 "^opsdesk: note: not valid UTF-8 text$" "handover note not UTF-8"
run handover note "$(long 2001)"
refused 1 "^opsdesk: note: too long \(2001 characters, at most 2000\)$" "handover note of 2001 characters"
run handover note 看一下 --follow-up nobody
refused 1 "^opsdesk: follow-up: no staff member with login 'nobody'$" "handover note --follow-up nobody"
run handover note 看一下 --due someday
refused 2 "^opsdesk handover: --due: 'someday' is not a time" "handover note --due not a time"
run handover note 看一下 --shift 2026-11-21/X
refused 1 "'X' is not a shift of the rules \(known: D, N\)$" "handover note --shift with an unknown shift"

# --- and the check above would have seen a change ---------------------------------------------------
run comment INC-1 好的
is "$RC" 0 "a good comment: exit 0"
test "$(state)" != "$before"
ok $? "... and the state compared above changes with it"

done_testing
