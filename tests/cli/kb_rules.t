#!/bin/sh
# The knowledge base in the rules (knowledge_base:, workflows.kb,
# workflows.drill): the defaults are valid; check-rules names each defect
# of the section with its line and column, and nothing runs on such rules.
. "$(dirname "$0")/../lib/tap.sh"

run check-rules "$TOP/config/workflow.yaml"
is "$RC" 0 "the default rules with their knowledge base are valid"

# the default rules with a broken knowledge_base section in place of theirs
awk '/^knowledge_base:/ {skip = 1; next} skip && /^[a-z]/ {skip = 0} !skip' \
	"$TOP/config/workflow.yaml" > "$T/bad.yaml"
line=$(grep -n '^workflows:' "$T/bad.yaml" | cut -d: -f1)
head -n $((line - 1)) "$T/bad.yaml" > "$T/head.yaml"
tail -n +"$line" "$T/bad.yaml" > "$T/tail.yaml"
start=$(($(wc -l < "$T/head.yaml") + 1))
cat "$T/head.yaml" - "$T/tail.yaml" > "$T/bad.yaml" <<'YAML'
knowledge_base:
  types:
    - {id: article, name: 知识文章}
    - {id: article, name: 重复}
  plan_type: emergency
  in_force: [pubished]
  reviewed_on: [approve]
  colour: red
YAML
run check-rules "$T/bad.yaml"
is "$RC" 2 "a broken knowledge_base: exit 2"
like "$ERR" "bad.yaml:$((start + 3)):7: .*article type 'article'" "a type given twice, where the second is"
like "$ERR" "bad.yaml:$((start + 4)):14: knowledge_base.plan_type: article type 'emergency' is not defined" \
	"a plan type that is not a type"
like "$ERR" "bad.yaml:$((start + 5)):14: knowledge_base.in_force: state of workflows.kb 'pubished' is not defined" \
	"a state that workflows.kb does not have"
like "$ERR" "bad.yaml:$((start + 6)):17: knowledge_base.reviewed_on: transition of workflows.kb 'approve' is not defined" \
	"a transition that workflows.kb does not have"
like "$ERR" "bad.yaml:$((start + 7)):3: unknown key 'colour' in knowledge_base" "an unknown key"
run --rules "$T/bad.yaml" kb list
is "$RC" 2 "nothing runs on those rules"

# types without the workflow
awk '/^  kb:$/ {skip = 1; next} skip && /^  [a-z]+:$/ {skip = 0} !skip' \
	"$TOP/config/workflow.yaml" > "$T/nokb.yaml"
run check-rules "$T/nokb.yaml"
is "$RC" 2 "article types without workflows.kb: exit 2"
like "$ERR" "nokb.yaml:[0-9]+:[0-9]+: knowledge_base: the article types need workflows.kb" "... said where the types are"

# a drill transition requiring a field drills do not have
sed 's/        requires: \[worked, failed\]/        requires: [worked, lessons]/' \
	"$TOP/config/workflow.yaml" > "$T/drill.yaml"
run check-rules "$T/drill.yaml"
is "$RC" 2 "a drill transition requiring an unknown field: exit 2"
like "$ERR" "drill.yaml:[0-9]+:[0-9]+: transition 'hold' requires unknown field 'lessons'" "... naming it"

# without the section every article is of type article or plan
sed '/^knowledge_base:/,/^$/d' "$TOP/config/workflow.yaml" > "$T/plain.yaml"
run check-rules "$T/plain.yaml"
is "$RC" 0 "rules without knowledge_base are valid"
run --rules "$T/plain.yaml" init
run --rules "$T/plain.yaml" kb new --title 无分类 --solution 重启
is "$OUT" KB-1 "... and articles can still be written"
run --rules "$T/plain.yaml" kb new --type plan --title 预案 --trigger 宕机 --steps 切换
is "$OUT" KB-2 "... and plans too"

done_testing
