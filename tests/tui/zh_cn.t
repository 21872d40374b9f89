#!/bin/sh
# The console in Chinese at 80x24, as a centre runs it (LANG=zh_CN.UTF-8,
# with or without that locale generated): the dashboard, the incident list
# (screen 2), the new incident form (n), the roster (screen 4) and the help
# read Chinese labels; columns line up by display width and no line runs
# past the 80th column or cuts a character in half.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

echo "1..22"
"$OPSDESK_BIN" init --demo >/dev/null
line() { tui_screen | sed -n "$1p"; }
# start DISPLAY-COLUMN of the first occurrence of TEXT in a line, or -1
col_of() {
	printf '%s\n' "$1" | perl -CSDA -e '
		my ($text) = @ARGV; my $line = <STDIN>; chomp $line;
		my $i = index($line, $text);
		if ($i < 0) { print "-1\n"; exit }
		my $w = 0; $w += /\p{EA=W}|\p{EA=F}/ ? 2 : 1 for split //, substr($line, 0, $i);
		print "$w\n";' "$2"
}
# the widest line of the screen, in display columns; tmux shows a wide
# character cut at the edge as nothing, so a too-wide line shows here too
widest() {
	tui_screen | perl -CSDA -ne 'chomp; my $w = 0; $w += /\p{EA=W}|\p{EA=F}/ ? 2 : 1 for split //;
		$m = $w if $w > $m; END { print $m + 0, "\n" }'
}

# LANG alone, as a login shell sets it (tui_start's LC_ALL=C.UTF-8 emptied)
tui_start 80 24 LC_ALL= LANG=zh_CN.UTF-8
tui_wait '总览'
ok $? "the dashboard opens in Chinese"
screen=$(tui_screen)
like "$screen" '^  当前值班 +白班（D）11-21 08:00 至 20:00：' "the shift on duty now"
like "$screen" '^  事件 +未关闭 [0-9]+：即将超时 [0-9]+，已超时 [0-9]+  （屏幕 2）' "the incident counts"
like "$(line 24)" '^\?：帮助   q：返回/退出   1-9、0：屏幕   Ctrl-L：重绘' "the key hints on the bottom line"
ok $(( $(widest) > 80 )) "no dashboard line is wider than 80 columns"

tui_keys 2
tui_wait '^编号 +优先 状态 +摘要 +配置项 +处理人 +历时 解决时限'
ok $? "screen 2 lists incidents under Chinese headings"
head=$(line 3)
state_col=$(col_of "$head" 状态)
ci_col=$(col_of "$head" 配置项)
bad=$(tui_screen | sed -n '4,23p' | grep '^INC-' | while IFS= read -r row; do
	st=$(printf '%s\n' "$row" | awk '{print $3}')
	[ "$(col_of "$row" " $st ")" -eq $((state_col - 1)) ] || echo "$row"
done)
is "$bad" "" "every row's state starts under 状态 (display column $state_col)"
row=$(tui_screen | grep -m1 '^INC-32 ')
is "$(col_of "$row" SW-CORE-01)" "$ci_col" "a Chinese summary cut with ~ keeps the CI under 配置项"
like "$row" '核心交换机01端口~ ' "the summary is cut between characters, marked ~"
ok $(( $(widest) > 80 )) "no list line is wider than 80 columns"

tui_keys n
tui_wait '新建事件'
ok $? "n opens the new incident form"
screen=$(tui_screen)
like "$screen" '^ 摘要\*' "its summary field, required"
like "$screen" '^ 报告人\* +root' "the reporter, defaulting to the user"
like "$screen" '^ 影响度\* +< ' "impact, a choice"
like "$screen" 'Tab/Shift-Tab：移动   Ctrl-S 或 F2：保存   Esc：取消   \* 必填' "the form's keys"
tui_type 打印机卡纸
tui_keys C-s
tui_wait '已登记 INC-[0-9]+。'
ok $? "saving says so in Chinese"

tui_keys 4
tui_wait '^2026-11 '
screen=$(tui_screen)
like "$(line 3)" '班次 夜班 休节 工时$' "screen 4: the totals' headings"
like "$(line 4)" '^ +(日|一|二|三|四|五|六)( (日|一|二|三|四|五|六))+' "weekdays in Chinese, one per day column"
# each day column is 3 cells wide: the weekday under its day number
d21=$(col_of "$(line 3)" 21)
wd=$(col_of "$(line 4)" 六)
ok $(( ! (d21 > 0 && (wd == d21 || wd == d21 + 1)) )) "the 21st's weekday (六, at $wd) stands under the 21 (at $d21)"

tui_keys p
tui_wait '待处理的换班申请'
ok $? "p: the pending swap requests, in Chinese"
like "$(tui_screen)" '申请\* +< #1 2026-11-25/D 张伟 -> 孙丽（已申请）：' "a request's state in Chinese, not its stored id"
tui_keys Escape
tui_keys '?'
tui_wait '按键（q 或 Esc 关闭帮助）'
ok $? "? shows the keys in Chinese"
