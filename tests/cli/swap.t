#!/bin/sh
# Shift swaps need the other person's agreement and a manager's approval;
# the roster does not change before. A manager may reassign on someone's
# behalf. Handover notes and their acknowledgement at shift change.
. "$(dirname "$0")/../lib/tap.sh"

as() { user=$1; shift; OPSDESK_USER=$user run "$@"; }
cells() { sql "SELECT group_concat(day || '/' || shift || ' ' || login, ', ') FROM (SELECT * FROM roster ORDER BY day, shift, login)"; }

OPSDESK_USER=root run init
run staff add lina --name 李娜 --roles network_engineer
run staff add wang --name 王伟 --roles network_engineer
run staff add zhao --name 赵敏 --roles system_engineer
run staff add ouyang --name 欧阳明华 --roles ops_manager
as root roster set 2026-11-21 lina N
as root roster set 2026-11-23 wang D
as root roster set 2026-11-21 zhao D
before=$(cells)
is "$before" "2026-11-21/D zhao, 2026-11-21/N lina, 2026-11-23/D wang" "set-up: the roster"

# --- the request ----------------------------------------------------------------
as lina swap request 2026-11-21/N --with wang --back 2026-11-23/D --reason "家里有事"
is "$RC" 0 "lina asks to swap her night for wang's day shift"
is "$OUT" "swap 1: requested; waiting for wang to agree, then for a manager" "... told what comes next"
is "$(cells)" "$before" "sql: the roster has not changed"
is "$(sql "SELECT state || ' ' || owner || ' ' || other || ' ' || requested_by FROM swap")" "requested lina wang lina" "sql: the request"

as lina swap request 2026-11-23/D --with wang --reason x
is "$RC" 1 "a shift that is not yours cannot be offered"
like "$ERR" "shift: lina is not on shift D of 2026-11-23" "... saying so"
as lina swap request 2026-11-21/N --with zhao --back 2026-11-25/D --reason x
like "$ERR" "back: zhao is not on shift D of 2026-11-25" "the shift given back must be the other's"
as lina swap request 2026-11-21/N --with wang
is "$RC" 2 "a request without --reason is a usage error"
like "$ERR" "^opsdesk swap: 'swap request' needs --reason$" "... naming the option"
as lina swap request 2026-11-21/N --with wang --reason ""
is "$RC" 1 "an empty --reason is refused"
like "$ERR" "reason: say why" "... saying why a reason is needed"
as lina swap request 2026-11-21/N --with lina --reason x
like "$ERR" "cannot swap with themselves" "nobody swaps with themselves"
as lina swap request 2026-11-21 --with wang --reason x
like "$ERR" "'2026-11-21' is not a shift of a day \(use DAY/SHIFT" "DAY/SHIFT is required"

# --- the manager cannot approve before the other person agrees ------------------------
as root swap approve 1 --comment 同意
is "$RC" 1 "approval before agreement is refused"
like "$ERR" "swap 1 waits for wang to agree" "... saying who must agree first"
as zhao swap agree 1
is "$RC" 1 "only the other person may agree"
like "$ERR" "swap 1 asks wang, not you" "... saying who"
as wang swap agree 1
is "$RC" 0 "wang agrees"
is "$OUT" "swap 1: agreed" "... and the request is agreed"
is "$(cells)" "$before" "sql: the roster still has not changed"

as wang swap list --json
like "$OUT" '"id":1,"owner":"lina","day":"2026-11-21","shift":"N","with":"wang","back_day":"2026-11-23","back_shift":"D","reason":"家里有事","state":"agreed"' \
	"swap list --json shows the pending request"

# --- approval: only by roster.approve, never by a party ---------------------------------
as zhao swap approve 1 --comment 同意
is "$RC" 1 "a non-manager cannot approve (exit 1)"
like "$ERR" "'roster.approve' is not permitted for you: the rules give it to: 运维经理" "... and is told who can"
is "$(cells)" "$before" "sql: the roster has not changed"
is "$(sql "SELECT state FROM swap WHERE id = 1")" agreed "sql: still agreed"
as root swap approve 1
is "$RC" 2 "approval without --comment is a usage error"
like "$ERR" "^opsdesk swap: 'swap approve' needs --comment$" "... naming the option"
as root swap reject 1
is "$RC" 2 "... and so is a rejection"
as root swap approve 1 --comment ""
is "$RC" 1 "an empty comment is refused"
like "$ERR" "comment: a decision needs a comment" "... saying a decision needs one"

as root swap approve 1 --comment "同意，注意交接"
is "$RC" 0 "the manager approves"
is "$OUT" "swap 1: approved" "... approved"
is "$(cells)" "2026-11-21/D zhao, 2026-11-21/N wang, 2026-11-23/D lina" "sql: now the roster has changed: both shifts"
is "$(sql "SELECT decided_by || ' ' || comment FROM swap WHERE id = 1")" "root 同意，注意交接" "sql: who decided, with the comment"
is "$(sql "SELECT group_concat(op, ' ') FROM (SELECT op FROM audit WHERE record = 'swap:1' ORDER BY id)")" \
	"swap.request swap.agree swap.approve" "audit: every step of the request"
is "$(sql "SELECT count(*) FROM audit WHERE op = 'swap.approve' AND record LIKE 'roster:%'")" 4 \
	"audit: the four cell changes the approval made"
as root swap approve 1 --comment again
is "$RC" 1 "a decided request cannot be decided again"
like "$ERR" "swap 1 is already approved \(by root\)" "... saying so"

# --- reject, decline, and a manager's own swap -------------------------------------------
as wang swap request 2026-11-21/N --with zhao --reason 加班太多
as root swap reject 2 --comment 人手不足
is "$RC" 0 "a manager may reject a request even before agreement"
is "$(sql "SELECT state FROM swap WHERE id = 2")" rejected "sql: rejected"
as zhao swap agree 2
like "$ERR" "swap 2 is already rejected" "a rejected request cannot be agreed"
as wang swap request 2026-11-21/N --with zhao --reason 加班太多
as zhao swap decline 3 --comment 当天有课
is "$OUT" "swap 3: declined" "the other person may decline"
as root swap list
is "$OUT" "no pending swap requests" "nothing pending now"
as root swap list --all
like "$OUT" "^3 +declined +wang 2026-11-21/N -> zhao: 加班太多 \[zhao: 当天有课\]" "list --all shows every request"
as root roster set 2026-11-24 ouyang D
as ouyang swap request 2026-11-24/D --with zhao --reason 开会
as zhao swap agree 4
as ouyang swap approve 4 --comment 自己批
is "$RC" 1 "a manager cannot approve a swap of their own shift"
like "$ERR" "swap 4 involves you: another holder of roster.approve must decide it" "... saying why"

# --- a manager reassigns on someone's behalf -------------------------------------------------
as lina swap request 2026-11-23/D --for wang --with zhao --reason x
is "$RC" 1 "only roster.manage may act on someone's behalf"
as root swap request 2026-11-23/D --for lina --with zhao --reason "李娜临时出差"
is "$RC" 0 "a manager reassigns lina's shift to zhao"
is "$OUT" "swap 5: 2026-11-23/D reassigned from lina to zhao" "... at once"
is "$(sql "SELECT login FROM roster WHERE day = '2026-11-23' AND shift = 'D'")" zhao "sql: the roster changed"
is "$(sql "SELECT state || ' ' || decided_by || ' ' || comment FROM swap WHERE id = 5")" "reassigned root 李娜临时出差" "sql: recorded with the reason"
as root leave add wang --from 2026-11-26 --reason 年假
as root roster set 2026-11-26 zhao N
as root swap request 2026-11-26/N --for zhao --with wang --reason x
is "$RC" 1 "nobody takes a shift on a day of their leave"
like "$ERR" "with: wang is on leave on 2026-11-26" "... saying so"

# --- handover ------------------------------------------------------------------------
# 09:00 on the 21st: zhao is on the day shift, wang on the night shift
as zhao handover note "核心交换机告警，待厂商回电" --follow-up wang --due "2026-11-21 22:00"
is "$RC" 0 "the person on duty notes an item for the next shift"
is "$OUT" "handover note 1 on 2026-11-21 D" "... on the current shift"
as lina handover note "something"
is "$RC" 1 "someone not on the shift cannot add notes"
like "$ERR" "you are not on shift D of 2026-11-21 \(白班\)" "... saying so"
as zhao handover note "机房空调" --follow-up nobody
like "$ERR" "follow-up: no staff member with login 'nobody'" "an unknown follow-up person is refused"
as zhao handover list
like "$OUT" "1\. 2026-11-21 09:00 zhao: 核心交换机告警，待厂商回电 \[follow-up: wang, by 2026-11-21 22:00\]" "list shows who, when and the follow-up"
like "$OUT" "not acknowledged yet" "... not acknowledged"
OPSDESK_NOW=2026-11-21T20:05:00+08:00 as lina handover ack
is "$RC" 1 "only the incoming shift acknowledges"
OPSDESK_NOW=2026-11-21T20:05:00+08:00 as wang handover ack
is "$RC" 0 "wang, coming on at 20:00, acknowledges the day shift's handover"
is "$(sql "SELECT day || ' ' || shift || ' ' || outgoing || ' ' || incoming || ' ' || at FROM handover_ack")" \
	"2026-11-21 D zhao wang $(date -d 2026-11-21T20:05:00+08:00 +%s)" "sql: the time and both sides"
OPSDESK_NOW=2026-11-21T20:06:00+08:00 as wang handover ack
is "$RC" 1 "a handover is acknowledged once"
like "$ERR" "acknowledged by wang at 2026-11-21 20:05" "... saying by whom and when"
as root handover list --shift 2026-11-21/D --json
like "$OUT" '"ack":\{"outgoing":"zhao","incoming":"wang","at":"2026-11-21T20:05:00\+08:00"\}' "list --json has the acknowledgement"
as root audit verify
is "$RC" 0 "the audit chain verifies"

done_testing
