#!/bin/sh
# check-rules on the change rules: mistakes in workflows.change and in the
# approval rules, freezes, windows and conflict policies, each reported as
# FILE:LINE:COLUMN: message. The broken file is config/workflow.yaml with
# one edit per mistake, made here so the test says what is wrong.
. "$(dirname "$0")/../lib/tap.sh"

F="$T/rules.yaml"
sed -e '/- id: request_approval/,/roles:/ s/roles: \[ops_manager, cab_member\]/roles: [ops_manager, cab_membr]/' \
    -e '/- id: verify$/,/requires:/ s/requires: \[result\]/requires: [reslt]/' \
    -e 's/{risk: high, needs:/{risk: hihg, needs:/' \
    -e 's/{type: emergency, needs: \[{role: ecab_member, votes: 1}\]}/{type: emergency, needs: [{role: ecab_member, votes: 0}]}/' \
    -e 's/{risk: medium, needs: \[{role: cab_member, votes: 1}/{risk: medium, needs: [{role: desktop_engineer, votes: 1}/' \
    -e 's/^    freeze: override/    freeze: warn/' \
    -e 's/{id: month_end, name: 月末结账, month_end: 2,/{id: month_end, name: 月末结账, month_end: 40,/' \
    -e 's/windows: \[night, weekend\], transitions: \[preapprove\]/windows: [nigth, weekend], transitions: [preapprove]/' \
    "$TOP/config/workflow.yaml" > "$F"
is "$(diff "$F" "$TOP/config/workflow.yaml" | grep -c '^<')" "8" "set-up: the copy has its eight mistakes"
# at TEXT [IN]: LINE:COLUMN (in characters) of TEXT on the first line holding IN (default TEXT)
at() { perl -CSD -ne 'BEGIN { ($s, $in) = @ARGV[0, 1]; @ARGV = ($ARGV[2]) }
	if (index($_, $in) >= 0) { print "$.:", index($_, $s) + 1, "\n"; exit }' "$1" "${2:-$1}" "$F"; }
line() { at "$1" | cut -d: -f1; }

run check-rules "$F"
is "$RC" 2 "check-rules: exit 2"
like "$ERR" "^$F:$(at cab_membr): transition 'request_approval': role 'cab_membr' is not defined$" \
	"an unknown role in a change transition, at its line and column"
like "$ERR" "^$F:$(at reslt): transition 'verify' requires unknown field 'reslt'$" \
	"an unknown field of a change in requires"
like "$ERR" "^$F:$(at hihg): changes.approval.rules: risk level 'hihg' is not defined$" \
	"an unknown risk level in an approval rule"
like "$ERR" "^$F:$(line 'votes: 0'):[0-9]+: changes.approval.rules: votes must be at least 1$" \
	"a quorum of no votes"
like "$ERR" "^$F:$(at 'desktop_engineer, votes'): changes.approval.rules: role 'desktop_engineer' votes but may not take transition 'approve' \(add it to its roles\)$" \
	"a voting role that could not take the deciding transition"
like "$ERR" "^$F:$(at warn 'freeze: warn'): changes.conflicts.freeze must be block or override, not 'warn'$" \
	"a conflict policy that is neither block nor override"
like "$ERR" "^$F:$(line 'month_end: 40'):[0-9]+: freeze 'month_end' needs from and to \(days\), or month_end \(1 to 28 days\)$" \
	"a month-end freeze longer than a month"
like "$ERR" "^$F:$(at nigth): change type 'standard': maintenance window 'nigth' is not defined$" \
	"an unknown maintenance window of a type"
like "$ERR" "the rules have 9 problems; nothing was done" "nothing else is reported"

# the same file refused for every command, before anything is done
OPSDESK_RULES="$F" run change list
is "$RC" 2 "change list with broken rules: exit 2"

# a workflow without the approval rules it needs
sed -e '/^  approval:/,/^  # Freeze periods/ { /^  # Freeze periods/!d }' "$TOP/config/workflow.yaml" > "$T/noapproval.yaml"
run check-rules "$T/noapproval.yaml"
is "$RC" 2 "workflows.change without changes.approval"
like "$ERR" "workflows.change needs changes.approval with state, approved and rejected" "... is reported"

done_testing
