#!/bin/sh
# The roster's processes from screen 4 and the dashboard, in a real
# terminal, each checked in the database and the journal afterwards: a
# swap requested (colleague and their shift back), agreed and approved
# (and a decision refused without its comment, under the field); leave
# recorded and cancelled; a shift reassigned on someone's behalf (and
# refused to someone without roster.manage); a handover note written and
# the incoming handover acknowledged, which the dashboard then shows.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/tui.sh"

"$OPSDESK_BIN" init >/dev/null
"$OPSDESK_BIN" staff add lina --name 李娜 --roles network_engineer >/dev/null
"$OPSDESK_BIN" staff add wangwei --name 王伟 --roles duty_operator >/dev/null
"$OPSDESK_BIN" staff add zhao --name 赵敏 --roles network_engineer >/dev/null
# The clock stands at Saturday 2026-11-21 09:00, in the day shift D; the
# night shift of the 20th, zhao's, has just been handed over.
for cell in "20 zhao N" "21 lina D" "21 wangwei D" "22 lina D" "24 zhao N"; do
	set -- $cell
	"$OPSDESK_BIN" roster set "2026-11-$1" "$2" "$3" >/dev/null
done
cell() { sql "SELECT group_concat(login, ',') FROM (SELECT login FROM roster WHERE day = '$1' AND shift = '$2' ORDER BY login)"; }
last_journal() { sql "SELECT text FROM journal WHERE record = '$1' ORDER BY id DESC LIMIT 1"; }
last_op() { sql "SELECT op || ' ' || actor FROM audit ORDER BY id DESC LIMIT 1"; }
# row NAME: moves the roster's cursor to NAME's row (the line under the grid names it)
row() {
	tui_keys g
	i=0
	while [ $i -lt 10 ] && ! tui_screen | grep -Eq "^[A-Z][a-z] 2026-11-[0-9]+ +$1 "; do
		tui_keys j
		sleep 0.1
		i=$((i + 1))
	done
	tui_wait "^[A-Z][a-z] 2026-11-[0-9]+ +$1 "
}

# --- lina asks to swap her D of the 21st with zhao, who gives his N of the 24th back ---
tui_start 100 30 OPSDESK_USER=lina
tui_wait Dashboard
tui_keys 4
tui_wait '^2026-11 '
tui_keys '?'
tui_wait 'Roster \(screen 4\)'
for want in 'w +request a swap of your shift' 'p +pending swaps' 'v +record leave' 'V +cancel a leave' \
	'o +reassign the selected shift' 'n +write a handover note' 'a +acknowledge the handover'; do
	like "$(tui_screen)" "$want" "the help lists the roster key: $want"
done
tui_keys q
tui_keys w
tui_wait 'Request a shift swap'
like "$(tui_screen)" 'Your shift\* +< 2026-11-21 D 白班 >' "w opens the swap form on her shift of the selected day"
tui_keys Tab
tui_type zhao
tui_wait 'Given to\* +< 赵敏 \(zhao\) >'
tui_keys Tab Right
tui_wait 'Theirs back +< 2026-11-24 N 夜班 >'
ok $? "the shifts offered back are the chosen colleague's"
tui_keys Tab
tui_type 家里有事
tui_keys C-s
tui_wait 'swap 1: requested; waiting for zhao to agree, then for a manager'
ok $? "saving requests the swap, with the CLI's message"
is "$(sql "SELECT owner || ' ' || day || '/' || shift || ' ' || other || ' ' || other_day || '/' || other_shift || ' ' || state || ' ' || reason FROM swap")" \
	"lina 2026-11-21/D zhao 2026-11-24/N requested 家里有事" "sql: the request as asked"
like "$(last_journal swap:1)" 'lina 2026-11-21/D -> zhao' "journal: the request"
is "$(last_op)" "swap.request lina" "audit: swap.request by lina"
tui_stop

# --- zhao agrees from the dashboard ------------------------------------------------------
tui_start 100 30 OPSDESK_USER=zhao
tui_wait Dashboard
like "$(tui_screen)" 'Swap requests +1 pending  \(p: act on them\)' "the dashboard shows zhao the request he is part of"
like "$(tui_screen)" '#1 11-21/D 李娜 -> 赵敏 \(for 11-24/N\): waiting for 赵敏 to agree' "... with names, not logins"
tui_keys p
tui_wait 'Pending swap requests'
like "$(tui_screen)" 'Decision\* +< agree: I take the shift >' "p opens the pending swaps, agree offered to the colleague asked"
tui_keys C-s
tui_wait 'swap 1: agreed'
is "$(sql "SELECT state FROM swap WHERE id = 1")" agreed "sql: agreed"
is "$(last_op)" "swap.agree zhao" "audit: swap.agree by zhao"
tui_stop

# --- root, the manager, approves from the roster screen ----------------------------------
tui_start 100 30
tui_wait Dashboard
like "$(tui_screen)" 'agreed, waiting for approval' "the manager's dashboard shows the request waiting for approval"
tui_keys 4
tui_wait '^2026-11 '
tui_keys p
tui_wait 'Decision\* +< approve \(operations manager\) >'
ok $? "p on the roster opens the pending swaps, approve offered to the manager"
tui_keys C-s
tui_wait 'a decision needs a comment'
like "$(tui_screen)" '^ +a decision needs a comment' "approving without a comment is refused under the Comment field"
is "$(sql "SELECT state FROM swap WHERE id = 1")" agreed "sql: still agreed"
tui_keys Tab Tab
tui_type 同意
tui_keys C-s
tui_wait 'swap 1: approved'
is "$(cell 2026-11-21 D)" "wangwei,zhao" "sql: zhao has the D of the 21st"
is "$(cell 2026-11-24 N)" "lina" "sql: lina has the N of the 24th"
is "$(last_journal roster:2026-11-21)" 'zhao: - -> D (swap 1)' "the day's journal records the move"
is "$(sql "SELECT DISTINCT actor FROM audit WHERE op = 'swap.approve'")" "root" "audit: swap.approve by root"

# --- leave: recorded and cancelled from the grid -----------------------------------------
row 王伟
tui_keys v
tui_wait 'Record leave'
like "$(tui_screen)" 'Person\* +< 王伟 \(wangwei\) >' "v opens the leave form for the selected person"
like "$(tui_screen)" 'From\* +2026-11-21' "from the selected day"
tui_keys Tab Tab C-u
tui_type 2026-11-22
tui_keys Tab
tui_type 年假
tui_keys C-s
tui_wait 'leave 1: wangwei from 2026-11-21 to 2026-11-22; still rostered: 2026-11-21 D'
ok $? "saving records it and names the shift still rostered, as the CLI does"
is "$(sql "SELECT login || ' ' || first_day || ' ' || last_day || ' ' || reason FROM leave")" \
	"wangwei 2026-11-21 2026-11-22 年假" "sql: the leave"
is "$(last_op)" "leave.add root" "audit: leave.add"
tui_wait '^Sa 2026-11-21 +王伟 \(wangwei\): D 白班 08:00-20:00; on leave'
ok $? "the grid shows the day of leave"
tui_keys V
tui_wait 'Cancel leave of wangwei'
like "$(tui_screen)" 'Leave\* +< #1 2026-11-21 \.\. 2026-11-22  年假 >' "V offers the person's leave"
tui_keys Tab
tui_type 取消休假
tui_keys C-s
tui_wait 'leave 1: cancelled'
is "$(sql "SELECT count(*) FROM leave")" 0 "sql: the leave is gone"
is "$(last_journal staff:wangwei)" "leave 2026-11-21..2026-11-22 cancelled: 取消休假" "journal on the person"
is "$(last_op)" "leave.cancel root" "audit: leave.cancel"

# --- reassigning wangwei's D on his behalf -----------------------------------------------
tui_keys o
tui_wait 'Reassign a shift of 王伟 on their behalf'
like "$(tui_screen)" 'Shift\* +< 2026-11-21 D 白班 >' "o offers the selected cell's shift"
tui_keys Tab
tui_type lina
tui_keys Tab
tui_type 王伟临时外出
tui_keys C-s
tui_wait 'swap 2: 2026-11-21/D reassigned from wangwei to lina'
is "$(cell 2026-11-21 D)" "lina,zhao" "sql: lina has wangwei's D"
is "$(sql "SELECT state || ' ' || reason FROM swap WHERE id = 2")" "reassigned 王伟临时外出" "sql: the reassignment and its reason"

# --- the handover note of the shift on duty --------------------------------------------------
tui_keys n
tui_wait 'Handover note of 2026-11-21 D 白班'
tui_type 核心交换机告警待观察
tui_keys Tab
tui_type zhao
tui_keys C-s
tui_wait 'handover note 1 on 2026-11-21 D'
is "$(sql "SELECT day || '/' || shift || ' ' || author || ' ' || text || ' ' || follow_up FROM handover_note")" \
	"2026-11-21/D root 核心交换机告警待观察 zhao" "sql: the note on the shift on duty, with its follow-up"
is "$(last_journal handover:2026-11-21/D)" "核心交换机告警待观察" "journal: the note"

# --- acknowledging the incoming handover, from the dashboard ----------------------------------
tui_keys 1
tui_wait 'Handed over +夜班 \(N\) 11-20: not acknowledged yet  \(a: acknowledge\)'
ok $? "the dashboard shows the unacknowledged handover"
like "$(tui_screen)" 'Handover +1 note on this shift' "and the current shift's notes"
like "$(tui_screen)" '09:00 root: 核心交换机告警待观察' "... the note itself"
tui_keys a
tui_wait 'Acknowledge the handover of 2026-11-20 N 夜班\? \(y/n\)'
tui_keys y
tui_wait 'handover of 2026-11-20 N acknowledged by root'
is "$(sql "SELECT day || '/' || shift || ' ' || outgoing || ' ' || incoming FROM handover_ack")" \
	"2026-11-20/N zhao root" "sql: the acknowledgement, both sides"
is "$(last_journal handover:2026-11-20/N)" "handover acknowledged: zhao -> root" "journal: the acknowledgement"
tui_wait 'Handed over +夜班 \(N\) 11-20: acknowledged by root at 11-21 09:00'
ok $? "the dashboard shows who acknowledged it"
tui_stop

# --- a non-manager may not reassign --------------------------------------------------------
tui_start 100 30 OPSDESK_USER=zhao
tui_wait Dashboard
tui_keys 4
tui_wait '^2026-11 '
row 李娜
tui_keys o
tui_wait 'roster.manage'
ok $? "o without roster.manage is refused on the status line"
unlike "$(tui_screen)" 'Reassign a shift' "and no form opens"
tui_stop

done_testing
