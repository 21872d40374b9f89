#!/bin/sh
# Screen 3, changes, in a real terminal at 80x24 with Chinese text: a change
# typed in the form with the risk shown live as the questions are ticked,
# submitted with t, voted on with v by the ops manager in his own session,
# carried out and closed by its implementer; the list, the week and month
# calendars (80 and 132 columns) and the record with its approval round,
# conflicts and journal. Each step is checked in the database.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"
. "$TOP/tests/lib/change.sh"

change_setup
state() { sql "SELECT state FROM change WHERE id = 1"; }

# --- zhao writes the change ---------------------------------------------------------
tui_start 80 24 OPSDESK_USER=zhao
tui_wait 'Dashboard'
tui_keys 3
tui_wait '0 changes, open'
ok $? "screen 3 lists the open changes: none yet"
tui_keys n
tui_wait 'New change'
ok $? "n opens the change form"
tui_type '核心交换机固件升级'
tui_keys Tab Right Right        # type: none -> standard -> normal
tui_keys Tab Tab
tui_type '升级 VRP 版本至 V200R021'
tui_keys Tab
tui_type '修复已知的转发缺陷'
tui_keys Tab
tui_type 'SW-01'
tui_keys Tab Tab
tui_type '核心网络短暂中断'
tui_keys Tab
tui_type '2026-11-24 22:00'
tui_keys Tab
tui_type '2026-11-25 01:00'
tui_keys Tab Tab Tab            # outage, outage minutes, to the risk questions
tui_keys Space                  # 影响生产系统 (+3)
tui_wait 'Risk +中 \(3\)'
ok $? "ticking a risk question shows the level at once"
tui_keys Right Space            # 需要停机或中断业务 (+3)
tui_wait 'Risk +高 \(6\)'
ok $? "... and follows every tick"
tui_keys Right Space            # untick it again? no: tick 未在测试环境验证 (+2)
tui_wait 'Risk +高 \(8\)'
tui_keys Left Space             # untick 需要停机或中断业务
tui_wait 'Risk +中 \(5\)'
ok $? "unticking lowers it"
tui_keys Tab
tui_type '1. 备份配置  2. 升级固件  3. 检查转发'
tui_keys C-s
tui_wait 'Recorded CHG-1'
ok $? "Ctrl-S saves the change"
is "$(sql "SELECT title || '|' || type || '|' || assessment || '|' || risk || '|' || state || '|' || window_start FROM change")" \
	"核心交换机固件升级|normal|production,untested|medium|draft|$(date -d '2026-11-24 22:00 +0800' +%s)" \
	"sql: what was typed, the risk derived from the ticks"
is "$(sql "SELECT group_concat(a.tag) FROM record_ci c JOIN asset a ON a.id = c.asset_id WHERE c.ref = 'CHG-1'")" "SW-01" "sql: its CI"
tui_wait '^CHG-1 +草稿 +一般变更 +中 +11-24 22:00 核心交换机固件升级'
ok $? "the list shows it, Chinese columns aligned"

# the implementer is named in the edit form (a person field, found by typing)
tui_keys Enter
tui_wait 'CHG-1  核心交换机固件升级'
ok $? "Enter opens the record"
tui_keys e
tui_wait 'Edit CHG-1'
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do tui_keys Tab; done
tui_type 'zhao'
tui_keys C-s
tui_wait 'Saved CHG-1'
is "$(sql "SELECT implementer FROM change")" "zhao" "sql: the implementer, picked by typing the login"
tui_wait 'Implementer +赵敏 \(zhao\)'
ok $? "the record shows the implementer by name"
unlike "$(tui_screen)" 'Conflicts' "zhao is on the night shift of the 24th: no conflict"

# submit with t
tui_keys t
tui_wait 'Action on CHG-1'
tui_wait 'Action\* +< 提交 >'
ok $? "t offers the actions open to zhao: submit first"
tui_keys C-s
tui_wait 'State +已提交'
ok $? "submitted"
is "$(state)" "submitted" "sql: submitted"
tui_stop

# --- the board: assessed on the command line, voted in the console ---------------------
as root do CHG-1 assess --note 必要、可行
as root do CHG-1 request_approval
tui_start 80 24 OPSDESK_USER=ouyang
tui_wait 'Dashboard'
tui_keys 3 f
tui_wait 'Filter the changes'
tui_keys Right Right C-s        # show: awaiting my vote
tui_wait 'awaiting my vote'
tui_wait '^CHG-1 +审批中'
ok $? "the manager's list of changes awaiting his vote"
tui_keys Enter
tui_wait 'Approval, round 1'
ok $? "the record shows the approval round"
like "$(tui_screen)" 'still needed: 1 × cab_member, 1 × ops_manager' "... what is still needed"
tui_keys v
tui_wait 'Vote on CHG-1'
tui_type '同意，注意回退'
tui_keys C-s
tui_wait 'approve recorded'
ok $? "v votes"
like "$(tui_screen)" 'still needed: 1 × cab_member' "... and the record shows what remains"
as li change vote CHG-1 approve --note 同意
tui_keys r
tui_wait 'State +已排期'
ok $? "the second vote, from another session, schedules the change"
is "$(sql "SELECT group_concat(voter || ':' || vote, ' ') FROM change_vote")" "ouyang:approve li:approve" "sql: both votes"
tui_keys v
tui_wait 'Vote on CHG-1'
tui_keys C-s
tui_wait 'is not awaiting approval'
ok $? "a vote after the decision is refused on the status line"
tui_keys Escape
tui_stop

# --- the calendar --------------------------------------------------------------------------
tui_start 80 24 OPSDESK_USER=zhao
tui_wait 'Dashboard'
tui_keys 3 v
tui_wait 'Change calendar 2026-11-16 to 2026-11-22'
ok $? "v shows this week's calendar"
tui_keys ']'
tui_wait 'Change calendar 2026-11-23 to 2026-11-29'
like "$(tui_screen)" 'Tu 11-24 +We 11-25' "the week's days"
like "$(tui_screen)" '^ +CHG-1 +\.\. CHG-1$' "the change on both days of its window (no room for its time at 80 columns)"
like "$(tui_screen)" '核心交换~' "... with its title cut to the cell by display width"
tui_keys b
tui_wait '^SW-01 +CHG-1 +CHG-1 *$'
ok $? "b: the week by CI, the change on its CI's line on both days"
like "$(tui_screen)" '^CI +Mo 11-23 +Tu 11-24' "... a column per day"
tui_keys b
tui_wait '核心交换~'
tui_keys v
tui_wait 'Change calendar 2026-10-26 to 2026-12-06'
ok $? "v again: the month"
tui_keys b
tui_wait '^SW-01 +(\. ){23}1 1 (\. ){4}\. *$'
ok $? "b: the month by CI, a column per day of November, the change counted on both days"
like "$(tui_screen)" '^CI +1 2 3 4 5 6 7 8 9 0 1 2 ' "... the days numbered by their last digit at 80 columns"
tui_keys b
tui_wait 'Change calendar 2026-10-26 to 2026-12-06'
tui_resize 132 30
tui_wait '22:00 CHG-1 核心~ +\.\. CHG-1 核心交~'
ok $? "at 132 columns the month shows times and titles too"
tui_resize 80 24
tui_keys v
tui_wait '^CHG-1 '

# --- zhao carries it out -------------------------------------------------------------------
tui_keys Enter t
tui_wait 'Action on CHG-1'
tui_wait '< 开始实施 >'
tui_keys C-s
tui_wait 'State +实施中'
ok $? "the implementer starts it"
tui_keys t
tui_wait 'Needs +Result'
ok $? "the next action says what it needs"
tui_keys Tab Tab
tui_type '固件已升级，转发正常'
tui_keys C-s
tui_wait 'State +验证中'
is "$(sql "SELECT result FROM change")" "固件已升级，转发正常" "sql: the result"
as ouyang do CHG-1 complete --set "verification=功能、性能、数据完整性正常"
tui_keys r
tui_wait 'State +已完成'
tui_keys t
tui_wait 'Needs +Report'
tui_keys Tab Tab
tui_type '按计划完成'
tui_keys C-s
tui_wait 'State +已关闭'
ok $? "closed with its report"
is "$(state)" "closed" "sql: closed"
tui_keys G
tui_wait '按计划完成'
ok $? "the journal at the end of the record"
is "$(sql "SELECT count(*) FROM audit WHERE record = 'CHG-1'")" "$(sql "SELECT count(*) FROM journal WHERE record = 'CHG-1'")" \
	"sql: every journal entry has its audit entry"

# --- a release with its changes ---------------------------------------------------------------
new_change "" FW-01
as root release new --title 十二月网络版本 --change "$CHG"
tui_keys q
tui_wait "changes, open"
tui_keys R
tui_wait 'REL-1 +计划中 +十二月网络版本'
ok $? "R lists the releases"
tui_keys Enter
tui_wait 'REL-1  十二月网络版本'
ok $? "Enter opens the release"
like "$(tui_screen)" '  CHG-2   草稿     2026-11-24 22:00 核心交换机固件升级' "... with its changes and their states, aligned"
like "$(tui_screen)" 'Environment ch~ no' "... its checklist"

done_testing
