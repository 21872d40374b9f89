#!/bin/sh
# The record mechanism every kind shares, seen from the command line: a
# kind's workflow printed for review (check-rules --graph, as text and as
# Graphviz input), links between records journalled on both sides and
# refused when an end does not exist, show/do/comment taking any
# reference and refusing an unknown prefix by name.
. "$(dirname "$0")/../lib/tap.sh"

OPSDESK_USER=ouyang run init --demo-staff
export OPSDESK_USER=zhangwei

# --- the workflow as a manager reviews it ----------------------------------------------
run check-rules --graph incident
is "$RC" 0 "check-rules --graph incident: exit 0"
like "$OUT" '^workflows\.incident: 7 states, 8 actions; a new record starts in new \(新建\)$' \
	"... a heading with the counts and the initial state"
like "$OUT" '^\[new\] 新建$' "... each state with its name"
like "$OUT" '^\[closed\] 已关闭  \(final\)$' "... final states marked"
like "$OUT" '^  --assign \(指派\)--> \[assigned\]$' "... each action leaving a state, and where it leads"
like "$OUT" '^      by: 系统工程师, 网络工程师, 桌面工程师, 安全工程师, 运维经理 and the assignee$' \
	"... who may take it, the assignee included when the rules say so"
like "$OUT" '^      requires: cause, resolution, recovery_test$' "... and what it requires"
like "$OUT" 'requires: .*review \(major\)' "... a major incident's extra fields marked"

run check-rules --graph incident --dot
is "$RC" 0 "--dot: exit 0"
is "$(printf '%s\n' "$OUT" | head -1)" "digraph incident {" "... Graphviz input"
like "$OUT" '^  "new" \[label="新建\\nnew", style="rounded,bold"\];$' "... the initial state in bold"
like "$OUT" '^  "closed" \[label="已关闭\\nclosed", peripheries=2\];$' "... a final state doubled"
like "$OUT" '^  "new" -> "assigned" \[label="指派\\n\(值班员, 运维经理\)"\];$' "... an edge per state an action leaves"
is "$(printf '%s\n' "$OUT" | tail -1)" "}" "... closed"

# a state name holding a quote and a backslash stays one DOT string
sed 's/{id: closed, name: 已关闭,/{id: closed, name: "已关闭 \\"归档\\" a\\\\b",/' "$TOP/config/workflow.yaml" >"$T/quoted.yaml"
run check-rules "$T/quoted.yaml" --graph incident --dot
is "$RC" 0 "a name with a quote and a backslash: exit 0"
like "$OUT" '^  "closed" \[label="已关闭 \\"归档\\" a\\\\b\\nclosed", peripheries=2\];$' \
	"... quote and backslash escaped in the DOT string"

run check-rules --graph nosuch
is "$RC" 2 "--graph of an unknown kind: exit 2"
like "$ERR" "^opsdesk check-rules: --graph: 'nosuch' is not a kind \(known: incident" "... naming the kinds"
run check-rules --dot
is "$RC" 2 "--dot alone: exit 2"
like "$ERR" "--dot goes with --graph KIND" "... says what it goes with"

# --- links ----------------------------------------------------------------------------------
run incident new --title 三楼打印机卡纸
run incident new --title 三楼打印机又卡纸
run link INC-1 inc-2 --as duplicate
is "$RC" 0 "link INC-1 inc-2: exit 0"
is "$OUT" "INC-1 and INC-2 are linked" "... in the program's spelling"
run show INC-1
like "$OUT" '^links +INC-2 \(duplicate\)$' "show INC-1 lists the link"
like "$OUT" 'zhangwei +Linked INC-2 \(duplicate\)$' "... and its journal says so"
run show INC-2
like "$OUT" '^links +INC-1 \(duplicate\)$' "show INC-2 lists it from the other side"
run show INC-2 --json
like "$OUT" '"links":\[\{"ref":"INC-1","role":"duplicate"\}\]' "... and in its JSON"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'record.link'")" 2 "both journal entries audited"
run link INC-1 INC-2
is "$RC" 0 "linking again: exit 0"
is "$(sql "SELECT count(*) FROM record_link")" 1 "... and still one link"

before=$(sql "SELECT count(*) FROM journal")
run link INC-1 INC-99
is "$RC" 1 "a link to a record that does not exist: exit 1"
is "$ERR" "opsdesk: link: there is no INC-99" "... naming it"
run link INC-1 INC-1
is "$RC" 1 "a record linked to itself: exit 1"
run link INC-1 XYZ-3
is "$RC" 2 "a link to an unknown kind of reference: exit 2"
like "$ERR" "'XYZ-3' is not a reference \(INC-12" "... naming the known prefixes"
is "$(sql "SELECT count(*) FROM journal")" "$before" "nothing was journalled for the refusals"

run unlink INC-2 INC-1
is "$RC" 0 "unlink from the other side: exit 0"
is "$(sql "SELECT count(*) FROM record_link")" 0 "... the link is gone"
run unlink INC-2 INC-1
is "$RC" 1 "unlinking what is not linked: exit 1"

# --- any reference ---------------------------------------------------------------------------
run show ABC-1
is "$RC" 2 "show of an unknown prefix: exit 2"
like "$ERR" "'ABC-1' is not a reference" "... says so"
run comment 2 "同一台打印机"
is "$RC" 0 "comment on a bare number: exit 0"
is "$OUT" "INC-2: comment added" "... is the incident"
run do INC-2 frob
is "$RC" 1 "an unknown action: exit 1"
like "$ERR" "the rules have no 'frob' for incidents" "... named for the kind"

done_testing
