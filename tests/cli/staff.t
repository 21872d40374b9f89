#!/bin/sh
# opsdesk staff add|list|show|edit|deactivate|activate: the people and their
# roles; Chinese text laid out by display width; every refusal named by its
# field and leaving the database exactly as it was; usage errors exit 2;
# only holders of staff.manage change staff.
. "$(dirname "$0")/../lib/tap.sh"

# Everything a refusal must leave alone.
state() {
	sql "SELECT * FROM staff ORDER BY id; SELECT * FROM staff_role ORDER BY staff_id, role;
	     SELECT count(*) FROM audit; SELECT count(*) FROM journal;"
}

# refused EXIT STDERR DESCRIPTION: the last run exited EXIT with exactly STDERR
# (when not empty) and the database did not change since $before.
refused() {
	is "$RC" "$1" "$3: exit $1"
	[ -z "$2" ] || is "$ERR" "$2" "$3: the message"
	is "$(state)" "$before" "$3: nothing changed in the database"
}

# OPSDESK_USER=root names the first manager 'root' whatever the account's GECOS says.
OPSDESK_USER=root run init
is "$RC" 0 "init"

# --- add ---------------------------------------------------------------------
run staff add li.si --name 李四 --phone '010-1234 5678' --team 值班组 --roles duty_operator,system_engineer
is "$RC" 0 "add li.si with a Chinese name and team: exit 0"
is "$OUT" "staff li.si added" "... and says so"
is "$ERR" "" "... with nothing on stderr"
run staff add bob --name "Bob Smith-Jones" --phone "+852 5555 0107" --team "Network Ops Team" --roles network_engineer
is "$RC" 0 "add bob (ASCII name and team, both wider than their columns)"
run staff add zhuge --name 诸葛孔明卧龙先生 --team 网络组 --roles network_engineer
is "$RC" 0 "add zhuge (a Chinese name of 16 cells, wider than its column)"
run staff add ma --name 马a马b马 --team 值班一组x --roles duty_operator
is "$RC" 0 "add ma (Chinese and ASCII mixed: odd widths)"
run staff add ou --name 欧阳xy --team 運維 --phone 010-6000-1234转8004 --roles security_engineer --roles cab_member
is "$RC" 0 "add ou (roles given as two --roles; 转 in the phone)"
is "$(sql "SELECT login || ':' || group_concat(role, ',') FROM (SELECT s.login, r.role FROM staff s JOIN staff_role r ON r.staff_id = s.id ORDER BY s.login, r.role) GROUP BY login")" \
	"bob:network_engineer
li.si:duty_operator,system_engineer
ma:duty_operator
ou:cab_member,security_engineer
root:ops_manager
zhuge:network_engineer" "sql: each member has the roles given"

# --- list: columns by display width --------------------------------------------
run staff list
is "$RC" 0 "staff list: exit 0"
is "$OUT" "LOGIN        NAME         PHONE                TEAM       ROLES
bob          Bob Smith-J~ +852 5555 0107       Network O~ 网络工程师
li.si        李四         010-1234 5678        值班组     系统工程师、值班员
ma           马a马b马                          值班一组x  值班员
ou           欧阳xy       010-6000-1234转8004  運維       安全工程师、变更委员会成员
root         root                                         运维经理
zhuge        诸葛孔明卧~                       网络组     网络工程师" \
	"staff list: columns padded by display cells; too-wide text cut to the column with '~'"
is "$(printf '%s\n' "$OUT" | columns_aligned NAME PHONE TEAM ROLES)" "" \
	"staff list: every field starts at the header's display column on every row"

# --- show -----------------------------------------------------------------------
run staff show li.si
is "$RC" 0 "staff show: exit 0"
is "$OUT" "login     li.si
name      李四
phone     010-1234 5678
team      值班组
email     
deputy    
roles     系统工程师、值班员
active    yes
version   1
updated   2026-11-21 09:00 by root
note      " "staff show: every field, roles by their names, time in the site zone"

run staff show ou --json
is "$RC" 0 "staff show --json: exit 0"
is "$OUT" '{"login":"ou","name":"欧阳xy","phone":"010-6000-1234转8004","team":"運維","email":"","deputy":"","note":"","roles":["cab_member","security_engineer"],"active":true,"version":1,"created":"2026-11-21T09:00:00+08:00","updated":"2026-11-21T09:00:00+08:00","updated_by":"root"}' \
	"staff show --json: one object with every field"
run --json staff show ou
is "$OUT" '{"login":"ou","name":"欧阳xy","phone":"010-6000-1234转8004","team":"運維","email":"","deputy":"","note":"","roles":["cab_member","security_engineer"],"active":true,"version":1,"created":"2026-11-21T09:00:00+08:00","updated":"2026-11-21T09:00:00+08:00","updated_by":"root"}' \
	"--json before the command works too"

run staff show nobody
is "$RC" 1 "staff show of an unknown login: exit 1"
is "$ERR" "opsdesk: no staff member with login 'nobody'" "... naming the login"

# --- edit ---------------------------------------------------------------------------
run staff edit li.si --team 网络组 --roles system_engineer --expect-version 1
is "$RC" 0 "edit li.si (team, roles) at the version read: exit 0"
is "$OUT" "staff li.si changed" "... and says so"
run staff show li.si
is "$OUT" "login     li.si
name      李四
phone     010-1234 5678
team      网络组
email     
deputy    
roles     系统工程师
active    yes
version   2
updated   2026-11-21 09:00 by root
note      " "the edit is saved and the version goes up to 2"

before=$(state)
run staff edit li.si --name 李四 --team 网络组
is "$RC" 0 "an edit that changes nothing: exit 0"
is "$(state)" "$before" "... writes nothing (no version bump, no audit entry)"

run staff edit li.si --phone ""
is "$RC" 0 "edit --phone '' clears the phone"
is "$(sql "SELECT phone || '|' || version FROM staff WHERE login = 'li.si'")" "|3" "sql: phone empty, version 3"

# --- stale edits: --expect-version ----------------------------------------------------
OPSDESK_USER=ou run staff edit li.si --name 李思
is "$RC" 1 "(ou, not a manager, cannot edit)"
run staff edit ou --roles ops_manager,cab_member
is "$RC" 0 "ou is made a manager"
OPSDESK_USER=ou run staff edit li.si --name 李思
is "$RC" 0 "ou renames li.si to 李思 (version 3 -> 4)"
shown=$(sql "SELECT * FROM staff WHERE login = 'li.si'")
before=$(state)
run staff edit li.si --team 值班组 --expect-version 3
refused 1 "opsdesk: staff:li.si was changed by ou at 2026-11-21 09:00 after you opened it (name: 李四 -> 李思); your version 3 is now 4, so your save was not applied: reopen it and apply your change again" \
	"edit with a stale --expect-version"
like "$ERR" "changed by ou" "... the message names who changed it"
is "$(sql "SELECT * FROM staff WHERE login = 'li.si'")" "$shown" "... and the record is exactly as ou left it"
run staff deactivate li.si --expect-version 3
refused 1 "" "deactivate with a stale --expect-version"
like "$ERR" "your version 3 is now 4" "... says which versions differ"
run staff edit li.si --team 值班组 --expect-version 4
is "$RC" 0 "edit at the current version 4: exit 0"

# --- deactivate / activate --------------------------------------------------------------
run staff deactivate ma
is "$RC" 0 "deactivate ma: exit 0"
is "$OUT" "staff ma deactivated" "... and says so"
run staff list
unlike "$OUT" "^ma " "staff list leaves out the deactivated"
run staff list --all
is "$(printf '%s\n' "$OUT" | tail -n 1)" "ma           马a马b马                          值班一组x  值班员 (deactivated)" \
	"staff list --all shows them last, marked (deactivated)"
is "$(printf '%s\n' "$OUT" | columns_aligned NAME PHONE TEAM ROLES)" "" "staff list --all: columns still aligned"
run staff show ma
like "$OUT" "^active    no$" "staff show: active no"
run staff list --all --json
printf '%s' "$OUT" > "$T/all.json"
is "$(sqlite3 :memory: "SELECT json_extract(j, '\$[#-1].login') || ' ' || json_extract(j, '\$[#-1].active') FROM (SELECT CAST(readfile('$T/all.json') AS TEXT) AS j)")" \
	"ma 0" "staff list --all --json: ma, active false"
run staff activate ma
is "$RC" 0 "activate ma: exit 0"
is "$(sql "SELECT active || ' ' || version || ' ' || updated_by FROM staff WHERE login = 'ma'")" "1 3 root" \
	"sql: ma active again, version 3, updated by root"

# --- refusals, each named by its field; nothing changes ---------------------------------
before=$(state)
run staff add Bad --name 坏 --roles duty_operator
refused 1 "opsdesk: login: 'Bad' is not a valid login (lower-case letters, digits, '_', '.', '-'; at most 32; starting with a letter or '_')" \
	"add with login 'Bad'"
run staff add 1abc --name 坏 --roles duty_operator
refused 1 "" "add with login '1abc'"
like "$ERR" "^opsdesk: login: " "... the message names the field"
run staff add 张三 --name 张三 --roles duty_operator
refused 1 "" "add with a Chinese login"
like "$ERR" "^opsdesk: login: " "... the message names the field"
run staff add abcdefghijklmnopqrstuvwxyz0123456 --name x --roles duty_operator
refused 1 "" "add with a 33-character login"
run staff add wu --name 吴 --roles boss
refused 1 "opsdesk: roles: 'boss' is not a role in the rules (known: ops_manager, system_engineer, network_engineer, desktop_engineer, security_engineer, duty_operator, cab_member, ecab_member)" \
	"add with an unknown role"
run staff add wu --name 吴 --roles duty_operator,duty_operator
refused 1 "opsdesk: roles: 'duty_operator' is given twice" "add with a role given twice"
run staff add wu --name 吴 --roles ,
refused 1 "opsdesk: roles: a staff member needs at least one role" "add with no role in --roles"
run staff add wu --name 吴 --roles duty_operator --phone 12ab
refused 1 "opsdesk: phone: '12ab' is not a phone number (digits, spaces, + - ( ) # and 转)" \
	"add with letters in the phone"
run staff add wu --name '' --roles duty_operator
refused 1 "opsdesk: name: must not be empty" "add with an empty name"
run staff add wu --name '   ' --roles duty_operator
refused 1 "opsdesk: name: must not be empty" "add with a name of spaces"
run staff add wu --name '　' --roles duty_operator
refused 1 "opsdesk: name: must not be empty" "add with a name of one ideographic space"
run staff add wu --name "$(printf 'ab\377')" --roles duty_operator
refused 1 "opsdesk: name: not valid UTF-8 text" "add with invalid UTF-8 in the name"
run staff add wu --name "$(printf '\345\220')" --roles duty_operator
refused 1 "opsdesk: name: not valid UTF-8 text" "add with a truncated UTF-8 sequence in the name"
name65=$(printf '张%.0s' $(seq 65))
run staff add wu --name "$name65" --roles duty_operator
refused 1 "opsdesk: name: too long (65 characters, at most 64)" "add with a 65-character Chinese name"
run staff add wu --name "$(printf 'x%.0s' $(seq 65))" --roles duty_operator
refused 1 "opsdesk: name: too long (65 characters, at most 64)" "add with a 65-character ASCII name"
run staff add wu --name 吴 --roles duty_operator --team "$(printf 'a\033[31mred')"
refused 1 "opsdesk: team: control characters are not allowed (U+001B)" "add with ESC in the team"
run staff add wu --name "$(printf 'a\tb')" --roles duty_operator
refused 1 "opsdesk: name: control characters are not allowed (U+0009)" "add with a tab in the name"
run staff add li.si --name 李四 --roles duty_operator
refused 1 "opsdesk: login: a staff member with login 'li.si' already exists" "add of a login that exists"
run staff edit li.si --phone 'call me'
refused 1 "" "edit with letters in the phone"
like "$ERR" "^opsdesk: phone: 'call me' is not a phone number" "... names the field"
run staff edit li.si --name ''
refused 1 "opsdesk: name: must not be empty" "edit to an empty name"
run staff edit li.si --roles ''
refused 1 "opsdesk: roles: a staff member needs at least one role" "edit to no roles"
run staff edit li.si --team "$(printf 'x\033]0;pwned\007')"
refused 1 "" "edit with an escape sequence in the team"
like "$ERR" "^opsdesk: team: control characters are not allowed" "... names the field"
run staff edit nobody --name 无
refused 1 "opsdesk: no staff member with login 'nobody'" "edit of an unknown login"
run staff deactivate nobody
refused 1 "opsdesk: no staff member with login 'nobody'" "deactivate of an unknown login"

# the limits are characters, not bytes: 64 Chinese characters (192 bytes) are fine
name64=$(printf '张%.0s' $(seq 64))
run staff add wu --name "$name64" --roles duty_operator
is "$RC" 0 "add with a 64-character Chinese name (192 bytes) is accepted"
is "$(sql "SELECT length(name) FROM staff WHERE login = 'wu'")" 64 "sql: the whole name is stored"

# --- usage errors: exit 2, nothing changes ------------------------------------------------
before=$(state)
run staff add wu2 --name x --roles duty_operator --frob
refused 2 "opsdesk staff: unknown option '--frob'
Try 'opsdesk staff --help'." "an unknown option"
run staff add wu2 --roles duty_operator
refused 2 "opsdesk staff: 'staff add' needs --name
Try 'opsdesk staff --help'." "add without --name"
run staff add wu2 --name x
refused 2 "opsdesk staff: 'staff add' needs --roles
Try 'opsdesk staff --help'." "add without --roles"
run staff add wu2 --name
refused 2 "opsdesk staff: option '--name' needs a value
Try 'opsdesk staff --help'." "--name without its value"
run staff add wu2 --name x --name y --roles duty_operator
refused 2 "opsdesk staff: option '--name' given twice
Try 'opsdesk staff --help'." "--name given twice"
run staff frob
refused 2 "opsdesk staff: unknown subcommand 'frob'
Try 'opsdesk staff --help'." "an unknown subcommand"
run staff
refused 2 "opsdesk staff: which: add, list, show, edit, deactivate or activate?
Try 'opsdesk staff --help'." "no subcommand"
for sub in add show edit deactivate activate; do
	run staff $sub
	refused 2 "opsdesk staff: 'staff $sub' needs LOGIN
Try 'opsdesk staff --help'." "staff $sub without a LOGIN"
done
run staff show li.si extra
refused 2 "opsdesk staff: unexpected argument 'extra'
Try 'opsdesk staff --help'." "an extra argument"
run staff edit li.si --team x --expect-version abc
refused 2 "opsdesk staff: --expect-version: 'abc' is not a version number
Try 'opsdesk staff --help'." "a non-numeric --expect-version"
run staff edit li.si --team x --expect-version 0
refused 2 "" "--expect-version 0"
run staff list --all=yes
refused 2 "opsdesk staff: option '--all' takes no value
Try 'opsdesk staff --help'." "--all=yes"

# --- who may change staff -------------------------------------------------------------------
run init --demo-staff
is "$RC" 0 "init --demo adds sample staff (zhangwei is a duty_operator)"
before=$(state)
OPSDESK_USER=zhangwei run staff add wu3 --name 吴三 --roles duty_operator
refused 1 "opsdesk: 'staff.manage' is not permitted for you: the rules give it to: 运维经理" \
	"a duty_operator adding staff"
like "$ERR" "not permitted" "... the message says it is not permitted"
like "$ERR" "运维经理" "... and names the roles that may"
OPSDESK_USER=zhangwei run staff edit zhangwei --roles ops_manager
refused 1 "opsdesk: 'staff.manage' is not permitted for you: the rules give it to: 运维经理" \
	"a duty_operator making themself a manager"
OPSDESK_USER=zhangwei run staff deactivate lina
refused 1 "" "a duty_operator deactivating someone"

OPSDESK_USER=stranger run staff add wu3 --name 吴三 --roles duty_operator
refused 1 "opsdesk: you ('stranger') are not on the staff list: you can look but not change anything; ask an operations manager to add you" \
	"a login not on the staff list adding staff"
OPSDESK_USER=stranger run staff edit stranger --name 陌生人
refused 1 "" "a login not on the staff list editing"
like "$ERR" "you can look but not change anything" "... is told it can look but not change"
run staff list
root_list=$OUT
OPSDESK_USER=stranger run staff list
is "$RC" 0 "a login not on the staff list CAN list staff"
is "$OUT" "$root_list" "... and sees the same list"
OPSDESK_USER=stranger run staff show zhangwei
is "$RC" 0 "... and show a member"

run staff deactivate ouyang
is "$RC" 0 "a manager (ouyang) is deactivated"
before=$(state)
OPSDESK_USER=ouyang run staff add wu3 --name 吴三 --roles duty_operator
refused 1 "opsdesk: your staff record ('ouyang') is deactivated: you can look but not change anything" \
	"a deactivated manager adding staff"

# the last active manager cannot lock the centre out
OPSDESK_DB="$T/solo.db" OPSDESK_USER=root run init
before=$(OPSDESK_DB="$T/solo.db" state)
OPSDESK_DB="$T/solo.db" run staff deactivate root
is "$RC" 1 "deactivating the only active manager: exit 1"
is "$ERR" "opsdesk: 'root' is the last active 运维经理: give the role to someone else first" "... says why"
OPSDESK_DB="$T/solo.db" run staff edit root --roles duty_operator
is "$RC" 1 "taking the manager role from the only manager: exit 1"
is "$ERR" "opsdesk: 'root' is the last active 运维经理: give the role to someone else first" "... says why"
is "$(OPSDESK_DB="$T/solo.db" state)" "$before" "... and nothing changed"

done_testing
