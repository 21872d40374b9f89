#!/bin/sh
# The CI picker in the intake form searches the whole register as you
# type: an item past the first thousand in tag order is found by part of
# its name or tag.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
# 1,100 desktop PCs sort before SW-CORE-01 and fill the first thousand
{
	echo 'tag,name,class'
	i=1
	while [ $i -le 1100 ]; do
		printf 'PC-%04d,办公电脑 %d,pc\n' "$i" "$i"
		i=$((i + 1))
	done
} > "$T/pcs.csv"
"$OPSDESK_BIN" asset import "$T/pcs.csv" >/dev/null
"$OPSDESK_BIN" asset add SW-CORE-01 --name 核心交换机 --class network >/dev/null
is "$(sql "SELECT count(*) FROM asset")" 1101 "the register holds 1,101 items"

tui_start 100 40
tui_wait 'Dashboard'
tui_keys 2 n
tui_wait 'New incident'
tui_type '核心交换机端口故障'
# summary, description, reporter, department, contact, channel, occurred, CI
tui_keys Tab Tab Tab Tab Tab Tab Tab
tui_type '核心'
tui_wait '< SW-CORE-01 核心交换机 >'
ok $? "part of the name finds an item past the first thousand"
tui_keys C-u
tui_type 'PC-1099'
tui_wait '< PC-1099 办公电脑 1099 >'
ok $? "and part of a tag finds one too"
tui_keys C-u
tui_type 'SW-CORE'
tui_wait '< SW-CORE-01 核心交换机 >'
tui_keys C-s
tui_wait 'INC-1'
is "$(sql "SELECT a.tag FROM incident i JOIN asset a ON a.id = i.asset_id WHERE i.id = 1")" SW-CORE-01 \
	"the incident is recorded on the item found"
done_testing
