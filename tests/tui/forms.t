#!/bin/sh
# Forms that help, in a real terminal: a save with three problems shows
# all three, each under its field, the cursor on the first and the count
# on the status line; a save refused because another session changed the
# record offers to reload it, keeping what was typed field by field and
# saying which fields the other session changed; a control character is
# refused with a message instead of vanishing; the action form shows only
# the fields the chosen action requires.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init --demo-staff >/dev/null
"$OPSDESK_BIN" incident new --title 三楼打印机卡纸 >/dev/null
cursor_y() { tmux_ display-message -p -t t '#{cursor_y}'; }
screen_line() { tui_screen | grep -n -E -m1 -- "$1" | cut -d: -f1; }

tui_start 100 36
tui_wait Dashboard
tui_keys 2
tui_wait 'INC-1 '

# --- three problems at once ------------------------------------------------------------------
tui_keys n
tui_wait 'New incident'
tui_keys Tab Tab C-u Tab Tab Tab Tab C-u
tui_type 明天早上
tui_keys C-s
tui_wait 'problems, each shown under its field'
like "$(tui_screen)" '3 problems, each shown under its field; the first: Summary' \
	"the status line counts the three problems and names the first"
screen=$(tui_screen)
summary=$(screen_line '^ Summary\*')
reporter=$(screen_line '^ Reporter\*')
occurred=$(screen_line '^ Occurred\*')
like "$(printf '%s\n' "$screen" | sed -n "$((summary + 1))p")" '^ +Summary: ' "a message under Summary (empty)"
like "$(printf '%s\n' "$screen" | sed -n "$((reporter + 1))p")" '^ +Reporter: ' "a message under Reporter (empty)"
like "$(printf '%s\n' "$screen" | sed -n "$((occurred + 1))p")" '^ +.*明天早上' "a message under Occurred (not a time)"
is "$(($(cursor_y) + 1))" "$summary" "the cursor is on the first problem, Summary"
is "$(sql "SELECT count(*) FROM incident")" 1 "nothing was saved"

# --- a control character is refused, not dropped in silence -------------------------------------
tui_keys C-v
tui_wait 'Summary: control characters are not allowed \(U\+0016 refused\)'
ok $? "Ctrl-V in a text field says it is refused"
tui_keys Escape
tui_wait 'Discard your changes'
tui_keys y
tui_wait 'INC-1 '

# --- the stale save reloads, keeping what was typed ---------------------------------------------
tui_keys Enter
tui_wait 'INC-1  三楼打印机卡纸'
tui_keys e
tui_wait 'Edit INC-1'
tui_keys Tab Tab Tab Tab
tui_type 分机8004
OPSDESK_USER=ouyang "$OPSDESK_BIN" do INC-1 assign --set assignee=lina --set category=network >/dev/null
tui_keys C-s
tui_wait 'Reload it, keeping what you typed'
ok $? "saving over ouyang's change offers to reload"
tui_keys y
tui_wait 'Reloaded; the other session changed 1 field: Category'
ok $? "y reloads and says which field the other session changed"
like "$(tui_screen)" 'Category\* +< 网络故障 >' "the untouched Category takes the other session's value"
like "$(tui_screen)" '^ +changed meanwhile by another session' "... and says it changed"
like "$(tui_screen)" 'Contact +分机8004' "what was typed in Contact is kept"
tui_keys C-s
tui_wait 'Saved INC-1\.'
is "$(sql "SELECT contact || '|' || category || '|' || assignee || '|' || version FROM incident WHERE id = 1")" \
	'分机8004|network|lina|3' "both changes are in the database, neither overwritten"

# --- the action form shows only what the action needs ----------------------------------------------
tui_keys t
tui_wait 'Action on INC-1'
like "$(tui_screen)" 'Action\* +< 指派 >' "t opens the action form on the first action"
like "$(tui_screen)" '^ Assignee ' "assign shows the assignee"
unlike "$(tui_screen)" '^ (Cause|Resolution|Recovery test|Review)( |$)' "and not the fields of resolving"
tui_keys Right
tui_wait 'Action\* +< 开始处理 >'
unlike "$(tui_screen)" '^ Assignee( |$)' "start needs no assignee: the field goes"
like "$(tui_screen)" '^ Note( |$)' "the note is always there"
tui_keys C-s
tui_wait 'INC-1  三楼打印机卡纸'
is "$(sql "SELECT state || '|' || assignee FROM incident WHERE id = 1")" 'in_progress|lina' \
	"saving start leaves the assignee it did not show as it was"
tui_keys t
tui_wait 'Action on INC-1'
i=0
while [ $i -lt 6 ] && ! tui_screen | grep -q '< 解决 >'; do tui_keys Right; sleep 0.2; i=$((i + 1)); done
tui_wait 'Action\* +< 解决 >'
like "$(tui_screen)" '^ Cause( |$)' "resolve shows the cause"
like "$(tui_screen)" '^ Recovery test( |$)' "and the recovery test"
unlike "$(tui_screen)" '^ (Assignee|Category|Review)( |$)' "but not the assignee, category or review"
tui_stop

done_testing
