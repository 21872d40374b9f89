#!/bin/sh
# Releases bundle changes: release new|add|list|show, the preparation
# checklist the go decision needs, and show/do/comment on REL- references.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/change.sh"

change_setup
new_change "" SW-01
new_change "" SRV-01
as dev change new --title 已取消 --type normal --ci FW-01 --start "2026-11-24 22:00" --end "2026-11-24 23:00"
as root do CHG-3 cancel --note 不做了

as root release new --title "十二月版本发布" --plan "先网络后数据库" --start "2026-11-24 22:00" --end "2026-11-25 02:00" --manager ouyang --change CHG-1
is "$RC" 0 "release new"
is "$OUT" "REL-1" "... prints its reference"
as root release add REL-1 CHG-2
is "$OUT" "REL-1: 1 change(s) added" "release add"
as root release add REL-1 CHG-3
is "$RC" 1 "a closed change is not added"
like "$ERR" "change: CHG-3 is closed" "... saying so"
as root release add REL-1 INC-1
is "$RC" 1 "only changes go into a release"
as root release add REL-9 CHG-1
is "$RC" 1 "an unknown release"
as root release new --title x --start "2026-11-25 02:00" --end "2026-11-24 22:00"
is "$RC" 1 "a window ending before it starts is refused"
like "$ERR" "end: the window ends" "... naming the field"

as root release show REL-1
is "$RC" 0 "release show"
like "$OUT" "十二月版本发布" "... its title"
like "$OUT" "^  CHG-1 +草稿 +2026-11-24 22:00 核心交换机固件升级$" "... its changes with their states"
like "$OUT" "^  CHG-2 " "... both of them"
as root release show REL-1 --json
like "$OUT" '"changes":\[\{' "release show --json: its changes"
as root release list
like "$OUT" "^REL-1 +计划中 " "release list"

as ouyang do REL-1 prepare
is "$RC" 0 "the release manager starts the preparation"
as ouyang do REL-1 go --set "decision=同意发布"
is "$RC" 1 "go without the checklist is refused"
like "$ERR" "backup_done: the checklist item is not done" "... naming the first item not done"
as ouyang do REL-1 go --set "decision=同意发布" --set backup_done=yes --set env_checked=yes
like "$ERR" "users_notified" "... every item is needed"
as ouyang do REL-1 go --set "decision=同意发布" --set backup_done=yes --set env_checked=yes --set users_notified=yes
is "$RC" 0 "go with every item done"
is "$(sql "SELECT state || ' ' || backup_done || env_checked || users_notified FROM release WHERE id = 1")" "deploying 111" "sql: deploying, the checklist recorded"
like "$(sql "SELECT actor FROM journal WHERE record = 'REL-1' ORDER BY id DESC LIMIT 1")" "ouyang" "sql: who decided is journalled"
as root comment REL-1 "部署顺利"
is "$RC" 0 "comment on a release"
as root show REL-1
like "$OUT" "部署顺利" "show REL-1"

done_testing
