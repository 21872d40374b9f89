#!/bin/sh
# Service request intake in the console, in Chinese at 80x24: on the
# incident queue n records a fault and N a service request; the form shows
# the fields of the type picked in its first field, a refused value is
# shown under its field (with the full-width colon message), and the saved
# request is in the database with its type's fields, in the list (R) and
# readable from there.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
OPSDESK_USER=root "$OPSDESK_BIN" asset add PRN-3F-01 --name 三楼打印机 --class printer >/dev/null

tui_start 80 24 LC_ALL= LANG=zh_CN.UTF-8
tui_wait '总览'
ok $? "the console starts in Chinese"
tui_keys 2
tui_wait '事件'
tui_keys N
tui_wait '新建服务请求'
ok $? "N on the incident queue opens the service request intake"
unlike "$(tui_screen)" '预估费用' "no type's own fields before a type is picked"
tui_type '保修期外'
tui_wait '设备维修（保修期外，需费用审批）'
ok $? "the type is picked by typing part of its name"
tui_wait '预估费用（元）'
ok $? "... and the form shows that type's own fields"
unlike "$(tui_screen)" '已核实身份' "... and no other type's"
tui_keys Tab
tui_type '三楼打印机维修'
tui_keys Tab
tui_type '王伟'
tui_keys Tab Tab Tab
tui_type 'PRN-3F-01'
tui_keys Tab
tui_type '卡纸，定影器异响'
tui_keys Tab
tui_type '八百'
tui_keys C-s
tui_wait "'八百' 不是整数"
ok $? "a cost that is not a number is refused, in Chinese"
screen=$(tui_screen)
field=$(printf '%s\n' "$screen" | grep -n -m1 '预估费用（元）' | cut -d: -f1)
like "$(printf '%s\n' "$screen" | sed -n "$((field + 1))p")" "^ +'八百' 不是整数" \
	"... the message stands under the cost field, without its field name"
is "$(sql "SELECT count(*) FROM request")" 0 "sql: nothing was stored"
tui_keys C-u
tui_type '800'
tui_keys C-s
tui_wait 'REQ-1'
ok $? "the corrected request is recorded as REQ-1"
is "$(sql "SELECT type || ' ' || title || ' ' || requester || ' ' || state FROM request")" \
	"repair_paid 三楼打印机维修 王伟 new" "sql: the request"
is "$(sql "SELECT group_concat(field || '=' || value, ' ') FROM (SELECT * FROM request_field ORDER BY field)")" \
	"cost=800 device=PRN-3F-01 symptom=卡纸，定影器异响" "sql: the type's fields, as typed"

tui_keys R
tui_wait '服务请求'
tui_wait 'REQ-1 +新建 +设备维修'
ok $? "R lists the service requests"
screen=$(tui_screen)
is "$(display_col "$screen" ' REQ-1' '三楼打印机维修')" "$(display_col "$screen" ' 编号' '标题')" \
	"... the title under its heading, by display width"
tui_keys Enter
tui_wait 'REQ-1 三楼打印机维修'
tui_wait '800'
ok $? "Enter reads the request with its type's fields"
tui_wait '技术评估：待审批'
ok $? "... and its approval steps"
like "$(tui_screen)" '完成时限 +时限 ' "... and when fulfilment is due"

# the request is handled on its record screen, not only from the CLI
tui_keys t
tui_wait '提交审批'
ok $? "t offers the request's transitions"
tui_keys C-s
tui_wait '状态 +审批中'
ok $? "... and submit sends it for approval"
is "$(sql "SELECT state FROM request WHERE id = 1")" "approval" "sql: the request is in approval"
tui_keys c
tui_wait '备注'
tui_type '已电话确认设备位置'
tui_keys C-s
tui_wait 't 操作（提交'
ok $? "c comments on it and the record screen is back"
is "$(sql "SELECT text FROM journal WHERE record = 'REQ-1' AND kind = 'comment'")" "已电话确认设备位置" \
	"sql: the comment is in the request's journal"

done_testing
