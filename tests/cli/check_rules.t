#!/bin/sh
# opsdesk check-rules [FILE]: validates the rules and reports every problem
# as FILE:LINE:COLUMN: message (exit 2); the YAML loader's own limits (size,
# aliases, duplicate keys, depth); --rules and $OPSDESK_RULES for every command.
. "$(dirname "$0")/../lib/tap.sh"

R="$TOP/tests/cli/rules"   # broken copies of config/workflow.yaml
summary() {
	if [ "$1" = 1 ]; then echo "opsdesk: the rules have 1 problem; nothing was done"
	else echo "opsdesk: the rules have $1 problems; nothing was done"; fi
}

# --- valid rules -------------------------------------------------------------------
run check-rules
is "$RC" 0 "the built-in rules are valid (exit 0)"
like "$OUT" '^\(built-in rules\): valid: [0-9]+ roles, [0-9]+ priorities, [0-9]+ incident states, [0-9]+ transitions$' \
	"... and check-rules says so, with what it found"
is "$ERR" "" "... with nothing on stderr"

run check-rules "$TOP/config/workflow.yaml"
is "$RC" 0 "config/workflow.yaml, given as FILE, is valid (exit 0)"
like "$OUT" "^$TOP/config/workflow.yaml: valid: " "... and the report names the file"

# --- five defects, every one reported where it is -----------------------------------
# five-defects.yaml is config/workflow.yaml plus: a misspelt key under a role
# (line 41), a duration written '30 minutes' (78), a state nothing leads to
# (156), a misspelt role in a transition (162) and a transition leaving the
# final state 'closed' (192).
run check-rules "$R/five-defects.yaml"
is "$RC" 2 "five-defects.yaml: exit 2"
is "$ERR" "$R/five-defects.yaml:41:5: unknown key 'descripton' in roles (known: id, name, manager)
$R/five-defects.yaml:78:15: 'response' must be a duration such as 30m, 4h, 2d or 1h30m, not '30 minutes'
$R/five-defects.yaml:156:9: workflows.incident: state 'archived' cannot be reached from 'new'
$R/five-defects.yaml:162:32: transition 'assign': role 'ops_manger' is not defined
$R/five-defects.yaml:192:26: transition 'reopen' leaves final state 'closed' (nothing may leave a final state)
$(summary 5)" "five-defects.yaml: all five problems, each as FILE:LINE:COLUMN: message, in file order"
is "$OUT" "" "five-defects.yaml: nothing on stdout"

# --- YAML syntax ---------------------------------------------------------------------
# syntax-error.yaml has '- id: P2: high' on line 75; the second ':' is column 11.
run check-rules "$R/syntax-error.yaml"
is "$RC" 2 "a YAML syntax error: exit 2"
is "$ERR" "$R/syntax-error.yaml:75:11: YAML syntax: mapping values are not allowed in this context
$(summary 1)" "a YAML syntax error is reported at its line and column"

# Columns count characters, not bytes: the ':' after nine Chinese characters.
printf 'version: 1\nsite:\n  name: 信息中心: 总部\n' > "$T/cjk.yaml"
run check-rules cjk.yaml
is "$RC" 2 "a syntax error after Chinese text: exit 2"
like "$ERR" "^cjk.yaml:3:13: YAML syntax: mapping values are not allowed" \
	"... reported at the character column (13), not the byte column (21)"

# --- empty and comment-only files --------------------------------------------------------
run check-rules "$R/empty.yaml"
is "$RC" 2 "an empty file: exit 2"
is "$ERR" "$R/empty.yaml:1:1: the file is empty
$(summary 1)" "an empty file is reported as empty, at 1:1"

run check-rules "$R/comments-only.yaml"
is "$RC" 2 "a file of only comments: exit 2"
is "$ERR" "$R/comments-only.yaml:1:1: the file is empty
$(summary 1)" "a file of only comments is reported as empty"

# --- limits ---------------------------------------------------------------------------------
# 2 MiB: the real rules followed by comment lines.
{
	cat "$TOP/config/workflow.yaml"
	yes '# padding padding padding padding padding padding padding padding padding' | head -c 2097152
} > "$T/big.yaml"
size=$(wc -c < "$T/big.yaml" | tr -d ' ')
run check-rules big.yaml
is "$RC" 2 "a 2 MiB file: exit 2"
like "$ERR" "^big.yaml:1:1: file too large \(.*the limit is 1048576\)$" "a 2 MiB file is refused as too large, naming the limit"
like "$ERR" "\(($size bytes|more than 1048576 bytes)" \
	"... giving its real size ($size) or 'more than' the limit, not a wrong size"

# A file just at the limit is read (and here found valid).
{
	cat "$TOP/config/workflow.yaml"
	yes '# padding padding padding padding padding padding padding padding padding' | head -c 2097152
} | head -c 1048575 > "$T/limit.yaml"
echo >> "$T/limit.yaml"
run check-rules limit.yaml
is "$RC" 0 "a file of exactly 1 MiB is not too large"

start=$(date +%s)
run check-rules "$R/alias-bomb.yaml"
took=$(($(date +%s) - start))
is "$RC" 2 "an alias bomb ('billion laughs'): exit 2"
is "$(printf '%s\n' "$ERR" | head -n 1)" "$R/alias-bomb.yaml:4:4: anchors (&a) are not allowed in rules files" \
	"... refused at its first anchor"
test "$took" -le 5
ok $? "... at once, without expanding it (took ${took}s)"

# An alias without an anchor in front of it (a syntax error of its own) is refused too.
printf 'version: 1\nsite: *nothing\n' > "$T/alias.yaml"
run check-rules alias.yaml
is "$RC" 2 "a lone alias: exit 2"
like "$ERR" "^alias.yaml:2:7: " "... reported at the alias"

# Nesting deeper than 32 levels.
awk 'BEGIN { for (i = 0; i < 40; i++) { printf "%*sk%d:\n", 2 * i, "", i } printf "%*sx: 1\n", 80, "" }' > "$T/deep.yaml"
run check-rules deep.yaml
is "$RC" 2 "40 levels of nesting: exit 2"
like "$ERR" "^deep.yaml:[0-9]+:[0-9]+: nested too deeply \(the limit is 32 levels\)$" "... refused as nested too deeply"

# duplicate-keys.yaml: 'timezone' twice under site (lines 26, 27), 'response'
# twice under priority P3 (lines 83, 85).
run check-rules "$R/duplicate-keys.yaml"
is "$RC" 2 "duplicate keys: exit 2"
like "$ERR" "^$R/duplicate-keys.yaml:27:3: duplicate key 'timezone' \(first at line 26\)$" \
	"the first duplicate key is reported with both places"
is "$ERR" "$R/duplicate-keys.yaml:27:3: duplicate key 'timezone' (first at line 26)
$R/duplicate-keys.yaml:85:5: duplicate key 'response' (first at line 83)
$(summary 2)" "every duplicate key is reported, not only the first"

# A duplicate key does not hide the file's other problems: reading goes on
# with the first value, and the rest of the file is checked as well.
sed -e 's/^\(  timezone: .*\)$/\1\n  timezone: UTC\n  colour: red/' \
	-e '0,/response: 15m/s//response: fifteen/' "$TOP/config/workflow.yaml" > "$T/mixed.yaml"
tz=$(grep -n '^  timezone:' "$T/mixed.yaml" | head -1 | cut -d: -f1)
p1=$(grep -n 'response: fifteen' "$T/mixed.yaml" | cut -d: -f1)
run check-rules "$T/mixed.yaml"
is "$RC" 2 "a duplicate key among other problems: exit 2"
is "$ERR" "$T/mixed.yaml:$((tz + 1)):3: duplicate key 'timezone' (first at line $tz)
$T/mixed.yaml:$((tz + 2)):3: unknown key 'colour' in site (known: name, timezone, database, bell, print_command, print_filter, page_lines, language)
$T/mixed.yaml:$p1:15: 'response' must be a duration such as 30m, 4h, 2d or 1h30m, not 'fifteen'
$(summary 3)" "the duplicate, the unknown key and the wrong type are all reported"

# A required name left empty is as missing as one not written.
sed -e '0,/name: 运维经理/s//name:/' "$TOP/config/workflow.yaml" > "$T/noname.yaml"
line=$(grep -n '^    name:$' "$T/noname.yaml" | cut -d: -f1)
run check-rules "$T/noname.yaml"
is "$RC" 2 "a role with an empty name: exit 2"
like "$ERR" "^$T/noname.yaml:$line:[0-9]+: 'name' must not be empty$" "... reported at the key"

# --- missing and unreadable files ---------------------------------------------------------
run check-rules "$T/no-such.yaml"
is "$RC" 2 "a missing file: exit 2"
is "$ERR" "opsdesk: $T/no-such.yaml: cannot open: No such file or directory" "... and the message names the file"

mkdir "$T/dir.yaml"
run check-rules dir.yaml
is "$RC" 2 "a directory given as the rules file: exit 2"
like "$ERR" "dir.yaml" "... and the message names it"

run check-rules a.yaml b.yaml
is "$RC" 2 "check-rules with two files is a usage error (exit 2)"

# --- every command honours --rules and $OPSDESK_RULES -------------------------------------
run init
is "$RC" 0 "(a database to try commands on)"
five="$R/five-defects.yaml:41:5: unknown key 'descripton' in roles (known: id, name, manager)
$R/five-defects.yaml:78:15: 'response' must be a duration such as 30m, 4h, 2d or 1h30m, not '30 minutes'
$R/five-defects.yaml:156:9: workflows.incident: state 'archived' cannot be reached from 'new'
$R/five-defects.yaml:162:32: transition 'assign': role 'ops_manger' is not defined
$R/five-defects.yaml:192:26: transition 'reopen' leaves final state 'closed' (nothing may leave a final state)
$(summary 5)"

run --rules "$R/five-defects.yaml" staff list
is "$RC" 2 "opsdesk --rules BROKEN staff list: exit 2"
is "$ERR" "$five" "... with every problem as FILE:LINE:COLUMN"
is "$OUT" "" "... and no listing"

run staff list --rules "$R/five-defects.yaml"
is "$RC" 2 "staff list --rules BROKEN (after the command): exit 2"
is "$ERR" "$five" "... with the same report"

OPSDESK_RULES="$R/five-defects.yaml" run staff list
is "$RC" 2 "OPSDESK_RULES=BROKEN staff list: exit 2"
is "$ERR" "$five" "... with the same report"

n_audit=$(sql "SELECT count(*) FROM audit")
OPSDESK_RULES="$R/five-defects.yaml" run staff add lina --name 李娜 --roles system_engineer
is "$RC" 2 "OPSDESK_RULES=BROKEN staff add: exit 2"
is "$(sql "SELECT count(*) FROM staff WHERE login = 'lina'")" 0 "... and nobody is added"
is "$(sql "SELECT count(*) FROM audit")" "$n_audit" "... and nothing is audited"

OPSDESK_RULES="$R/five-defects.yaml" run check-rules
is "$RC" 2 "check-rules with no FILE checks \$OPSDESK_RULES: exit 2"
is "$ERR" "$five" "... and reports its problems"

OPSDESK_RULES="$T/no-such.yaml" run whoami
is "$RC" 2 "OPSDESK_RULES naming a missing file: exit 2"
like "$ERR" "no-such.yaml: cannot open" "... naming the file"

# --rules wins over $OPSDESK_RULES (first hit wins)
OPSDESK_RULES="$R/five-defects.yaml" run --rules "$TOP/config/workflow.yaml" staff list
is "$RC" 0 "--rules GOOD wins over OPSDESK_RULES=BROKEN"
OPSDESK_RULES="$R/five-defects.yaml" run check-rules "$R/empty.yaml"
is "$ERR" "$R/empty.yaml:1:1: the file is empty
$(summary 1)" "check-rules FILE wins over OPSDESK_RULES"

# A valid custom rules file is really used: the manager role renamed.
sed 's/^    name: 运维经理$/    name: 值班经理/' "$TOP/config/workflow.yaml" > "$T/custom.yaml"
OPSDESK_DB="$T/custom.db" OPSDESK_RULES="$T/custom.yaml" run init
is "$RC" 0 "init with valid custom rules from OPSDESK_RULES exits 0"
like "$OUT" "^root is the first 值班经理$" "... and takes the manager's name from them"
OPSDESK_DB="$T/custom.db" run --rules=custom.yaml whoami
is "$OUT" "$(printf '%s\n' "$OUT" | head -n 1)
  ops_manager  值班经理" "--rules=FILE is honoured by whoami (role shown by the custom name)"

# --- shifts of the duty roster ---------------------------------------------------------
# shift-defects.yaml is config/workflow.yaml with a broken roster section: the
# day shift starts at 07:00 while the night shift ends at 07:30 (an overlap)
# and the night shift starts at 21:00 while the day ends at 20:00 (a gap).
S="$R/shift-defects.yaml"
run check-rules "$S"
is "$RC" 2 "shift-defects.yaml: exit 2"
is "$ERR" "$S:302:5: shift 'D': min_people must be at least 1
$S:302:5: no shift covers 20:00 to 21:00 (after shift 'D'): a 7x24 roster needs every minute of the day
$S:306:13: shift 'D': role 'network_enginer' is not defined
$S:307:5: shift 'N' overlaps shift 'D' from 07:00 to 07:30
$S:310:5: shift 'EVE1': a shift code is 1 to 3 letters or digits, so it fits the roster grid
$S:312:11: 'time' must be a span of the day such as \"08:00-20:00\" or \"20:00-08:00\", not '25:00-02:00'
$S:314:13: roster.calendar: calendar 'holidays' is not defined
$S:318:20: rotation 'r1': 'E' is not a shift (use a shift id, or - for a day off)
$S:321:7: roster.assign: category 'network' is given twice
$(summary 9)" "shift-defects.yaml: the gap, the overlap and every other roster problem where it is"
# a night shift across midnight with a day shift is a whole day: valid
sed -e 's/"08:00-20:00"/"07:30-19:30"/' -e 's/"20:00-08:00"/"19:30-07:30"/' "$TOP/config/workflow.yaml" >shifted.yaml
run check-rules shifted.yaml
is "$RC" 0 "a night shift 19:30-07:30 with a day shift 07:30-19:30 covers the day: valid"
sed -e 's/"20:00-08:00"/"20:00-24:00"/' "$TOP/config/workflow.yaml" >gap.yaml
run check-rules gap.yaml
like "$ERR" "^gap.yaml:[0-9]+:5: no shift covers 00:00 to 08:00 \(after shift 'N'\)" "a gap after midnight is found around the clock"

done_testing
