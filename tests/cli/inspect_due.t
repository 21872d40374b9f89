#!/bin/sh
# When rounds fall due and become overdue, for every kind of frequency, on
# a pinned clock in the site's zone (Asia/Shanghai) and calendar: across a
# day boundary, over the National Day holidays (2026-10-01 to 10-07) and
# on a make-up working Saturday (2026-10-10). inspect due exits 1 while
# something is overdue.
. "$(dirname "$0")/../lib/tap.sh"

sed '/^inspections:/,/^# Record lifecycles/d' "$TOP/config/workflow.yaml" > "$T/rules.yaml"
sed -i '/^workflows:/,$d' "$T/rules.yaml"
cat >> "$T/rules.yaml" <<'YAML'
inspections:
  - {id: every4h, name: 四小时巡检, applies: {cis: [E-1]}, frequency: {every: 4h}, role: duty_operator, items: [{id: ok, text: 正常, kind: check}]}
  - {id: daily, name: 工作日巡检, applies: {cis: [D-1]}, frequency: {daily: "09:00", calendar: business}, role: duty_operator, items: [{id: ok, text: 正常, kind: check}]}
  - {id: weekly, name: 周四巡检, applies: {cis: [W-1]}, frequency: {weekly: thu, at: "09:00", calendar: business}, role: duty_operator, items: [{id: ok, text: 正常, kind: check}]}
  - {id: monthly, name: 月末巡检, applies: {cis: [M-1]}, frequency: {monthly: 31, at: "09:00"}, role: duty_operator, items: [{id: ok, text: 正常, kind: check}]}
  - {id: shift, name: 每班巡检, applies: {cis: [S-1]}, frequency: {per_shift: true}, role: duty_operator, items: [{id: ok, text: 正常, kind: check}]}
  - {id: room, name: 机房巡检, applies: {locations: [主机房]}, frequency: {daily: "09:00", grace: 2h}, role: network_engineer, items: [{id: ok, text: 正常, kind: check}]}
YAML
sed -n '/^workflows:/,$p' "$TOP/config/workflow.yaml" >> "$T/rules.yaml"
export OPSDESK_RULES="$T/rules.yaml"
run check-rules
is "$RC" 0 "set-up: the rules with one template of each frequency are valid"

# a Wednesday, 10:00 in Shanghai
export OPSDESK_NOW=2026-09-30T10:00:00+08:00
run init
for tag in E-1 D-1 W-1 M-1 S-1; do run asset add "$tag" --name "设备$tag" --class pc; done
run asset add R-1 --name 机房空调 --class pc --location 主机房

# due NAME: "due overdue_from" of the template's round, from inspect due --json
due() {
	run inspect due --within 400d --limit 100 --json
	printf '%s\n' "$OUT" | sed -n "s/.*\"template\":\"$1\".*\"due\":\"\([^\"]*\)\",\"overdue_from\":\"\([^\"]*\)\".*/\1 \2/p"
}
is "$(due every4h)" "2026-09-30T10:00:00+08:00 2026-09-30T14:00:00+08:00" "every 4h, never done: due from when the CI came, overdue 4h later"
is "$(due daily)" "2026-09-30T09:00:00+08:00 2026-10-08T09:00:00+08:00" "daily on working days: due today 09:00, overdue at the next working day's (after the holidays)"
is "$(due weekly)" "2026-09-24T09:00:00+08:00 2026-10-08T09:00:00+08:00" "weekly on Thursday: the week's round, overdue when the next falls due (holiday Thursday 10-01 moves to 10-08)"
is "$(due monthly)" "2026-09-30T09:00:00+08:00 2026-10-31T09:00:00+08:00" "monthly on the 31st: September's last day, then 10-31"
is "$(due shift)" "2026-09-30T08:00:00+08:00 2026-09-30T20:00:00+08:00" "per shift: due from the day shift's start, overdue at its end"
is "$(due room)" "2026-09-30T09:00:00+08:00 2026-09-30T11:00:00+08:00" "a location's round: due 09:00, overdue after the 2h grace"

run inspect due
is "$RC" 0 "at 10:00 nothing is overdue yet: exit 0"
like "$OUT" '^room +R-1 +主机房 +2026-09-30 09:00  2026-09-30 11:00  never$' "inspect due lists the round with its CI tag and location, Chinese aligned"
OPSDESK_NOW=2026-09-30T11:00:00+08:00 run inspect due --overdue
is "$RC" 1 "at 11:00 the machine-room round is overdue: exit 1"
like "$OUT" '^room .* OVERDUE$' "... marked as such"
OPSDESK_NOW=2026-09-30T11:00:00+08:00 run inspect due --role duty_operator
is "$RC" 0 "... not among duty_operator's rounds (exit 0 for that role)"
unlike "$OUT" '^room' "... which lists only that role's templates"
OPSDESK_NOW=2026-09-30T11:00:00+08:00 run inspect due --location 主机房 --json
like "$OUT" '"template":"room","ci":"R-1","location":"主机房","role":"network_engineer".*"overdue":true' "--location and --json"

# rounds done at 22:00, during the night shift
export OPSDESK_NOW=2026-09-30T22:00:00+08:00
for pair in every4h:E-1 daily:D-1 weekly:W-1 monthly:M-1 shift:S-1; do
	run inspect record "${pair%%:*}" --ci "${pair#*:}" --item ok=pass
	is "$RC" 0 "a ${pair%%:*} round is recorded at 22:00"
done
is "$(due every4h)" "2026-10-01T02:00:00+08:00 2026-10-01T06:00:00+08:00" "every 4h: next due across the day boundary at 02:00"
is "$(due daily)" "2026-10-08T09:00:00+08:00 2026-10-09T09:00:00+08:00" "daily: the next working day is after the National Day holidays"
is "$(due weekly)" "2026-10-08T09:00:00+08:00 2026-10-15T09:00:00+08:00" "weekly: Thursday 10-01 is a holiday, so the round moves to 10-08"
is "$(due monthly)" "2026-10-31T09:00:00+08:00 2026-11-30T09:00:00+08:00" "monthly on the 31st: 10-31, then November's last day"
is "$(due shift)" "2026-10-01T08:00:00+08:00 2026-10-01T20:00:00+08:00" "per shift: done in the night shift, the next is the next day shift"

OPSDESK_NOW=2026-10-01T01:00:00+08:00 run inspect due --role duty_operator --json
is "$RC" 0 "at 01:00 none of the rounds done at 22:00 is overdue"
is "$OUT" "[]" "... nor due"
OPSDESK_NOW=2026-10-01T07:00:00+08:00 run inspect due
is "$RC" 1 "at 07:00 the 4-hourly round is overdue: exit 1"
like "$OUT" '^every4h +E-1 .*2026-10-01 02:00  2026-10-01 06:00  2026-09-30 22:00  OVERDUE$' "... listed with its last round"

# the make-up working Saturday counts as a working day
OPSDESK_NOW=2026-10-09T10:00:00+08:00 run inspect record daily --ci D-1 --item ok=pass
is "$(due daily)" "2026-10-10T09:00:00+08:00 2026-10-12T09:00:00+08:00" "daily: Saturday 10-10 is a make-up working day, Sunday is not"

# the register moves the rounds: a CI moved out of the machine room leaves its round
run asset edit R-1 --location 二楼
run inspect due --within 400d --json
unlike "$OUT" '"template":"room"' "a CI moved away from the location is no longer due for its round"
run asset edit R-1 --location 主机房
run inspect due --within 400d --json
like "$OUT" '"template":"room","ci":"R-1"' "... and is again when it comes back"

# the index: the due list walks it, no sort of the whole table
plan=$(sql "EXPLAIN QUERY PLAN SELECT template FROM inspect_due INDEXED BY inspect_due_by_due WHERE due <= 1 ORDER BY due, template, asset_id LIMIT 100")
unlike "$plan" "TEMP B-TREE" "the due list's plan uses no temporary sort"

done_testing
