#!/bin/sh
# Text that looks harmless but is not: bidirectional controls and
# zero-width characters are refused in identifiers and single-line names
# and shown as their code in free text; the rules file refuses control
# characters in names, YAML tags and over-long names (line:column); numbers
# out of range are refused, never clamped; an error message that echoes
# what was typed never lets a raw newline or escape through.
. "$(dirname "$0")/../lib/tap.sh"

export OPSDESK_USER=root
run init
run staff add lina --name 李娜 --roles network_engineer
run asset add SW-1 --name 核心交换机 --class network
run incident new --title 打印机卡纸

state() { sql .dump | cksum; }
before=$(state)
refused() { # refused EXIT PATTERN DESCRIPTION
	is "$RC" "$1" "$3: exit $1"
	like "$ERR" "$2" "$3: the message names it"
	is "$(state)" "$before" "$3: nothing changed"
}
u() { perl -CO -e 'print chr(hex($ARGV[0]))' "$1"; } # u 202E: that character in UTF-8

# --- every bidirectional and zero-width character, in an asset tag -----------------
for cp in 202A 202B 202C 202D 202E 2066 2067 2068 2069 200E 200F 200B 200C 200D 2060 FEFF; do
	run asset add "SW$(u $cp)2" --name 交换机 --class network
	refused 1 "^opsdesk: tag: invisible and text-direction characters are not allowed \\(U\\+$cp\\)$" \
		"asset tag with U+$cp"
done

# --- in the single-line names and identifiers of each kind ---------------------------
RLO=$(u 202E)
run staff add wu --name "吴${RLO}三" --roles network_engineer
refused 1 "^opsdesk: name: invisible and text-direction characters are not allowed \\(U\\+202E\\)$" "staff name with U+202E"
run staff edit lina --team "网络组$(u 2066)"
refused 1 "^opsdesk: team: invisible and text-direction characters are not allowed \\(U\\+2066\\)$" "staff team with U+2066"
run staff edit lina --phone "138$(u 200B)0000"
refused 1 "^opsdesk: phone: invisible and text-direction characters are not allowed \\(U\\+200B\\)$" "staff phone with U+200B"
run asset add SW-2 --name "交换机${RLO}" --class network
refused 1 "^opsdesk: name: invisible and text-direction characters are not allowed \\(U\\+202E\\)$" "asset name with U+202E"
run incident new --title "数据库$(u 200F)告警"
refused 1 "^opsdesk: summary: invisible and text-direction characters are not allowed \\(U\\+200F\\)$" "incident summary with U+200F"
run incident new --title 告警 --reporter "张$(u 200E)三"
refused 1 "^opsdesk: reporter: invisible and text-direction characters are not allowed \\(U\\+200E\\)$" "incident reporter with U+200E"
run roster set 2026-11-21 lina D --reason "换班$(u 2067)"
refused 1 "^opsdesk: reason: invisible and text-direction characters are not allowed \\(U\\+2067\\)$" "roster reason with U+2067"
run staff add "li${RLO}na" --name 李 --roles network_engineer
refused 1 "^opsdesk: " "a login with U+202E"
unlike "$ERR" "$RLO" "... and the message does not carry the raw U+202E"

# --- in free text they are kept, and shown as their code ---------------------------------
run comment INC-1 "请看 ${RLO}txt.exe 附件"
is "$RC" 0 "a comment (free text) may hold U+202E"
run show INC-1
like "$OUT" "请看 <U\\+202E>txt.exe 附件" "show displays it as <U+202E>"
unlike "$OUT" "$RLO" "... and never sends it raw"
run audit list --limit 1
like "$OUT" 'u202etxt.exe' "audit list shows the detail with U+202E escaped (JSON)"
unlike "$OUT" "$RLO" "... never raw"
run show INC-1 --json
like "$OUT" '请看 \\u202etxt.exe 附件' "show --json escapes it as \\u202e, which JSON readers decode"
unlike "$OUT" "$RLO" "... and sends it raw to no terminal"
is "$(sql "SELECT json_extract(detail, '\$.comment') = '请看 ' || char(0x202e) || 'txt.exe 附件' FROM audit WHERE op = 'incident.comment'")" 1 \
	"the stored detail decodes to the comment as typed"
before=$(state)

# --- numbers out of range are refused, not clamped ----------------------------------------
run show INC-99999999999999999999
refused 2 "^opsdesk show: 'INC-99999999999999999999' is not an incident reference: the number is out of range$" \
	"show INC-99999999999999999999"
run do 99999999999999999999 assign --set assignee=lina
refused 2 "out of range" "do with an id past 64 bits"
run incident list --limit 99999999999999999999
refused 2 "^opsdesk incident: --limit: '99999999999999999999' is out of range \\(1 to 100000\\)$" "incident list --limit 99999999999999999999"
run incident list --limit 100001
refused 2 "out of range \\(1 to 100000\\)" "incident list --limit just past the most"
run incident list --limit " 5"
refused 2 "is not a positive number" "incident list --limit with a space"
run audit list --limit 99999999999999999999
refused 2 "^opsdesk audit: --limit: '99999999999999999999' is out of range \\(1 to 100000\\)$" "audit list --limit 99999999999999999999"
run audit list --before 99999999999999999999
refused 2 "^opsdesk audit: --before: '99999999999999999999' is out of range" "audit list --before past 64 bits"
run staff edit lina --team x --expect-version 99999999999999999999
refused 2 "expect-version" "staff edit --expect-version past 64 bits"
run swap agree 99999999999999999999
refused 2 "." "swap agree with an id past 64 bits"
run roster fill --rotation ddnnoo --from 2026-12-01 --days 99999999999999999999 --people lina
refused 2 "^opsdesk roster: --days: '99999999999999999999' is not a number of days \\(1-366\\)$" "roster fill --days past 64 bits"

# --- messages that echo input stay on one line, escapes harmless ------------------------
run show "$(printf 'INC-1\nopsdesk: all is well')"
refused 2 "^opsdesk show: 'INC-1 opsdesk: all is well' is not an incident reference" "a reference with a newline"
is "$(printf '%s\n' "$ERR" | grep -c '^opsdesk: all is well')" 0 "... the newline does not start a forged line"
run asset show "$(printf 'SW\033[2J\nX')"
is "$RC" 1 "asset show with an escape and a newline: exit 1"
unlike "$ERR" "$(printf '\033')" "... no ESC reaches the terminal"
is "$(printf '%s\n' "$ERR" | wc -l | tr -d ' ')" 1 "... and the message is one line"
run "$(printf -- '--fr\033]0;owned\007ob')"
is "$RC" 2 "an unknown global option with escapes: exit 2"
unlike "$ERR" "$(printf '\033')" "... shown without the ESC"
run incident list --state "$(printf 'new\nopsdesk: fake')"
is "$(printf '%s\n' "$ERR" | grep -c '^opsdesk: fake')" 0 "a usage error quoting a newline keeps it on its line"

# --- the rules file ----------------------------------------------------------------------------
rules_with() { # rules_with FROM TO: the default rules with the first FROM replaced by TO
	perl -0pe 'BEGIN { ($f, $t) = splice @ARGV, 0, 2 } s/\Q$f\E/$t/' "$1" "$2" "$TOP/config/workflow.yaml"
}
at() { # at FILE TEXT: line:column where TEXT begins in FILE
	perl -ne 'BEGIN { $t = shift } if ((my $i = index($_, $t)) >= 0) { print "$.:", $i + 1, "\n"; exit }' "$2" "$1"
}
rules_with 'name: 值班员' 'name: "值班\e[31m员"' >"$T/ctl.yaml"
run check-rules "$T/ctl.yaml"
is "$RC" 2 "check-rules: an ESC in a display name: exit 2"
is "$ERR" "$T/ctl.yaml:$(at "$T/ctl.yaml" '"值班'): name: control characters are not allowed (U+001B)
opsdesk: the rules have 1 problem; nothing was done" "... refused at its line and column"

rules_with 'name: 值班员' "name: \"值班$(u 202E)员\"" >"$T/bidi.yaml"
run check-rules "$T/bidi.yaml"
like "$ERR" "^$T/bidi.yaml:$(at "$T/bidi.yaml" '"值班'): name: invisible and text-direction characters are not allowed \\(U\\+202E\\)$" \
	"check-rules: U+202E in a display name refused at its line and column"

rules_with 'name: 值班员' 'name: !!python/object:os.system 值班员' >"$T/tag.yaml"
run check-rules "$T/tag.yaml"
is "$RC" 2 "check-rules: a YAML tag: exit 2"
like "$ERR" "^$T/tag.yaml:$(at "$T/tag.yaml" '!!python'): tags \\(tag:yaml.org,2002:python/object:os.system\\) are not allowed in rules files$" \
	"... refused at its line and column"
rules_with 'roles:' 'roles: !!seq' >"$T/tag2.yaml"
run check-rules "$T/tag2.yaml"
like "$ERR" "tags \\(tag:yaml.org,2002:seq\\) are not allowed" "check-rules: a tag on a list is refused too"

rules_with 'name: 值班员' "name: $(printf 'x%.0s' $(seq 70000))" >"$T/long.yaml"
run check-rules "$T/long.yaml"
is "$RC" 2 "check-rules: a 70,000-character name: exit 2"
like "$ERR" "^$T/long.yaml:$(at "$T/long.yaml" 'xxxx'): name: too long \\(70000 characters, at most 64\\)$" \
	"... refused at its line and column, with the CLI's limit for names (64)"
rules_with 'name: 值班员' "name: $(printf '值%.0s' $(seq 64))" >"$T/limit.yaml"
run check-rules "$T/limit.yaml"
is "$RC" 0 "check-rules: a name of exactly 64 characters is fine"

done_testing
