#!/bin/sh
# Long lines wrap by display width instead of being cut at the edge: a
# record's journal on the incident screen (a Chinese comment at 80x24, its
# further rows indented under it) and the ? help screen (English at 80x24,
# Chinese at 60x24), whose key column is as wide as its widest key. An
# edit's journal line reads in Chinese, field and values by name.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
"$OPSDESK_BIN" incident new --title 核心交换机端口丢包 >/dev/null
long='核心交换机端口大量丢包，已切换到备用链路并通知厂商工程师到场排查，预计两小时内恢复，期间办公区网络可能短暂中断，请各部门提前保存工作。'
"$OPSDESK_BIN" comment INC-1 "$long" >/dev/null
# the display width of each line of the screen, one per line
widths() {
	tui_screen | perl -CSDA -ne 'chomp; my $w = 0; $w += /\p{EA=W}|\p{EA=F}/ ? 2 : 1 for split //; print "$w\n"'
}

tui_start 80 24 LC_ALL= LANG=zh_CN.UTF-8
tui_wait '总览'
tui_keys 2
tui_wait '核心交换机端口丢包'
tui_keys Enter
tui_wait 'INC-1  核心交换机端口丢包'
tui_keys G
tui_wait '请各部门提前保存工作。'
ok $? "the end of the long comment is on the screen"
screen=$(tui_screen)
first=$(printf '%s\n' "$screen" | grep -n '^   核心交换机端口大量丢包，' | cut -d: -f1)
ok $([ -n "$first" ]; echo $?) "the comment's first row starts under its entry"
rows=$(printf '%s\n' "$screen" | sed -n "${first:-1},\$p" | sed -n '1,3p')
# its rows, joined, are the comment: nothing lost at a row's end
joined=$(printf '%s\n' "$rows" | sed 's/^ *//' | tr -d '\n')
like "$joined" "^$long" "the rows put together give the whole comment"
like "$(printf '%s\n' "$rows" | sed -n 2p)" '^     [^ ]' "the next row is indented under the text"
unlike "$(printf '%s\n' "$rows")" '~' "no row is cut with '~'"
ok $(( $(widths | sort -n | tail -n 1) > 80 )) "no line is wider than 80 columns"
# each full row of the comment ends within a cell of the edge (wrapped, not cut short)
w1=$(printf '%s\n' "$rows" | sed -n 1p | perl -CSDA -ne 'chomp; my $w = 0; $w += /\p{EA=W}|\p{EA=F}/ ? 2 : 1 for split //; print "$w\n"')
ok $(( w1 < 78 )) "the first row fills the line ($w1 columns)"
# an edit's journal line names the field and its values in Chinese
tui_keys e
tui_wait '编辑 INC-1'
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Right C-s
tui_wait '已保存 INC-1'
tui_keys G
tui_wait '^   类别：其他 -> [^ ]+'
ok $? "an edit's change: 类别：其他 -> the new category by name"
unlike "$(tui_screen)" 'category: ' "... no English field id"
tui_stop

# the help in English at 80x24: a long line wraps
tui_start 80 24
tui_wait 'Dashboard'
tui_keys 4
tui_keys '?'
tui_wait 'Keys \(q or Esc'
screen=$(tui_screen)
like "$screen" '^   o +reassign the selected shift on the person.s behalf, with a$' \
	"English help: a long line breaks at a space"
like "$screen" '^ {20}reason \(roster\.manage\)$' "... and goes on under its text"
tui_stop

# the help in Chinese at 60x24: the Chinese line wraps between characters
tui_start 60 24 LC_ALL= LANG=zh_CN.UTF-8
tui_wait '总览'
tui_keys 4
tui_keys '?'
tui_wait '按键（q 或 Esc'
screen=$(tui_screen)
row=$(printf '%s\n' "$screen" | grep -n '^   Enter s  *设置所选格子' | cut -d: -f1)
ok $([ -n "$row" ]; echo $?) "Chinese help: the cell's key and the start of its help"
next=$(printf '%s\n' "$screen" | sed -n "$(( ${row:-0} + 1 ))p")
# (the row breaks at the space before Enter)
joined=$(printf '%s\n%s\n' "$(printf '%s\n' "$screen" | sed -n "${row:-1}p" | sed 's/^   Enter s *//')" "$next" | tr -d ' \n')
is "$joined" '设置所选格子：选一个班次后按Enter（空格可勾选多个）' "... its help wrapped whole onto the next row"
like "$next" '^ {20}[^ ]' "... under its text"
ok $(( $(widths | sort -n | tail -n 1) > 60 )) "no help line is wider than 60 columns"
# from a form (F1: ? is typed there), the form's and the text editor's keys come first
tui_keys Escape
tui_wait '排班'
tui_keys 2 n
tui_wait '摘要'
tui_keys F1
tui_wait 'Backspace Ctrl-H'
like "$(tui_screen)" '^   Backspace Ctrl-H 删除光标前的字符' "the widest key is shown whole, its help after it"
tui_stop

done_testing
