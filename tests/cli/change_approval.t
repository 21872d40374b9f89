#!/bin/sh
# Approval of a change by the change board (CAB): the quorum the rules give
# per type and risk, a rejection by one, no self-approval, no vote after
# the decision, and a re-submitted change voting in a new round.
. "$(dirname "$0")/../lib/tap.sh"
. "$TOP/tests/lib/change.sh"

change_setup

# --- a high-risk change: 2 of cab_member plus the ops manager -----------------------
new_change production,outage SW-01
is "$RC" 0 "change new"
is "$CHG" "CHG-1" "... prints the new reference"
is "$(sql "SELECT type || ' ' || risk || ' ' || requester || ' ' || implementer || ' ' || state FROM change WHERE id = 1")" \
	"normal high dev zhao draft" "sql: the change, its risk from the assessment (3 + 3 = high)"
to_approval CHG-1
is "$RC" 0 "submitted, assessed, sent to the board"
is "$(state_of CHG-1)" "approval" "sql: it waits for votes"

as li change vote CHG-1 approve --note "方案可行"
is "$RC" 0 "a board member approves"
is "$OUT" "CHG-1: approve recorded; still needed: 1 × cab_member, 1 × ops_manager" "... told what is still needed"
is "$(state_of CHG-1)" "approval" "sql: one vote is short of the quorum"

as li change vote CHG-1 approve
is "$RC" 1 "a second vote by the same person is refused"
like "$ERR" "you already voted approve on CHG-1 in this round" "... saying so"
as zhao change vote CHG-1 approve
is "$RC" 1 "the implementer may not approve"
like "$ERR" "nobody approves their own change: you implement CHG-1" "... saying why"
as dev change vote CHG-1 approve
is "$RC" 1 "the requester may not approve"
like "$ERR" "nobody approves their own change: you requested CHG-1" "... saying why"
as zhang change vote CHG-1 approve
is "$RC" 1 "someone without a voting role is refused"
like "$ERR" "zhang is not entitled to vote on CHG-1 \(votes: cab_member, ops_manager\)" "... naming the roles that vote"
as li change vote CHG-1 maybe
is "$RC" 2 "an unknown vote is a usage error"
like "$ERR" "vote: 'maybe' is not approve, reject or abstain" "... naming it"
as root do CHG-1 approve
is "$RC" 1 "the approve transition cannot be taken by hand before the quorum"
like "$ERR" "the approval is not reached yet" "... saying so"
is "$(sql "SELECT count(*) FROM change_vote")" "1" "sql: nothing refused was stored"

as wu change vote CHG-1 abstain --note "回避"
is "$OUT" "CHG-1: abstain recorded; still needed: 1 × cab_member, 1 × ops_manager" "an abstention counts for nothing"
as ouyang change vote CHG-1 approve
is "$OUT" "CHG-1: approve recorded; still needed: 1 × cab_member" "the ops manager's approval"
as chen change show CHG-1 --json
like "$OUT" '"approval":\{"round":1,"voting":true,"outcome":"","votes":\[\{"voter":"li","vote":"approve","note":"方案可行"' "show --json: the votes"
like "$OUT" '"may_vote":\["chen","root"\],"needed":"1 × cab_member"' "show --json: who still may vote and what is needed"
as chen change vote CHG-1 approve
is "$RC" 0 "the second board member's approval"
is "$OUT" "CHG-1: approve recorded; the change is 已排期" "... reaches the quorum: the change is scheduled"
is "$(state_of CHG-1)" "scheduled" "sql: scheduled"
is "$(sql "SELECT round || ' ' || outcome FROM change_round WHERE change_id = 1")" "1 approved" "sql: the round is decided"
as root change vote CHG-1 reject
is "$RC" 1 "a vote after the decision is refused"
like "$ERR" "CHG-1 is not awaiting approval \(it is 已排期\)" "... saying so"
is "$(sql "SELECT count(*) FROM journal WHERE record = 'CHG-1' AND kind = 'vote'")" "4" "sql: each vote is in the change's journal"
is "$(sql "SELECT count(*) FROM audit WHERE record = 'CHG-1' AND op = 'change.vote'")" "4" "sql: ... and in the audit log"
as root change show CHG-1
like "$OUT" "round 1: approved" "show: the decided round"
like "$OUT" "chen: *$|approve +chen" "show: each vote with its voter"

# --- rejected by one, re-submitted: a new round --------------------------------------
new_change production SRV-01
is "$(sql "SELECT risk FROM change WHERE id = 2")" "medium" "a medium-risk change"
to_approval "$CHG"
as li change vote CHG-2 reject --note "回退方案不完整"
is "$OUT" "CHG-2: reject recorded; the change is 已驳回" "one rejection rejects it"
is "$(state_of CHG-2)" "rejected" "sql: rejected"
as zhao do CHG-2 revise --note 已补充回退方案
as dev do CHG-2 submit
as root do CHG-2 assess --note 复评通过
as root do CHG-2 request_approval
is "$(state_of CHG-2)" "approval" "re-submitted to the board"
as li change show CHG-2 --json
like "$OUT" '"round":2,"voting":true,"outcome":"","votes":\[\]' "the new round starts without votes"
as li change vote CHG-2 approve
is "$RC" 0 "the member who rejected may vote again in the new round"
as ouyang change vote CHG-2 approve
is "$(state_of CHG-2)" "scheduled" "approved in round 2"
is "$(sql "SELECT group_concat(round || ':' || outcome, ' ') FROM change_round WHERE change_id = 2")" "1:rejected 2:approved" "sql: both rounds"

# --- low risk: the ops manager alone ----------------------------------------------------
new_change "" FW-01
is "$(sql "SELECT risk FROM change WHERE id = 3")" "low" "a low-risk change"
to_approval "$CHG"
as li change vote CHG-3 approve
is "$RC" 1 "a board member does not vote on a low-risk change"
like "$ERR" "li is not entitled to vote on CHG-3 \(votes: ops_manager\)" "... the rule names the ops manager"
as ouyang change list --awaiting-vote
like "$OUT" "^CHG-3 " "list --awaiting-vote: the change the manager may vote on"
as li change list --awaiting-vote
is "$OUT" "no changes" "... and not for a member who may not"
as ouyang change vote CHG-3 approve
is "$(state_of CHG-3)" "scheduled" "approved by the ops manager alone"

# --- bad input stores nothing ----------------------------------------------------------
as dev change new --title x --type normal --ci SW-01 --start "2026-11-24 22:00" --end "2026-11-24 21:00"
is "$RC" 1 "a window ending before it starts is refused"
like "$ERR" "end: the window ends" "... naming the field"
as dev change new --title x --type huge --ci SW-01 --start "2026-11-24 22:00" --end "2026-11-24 23:00"
is "$RC" 1 "an unknown type is refused"
like "$ERR" "type" "... naming the field"
as dev change new --title x --type normal --ci NOPE-9 --start "2026-11-24 22:00" --end "2026-11-24 23:00"
is "$RC" 1 "an unknown CI is refused"
like "$ERR" "NOPE-9" "... naming it"
as dev change new --title x --type normal --ci SW-01 --start "2026-11-24 22:00" --end "2026-11-24 23:00" --implementer nobody
is "$RC" 1 "an unknown implementer is refused"
like "$ERR" "nobody" "... naming them"
as dev change new --title x --type normal --ci SW-01 --start "2026-11-24 22:00" --end "2026-11-24 23:00" --assessment guess
is "$RC" 1 "an unknown risk question is refused"
like "$ERR" "assessment: 'guess' is not a risk question" "... naming it"
as dev change new --title x --type normal --start "2026-11-24 22:00"
is "$RC" 2 "a missing --end is a usage error"
is "$(sql "SELECT count(*) FROM change")" "3" "sql: nothing refused was stored"

done_testing
