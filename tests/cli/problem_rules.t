#!/bin/sh
# check-rules on the problem rules: mistakes in problems.recurrence, in the
# fishbone categories and in workflows.problem, each reported as
# FILE:LINE:COLUMN: message. The broken file is config/workflow.yaml with
# one edit per mistake, made here so the test says what is wrong.
. "$(dirname "$0")/../lib/tap.sh"

F="$T/rules.yaml"
sed -e 's/- {by: ci, count: 3, within: 7d}/- {by: asset, count: 3, within: 7d}/' \
    -e 's/- {by: category, count: 5, within: 1d}/- {by: category, count: 1, within: 1d}/' \
    -e 's/- {id: supplier, name: 供应商}/- {id: people, name: 供应商}/' \
    -e '/- id: cause_found$/,/requires:/ s/requires: \[root_cause\]/requires: [rootcause]/' \
    "$TOP/config/workflow.yaml" > "$F"
is "$(diff "$F" "$TOP/config/workflow.yaml" | grep -c '^<')" "4" "set-up: the copy has its four mistakes"
# at TEXT [IN]: LINE:COLUMN (in characters) of TEXT on the first line holding IN (default TEXT)
at() { perl -CSD -ne 'BEGIN { ($s, $in) = @ARGV[0, 1]; @ARGV = ($ARGV[2]) }
	if (index($_, $in) >= 0) { print "$.:", index($_, $s) + 1, "\n"; exit }' "$1" "${2:-$1}" "$F"; }

run check-rules "$F"
is "$RC" 2 "check-rules: exit 2"
like "$ERR" "^$F:$(at asset 'by: asset'): problems.recurrence: by 'asset' is not one of ci, category$" \
	"a recurrence rule by something incidents do not share, at its line and column"
like "$ERR" "^$F:$(at '{by: category, count: 1'): problems.recurrence: count must be 2 or more, not 1$" \
	"a recurrence of one incident"
like "$ERR" "^$F:$(grep -n '{id: people, name: 供应商}' "$F" | cut -d: -f1):7: fishbone category 'people' is defined twice \(first at line [0-9]+\)$" \
	"a fishbone category given twice"
like "$ERR" "^$F:$(at rootcause): transition 'cause_found' requires unknown field 'rootcause'$" \
	"a problem transition requiring a field problems do not have"
like "$ERR" "the rules have 4 problems; nothing was done" "nothing else is reported"

# the same file refused for every command, before anything is done
OPSDESK_RULES="$F" run problem candidates
is "$RC" 2 "problem candidates with broken rules: exit 2"

# recurrence rules without the workflow that would turn them into problems
perl -0pe 's/\n  # Problems \(PRB-n\).*?(\n  incident:\n)/$1/s' "$TOP/config/workflow.yaml" > "$T/noworkflow.yaml"
run check-rules "$T/noworkflow.yaml"
is "$RC" 2 "problems.recurrence without workflows.problem"
like "$ERR" "problems.recurrence needs workflows.problem" "... is reported"

# a rules file without the problems section loads: nothing recurs
perl -0pe 's/\nproblems:\n.*?\n\n/\n/s' "$TOP/config/workflow.yaml" > "$T/noproblems.yaml"
run check-rules "$T/noproblems.yaml"
is "$RC" 0 "a rules file without problems: loads"
OPSDESK_USER=root run init
OPSDESK_RULES="$T/noproblems.yaml" OPSDESK_USER=root run problem candidates
is "$OUT" "No recurring incidents without a problem." "... and nothing counts as recurring"

done_testing
