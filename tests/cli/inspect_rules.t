#!/bin/sh
# Inspection templates in the rules: the defaults are valid and realistic;
# check-rules names every defect of a template with its line and column.
. "$(dirname "$0")/../lib/tap.sh"

run check-rules "$TOP/config/workflow.yaml"
is "$RC" 0 "the default rules with their inspection templates are valid"

run inspect templates --json
is "$RC" 0 "inspect templates --json"
like "$OUT" '"id":"machine_room","name":"机房日常巡检","applies":\{"classes":\["room"\]' "... the machine-room round applies to the room class"
like "$OUT" '\{"id":"temperature","text":"机房温度","kind":"number","required":true,"unit":"℃","normal":\["\[18, 27\]"\],"warning":\["\[15, 18\)","\(27, 30\]"\],"alarm":\["\(-inf, 15\)","\(30, inf\)"\]\}' \
	"... its temperature item with unit and ranges"
like "$OUT" '"id":"raid","text":"RAID 状态","kind":"choice","required":true,"choices":\["正常","降级","重建中","故障"\],"abnormal":\["降级","重建中","故障"\]' \
	"... a choice item with its abnormal choices"
for t in machine_room server network desktop video; do
	like "$OUT" "\"id\":\"$t\"" "... the default template $t"
done
run inspect templates
like "$OUT" '^machine_room  机房日常巡检  \[daily 09:00\] role: duty_operator$' "inspect templates lists each template with its frequency"
like "$OUT" '^  temperature    机房温度 +number   normal \[18, 27\]; warning \[15, 18\) \(27, 30\]; alarm \(-inf, 15\) \(30, inf\)$' \
	"... and each item with its kind and ranges"

# a template with one defect of each kind, after the default rules
sed '/^inspections:/,$d' "$TOP/config/workflow.yaml" > "$T/bad.yaml"
sed -n '/^workflows:/,$p' "$TOP/config/workflow.yaml" > "$T/workflows.yaml"
sed -i '/^workflows:/,$d' "$T/bad.yaml"
start=$(($(wc -l < "$T/bad.yaml") + 1))
cat >> "$T/bad.yaml" <<'YAML'
inspections:
  - id: room
    name: 机房
    applies: {classes: [rooms]}
    frequency: {daily: "25:00"}
    role: janitor
    items:
      - {id: t, text: 温度, kind: number, normal: "[18, 27]", warning: "[27, 30]"}
      - {id: h, text: 湿度, kind: percent, normal: "[60, 40]"}
      - {id: t, text: 重复, kind: check}
      - {id: c, text: 选择, kind: choice, choices: [好, 坏], abnormal: [差]}
      - {id: x, text: 未知, kind: gauge}
      - {id: r, text: 区间, kind: number, normal: "18-27"}
  - id: weekly
    name: 每周
    applies: {cis: [A-1]}
    frequency: {weekly: mon}
    role: duty_operator
    items: [{id: ok, text: 正常, kind: check}]
YAML
cat "$T/workflows.yaml" >> "$T/bad.yaml"
run check-rules "$T/bad.yaml"
is "$RC" 2 "a rules file with bad templates is refused (exit 2)"
l() { echo $((start + $1)); }
like "$ERR" "bad.yaml:$(l 3):25: inspection 'room': CI class 'rooms' is not defined" "an unknown CI class, with its line and column"
like "$ERR" "bad.yaml:$(l 4):24: inspection 'room': daily must be a time of day" "a daily time that is no time"
like "$ERR" "bad.yaml:$(l 5):11: inspection 'room': role 'janitor' is not defined" "an unknown role"
like "$ERR" "bad.yaml:$(l 7):70: inspection 'room' item 't': warning range \[27, 30\] overlaps normal range \[18, 27\]" "ranges that overlap (27 is in both)"
like "$ERR" "bad.yaml:$(l 8):50: inspection 'room' item 'h': normal range \[60, 40\] runs backwards" "a range that runs backwards"
like "$ERR" "bad.yaml:$(l 9):9: item 't' is defined twice \(first at line $(l 7)\)" "a duplicate item id"
like "$ERR" "bad.yaml:$(l 10):69: inspection 'room' item 'c': abnormal choice '差' is not one of its choices" "an abnormal choice that is no choice"
like "$ERR" "bad.yaml:$(l 11):33: inspection 'room' item 'x': kind 'gauge' is not check, number, percent, choice or text" "an unknown kind"
like "$ERR" "bad.yaml:$(l 12):49: '18-27' is not a range" "a range in the wrong notation"
like "$ERR" "bad.yaml:$(l 13):5: inspection 'weekly': a weekly or monthly round needs 'at'" "a weekly round without its time"

done_testing
