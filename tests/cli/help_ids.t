#!/bin/sh
# Every --help whose options take ids from the rules lists them, from the
# rules in use (the built-in ones, or --rules FILE); rules that cannot be
# read are named and --help still succeeds.
. "$(dirname "$0")/../lib/tap.sh"

run alert --help
is "$RC" 0 "alert --help: exit 0"
like "$OUT" '^Values from the rules \(built-in rules\):$' "it says whose values follow"
like "$OUT" '^  --severity +disaster, critical, high, major, average, warning, info$' \
	"alert --help lists the valid severities"
run incident --help
like "$OUT" '^  --impact +high, medium, low$' "incident --help lists impact levels"
like "$OUT" '^  --category +network, server, storage, application, desktop, security, other$' "... categories"
like "$OUT" '^  --channel +phone, email, im, walk_in, monitoring$' "... channels"
like "$OUT" '^  --state +new, assigned, in_progress, waiting_user, resolved, closed, cancelled$' "... states"
like "$OUT" '^  --priority +P1, P2, P3, P4$' "... priorities"
run do --help
like "$OUT" '^  ACTION +assign, start, wait, resume, resolve, reopen, close, cancel$' "do --help lists the actions"
run asset --help
like "$OUT" '^  --class +server, network, storage, security, pc, printer, video, application, room$' "asset --help lists CI classes"
like "$OUT" '^  --status +in_use, spare, repair, retired$' "... and statuses"
run staff --help
like "$OUT" '^  --roles +ops_manager, system_engineer, ' "staff --help lists the roles"
for cmd in roster swap handover oncall; do
	run $cmd --help
	like "$OUT" '^  SHIFT +D, N$' "$cmd --help lists the shifts"
done
run roster --help
like "$OUT" '^  --rotation +ddnnoo, day-only$' "roster --help lists the rotations"

# the site's own rules
sed 's/{id: info, impact: low, urgency: low}/{id: info, impact: low, urgency: low}\n    - {id: notice, impact: low, urgency: low}/' \
	"$TOP/config/workflow.yaml" > "$T/site.yaml"
run --rules "$T/site.yaml" alert --help
like "$OUT" "^Values from the rules \\($T/site.yaml\\):$" "with --rules, the file is named"
like "$OUT" '^  --severity +.*, info, notice$' "and its severities are listed"
run --rules "$T/missing.yaml" alert --help
is "$RC" 0 "rules that cannot be read do not make --help fail"
like "$OUT" 'the rules cannot be read' "... they are named as unreadable"

done_testing
